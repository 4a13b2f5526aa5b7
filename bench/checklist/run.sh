#!/usr/bin/env bash
# Checklist load scenarios (security-checklist.md §5, issue 11), scaled to a small shared machine:
#   bench/checklist/run.sh l1 [--installs 300] [--concurrency 30] [--latency-ms 100]
#       install burst: App URL → installer → callback → exchange → persist on 2 hosts (InstallBurstScenario.cs)
#   bench/checklist/run.sh l3 [--installations 600] [--rps 20] [--callers 24] [--lifetime-s 40] [--duration-s 100] [--latency-ms 100]
#       mass expiry: refresh-token installations expiring at once on 3 hosts, Wix rate-limiting at N rps (MassExpiryScenario.cs)
#   bench/checklist/run.sh l4 [--events 6000] [--rate 1000] [--duration-s 20] [--connections 32]
#       webhook flood: pre-signed RS256 webhooks through wrk, 20 % duplicates, 10 % out of order, 1 host (WebhookFloodScenario.cs)
# Starts its own PostgreSQL (stock settings: max_connections 100, fsync on) on a free loopback port in a temp folder;
# the driver starts the simulator in-process and the host(s) in Release and kills them in a finally; the trap below
# stops the driver (and wrk), PostgreSQL and removes the folder, whatever happens.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=../../scripts/lib/common.sh
. "$root/scripts/lib/common.sh"

scenario=${1:-}
case "$scenario" in
  l1|l3|l4) shift ;;
  *) log "usage: bench/checklist/run.sh l1|l3|l4 [options]"; exit 2 ;;
esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
apt_ensure postgresql
[ "$scenario" = l4 ] && apt_ensure wrk

work=$(mktemp -d /tmp/wixauth-checklist.XXXXXX)
chmod 755 "$work"
data="$work/pg"
driver=""
cleanup() {
  if [ -n "$driver" ]; then
    kill "$driver" 2>/dev/null || true
    wait "$driver" 2>/dev/null || true
  fi
  pg_cluster_stop "$data"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

log "building (Release)"
dotnet build src/Wix.Auth.Host -c Release -nologo -v q "-clp:ErrorsOnly" >&2
dotnet build bench/Wix.Auth.Benchmarks -c Release -nologo -v q "-clp:ErrorsOnly" >&2

# A stock PostgreSQL (the test helper raises max_connections to 300 and turns fsync off; not here).
bin=$(pg_bindir)
if [ "$(id -u)" -eq 0 ]; then mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"; fi
as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
port=$(free_port)
as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $port -k $data" start >/dev/null
log "PostgreSQL on 127.0.0.1:$port, max_connections $(as_pg_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc 'SHOW max_connections')"

# The driver writes wrk's inputs (L4) into $work and runs wrk itself; wrk is its child and dies with it.
WIXAUTH_BENCH_WORK="$work" dotnet "$root/bench/Wix.Auth.Benchmarks/bin/Release/net10.0/Wix.Auth.Benchmarks.dll" checklist "$scenario" \
  "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" \
  "$root/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll" "$@" &
driver=$!
wait "$driver"
driver=""
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
