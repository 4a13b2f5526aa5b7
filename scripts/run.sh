#!/usr/bin/env bash
# Runs Wix.Auth locally with embedded defaults: PostgreSQL (a cluster in .local/, installed from Debian's packages if
# missing, unless ConnectionStrings__WixAuth is given), the Wix simulator as Wix, and the host wired to it. Prints the
# link that installs the app on a simulated site. With real Wix settings in the environment (Wix__AppId, Wix__AppSecret,
# Wix__PublicKey, WixAuth__PublicBaseUrl, and Wix__ApiBaseUrl not pointing at this machine) it runs the host against
# Wix instead and starts no simulator. Ctrl-C stops everything it started.
#
# State lives in .local/: the database, keys, the simulator's sites and tokens, and the ports chosen on the first run
# (reused, so bookmarks keep working); WIXAUTH_LOCAL_DIR=DIR keeps it in DIR instead (a second demo, or a test).
# Options: --reset starts from scratch (keeps the ports); -v shows build output and follows the server's log on the
# terminal; --no-build runs what the last Release build left (no restore, no build).
set -euo pipefail
reset=false
verbose=false
build=true
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    -v | --verbose) verbose=true ;;
    --no-build) build=false ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/common.sh
. "$root/scripts/lib/common.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
local_dir="${WIXAUTH_LOCAL_DIR:-$root/.local}"
mkdir -p "$local_dir"
local_dir=$(cd "$local_dir" && pwd)
shown_dir=.local # how messages name it
[ -n "${WIXAUTH_LOCAL_DIR:-}" ] && shown_dir=$local_dir
if [ "$reset" = true ] && [ -d "$local_dir" ]; then
  # Everything but the chosen ports: a fresh database, keys, simulated sites.
  find "$local_dir" -mindepth 1 -maxdepth 1 ! -name '*-port' -exec rm -rf {} +
  log "reset: $local_dir cleared (ports kept)"
fi
mkdir -p "$local_dir"
chmod 755 "$local_dir"

# Values that must survive restarts (the database keeps what was encrypted or issued with them) live in .local/.
persistent() { # persistent NAME COMMAND...: prints .local/NAME, creating it with COMMAND's output the first time
  local file="$local_dir/$1"
  shift
  if [ ! -s "$file" ]; then
    (umask 077 && "$@" >"$file")
  fi
  cat "$file"
}
random_secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 40; }
random_guid() { cat /proc/sys/kernel/random/uuid; }

# kept_port NAME: the port kept in .local/NAME-port (chosen free on the first run); when something else now listens on
# it, says so and keeps a new free one instead.
kept_port() {
  local file="$local_dir/$1-port" port
  port=$(cat "$file" 2>/dev/null || true)
  if [ -n "$port" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    local previous=$port
    port=$(free_port)
    log "port $previous (the $1's, kept in $shown_dir/$1-port) is taken by another program; using $port from now on"
  fi
  [ -n "$port" ] || port=$(free_port)
  echo "$port" >"$file"
  echo "$port"
}

# keep_log FILE: logs are appended across restarts; past 10 MB the old one moves to FILE.1.
keep_log() {
  if [ -f "$1" ] && [ "$(stat -c %s "$1")" -gt 10485760 ]; then mv -f "$1" "$1.1"; fi
  printf '\n--- %s started %s ---\n' "$(basename "$1" .log)" "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" >>"$1"
}

is_local_url() { [[ "$1" =~ ^https?://(localhost|127\.[0-9.]+|\[::1\])(:|/|$) ]]; }
real_wix=false
if [ -n "${Wix__AppId:-}" ] && ! is_local_url "${Wix__ApiBaseUrl:-https://www.wixapis.com}"; then
  real_wix=true
fi

pids=()
pg_data=""
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$pg_data" ] && pg_cluster_stop "$pg_data"
  log "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # wait_http URL SECONDS
  for _ in $(seq 1 $(( $2 * 5 ))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  log "nothing answered on $1 in $2 s"
  return 1
}

# --- PostgreSQL ---
if [ -z "${ConnectionStrings__WixAuth:-}" ]; then
  apt_ensure postgresql
  pg_data="$local_dir/pg"
  pg_port=$(kept_port postgres)
  pg_cluster_start "$pg_data" "$pg_port"
  "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAq \
    -c "SELECT 1 FROM pg_database WHERE datname = 'wixauth'" | grep -q 1 \
    || "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q -c "CREATE DATABASE wixauth"
  export ConnectionStrings__WixAuth="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=wixauth"
  [ "$verbose" = true ] && log "PostgreSQL on 127.0.0.1:$pg_port (data in $shown_dir/pg)"
fi

# --- build ---
build() { # build PROJECT: quiet unless -v; on failure the end of the build's output is shown
  if [ "$verbose" = true ]; then
    dotnet build "$1" -c Release --no-restore -nologo -v q
  elif ! dotnet build "$1" -c Release --no-restore -nologo -v q >"$local_dir/build.log" 2>&1; then
    tail -n 40 "$local_dir/build.log" >&2
    return 1
  fi
}
host_dll="$root/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll"
sim_dll="$root/src/Wix.Auth.Simulator/bin/Release/net10.0/Wix.Auth.Simulator.dll"
if [ "$build" = true ]; then
  log "building (Release)…"
  dotnet_restore_locked src/Wix.Auth.Host
  build src/Wix.Auth.Host
  if [ "$real_wix" = false ]; then
    dotnet_restore_locked src/Wix.Auth.Simulator
    build src/Wix.Auth.Simulator
  fi
fi
for dll in "$host_dll" $([ "$real_wix" = false ] && echo "$sim_dll"); do
  [ -f "$dll" ] || { log "$dll is not built (run without --no-build)"; exit 1; }
done

# --- key-encryption certificate for the Data Protection key ring ---
export WixAuth__DataProtection__CertificatePath="${WixAuth__DataProtection__CertificatePath:-$local_dir/key-encryption.pfx}"
if [ -z "${WixAuth__DataProtection__CertificatePassword:-}" ]; then
  WixAuth__DataProtection__CertificatePassword=$(persistent key-encryption.password random_secret)
  export WixAuth__DataProtection__CertificatePassword
fi
if [ ! -f "$WixAuth__DataProtection__CertificatePath" ]; then
  dotnet "$host_dll" create-key-certificate "$WixAuth__DataProtection__CertificatePath" >/dev/null
  chmod 600 "$WixAuth__DataProtection__CertificatePath"
fi

if [ -z "${WixAuth__ApiKeys__0:-}" ]; then
  WixAuth__ApiKeys__0=$(persistent api-key random_secret)
  export WixAuth__ApiKeys__0
fi

# --- the simulator as Wix ---
if [ "$real_wix" = true ]; then
  : "${WixAuth__PublicBaseUrl:?set WixAuth__PublicBaseUrl (the external URL of this server) to run against Wix}"
  host_urls="${ASPNETCORE_URLS:-http://localhost:$(kept_port host)}"
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
  log "running against Wix (${Wix__ApiBaseUrl:-https://www.wixapis.com}) for app ${Wix__AppId}"
else
  host_port=$(kept_port host)
  sim_port=$(kept_port simulator)
  host_base="http://localhost:$host_port"
  sim_base="http://127.0.0.1:$sim_port"
  keep_log "$local_dir/simulator.log"
  app_id=$(persistent simulator-app-id random_guid)
  app_secret=$(persistent simulator-app-secret random_secret)
  Simulator__AppId="$app_id" \
  Simulator__AppSecret="$app_secret" \
  Simulator__AppName="Wix.Auth local demo" \
  Simulator__AppUrl="$host_base/oauth/install" \
  Simulator__RedirectUrls__0="$host_base/oauth/callback" \
  Simulator__WebhookUrl="$host_base/webhooks/wix" \
  Simulator__DashboardUrl="$host_base/dashboard" \
  Simulator__KeyPairPath="$local_dir/simulator-webhook-key.pem" \
  Simulator__PublicKeyOutputPath="$local_dir/simulator-webhook-public.pem" \
  Simulator__StatePath="$local_dir/simulator-state.json" \
    dotnet "$sim_dll" --urls "$sim_base" >>"$local_dir/simulator.log" 2>&1 &
  pids+=($!)
  wait_http "$sim_base/_simulator/app" 60
  chmod 600 "$local_dir/simulator-webhook-key.pem"

  export Wix__AppId="$app_id" Wix__AppSecret="$app_secret"
  Wix__PublicKey=$(base64 -w0 <"$local_dir/simulator-webhook-public.pem")
  export Wix__PublicKey
  export Wix__ApiBaseUrl="$sim_base" Wix__InstallerBaseUrl="$sim_base"
  export WixAuth__PublicBaseUrl="$host_base"
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  # The local demo's operator view opens without the API key; an explicit opt-in the host warns about (never implied by Development).
  export WixAuth__Operator__AllowAnonymous="${WixAuth__Operator__AllowAnonymous:-true}"
  host_urls="$host_base"
  export WixAuth__AdvancedOAuth__InstallAgainUrl="$sim_base/_simulator/market/install"
  [ "$verbose" = true ] && log "Wix simulator on $sim_base (log in $shown_dir/simulator.log)"
fi

# --- the host (it applies database migrations as it starts; they are in .local/host.log) ---
keep_log "$local_dir/host.log"
dotnet "$host_dll" --urls "$host_urls" >>"$local_dir/host.log" 2>&1 &
pids+=($!)
host_check="${host_urls%%;*}"
if ! wait_http "$host_check/readyz" 90; then
  log "the server did not become ready; the end of $shown_dir/host.log:"
  tail -n 20 "$local_dir/host.log" >&2
  exit 1
fi

box() { # box LINE...: one short frame around the lines
  local width=0 line
  for line in "$@"; do [ ${#line} -gt "$width" ] && width=${#line}; done
  printf '\n+%s+\n' "$(printf '%*s' $((width + 2)) '' | tr ' ' -)"
  for line in "$@"; do printf '| %-*s |\n' "$width" "$line"; done
  printf '+%s+\n\n' "$(printf '%*s' $((width + 2)) '' | tr ' ' -)"
}
if [ "$real_wix" = false ]; then
  box "Wix.Auth is running:  $host_check/" \
    "Install on a site:    $sim_base/_simulator/market/install" \
    "Operator view:        $host_check/operator/installations" \
    "API reference:        $host_check/scalar  (key: $shown_dir/api-key)" \
    "Logs:                 $shown_dir/host.log, $shown_dir/simulator.log" \
    "Ctrl-C stops it; ./scripts/run.sh --reset starts from scratch."
else
  box "Wix.Auth is running:  $host_check/ (against Wix)" \
    "Logs:                 $shown_dir/host.log" \
    "Ctrl-C stops it."
fi
if [ "$verbose" = true ]; then
  tail -n 0 -F "$local_dir/host.log" &
  pids+=($!)
fi
wait -n "${pids[@]}"
