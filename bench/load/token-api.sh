#!/usr/bin/env bash
# Load benchmark of the token API for a warm instance, next to its ceiling (plain Kestrel answering a constant), in
# one run on this machine. Starts PostgreSQL (a throw-away cluster unless ConnectionStrings__WixAuth is set), the
# simulator, the host (Release) and the ceiling app; installs the app on one simulated site through the real
# handshake; warms its token; then runs wrk against both and prints requests/s, p99 and the ratio (target >= 60%).
#   bench/load/token-api.sh [--duration 15s] [--connections 64] [--threads 2]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=../../scripts/lib/common.sh
. "$root/scripts/lib/common.sh"

duration=15s connections=64 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) log "unknown option $1"; exit 2 ;;
  esac
done
command -v wrk >/dev/null || apt_ensure wrk
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d /tmp/wixauth-bench.XXXXXX)
chmod 755 "$work"
pids=()
pg_data=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$pg_data" ] && pg_cluster_stop "$pg_data"
  rm -rf "$work"
}
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  log "nothing answered on $1"; return 1
}

log "building (Release)"
dotnet build src/Wix.Auth.Host -c Release -nologo -v q "-clp:ErrorsOnly"
dotnet build src/Wix.Auth.Simulator -c Release -nologo -v q "-clp:ErrorsOnly"
dotnet build bench/load/Ceiling -c Release -nologo -v q "-clp:ErrorsOnly"
host_dll="$root/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll"
sim_dll="$root/src/Wix.Auth.Simulator/bin/Release/net10.0/Wix.Auth.Simulator.dll"
ceiling_dll="$root/bench/load/Ceiling/bin/Release/net10.0/Wix.Auth.Bench.Ceiling.dll"

if [ -z "${ConnectionStrings__WixAuth:-}" ]; then
  apt_ensure postgresql
  pg_data="$work/pg"
  pg_port=$(free_port)
  pg_cluster_start "$pg_data" "$pg_port"
  export ConnectionStrings__WixAuth="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
fi

host_port=$(free_port); sim_port=$(free_port); ceiling_port=$(free_port)
host="http://127.0.0.1:$host_port"; sim="http://127.0.0.1:$sim_port"; ceiling="http://127.0.0.1:$ceiling_port"
app_secret=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
api_key=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
app_id=$(cat /proc/sys/kernel/random/uuid)

Simulator__AppId="$app_id" Simulator__AppSecret="$app_secret" \
Simulator__AppUrl="$host/oauth/install" Simulator__RedirectUrls__0="$host/oauth/callback" \
Simulator__WebhookUrl="$host/webhooks/wix" Simulator__PublicKeyOutputPath="$work/webhook-public.pem" \
  dotnet "$sim_dll" --urls "$sim" >"$work/simulator.log" 2>&1 &
pids+=($!)
wait_http "$sim/_simulator/app"

export WixAuth__DataProtection__CertificatePath="$work/key-encryption.pfx"
WixAuth__DataProtection__CertificatePassword=$(head -c 16 /dev/urandom | base64 | tr -d '/+=')
export WixAuth__DataProtection__CertificatePassword
dotnet "$host_dll" create-key-certificate "$WixAuth__DataProtection__CertificatePath" >/dev/null
Wix__PublicKey=$(base64 -w0 <"$work/webhook-public.pem")
export Wix__PublicKey Wix__AppId="$app_id" Wix__AppSecret="$app_secret" Wix__ApiBaseUrl="$sim" Wix__InstallerBaseUrl="$sim"
export WixAuth__PublicBaseUrl="$host" WixAuth__ApiKeys__0="$api_key" ASPNETCORE_ENVIRONMENT=Production
dotnet "$host_dll" --urls "$host" >"$work/host.log" 2>&1 &
pids+=($!)
dotnet "$ceiling_dll" --urls "$ceiling" >"$work/ceiling.log" 2>&1 &
pids+=($!)
wait_http "$host/readyz"

# One install through the real handshake (App Market -> App URL -> consent -> callback), as a browser would.
jar="$work/cookies"
app_url=$(curl -fsS -o /dev/null -w '%{redirect_url}' "$sim/_simulator/market/install")
installer=$(curl -fsS -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$app_url")
consent=$(curl -fsS "$installer" | sed -n 's/.*name="consent" value="\([^"]*\)".*/\1/p')
callback=$(curl -fsS -o /dev/null -w '%{redirect_url}' --data-urlencode "consent=$consent" "$sim/installer/consent")
curl -fsS -c "$jar" -b "$jar" -o /dev/null "$callback"
instance_id=$(sed -n 's/.*[?&]instanceId=\([^&]*\).*/\1/p' <<<"$callback")
token_url="/api/v1/instances/$instance_id/token"
strategy=$(curl -fsS -X POST -H "Authorization: Bearer $api_key" "$host$token_url" | sed -n 's/.*"strategy":"\([^"]*\)".*/\1/p')
log "installed instance $instance_id (strategy $strategy); warming up"

export WIXAUTH_BENCH_API_KEY="$api_key"
lua="$root/bench/load/token-api.lua"
wrk -t"$threads" -c"$connections" -d3s -s "$lua" "$host$token_url" >/dev/null
wrk -t"$threads" -c"$connections" -d3s -s "$lua" "$ceiling$token_url" >/dev/null

run() { # run URL -> prints "rps p99_ms non2xx"
  local out rps p99 errors
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$lua" "$1")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  # wrk prints latencies with a unit (us, ms, s); normalise to ms.
  p99=$(awk -v v="$p99" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }')
  echo "$rps $p99 ${errors:-0}"
}
read -r api_rps api_p99 api_errors < <(run "$host$token_url")
read -r ceil_rps ceil_p99 ceil_errors < <(run "$ceiling$token_url")
ratio=$(awk -v a="$api_rps" -v c="$ceil_rps" 'BEGIN { printf "%.0f", 100 * a / c }')

cat <<EOF
| Endpoint | Requests/s | p99 (ms) | Non-2xx |
|---|---:|---:|---:|
| Token API, warm instance (\`POST $token_url\`) | $api_rps | $api_p99 | $api_errors |
| Ceiling: plain Kestrel, constant JSON | $ceil_rps | $ceil_p99 | $ceil_errors |

Ratio: **$ratio%** of the ceiling (target >= 60%). wrk -t$threads -c$connections -d$duration, $(nproc) CPU cores, $(date -u +%Y-%m-%d).
EOF
