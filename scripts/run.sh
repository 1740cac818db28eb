#!/usr/bin/env bash
# Quick start, part 1: install what is missing, build, start a private PostgreSQL under var/,
# migrate, and serve on http://127.0.0.1:8080 until Ctrl-C (which stops the cluster too).
# Running it again reuses the cluster and the build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PGPORT="${WAGEGUARD_PG_PORT:-54329}"
PGDIR="$ROOT/var/pg"

scripts/deps.sh
scripts/build.sh

mkdir -p var
[ "$(id -u)" = 0 ] && chmod 755 "$ROOT/var"
scripts/pg.sh start "$PGDIR" "$PGPORT" >/dev/null
echo "PostgreSQL: private cluster in var/pg on 127.0.0.1:$PGPORT"
stop_cluster() { scripts/pg.sh stop "$PGDIR"; echo "PostgreSQL stopped"; }
trap stop_cluster EXIT

ADMIN_DSN="host=127.0.0.1 port=$PGPORT user=postgres dbname=postgres"
psql "$ADMIN_DSN" -tAc "SELECT 1 FROM pg_database WHERE datname = 'wageguard'" | grep -q 1 \
  || psql "$ADMIN_DSN" -qc "CREATE DATABASE wageguard"

export WAGEGUARD_DATABASE_URL="${WAGEGUARD_DATABASE_URL:-host=127.0.0.1 port=$PGPORT user=postgres dbname=wageguard}"
cat <<TXT
wageguard:
  health     http://127.0.0.1:8080/healthz
  readiness  http://127.0.0.1:8080/readyz
  API        http://127.0.0.1:8080/api/v1/cases
Press Ctrl-C to stop the server and the database.
TXT
build/adapters/wageguard serve --config config/wageguard.yaml "$@" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' INT TERM
wait $server || true
wait $server 2>/dev/null || true
