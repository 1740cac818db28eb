#!/usr/bin/env bash
# The acceptance walk of the walking skeleton, as a user does it: start the real binary on a
# free port, create a case, fire an event and read it back with curl, check the rows with psql,
# then stop the server with SIGTERM and expect a clean exit.
set -euo pipefail
binary="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
admin_dsn="$(cat "$WG_TEST_PG_DIR/dsn")"
db="wg_smoke_$$"
psql "$admin_dsn" -qc "CREATE DATABASE $db"
dsn="${admin_dsn/dbname=postgres/dbname=$db}"
log="$(mktemp)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  psql "$admin_dsn" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -f "$log"
}
trap cleanup EXIT
fail() { echo "smoke: FAILED: $*" >&2; echo "--- server output:" >&2; cat "$log" >&2; exit 1; }

WAGEGUARD_DATABASE_URL="$dsn" WAGEGUARD_PEPPER="test-pepper-0123456789abcdef0123456789abcdef" "$binary" serve --config "$root/config/wageguard.yaml" --listen 127.0.0.1:0 >"$log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$log" | head -n1)"
[ -n "$url" ] || fail "server did not say where it listens"

# Like production, the server takes Bearer tokens only: make one with the CLI.
token="$("$binary" token create --role inspector --name smoke-inspector --database-url "$dsn" 2>/dev/null)" \
  || fail "token create"
who=(-H "Authorization: Bearer $token")
created="$(curl -sS -f -X POST "$url/api/v1/cases" "${who[@]}" -H 'Content-Type: application/json' \
  -d '{"workflow":"wage_complaint","region":"440111","data":{"amount":"21000.00"}}')" || fail "create"
id="$(echo "$created" | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')"
[ ${#id} -eq 36 ] || fail "no case id in $created"

curl -sS -f -X POST "$url/api/v1/cases/$id/events" "${who[@]}" -H 'Content-Type: application/json' \
  -d '{"event":"accept"}' >/dev/null || fail "fire accept"
read="$(curl -sS -f "$url/api/v1/cases/$id" "${who[@]}")" || fail "read"
echo "$read" | grep -q '"state":"investigating"' || fail "state after accept: $read"

[ "$(psql "$dsn" -tAc "SELECT state FROM cases WHERE id = '$id'")" = investigating ] || fail "case row"
[ "$(psql "$dsn" -tAc "SELECT count(*) FROM case_events WHERE case_id = '$id'")" = 2 ] || fail "event rows"

kill -TERM "$server"
wait "$server" || fail "server exited with status $? after SIGTERM"
server=""
grep -q "server stopped" "$log" || fail "no graceful stop in the log"
echo "smoke: ok (case $id: opened, accepted, read back; 1 case row, 2 event rows; clean SIGTERM stop)"
