# Shared by scripts/*.sh: finding free ports, installing Debian packages, running PostgreSQL clusters.
# shellcheck shell=bash

log() { printf '%s\n' "$*" >&2; }

# Prints a free TCP port on 127.0.0.1 (a port nobody answers on).
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free port found"
  return 1
}

# Installs Debian packages that are missing; needs root (or sudo) only when something is missing.
apt_ensure() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing ${missing[*]} from Debian packages"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { log "PostgreSQL binaries not found under /usr/lib/postgresql"; return 1; }
  echo "$dir"
}

# Runs a command as the cluster owner: 'postgres' when we are root (initdb refuses root), else ourselves.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_cluster_start DATADIR PORT: creates (if needed) and starts a cluster listening only on 127.0.0.1:PORT.
pg_cluster_start() {
  local data=$1 port=$2 bin
  bin=$(pg_bindir)
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$data"
    chown postgres:postgres "$data"
    chmod 700 "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=300 -c fsync=off" start >/dev/null
}

pg_cluster_stop() {
  local data=$1 bin
  bin=$(pg_bindir)
  [ -f "$data/postmaster.pid" ] && as_pg_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# dotnet_restore_locked PROJECT_OR_SOLUTION: restores exactly what the committed packages.lock.json files name; a
# resolution that differs (a package changed without its lock file updated) fails here, loudly, instead of compiling
# against something else.
dotnet_restore_locked() {
  if ! dotnet restore "$1" --locked-mode -nologo -v q; then
    log "restore in locked mode failed: a packages.lock.json does not match the project files."
    log "If you changed a package, update the lock files (README, 'Updating packages') and commit them."
    return 1
  fi
}
