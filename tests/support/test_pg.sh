#!/usr/bin/env bash
# ctest fixture: a throwaway PostgreSQL cluster for the integration tests.
#   test_pg.sh start DIR   fresh cluster on a free port; writes its admin DSN to DIR/dsn
#   test_pg.sh stop DIR    stops it and removes DIR
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$(realpath -m "$2")"
case "$1" in
  start)
    "$here/scripts/pg.sh" stop "$dir"; rm -rf "$dir"
    port="$("$here/scripts/pg.sh" free-port)"
    "$here/scripts/pg.sh" start "$dir" "$port" > "$dir.dsn.tmp"
    mv "$dir.dsn.tmp" "$dir/dsn"
    echo "test PostgreSQL on port $port: $(cat "$dir/dsn")"
    ;;
  stop)
    "$here/scripts/pg.sh" stop "$dir"; rm -rf "$dir"
    echo "test PostgreSQL stopped"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
