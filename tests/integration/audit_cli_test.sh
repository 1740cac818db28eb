#!/usr/bin/env bash
# `wageguard audit` on a real database, as an operator uses it: cases made through the real
# server, then `audit verify` before and after a superuser edits and deletes event rows behind
# the append-only trigger, and a signed daily digest made, checked, altered and recomputed.
set -euo pipefail
binary="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
admin_dsn="$(cat "$WG_TEST_PG_DIR/dsn")"
db="wg_audit_$$"
psql "$admin_dsn" -qc "CREATE DATABASE $db"
dsn="${admin_dsn/dbname=postgres/dbname=$db}"
work="$(mktemp -d)"
log="$work/server.log"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  psql "$admin_dsn" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "audit: FAILED: $*" >&2
  [ -s "$log" ] && { echo "--- server output:"; cat "$log"; } >&2
  exit 1
}
unset WAGEGUARD_AUDIT_KEY_FILE

# run NAME EXPECTED_STATUS ARGS...: runs wageguard, keeps its stdout+stderr in $out.
run() {
  local name="$1" expected="$2" status=0
  shift 2
  out="$("$binary" "$@" 2>&1)" || status=$?
  [ "$status" = "$expected" ] || fail "$name: exit $status, expected $expected; output:
$out"
}
expect() { grep -qF -- "$1" <<<"$out" || fail "$2: no '$1' in:
$out"; }
# As a superuser, past the append-only trigger (replica mode skips ordinary triggers).
behind_trigger() { psql "$dsn" -v ON_ERROR_STOP=1 -q "$@"; }

# --- cases through the real server ------------------------------------------------------------
WAGEGUARD_DATABASE_URL="$dsn" WAGEGUARD_PEPPER="test-pepper-0123456789abcdef0123456789abcdef" "$binary" serve --config "$root/config/wageguard.yaml" --listen 127.0.0.1:0 >"$log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$log" | head -n1)"
[ -n "$url" ] || fail "server did not say where it listens"

# Like production, the server takes Bearer tokens only: make one with the CLI.
token="$("$binary" token create --role inspector --name audit-inspector --database-url "$dsn" 2>/dev/null)" \
  || fail "token create"
who=(-H "Authorization: Bearer $token")
post() { curl -sS -f -X POST "$url$1" "${who[@]}" -H 'Content-Type: application/json' -d "$2"; }
open_case() {
  local created
  created="$(post /api/v1/cases '{"workflow":"wage_complaint","region":"440111","data":{"amount":"21000.00"}}')" ||
    fail "create a case"
  sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/' <<<"$created"
}
a="$(open_case)"; b="$(open_case)"; c="$(open_case)"
for id in "$a" "$b" "$c"; do [ ${#id} -eq 36 ] || fail "no case id: $id"; done
post "/api/v1/cases/$a/events" '{"event":"accept"}' >/dev/null || fail "accept $a"
post "/api/v1/cases/$b/events" '{"event":"accept"}' >/dev/null || fail "accept $b"
post "/api/v1/cases/$b/events" '{"event":"close_no_violation","data":{"reason":"wages paid in full"}}' \
  >/dev/null || fail "close $b"
kill -TERM "$server"
wait "$server" || fail "server exited with status $? after SIGTERM"
server=""
# a: 2 events, b: 3 events, c: 1 event.

# --- usage and database errors exit 2 ---------------------------------------------------------
run "unknown option" 2 audit verify --bogus
run "bad case id" 2 audit verify --case not-a-uuid --database-url "$dsn"
run "digest without a key" 2 audit digest --database-url "$dsn"
run "unreachable database" 2 audit verify --database-url "host=127.0.0.1 port=1 dbname=none user=none"
expect "database" "unreachable database"
run "help" 0 audit --help
expect "openssl ts -query -data digest.json -sha256 -cert -out digest.tsq" "help"
expect "openssl genpkey -algorithm ed25519" "help"

# --- whole chains verify ----------------------------------------------------------------------
run "verify untouched" 0 audit verify --database-url "$dsn"
expect "ok: 3 cases, 6 events verified" "verify untouched"
run "verify one case at a time" 0 audit verify --batch-size 1 --database-url "$dsn"
expect "ok: 3 cases, 6 events verified" "verify one case at a time"
run "verify one case" 0 audit verify --case "$b" --database-url "$dsn"
expect "ok: 1 cases, 3 events verified" "verify one case"

# --- the signed digest of today (China time), taken after the events so it includes them -----
day="$(TZ=Asia/Shanghai date +%F)"
openssl genpkey -algorithm ed25519 -out "$work/audit-key.pem" 2>/dev/null
openssl pkey -in "$work/audit-key.pem" -pubout -out "$work/audit-pub.pem"
openssl genpkey -algorithm ed25519 -out "$work/other-key.pem" 2>/dev/null
openssl pkey -in "$work/other-key.pem" -pubout -out "$work/other-pub.pem"
run "digest" 0 audit digest --date "$day" --key "$work/audit-key.pem" --out "$work/digest.json" --database-url "$dsn"
grep -q '"cases": 3' "$work/digest.json" || fail "digest does not count 3 cases: $(cat "$work/digest.json")"
grep -q '"events": 6' "$work/digest.json" || fail "digest does not count 6 events: $(cat "$work/digest.json")"
grep -q "\"date\": \"$day\"" "$work/digest.json" || fail "digest is not of $day"
# The root recomputed here with sha256sum from the heads, as the help defines the tree: three
# leaves sha256("case_id:seq:hash") in case id order, the first two joined, the third promoted.
h() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
mapfile -t heads < <(psql "$dsn" -tAc "SELECT DISTINCT ON (case_id) case_id || ':' || seq || ':' || hash
                                        FROM case_events ORDER BY case_id, seq DESC")
[ ${#heads[@]} -eq 3 ] || fail "expected 3 chain heads, got ${#heads[@]}"
by_hand="$(h "$(h "$(h "${heads[0]}")$(h "${heads[1]}")")$(h "${heads[2]}")")"
grep -q "\"root\": \"$by_hand\"" "$work/digest.json" || fail "root is not $by_hand: $(cat "$work/digest.json")"
# The key from the environment, to stdout: Ed25519 is deterministic, so the same bytes.
WAGEGUARD_AUDIT_KEY_FILE="$work/audit-key.pem" "$binary" audit digest --date "$day" --database-url "$dsn" \
  2>/dev/null | cmp -s - "$work/digest.json" || fail "digest with the key from the environment differs"

# Read two heads at a time, the keyset pages give the same digest.
run "digest in pages" 0 audit digest --date "$day" --key "$work/audit-key.pem" --out "$work/paged.json" \
  --batch-size 2 --database-url "$dsn"
cmp -s "$work/paged.json" "$work/digest.json" || fail "digest read two heads at a time differs"

run "digest-verify" 0 audit digest-verify "$work/digest.json" --public-key-file "$work/audit-pub.pem" \
  --recompute --database-url "$dsn"
expect "signature ok" "digest-verify"
expect "database matches" "digest-verify"
run "digest-verify with another key" 1 audit digest-verify "$work/digest.json" --public-key-file "$work/other-pub.pem"
expect "key" "digest-verify with another key"

digest_root="$(grep -o '"root": "[0-9a-f]*"' "$work/digest.json" | cut -d'"' -f4)"
[ ${#digest_root} -eq 64 ] || fail "no root in the digest"
flipped="$([ "${digest_root:0:1}" = 0 ] && echo 1 || echo 0)${digest_root:1}"
sed "s/$digest_root/$flipped/" "$work/digest.json" >"$work/altered.json"
run "digest-verify altered root" 1 audit digest-verify "$work/altered.json" --public-key-file "$work/audit-pub.pem"
expect "signature" "digest-verify altered root"

# --- an edited event row is found at its seq; restoring it makes the chain whole again -----------
psql "$dsn" -qc "UPDATE case_events SET payload = '{}' WHERE case_id = '$a' AND seq = 2" 2>/dev/null &&
  fail "the append-only trigger let an UPDATE through"
original="$(psql "$dsn" -tAc "SELECT payload::text FROM case_events WHERE case_id = '$a' AND seq = 2")"
behind_trigger -v id="$a" <<'SQL'
SET session_replication_role = replica;
UPDATE case_events SET payload = payload || '{"amount":"1.00"}' WHERE case_id = :'id' AND seq = 2;
SQL
run "verify edited" 1 audit verify --database-url "$dsn"
expect "case $a seq 2: hash:" "verify edited"
expect "broken: 1 of 3 cases" "verify edited"
run "verify edited, one case" 1 audit verify --case "$a" --database-url "$dsn"
run "verify another case" 0 audit verify --case "$c" --database-url "$dsn"
behind_trigger -v id="$a" -v original="$original" <<'SQL'
SET session_replication_role = replica;
UPDATE case_events SET payload = CAST(:'original' AS jsonb) WHERE case_id = :'id' AND seq = 2;
SQL
run "verify restored" 0 audit verify --database-url "$dsn"

# --- deleted rows: the newest of a (the head on the case row), the middle one of b -------------
behind_trigger -v a="$a" -v b="$b" <<'SQL'
SET session_replication_role = replica;
DELETE FROM case_events WHERE case_id = :'a' AND seq = 2;
DELETE FROM case_events WHERE case_id = :'b' AND seq = 2;
SQL
run "verify deleted" 1 audit verify --database-url "$dsn"
expect "case $a seq 2: head_mismatch:" "verify deleted"
expect "case $b seq 3: seq_gap:" "verify deleted"
expect "broken: 2 of 3 cases" "verify deleted"
run "verify deleted in pages" 1 audit verify --batch-size 2 --database-url "$dsn"
expect "broken: 2 of 3 cases" "verify deleted in pages"

# The digest taken before still verifies as a signature, but no longer matches the database.
run "digest-verify after deletion" 1 audit digest-verify "$work/digest.json" --public-key-file "$work/audit-pub.pem" \
  --recompute --database-url "$dsn"
expect "signature ok" "digest-verify after deletion"
expect "database differs" "digest-verify after deletion"

echo "audit: ok (3 cases, 6 events verified; an edited row, a deleted head and a deleted middle event found; digest signed, verified, alteration and divergence caught)"
