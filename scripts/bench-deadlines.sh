#!/usr/bin/env bash
# Deadline worker under a million pending deadlines (issue 5): how late do due deadlines fire,
# and does the claim query stay an index scan?
#
#   scripts/bench-deadlines.sh [PENDING] [DUE]     defaults: 1000000 pending, 2000 due
#
# Starts its own PostgreSQL cluster (var/bench-deadlines-pg, a free port) and one
# `wageguard serve`; opens one real case through the API and clones it with SQL into PENDING
# cases, each with a pending acceptance deadline: DUE of them fall due 20–40 s after the clones
# are written, the rest between one day and a year later. Then waits until the DUE deadlines
# have fired and prints their lateness (fired_at − due_at) percentiles, the worker's histogram
# from /metrics, and EXPLAIN ANALYZE of the claim query. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
pending="${1:-1000000}"; due="${2:-2000}"
scripts/deps.sh >/dev/null
scripts/build.sh >/dev/null
bin=build/adapters/wageguard
dir="$PWD/var/bench-deadlines-pg"
port="$(scripts/pg.sh free-port)"
work="$(mktemp -d)"
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  scripts/pg.sh stop "$dir" || true
  rm -rf "$dir" "$work"
}
trap cleanup EXIT
rm -rf "$dir"
scripts/pg.sh start "$dir" "$port" >/dev/null
admin="host=127.0.0.1 port=$port user=postgres dbname=postgres"
psql -q "$admin" -c "CREATE DATABASE bench"
dsn="host=127.0.0.1 port=$port user=postgres dbname=bench"
sql() { psql -qAt "$dsn" -v ON_ERROR_STOP=1 -c "$1"; }

WAGEGUARD_DATABASE_URL="$dsn" WAGEGUARD_PEPPER="bench-pepper-0123456789abcdef0123456789abcdef" \
  "$bin" serve --config config/wageguard.yaml --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)"
[ -n "$url" ] || { cat "$work/serve.log"; exit 1; }
token="$("$bin" token create --role inspector --name bench --database-url "$dsn" 2>/dev/null)"
curl -sf -X POST "$url/api/v1/cases" -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  -d '{"workflow":"wage_complaint","region":"440111","data":{"amount":"1000.00"}}' >/dev/null

echo "== writing $pending cases with pending deadlines ($due due in 20-40 s)"
started=$(date +%s)
sql "
CREATE TEMP TABLE template AS SELECT workflow, workflow_version, workflow_hash, state, data, region, owner_role FROM cases LIMIT 1;
INSERT INTO cases (id, workflow, workflow_version, workflow_hash, state, data, region, owner_role, version, created_at, updated_at)
  SELECT gen_random_uuid(), t.workflow, t.workflow_version, t.workflow_hash, t.state, t.data, t.region, t.owner_role, 0, now(), now()
  FROM template t, generate_series(1, $pending);
INSERT INTO deadlines (case_id, state, fires, due_at, basis, created_at)
  SELECT id, 'pending_acceptance', 'acceptance_overdue', now() + interval '1 day' + random() * interval '364 days',
         'D1', now()
  FROM cases WHERE version = 0;
ANALYZE cases; ANALYZE deadlines;"
# Due soon, counted from now (the big insert above takes a while): DUE of them, 20-40 s ahead.
sql "UPDATE deadlines d SET due_at = clock_timestamp() + interval '20 seconds' + (x.n::double precision / $due) * interval '20 seconds'
     FROM (SELECT id, row_number() OVER () AS n FROM deadlines WHERE status = 'pending' LIMIT $due) x
     WHERE d.id = x.id"
echo "written in $(( $(date +%s) - started )) s; pending deadlines: $(sql "SELECT count(*) FROM deadlines WHERE status = 'pending'")"

echo "== waiting for the $due due deadlines to fire"
for _ in $(seq 1 240); do
  fired=$(sql "SELECT count(*) FROM deadlines WHERE status = 'fired'")
  [ "$fired" -ge "$due" ] && break
  sleep 0.5
done
echo "fired: $fired of $due"

echo "== lateness (fired_at - due_at), seconds"
sql "SELECT format('p50 %s  p90 %s  p99 %s  max %s',
        round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::numeric, 3),
        round(percentile_cont(0.9) WITHIN GROUP (ORDER BY s)::numeric, 3),
        round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s)::numeric, 3),
        round(max(s)::numeric, 3))
     FROM (SELECT extract(epoch FROM fired_at - due_at) AS s FROM deadlines WHERE status = 'fired') l"
echo "== the worker's own histogram (/metrics)"
curl -s "$url/metrics" | grep -E '^wageguard_deadline(s_fired_total|_lateness_seconds_(bucket\{le="(0.1|0.25|0.5|1)"\}|count))'

echo "== the claim query's plan with $(sql "SELECT count(*) FROM deadlines WHERE status = 'pending'") pending deadlines"
sql "BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
UPDATE deadlines d SET lease_owner = 'explain', lease_until = now() + interval '60 seconds', attempts = d.attempts + 1
FROM (SELECT id FROM deadlines WHERE status = 'pending' AND due_at <= now()
      AND (lease_until IS NULL OR lease_until < now())
      ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED) due
WHERE d.id = due.id;
ROLLBACK;"
