#!/usr/bin/env bash
# A private PostgreSQL 15 cluster in a folder of its own (never the system service):
#   scripts/pg.sh start DIR PORT   create the cluster if new, start it on 127.0.0.1:PORT
#                                  and a unix socket in DIR/sock; print its DSN
#   scripts/pg.sh stop DIR         stop it (fast shutdown)
#   scripts/pg.sh free-port        print a free TCP port on 127.0.0.1
# initdb refuses root, so as root the cluster runs as the `postgres` user.
set -euo pipefail

pgbin() { echo "$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/15/bin)"; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cmd_start() {
  local dir port bin
  dir="$(realpath -m "$1")"; port="$2"; bin="$(pgbin)"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
    echo "scripts/pg.sh: the postgres user cannot reach $dir (a parent folder is closed to others," >&2
    echo "  e.g. one made by mktemp -d): chmod o+x the parent folders, or build somewhere else" >&2
    exit 1
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir/data" "$dir/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  fi
  if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "host=127.0.0.1 port=$port user=postgres dbname=postgres"; return 0
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=on" start >/dev/null
  echo "host=127.0.0.1 port=$port user=postgres dbname=postgres"
}

cmd_stop() {
  local dir; dir="$(realpath -m "$1")"
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_owner "$(pgbin)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

cmd_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  free-port) cmd_free_port ;;
  *) echo "usage: $0 start DIR PORT | stop DIR | free-port" >&2; exit 2 ;;
esac
