#!/usr/bin/env bash
# Checklist L1 / issue 11 "database outage": N warm instances (tokens cached in memory), PostgreSQL stopped for S
# seconds while the app's services keep calling the token API. Prints calls served and failed before, during and after
# the outage, and how long after PostgreSQL came back the last failure was (recovery time). Starts its own PostgreSQL
# cluster (it has to stop and start it), the simulator and the host (Release), installs N instances through the real
# handshake, and stops everything it started, whatever happens.
#   bench/load/outage.sh [--instances 20] [--outage 8] [--before 5] [--after 10] [--workers 4]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=../../scripts/lib/common.sh
. "$root/scripts/lib/common.sh"
# shellcheck source=lib.sh
. "$root/bench/load/lib.sh"

instances=20 outage=8 before=5 after=10 workers=4
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) instances=$2; shift 2 ;;
    --outage) outage=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    --after) after=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) log "unknown option $1"; exit 2 ;;
  esac
done
apt_ensure postgresql
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d /tmp/wixauth-outage.XXXXXX)
chmod 755 "$work"
pids=()
pg_data="$work/pg"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_cluster_stop "$pg_data"
  rm -rf "$work"
}
trap cleanup EXIT

log "building (Release)"
dotnet build src/Wix.Auth.Host -c Release -nologo -v q "-clp:ErrorsOnly" >&2
dotnet build src/Wix.Auth.Simulator -c Release -nologo -v q "-clp:ErrorsOnly" >&2
host_dll="$root/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll"
sim_dll="$root/src/Wix.Auth.Simulator/bin/Release/net10.0/Wix.Auth.Simulator.dll"

pg_port=$(free_port)
pg_cluster_start "$pg_data" "$pg_port"
export ConnectionStrings__WixAuth="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

host_port=$(free_port); sim_port=$(free_port)
host="http://127.0.0.1:$host_port"; sim="http://127.0.0.1:$sim_port"
start_simulator_and_host

# N installs through the real handshake (App Market -> App URL -> consent -> callback), as a browser would; each gets
# its token once, so every instance is warm (access token cached, installation status read) before the outage.
: >"$work/instances"
for _ in $(seq 1 "$instances"); do
  jar="$work/cookies"; rm -f "$jar"
  app_url=$(curl -fsS -o /dev/null -w '%{redirect_url}' "$sim/_simulator/market/install")
  installer=$(curl -fsS -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$app_url")
  consent=$(curl -fsS "$installer" | sed -n 's/.*name="consent" value="\([^"]*\)".*/\1/p')
  callback=$(curl -fsS -o /dev/null -w '%{redirect_url}' --data-urlencode "consent=$consent" "$sim/installer/consent")
  curl -fsS -c "$jar" -b "$jar" -o /dev/null "$callback"
  instance_id=$(sed -n 's/.*[?&]instanceId=\([^&]*\).*/\1/p' <<<"$callback")
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $api_key" "$host/api/v1/instances/$instance_id/token"
  echo "$instance_id" >>"$work/instances"
done
log "$instances instances installed and warm"

# Workers call the token API round robin until told to stop; one line per call: epoch seconds and status code.
worker() {
  local n=$1 i=0 ids code
  mapfile -t ids <"$work/instances"
  while [ ! -f "$work/stop" ]; do
    code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -X POST -H "Authorization: Bearer $api_key" \
      "$host/api/v1/instances/${ids[$(( (i + n) % ${#ids[@]} ))]}/token" || true)
    echo "$(date +%s.%N) $code" >>"$work/calls.$n"
    i=$((i + 1))
  done
}
for n in $(seq 1 "$workers"); do worker "$n" & pids+=($!); done

sleep "$before"
down_at=$(date +%s.%N)
pg_cluster_stop "$pg_data"
log "PostgreSQL stopped"
sleep "$outage"
pg_cluster_start "$pg_data" "$pg_port"
up_at=$(date +%s.%N)
log "PostgreSQL started again"
sleep "$after"
touch "$work/stop"
for pid in "${pids[@]:2}"; do wait "$pid" 2>/dev/null || true; done

cat "$work"/calls.* | sort -n | awk -v down="$down_at" -v up="$up_at" -v n="$instances" -v o="$outage" -v w="$workers" '
  { phase = ($1 < down) ? "before" : ($1 < up) ? "during" : "after"
    total[phase]++; if ($2 == "200") ok[phase]++; else { bad[phase]++; if ($1 >= up && $1 > last) last = $1 } }
  END {
    print "| Phase | Calls | Served (200) | Failed |"
    print "|---|---:|---:|---:|"
    split("before during after", p, " ")
    for (i = 1; i <= 3; i++) printf "| %s | %d | %d | %d |\n", p[i], total[p[i]], ok[p[i]], bad[p[i]]
    printf "\nRecovery: %s after PostgreSQL came back. %d warm instances, PostgreSQL stopped for %d s, %d workers.\n",
      (last ? sprintf("last failure %.1f s", last - up) : "no failure"), n, o, w
  }'
failed=$(cat "$work"/calls.* | awk '$2 != "200" {print $2}' | sort | uniq -c | awk '{printf "%s%s x%s", sep, $2, $1; sep=", "}')
[ -n "$failed" ] && echo "Failed calls by status: $failed (000 = no answer within 10 s)."
echo "$(nproc) CPU cores, load average $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d)."
grep -c '\[5050\]' "$work/host.log" | xargs -I{} echo "Outage logged {} time(s) (event 5050)."
