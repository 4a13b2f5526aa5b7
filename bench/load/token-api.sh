#!/usr/bin/env bash
# Load benchmark of the token API for a warm instance, next to its ceiling (plain Kestrel answering a constant), in
# one run on this machine. Starts PostgreSQL (a throw-away cluster unless ConnectionStrings__WixAuth is set), the
# simulator, three hosts (Release) on the same database -- telemetry off (no exporter configured, the default),
# telemetry on (OTLP/HTTP traces, metrics and logs exported to a sink, every span sampled: the SDK's default) and
# telemetry on with 10% of traces sampled (OTEL_TRACES_SAMPLER=parentbased_traceidratio) -- the ceiling app, and a
# second copy of the ceiling app as the OTLP sink; installs the app on one simulated site through the real handshake;
# then measures the servers in turn, --runs times (interleaved, so a change in the machine's load hits all alike),
# and prints each run, the medians, and the ratios of the medians.
# Fairness on a small machine: while one server is measured, every other measured server is stopped (SIGSTOP, SIGCONT
# afterwards and before any kill), so their timers, GC and exporters take no CPU from it. The simulator, PostgreSQL and
# the OTLP sink keep running: the telemetry-on hosts export to the sink while measured, which is part of their cost.
# Each measurement follows a --warmup of the same server (JIT tiering, connections), and next to req/s the script
# prints the server process's CPU time per request (user + system from /proc/PID/stat, microseconds), which depends
# less on the machine's other load than req/s does.
#   bench/load/token-api.sh [--duration 15s] [--warmup 10s] [--connections 64] [--threads 2] [--runs 3]
#                           [--shared-cache] [--baseline PATH/Wix.Auth.Host.dll]
# --shared-cache (issue 14, scenario d): also starts a host with the shared token cache off
# (WixAuth__Postgres__SharedTokenCache__Enabled=false; the server's default is on, as in the telemetry-off host), measures
# it in every run next to the others, and prints the on/off ratio of the medians (goal: on >= 95% of off).
# --baseline: also starts a telemetry-off host from another build (e.g. main's, for a before/after in one run) on the
# same database, measures it in every run, and prints this build's ratio to it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=../../scripts/lib/common.sh
. "$root/scripts/lib/common.sh"
# shellcheck source=lib.sh
. "$root/bench/load/lib.sh"

duration=15s warmup=10s connections=64 threads=2 runs=3 shared_cache=0 baseline_dll=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --shared-cache) shared_cache=1; shift ;;
    --baseline) baseline_dll=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) log "unknown option $1"; exit 2 ;;
  esac
done
[ -z "$baseline_dll" ] || [ -f "$baseline_dll" ] || { log "no baseline host at $baseline_dll"; exit 2; }
command -v wrk >/dev/null || apt_ensure wrk
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d /tmp/wixauth-bench.XXXXXX)
chmod 755 "$work"
pids=()
pg_data=""
cleanup() {
  # A stopped process acts on SIGTERM only once continued: continue every one first.
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
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

# Every measured server by name: its URL, its process, its column.
declare -A url pid label
host="http://127.0.0.1:$(free_port)"; sim="http://127.0.0.1:$(free_port)"; sink="http://127.0.0.1:$(free_port)"
start_simulator_and_host
url[off]=$host; pid[off]=${pids[-1]}; label[off]="telemetry off"
url[ceiling]="http://127.0.0.1:$(free_port)"; label[ceiling]="ceiling"
dotnet "$ceiling_dll" --urls "${url[ceiling]}" >"$work/ceiling.log" 2>&1 &
pids+=($!); pid[ceiling]=$!
# The OTLP sink (accepts and drops): never stopped, since the telemetry-on hosts export to it while measured.
dotnet "$ceiling_dll" --urls "$sink" >"$work/sink.log" 2>&1 &
pids+=($!)
url[on]="http://127.0.0.1:$(free_port)"; label[on]="on, all spans"
OTEL_EXPORTER_OTLP_ENDPOINT="$sink" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
  dotnet "$host_dll" --urls "${url[on]}" >"$work/host-on.log" 2>&1 &
pids+=($!); pid[on]=$!
wait_http "${url[on]}/readyz"
url[sampled]="http://127.0.0.1:$(free_port)"; label[sampled]="on, 10% of traces"
OTEL_EXPORTER_OTLP_ENDPOINT="$sink" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1 \
  dotnet "$host_dll" --urls "${url[sampled]}" >"$work/host-sampled.log" 2>&1 &
pids+=($!); pid[sampled]=$!
wait_http "${url[sampled]}/readyz"
servers=(off on sampled ceiling)
# One host starting at a time: with four started together on a loaded machine one aborted during start-up (cause not
# established; its log is printed if it happens again).
if [ "$shared_cache" = 1 ]; then
  url[nosc]="http://127.0.0.1:$(free_port)"; label[nosc]="shared cache off"
  WixAuth__Postgres__SharedTokenCache__Enabled=false dotnet "$host_dll" --urls "${url[nosc]}" >"$work/host-nosc.log" 2>&1 &
  pids+=($!); pid[nosc]=$!; servers+=(nosc)
  wait_http "${url[nosc]}/readyz"
fi
if [ -n "$baseline_dll" ]; then
  url[baseline]="http://127.0.0.1:$(free_port)"; label[baseline]="baseline build"
  dotnet "$baseline_dll" --urls "${url[baseline]}" >"$work/host-baseline.log" 2>&1 &
  pids+=($!); pid[baseline]=$!; servers+=(baseline)
  wait_http "${url[baseline]}/readyz" || { tail -n 20 "$work/host-baseline.log" >&2; exit 1; }
fi
for _ in $(seq 1 300); do # the ceiling and the sink have no GET route to wait for
  curl -fsS -o /dev/null -X POST "${url[ceiling]}/api/v1/instances/0/token" 2>/dev/null \
    && curl -fsS -o /dev/null -X POST "$sink/v1/traces" 2>/dev/null && break
  sleep 0.2
done

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
for name in "${servers[@]}"; do
  [ "$name" = ceiling ] || curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $api_key" "${url[$name]}$token_url"
done
log "installed instance $instance_id (strategy $strategy); measuring ${servers[*]}"

export WIXAUTH_BENCH_API_KEY="$api_key"
lua="$root/bench/load/token-api.lua"
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime of one process, in clock ticks
signal_others() { # signal_others NAME SIGNAL: every measured server but NAME
  local other
  for other in "${servers[@]}"; do [ "$other" = "$1" ] || kill "-$2" "${pid[$other]}"; done
}
run() { # run NAME -> prints "rps p99_ms non2xx cpu_us_per_request", measured with every other server stopped
  local out rps p99 errors requests before after
  signal_others "$1" STOP
  wrk -t"$threads" -c"$connections" -d"$warmup" -s "$lua" "${url[$1]}$token_url" >/dev/null
  before=$(cpu_ticks "${pid[$1]}")
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$lua" "${url[$1]}$token_url")
  after=$(cpu_ticks "${pid[$1]}")
  signal_others "$1" CONT
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  requests=$(awk '/ requests in / {print $1}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  # wrk prints latencies with a unit (us, ms, s); normalise to ms.
  p99=$(awk -v v="$p99" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }')
  cpu=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  echo "$rps $p99 ${errors:-0} $cpu"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }

declare -A all_rps all_p99 all_cpu now
errors=0
header="| run | load avg (1 min) |" rule="|---|---:|"
for name in "${servers[@]}"; do header+=" ${label[$name]}: req/s (p99 ms, CPU µs/req) |"; rule+="---:|"; done
echo "$header on/off | on 10%/off | off/ceiling |"
echo "$rule---:|---:|---:|"
for i in $(seq 1 "$runs"); do
  line="| $i | $(cut -d' ' -f1 /proc/loadavg) |"
  for name in "${servers[@]}"; do
    read -r rps p e cpu < <(run "$name")
    now[$name]=$rps
    all_rps[$name]+="$rps "; all_p99[$name]+="$p "; all_cpu[$name]+="$cpu "
    errors=$((errors + e))
    line+=" $rps ($p, $cpu) |"
  done
  echo "$line $(ratio "${now[on]}" "${now[off]}")% | $(ratio "${now[sampled]}" "${now[off]}")% | $(ratio "${now[off]}" "${now[ceiling]}")% |"
done
m() { printf '%s\n' $1 | median; } # the median of a space-separated list
declare -A m_rps m_p99 m_cpu
for name in "${servers[@]}"; do
  m_rps[$name]=$(m "${all_rps[$name]}"); m_p99[$name]=$(m "${all_p99[$name]}"); m_cpu[$name]=$(m "${all_cpu[$name]}")
done
row() { # row NAME DESCRIPTION
  echo "| $2 | ${m_rps[$1]} | ${m_p99[$1]} | ${m_cpu[$1]} | $(ratio "${m_rps[$1]}" "${m_rps[off]}")% | $(ratio "${m_rps[$1]}" "${m_rps[ceiling]}")% |"
}
echo
echo "| median of $runs runs | req/s | p99 (ms) | CPU µs/req | vs telemetry off | vs ceiling |"
echo "|---|---:|---:|---:|---:|---:|"
row off 'Token API, warm instance, telemetry off (`POST /api/v1/instances/{id}/token`)'
row on 'Token API, warm instance, telemetry on: OTLP traces/metrics/logs, every span'
row sampled 'Token API, warm instance, telemetry on: OTLP, 10% of traces sampled'
row ceiling 'Ceiling: plain Kestrel, constant JSON'
[ -z "$baseline_dll" ] || row baseline 'Token API, warm instance, telemetry off, baseline build (`--baseline`)'
cat <<EOF

Targets: telemetry on >= 90% of off; token API >= 90% of the ceiling. Non-2xx answers, all runs: $errors.
wrk -t$threads -c$connections -d$duration after a $warmup warm-up each, every other server stopped meanwhile,
$(nproc) CPU cores, $(date -u '+%Y-%m-%d %H:%M') UTC; load average at the end $(cut -d' ' -f1-3 /proc/loadavg).
EOF
if [ "$shared_cache" = 1 ]; then
  cat <<EOF

| median of $runs runs, telemetry off | req/s | p99 (ms) | CPU µs/req | vs shared cache off |
|---|---:|---:|---:|---:|
| Token API, warm instance, shared token cache on (the server's default) | ${m_rps[off]} | ${m_p99[off]} | ${m_cpu[off]} | $(ratio "${m_rps[off]}" "${m_rps[nosc]}")% |
| Token API, warm instance, shared token cache off | ${m_rps[nosc]} | ${m_p99[nosc]} | ${m_cpu[nosc]} | 100% |

Target (issue 14, d): shared cache on >= 95% of off. Non-2xx answers above include this host's.
EOF
fi
if [ -n "$baseline_dll" ]; then
  echo
  echo "This build vs the baseline build, telemetry off: $(ratio "${m_rps[off]}" "${m_rps[baseline]}")% of its req/s, $(ratio "${m_cpu[off]}" "${m_cpu[baseline]}")% of its CPU per request."
fi
