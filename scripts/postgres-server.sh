#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: Debian's postgresql package (installed when missing and root),
# initdb + pg_ctl as user postgres in a temporary folder, listening on 127.0.0.1 on a free port, trust auth.
#
#   eval "$(bash scripts/postgres-server.sh start)"   # exports PURSER_TEST_POSTGRES and PURSER_TEST_POSTGRES_DIR
#   bash scripts/postgres-server.sh stop "$PURSER_TEST_POSTGRES_DIR"
#
# The tests' cluster runs with fsync=off (nothing in it needs to survive a crash); PURSER_POSTGRES_FSYNC=on keeps
# PostgreSQL's own default (every commit flushed to disk), as bench/run.sh --storage postgres does.
#
# "start" prints the export lines on stdout and everything else on stderr; it exits non-zero when no server
# can be started (not root, no apt-get, the package does not install), saying why.
set -euo pipefail

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

start() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "postgres-server: not root, cannot run initdb as user postgres" >&2
    return 1
  fi

  local bin
  if ! bin=$(find_bin); then
    if ! command -v apt-get >/dev/null; then
      echo "postgres-server: PostgreSQL is not installed and apt-get is not available" >&2
      return 1
    fi
    echo "postgres-server: installing Debian's postgresql package" >&2
    (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql) >&2
    bin=$(find_bin) || { echo "postgres-server: postgresql installed but initdb not found" >&2; return 1; }
  fi

  local dir port
  dir=$(mktemp -d -t purser-pg.XXXXXX)
  chmod 755 "$dir"
  chown postgres: "$dir"
  port=$(free_port) || { echo "postgres-server: no free port" >&2; return 1; }
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=${PURSER_POSTGRES_FSYNC:-off}" start >&2 \
    || { cat "$dir/server.log" >&2; return 1; }
  echo "export PURSER_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
  echo "export PURSER_TEST_POSTGRES_DIR='$dir'"
  echo "export PURSER_TEST_POSTGRES_BIN='$bin'"
}

stop() {
  local dir=${1:?the folder start printed}
  local bin
  bin=$(find_bin) || return 0
  if [[ -d "$dir/data" ]]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop <folder>" >&2; exit 2 ;;
esac
