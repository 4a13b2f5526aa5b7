#!/usr/bin/env bash
# Runs every test of the solution against real parts: a throw-away PostgreSQL cluster on a free loopback
# port, Debian's chromium for the browser test, the simulator on loopback. Prints "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/common.sh
. "$root/scripts/lib/common.sh"

apt_ensure postgresql chromium fonts-liberation

work=$(mktemp -d /tmp/wixauth-test.XXXXXX)
chmod 755 "$work"
data="$work/pg"
port=$(free_port)
cleanup() {
  pg_cluster_stop "$data"
  rm -rf "$work"
}
trap cleanup EXIT

pg_cluster_start "$data" "$port"
log "PostgreSQL test cluster on 127.0.0.1:$port"

export WIXAUTH_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100"
export WIXAUTH_TEST_CHROMIUM="${WIXAUTH_TEST_CHROMIUM:-/usr/bin/chromium}"
export WIXAUTH_TEST_ARTIFACTS="${WIXAUTH_TEST_ARTIFACTS:-$root/artifacts/test}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$WIXAUTH_TEST_ARTIFACTS"

results="$work/results"
status=0
dotnet_restore_locked Wix.Auth.sln || exit 1
dotnet build Wix.Auth.sln -c Release --no-restore -nologo -v q "-clp:ErrorsOnly" || exit 1
dotnet test Wix.Auth.sln -c Release --no-build -nologo --blame-hang-timeout 10m --logger trx --results-directory "$results" "$@" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$(( passed + ${p:-0} ))
  failed=$(( failed + ${f:-0} ))
done
cp "$results"/*.trx "$WIXAUTH_TEST_ARTIFACTS/" 2>/dev/null || true
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
