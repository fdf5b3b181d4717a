#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests and prints its URL.
# Installs Debian's server package when it is missing. Idempotent: a server
# already running in $PGDIR is reused.
set -euo pipefail

PGDIR=${FANBASE_PG_DIR:-/tmp/fanbase-pg}
PGPORT=${FANBASE_PG_PORT:-55432}

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

if ! BIN=$(find_bin); then
  echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-contrib >&2
  BIN=$(find_bin)
fi

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
run() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ ! -s "$PGDIR/PG_VERSION" ]; then
  mkdir -p "$PGDIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
  # C.UTF-8 so that CJK characters count as word characters for pg_trgm.
  run "$BIN/initdb" -D "$PGDIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! run "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
  run "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
fi

echo "postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
