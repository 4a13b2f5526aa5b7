#!/usr/bin/env bash
# Checklist load scenarios (security-checklist.md §5, issue 11), scaled to a small shared machine:
#   bench/checklist/run.sh l1 [--installs 1000] [--concurrency 30] [--latency-ms 100]
#       install burst: App URL → installer → callback → exchange → persist on 2 hosts (InstallBurstScenario.cs)
#   bench/checklist/run.sh l3 [--installations 600] [--rps 20] [--callers 24] [--lifetime-s 60] [--duration-s 100] [--latency-ms 100]
#       mass expiry: refresh-token installations expiring at once on 3 hosts, Wix rate-limiting at N rps (MassExpiryScenario.cs)
#   bench/checklist/run.sh l4 [--instances 400] [--per-instance 10] [--connections 32] [--baseline GIT_REF [--rounds 3]]
#       webhook flood: pre-signed RS256 webhooks, 20 % duplicates, 10 % out of order, 1 host (WebhookFloodScenario.cs);
#       with --baseline, the host is also built from GIT_REF (git archive into the temp folder) and both builds are run
#       alternately, ABBA, --rounds times each in this one run, with medians and ratios
# Starts its own PostgreSQL (stock settings: max_connections 100, fsync on) on a free loopback port in a temp folder;
# the driver starts the simulator in-process and the host(s) in Release and kills them when it ends, however it ends
# (ChildProcesses.cs); the trap below stops the driver, PostgreSQL and removes the folder, whatever happens.
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
baseline_ref=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) [ "$scenario" = l4 ] || { log "--baseline is an l4 option"; exit 2; }; baseline_ref=${2:?--baseline needs a git ref}; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
apt_ensure postgresql

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
if [ -n "$baseline_ref" ]; then
  commit=$(git rev-parse --short "$baseline_ref^{commit}")
  log "building the baseline host from $baseline_ref ($commit, Release)"
  mkdir -p "$work/baseline"
  git archive --format=tar "$commit" | tar -x -C "$work/baseline"
  dotnet build "$work/baseline/src/Wix.Auth.Host" -c Release -nologo -v q "-clp:ErrorsOnly" >&2
  args+=(--baseline-host "$work/baseline/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll")
  echo "baseline: $baseline_ref = $commit; this build: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src db || echo ' + uncommitted changes')"
fi

# A stock PostgreSQL (the test helper raises max_connections to 300 and turns fsync off; not here), with
# pg_stat_statements loaded so that L4 can count the statements each delivery costs.
bin=$(pg_bindir)
if [ "$(id -u)" -eq 0 ]; then mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"; fi
as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
port=$(free_port)
as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c shared_preload_libraries=pg_stat_statements" start >/dev/null
log "PostgreSQL on 127.0.0.1:$port, max_connections $(as_pg_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc 'SHOW max_connections')"

dotnet "$root/bench/Wix.Auth.Benchmarks/bin/Release/net10.0/Wix.Auth.Benchmarks.dll" checklist "$scenario" \
  "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" \
  "$root/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll" ${args[@]+"${args[@]}"} &
driver=$!
wait "$driver"
driver=""
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
