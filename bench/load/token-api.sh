#!/usr/bin/env bash
# Load benchmark of the token API for a warm instance, next to its ceiling (plain Kestrel answering a constant), in
# one run on this machine. Starts PostgreSQL (a throw-away cluster unless ConnectionStrings__WixAuth is set), the
# simulator, three hosts (Release) on the same database -- telemetry off (no exporter configured, the default),
# telemetry on (OTLP/HTTP traces, metrics and logs exported to a sink, every span sampled: the SDK's default) and
# telemetry on with 10% of traces sampled (OTEL_TRACES_SAMPLER=parentbased_traceidratio) -- and the ceiling app (also
# the OTLP sink); installs the app on one simulated site through the real handshake; warms its token on every host;
# then runs wrk against the four in turn, --runs times (interleaved, so a change in the machine's load hits all alike),
# and prints each run, the medians, and the ratios of the medians.
#   bench/load/token-api.sh [--duration 15s] [--connections 64] [--threads 2] [--runs 3] [--shared-cache]
# --shared-cache (issue 14, scenario d): also starts a host with the shared token cache off
# (WixAuth__Postgres__SharedTokenCache__Enabled=false; the server's default is on, as in the telemetry-off host), measures
# it in every run next to the others, and prints the on/off ratio of the medians (goal: on >= 95% of off).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=../../scripts/lib/common.sh
. "$root/scripts/lib/common.sh"
# shellcheck source=lib.sh
. "$root/bench/load/lib.sh"

duration=15s connections=64 threads=2 runs=3 shared_cache=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --shared-cache) shared_cache=1; shift ;;
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

host_port=$(free_port); sim_port=$(free_port); ceiling_port=$(free_port); host_on_port=$(free_port); host_sampled_port=$(free_port)
host="http://127.0.0.1:$host_port"; sim="http://127.0.0.1:$sim_port"; ceiling="http://127.0.0.1:$ceiling_port"
host_on="http://127.0.0.1:$host_on_port"; host_sampled="http://127.0.0.1:$host_sampled_port"
start_simulator_and_host
dotnet "$ceiling_dll" --urls "$ceiling" >"$work/ceiling.log" 2>&1 &
pids+=($!)
OTEL_EXPORTER_OTLP_ENDPOINT="$ceiling" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
  dotnet "$host_dll" --urls "$host_on" >"$work/host-on.log" 2>&1 &
pids+=($!)
OTEL_EXPORTER_OTLP_ENDPOINT="$ceiling" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1 \
  dotnet "$host_dll" --urls "$host_sampled" >"$work/host-sampled.log" 2>&1 &
pids+=($!)
wait_http "$host_on/readyz"
wait_http "$host_sampled/readyz"
host_nosc=""
if [ "$shared_cache" = 1 ]; then
  host_nosc="http://127.0.0.1:$(free_port)"
  WixAuth__Postgres__SharedTokenCache__Enabled=false dotnet "$host_dll" --urls "$host_nosc" >"$work/host-nosc.log" 2>&1 &
  pids+=($!)
  wait_http "$host_nosc/readyz"
fi

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
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $api_key" "$host_on$token_url"
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $api_key" "$host_sampled$token_url"
[ -n "$host_nosc" ] && curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $api_key" "$host_nosc$token_url"
log "installed instance $instance_id (strategy $strategy); warming up"

export WIXAUTH_BENCH_API_KEY="$api_key"
lua="$root/bench/load/token-api.lua"
for target in "$host" "$host_on" "$host_sampled" "$ceiling" ${host_nosc:+"$host_nosc"}; do
  wrk -t"$threads" -c"$connections" -d3s -s "$lua" "$target$token_url" >/dev/null
done

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
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
nosc_all=() nosc_p99=() off_all=() on_all=() smp_all=() ceil_all=() off_p99=() on_p99=() smp_p99=() ceil_p99=() errors=0
echo "| run | load avg (1 min) | telemetry off req/s (p99 ms) | on, all spans | on, 10% of traces | ceiling | on/off | on 10%/off | off/ceiling |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for i in $(seq 1 "$runs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  read -r off_rps off_p off_e < <(run "$host$token_url")
  read -r on_rps on_p on_e < <(run "$host_on$token_url")
  read -r s_rps s_p s_e < <(run "$host_sampled$token_url")
  read -r c_rps c_p c_e < <(run "$ceiling$token_url")
  off_all+=("$off_rps"); on_all+=("$on_rps"); smp_all+=("$s_rps"); ceil_all+=("$c_rps")
  off_p99+=("$off_p"); on_p99+=("$on_p"); smp_p99+=("$s_p"); ceil_p99+=("$c_p")
  errors=$((errors + off_e + on_e + s_e + c_e))
  if [ -n "$host_nosc" ]; then
    read -r n_rps n_p n_e < <(run "$host_nosc$token_url")
    nosc_all+=("$n_rps"); nosc_p99+=("$n_p"); errors=$((errors + n_e))
    log "run $i: shared token cache off $n_rps req/s (p99 $n_p ms); on (telemetry off) $off_rps"
  fi
  echo "| $i | $load | $off_rps ($off_p) | $on_rps ($on_p) | $s_rps ($s_p) | $c_rps ($c_p) | $(ratio "$on_rps" "$off_rps")% | $(ratio "$s_rps" "$off_rps")% | $(ratio "$off_rps" "$c_rps")% |"
done
m() { printf '%s\n' "$@" | median; }
m_off=$(m "${off_all[@]}"); m_on=$(m "${on_all[@]}"); m_smp=$(m "${smp_all[@]}"); m_ceil=$(m "${ceil_all[@]}")
p_off=$(m "${off_p99[@]}"); p_on=$(m "${on_p99[@]}"); p_smp=$(m "${smp_p99[@]}"); p_ceil=$(m "${ceil_p99[@]}")
cat <<EOF

| median of $runs runs | req/s | p99 (ms) | vs telemetry off | vs ceiling |
|---|---:|---:|---:|---:|
| Token API, warm instance, telemetry off (\`POST /api/v1/instances/{id}/token\`) | $m_off | $p_off | 100% | $(ratio "$m_off" "$m_ceil")% |
| Token API, warm instance, telemetry on: OTLP traces/metrics/logs, every span | $m_on | $p_on | $(ratio "$m_on" "$m_off")% | $(ratio "$m_on" "$m_ceil")% |
| Token API, warm instance, telemetry on: OTLP, 10% of traces sampled | $m_smp | $p_smp | $(ratio "$m_smp" "$m_off")% | $(ratio "$m_smp" "$m_ceil")% |
| Ceiling: plain Kestrel, constant JSON | $m_ceil | $p_ceil | | 100% |

Targets: telemetry on >= 90% of off; token API >= 90% of the ceiling. Non-2xx answers, all runs: $errors.
wrk -t$threads -c$connections -d$duration, $(nproc) CPU cores, $(date -u '+%Y-%m-%d %H:%M') UTC; load average at the end $(cut -d' ' -f1-3 /proc/loadavg).
EOF
if [ -n "$host_nosc" ]; then
  m_nosc=$(m "${nosc_all[@]}"); p_nosc=$(m "${nosc_p99[@]}")
  cat <<EOF

| median of $runs runs, telemetry off | req/s | p99 (ms) | vs shared cache off |
|---|---:|---:|---:|
| Token API, warm instance, shared token cache on (the server's default) | $m_off | $p_off | $(ratio "$m_off" "$m_nosc")% |
| Token API, warm instance, shared token cache off | $m_nosc | $p_nosc | 100% |

Target (issue 14, d): shared cache on >= 95% of off. Non-2xx answers above include this host's.
EOF
fi
