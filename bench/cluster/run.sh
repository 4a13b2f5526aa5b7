#!/usr/bin/env bash
# Cluster benchmark (issues 11 and 14): N Release hosts on one PostgreSQL with the stock max_connections (100) and one
# simulated Wix, run with the shared token cache on and then off, side by side. Prints upstream requests to Wix, failed
# calls, refreshes per instance under strict rotation and peak connections per host (see ClusterScenario.cs).
#   bench/cluster/run.sh [--hosts 3] [--latency-ms 100]
# Stops everything it started (hosts, simulator, PostgreSQL) whatever happens: the hosts are killed by the driver's
# finally, the driver and PostgreSQL by the trap below.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=../../scripts/lib/common.sh
. "$root/scripts/lib/common.sh"

hosts=3 latency=100
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts=$2; shift 2 ;;
    --latency-ms) latency=$2; shift 2 ;;
    *) log "unknown option $1"; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
apt_ensure postgresql

work=$(mktemp -d /tmp/wixauth-cluster.XXXXXX)
chmod 755 "$work"
data="$work/pg"
driver=""
cleanup() {
  if [ -n "$driver" ]; then kill "$driver" 2>/dev/null || true; wait "$driver" 2>/dev/null || true; fi
  pg_cluster_stop "$data"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

log "building (Release)"
dotnet build src/Wix.Auth.Host -c Release -nologo -v q "-clp:ErrorsOnly"
dotnet build bench/Wix.Auth.Benchmarks -c Release -nologo -v q "-clp:ErrorsOnly"

# A stock PostgreSQL: max_connections left at its default of 100 (the test helper raises it to 300).
bin=$(pg_bindir)
if [ "$(id -u)" -eq 0 ]; then mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"; fi
as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
port=$(free_port)
as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $port -k $data" start >/dev/null
log "PostgreSQL on 127.0.0.1:$port, max_connections $(as_pg_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc 'SHOW max_connections')"

dotnet "$root/bench/Wix.Auth.Benchmarks/bin/Release/net10.0/Wix.Auth.Benchmarks.dll" cluster \
  "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" \
  "$root/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll" "$hosts" "$latency" &
driver=$!
wait "$driver"
driver=""
