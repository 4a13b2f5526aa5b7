#!/usr/bin/env bash
# Runs Wix.Auth locally with embedded defaults: PostgreSQL (a cluster in .local/, installed from Debian's packages if
# missing, unless ConnectionStrings__WixAuth is given), the Wix simulator as Wix, and the host wired to it. Prints the
# link that installs the app on a simulated site. With real Wix settings in the environment (Wix__AppId, Wix__AppSecret,
# Wix__PublicKey, WixAuth__PublicBaseUrl, and Wix__ApiBaseUrl not pointing at this machine) it runs the host against
# Wix instead and starts no simulator. Ctrl-C stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/common.sh
. "$root/scripts/lib/common.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
local_dir="$root/.local"
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
  pg_port=$(free_port)
  pg_cluster_start "$pg_data" "$pg_port"
  "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAq \
    -c "SELECT 1 FROM pg_database WHERE datname = 'wixauth'" | grep -q 1 \
    || "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q -c "CREATE DATABASE wixauth"
  export ConnectionStrings__WixAuth="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=wixauth"
  log "PostgreSQL on 127.0.0.1:$pg_port (data in .local/pg)"
fi

# --- build ---
log "building (Release)"
dotnet_restore_locked src/Wix.Auth.Host
dotnet build src/Wix.Auth.Host -c Release --no-restore -nologo -v q "-clp:ErrorsOnly"
host_dll="$root/src/Wix.Auth.Host/bin/Release/net10.0/Wix.Auth.Host.dll"
sim_dll="$root/src/Wix.Auth.Simulator/bin/Release/net10.0/Wix.Auth.Simulator.dll"
if [ "$real_wix" = false ]; then
  dotnet_restore_locked src/Wix.Auth.Simulator
  dotnet build src/Wix.Auth.Simulator -c Release --no-restore -nologo -v q "-clp:ErrorsOnly"
fi

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
  host_urls="${ASPNETCORE_URLS:-http://localhost:$(free_port)}"
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
  log "running against Wix (${Wix__ApiBaseUrl:-https://www.wixapis.com}) for app ${Wix__AppId}"
else
  host_port=$(free_port)
  sim_port=$(free_port)
  host_base="http://localhost:$host_port"
  sim_base="http://127.0.0.1:$sim_port"
  app_id=$(persistent simulator-app-id random_guid)
  app_secret=$(persistent simulator-app-secret random_secret)
  Simulator__AppId="$app_id" \
  Simulator__AppSecret="$app_secret" \
  Simulator__AppName="Wix.Auth local demo" \
  Simulator__AppUrl="$host_base/oauth/install" \
  Simulator__RedirectUrls__0="$host_base/oauth/callback" \
  Simulator__WebhookUrl="$host_base/webhooks/wix" \
  Simulator__KeyPairPath="$local_dir/simulator-webhook-key.pem" \
  Simulator__PublicKeyOutputPath="$local_dir/simulator-webhook-public.pem" \
    dotnet "$sim_dll" --urls "$sim_base" >"$local_dir/simulator.log" 2>&1 &
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
  log "Wix simulator on $sim_base (log in .local/simulator.log)"
fi

# --- migrations, then the host ---
dotnet "$host_dll" migrate
dotnet "$host_dll" --urls "$host_urls" >"$local_dir/host.log" 2>&1 &
pids+=($!)
host_check="${host_urls%%;*}"
wait_http "$host_check/readyz" 60

cat <<EOF

Wix.Auth is running on $host_check (log in .local/host.log)
EOF
if [ "$real_wix" = false ]; then
  cat <<EOF

  Install the app on a simulated site (open in a browser):
    $sim_base/_simulator/market/install

  Then, for the instance ID shown on the dashboard or in the operator view:
    curl -X POST -H "Authorization: Bearer \$(cat .local/api-key)" $host_check/api/v1/instances/<instanceId>/token
  Operator view: $host_check/operator/installations

EOF
fi
log "Ctrl-C stops everything."
wait -n "${pids[@]}"
