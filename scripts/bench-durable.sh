#!/usr/bin/env bash
# Durable transitions per second: the engine (bench/durable_bench: CaseService → PgCaseStore)
# against pgbench running a transaction of the same shape (one row UPDATE plus one append-only
# INSERT, TOOLCHAIN.md §4), at 1, 8 and 32 clients, synchronous_commit=on, on a private
# PostgreSQL cluster of its own that is removed at the end. Prints the ratio engine/pgbench and
# where the CPU went. Takes about 5 minutes (4 with GROUPED=0); run it on a quiet machine (the
# last column says how busy the rest of the machine was).
#   scripts/bench-durable.sh    environment: BUILD_DIR (default build), JOBS, SECONDS_PER_RUN (15),
#                               CLIENTS ("1 8 32"), CASES (10000), GROUPED (1), PROFILE=1 (see below)
# The engine runs as `wageguard serve` does (database.cached_cases, pg_case_cache.hpp), in two
# conditions, then with group commit:
#   engine  a node that knows its cases: every case is read once first, untimed, as a person
#           opens a case before acting on it, so each step is decided on the node's copy and
#           written in one version-checked statement (one round trip);
#   cold    a node that does not know the cases (the cache off: --cached-cases 0): each step
#           takes BEGIN and the locked read, then the write and COMMIT (two round trips), what a
#           deadline or a webhook on a long-quiet case costs;
#   keyed   every step with an Idempotency-Key of its own (--keyed yes), as the inbox sends
#           webhooks: the key is claimed and the response stored in the step's transaction;
#   grouped with GROUPED=1, group commit: steps that arrive together share one transaction, each
#           under a savepoint, every caller answered after the shared COMMIT (--commit grouped).
# All keep synchronous_commit=on, on one cluster in the same run, in the order pgbench, engine,
# cold, keyed, grouped.
# PROFILE=1 loads pg_stat_statements, prints the statements of each transition, and also runs
# the engine's own SQL of a cold step through pgbench as prepared statements ("engine SQL"): what
# the schema costs without the client's per-call parsing, planning and extra round trips.
# The environment reaches the cluster too: e.g. MALLOC_TRIM_THRESHOLD_=268435456 keeps glibc in
# the backends from returning heap to the kernel (brk) after each planned statement, which costs
# TLB-shootdown interrupts on this VM. Being the server's setting, it applies to pgbench's
# backends and the engine's alike; the first line of the output says whether it was set.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc)}"
RUN_SECONDS="${SECONDS_PER_RUN:-15}"
CLIENTS="${CLIENTS:-1 8 32}"
CASES="${CASES:-10000}"
PROFILE="${PROFILE:-0}"
GROUPED="${GROUPED:-1}"

scripts/deps.sh
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >/dev/null
fi
cmake --build "$BUILD_DIR" -j "$JOBS" --target wageguard durable_bench >/dev/null

# The cluster lives on the same disk as var/pg (not a tmpfs): fsync must cost what it costs.
mkdir -p var
PG_DIR="$(mktemp -d "$PWD/var/bench-pg.XXXXXX")"
PORT="$(scripts/pg.sh free-port)"
cleanup() { scripts/pg.sh stop "$PG_DIR"; rm -rf "$PG_DIR"; }
trap cleanup EXIT
scripts/pg.sh start "$PG_DIR" "$PORT" >/dev/null
ADMIN="host=127.0.0.1 port=$PORT user=postgres dbname=postgres"
DSN="host=127.0.0.1 port=$PORT user=postgres dbname=wageguard_bench"
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$DSN" -c "$1"; }

psql -X -q -v ON_ERROR_STOP=1 "$ADMIN" -c "CREATE DATABASE wageguard_bench" \
  -c "ALTER SYSTEM SET synchronous_commit = on" >/dev/null
if [ "$PROFILE" = 1 ]; then
  psql -X -q "$ADMIN" -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
  scripts/pg.sh stop "$PG_DIR"
  scripts/pg.sh start "$PG_DIR" "$PORT" >/dev/null
  psql -X -q "$ADMIN" -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" \
    -c "ALTER SYSTEM SET pg_stat_statements.track_planning = on" -c "SELECT pg_reload_conf()" >/dev/null
  sql "CREATE EXTENSION pg_stat_statements"
else
  psql -X -q "$ADMIN" -c "SELECT pg_reload_conf()" >/dev/null
fi
"$BUILD_DIR/adapters/wageguard" migrate --database-url "$DSN" >/dev/null

# pgbench's side, exactly as TOOLCHAIN.md §4 measured it.
sql "create table wf_instance(id bigint primary key, state int not null, version bigint not null,
                              updated_at timestamptz not null default now());
     insert into wf_instance select g, 0, 0, now() from generate_series(1,100000) g;
     create table wf_event(id bigserial primary key, instance_id bigint not null, kind text not null,
                           payload jsonb not null, at timestamptz not null default now());
     create index on wf_event(instance_id);"
sql "vacuum analyze wf_instance"
cat >"$PG_DIR/wf.sql" <<'EOF'
\set id random(1, 100000)
BEGIN;
UPDATE wf_instance SET state = state + 1, version = version + 1, updated_at = now() WHERE id = :id;
INSERT INTO wf_event(instance_id, kind, payload) VALUES (:id, 'transition', '{"from":"a","to":"b"}');
END;
EOF
# The engine's cases, opened through CaseService before any timed run (outside the timing).
"$BUILD_DIR/bench/durable_bench" --dsn "$DSN" --clients 8 --seconds 0 --cases "$CASES"
if [ "$PROFILE" = 1 ]; then
  # The two statements of a cold step (PgCaseStore::apply with no cached copy), copied from adapters/pg/pg_case_store.cpp (update
  # this when they change), with the values the client would compute filled in by SQL. It
  # writes a placeholder hash: the audit chains of this throwaway database break, nothing else.
  sql "create table bench_ids(n int primary key, id uuid not null)"
  sql "insert into bench_ids select row_number() over (order by id), id from cases where workflow = 'bench_toggle'"
  # pgbench would take the ':MI' of the to_char format for a variable; an inlined SQL function hides it.
  sql "create function bench_utc(t timestamptz) returns text language sql stable
       as \$\$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') \$\$"
  cat >"$PG_DIR/engine_sql.sql" <<'SQL'
\set n random(1, :cases)
BEGIN;
SELECT c.id::text AS cid, c.workflow, c.workflow_version, c.workflow_hash, c.state AS st, c.data::text AS dt,
  coalesce(c.region, ''), c.version, coalesce(c.owner_role, ''), coalesce(c.parent_id::text, ''),
  c.head_seq AS hs, c.head_hash AS hh, bench_utc(c.created_at), bench_utc(c.updated_at),
  coalesce(d.id::text, ''), coalesce(d.fires, ''), coalesce(bench_utc(d.due_at), ''),
  coalesce(d.last_day::text, ''), coalesce(d.basis, ''), coalesce(d.explanation_zh, ''),
  coalesce(d.explanation_en, ''), coalesce(d.extensions_used, 0)
  FROM cases c LEFT JOIN LATERAL (SELECT * FROM deadlines d WHERE d.case_id = c.id AND d.state = c.state
  AND d.status = 'pending' LIMIT 1) d ON true
  WHERE c.id = (SELECT id FROM bench_ids WHERE n = :n) FOR UPDATE OF c \gset
SELECT wageguard_step(NULL, NULL, NULL, CAST(:cid AS uuid), CAST(:hs AS bigint) + 1, 'toggle', 'bench-sql', 'clerk',
  CAST(:st AS text), CASE WHEN CAST(:st AS text) = 'a' THEN 'b' ELSE 'a' END, '{}'::jsonb, now(),
  CAST(:hh AS text), repeat('f', 64), CAST(:dt AS jsonb), 'clerk', NULL::uuid, '{}'::text[], '[]'::jsonb,
  '[]'::jsonb, NULL::jsonb, NULL, NULL, 200, '{}'::jsonb);
END;
SQL
fi
sql "vacuum analyze cases"
sql "vacuum analyze case_events"

echo "cluster: $(sql "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings
  where name in ('synchronous_commit','fsync','wal_sync_method','commit_delay','shared_buffers',
                 'full_page_writes','max_wal_size')")"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs"
echo "server environment: MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-(unset)}"

TICK="$(getconf CLK_TCK)"
POSTMASTER="$(head -1 "$PG_DIR/data/postmaster.pid")"
# CPU seconds (in ticks) used by the cluster: the postmaster, its reaped children (cutime,
# cstime: backends of clients that have exited) and its live children.
pg_ticks() {
  local total=0 pid fields
  for pid in "$POSTMASTER" $(ps --ppid "$POSTMASTER" -o pid= 2>/dev/null); do
    fields='$12 + $13'; [ "$pid" = "$POSTMASTER" ] && fields='$12 + $13 + $14 + $15'
    # A backend that exits meanwhile counts 0 here: its ticks move to the postmaster's cutime.
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk "{s = $fields} END {print s + 0}")))
  done
  echo "$total"
}
# Busy ticks of the whole machine (all CPUs): everything but idle and iowait.
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
wal_lsn() { sql "select pg_current_wal_lsn()"; }
wal_bytes() { sql "select pg_wal_lsn_diff('$2', '$1')::bigint"; }

declare -A RESULT
# measure KIND CLIENTS COMMAND...: runs one timed command; sets RESULT[KIND,tps|pg|client|other|wal].
# durable_bench prints "timed part starts" after connecting (and warming its cache): the server's
# CPU, the machine's and the WAL are counted from there, and the client's CPU is the one it
# reports for its timed part. pgbench is counted from its start, connections included.
measure() {
  local kind="$1" clients="$2"; shift 2
  # Every run starts from vacuumed tables and a fresh checkpoint: no run pays for the dead rows
  # of the one before it (autovacuum and HOT pruning would otherwise land in whichever run follows).
  sql "vacuum analyze wf_instance, wf_event, cases, case_events" >/dev/null
  sql "checkpoint" >/dev/null
  [ "$PROFILE" = 1 ] && sql "select pg_stat_statements_reset()" >/dev/null
  local pg0 m0 lsn0 t0 out tps client pg1 m1 lsn1 t1 log="$PG_DIR/measure.out" runner
  : >"$log"
  (TIMEFORMAT='%U %S'; { time "$@" >>"$log" 2>&1; } 2>>"$log") &
  runner=$!
  if [[ "$1" == */durable_bench ]]; then
    until grep -q '^timed part starts' "$log" || ! kill -0 "$runner" 2>/dev/null; do sleep 0.02; done
  fi
  lsn0="$(wal_lsn)"; pg0="$(pg_ticks)"; m0="$(machine_ticks)"; t0="$(date +%s.%N)"
  wait "$runner"
  sleep 0.5  # the client's backends exit with it: let the postmaster reap them (their CPU moves to cutime)
  t1="$(date +%s.%N)"; m1="$(machine_ticks)"; pg1="$(pg_ticks)"; lsn1="$(wal_lsn)"
  out="$(cat "$log")"
  echo "$out" | sed "s/^/  [$kind c=$clients] /"
  tps="$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p; s/^engine clients=[0-9]* tps=\([0-9.]*\).*/\1/p' |
    head -1)"
  client="$(echo "$out" | sed -n 's/^  client CPU: \([0-9.]*\) s in.*/\1/p' | head -1)"
  # user + system seconds of the whole client process otherwise
  [ -n "$client" ] || client="$(echo "$out" | tail -1 | awk '{print $1 + $2}')"
  local n; n="$(awk -v t="$tps" -v s="$RUN_SECONDS" 'BEGIN{n=t*s; print (n < 1 ? 1 : n)}')"
  RESULT[$kind,tps]="$tps"
  RESULT[$kind,pg]="$(awk -v d=$((pg1 - pg0)) -v k="$TICK" -v n="$n" 'BEGIN{printf "%.3f", 1000*d/k/n}')"
  RESULT[$kind,client]="$(awk -v c="$client" -v n="$n" 'BEGIN{printf "%.3f", 1000*c/n}')"
  RESULT[$kind,wal]="$(awk -v b="$(wal_bytes "$lsn0" "$lsn1")" -v n="$n" 'BEGIN{printf "%.0f", b/n}')"
  # Percent of the machine (all CPUs) busy with anything but this cluster and this client.
  RESULT[$kind,other]="$(awk -v m=$((m1 - m0)) -v p=$((pg1 - pg0)) -v c="$client" -v k="$TICK" \
    -v s="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" -v cpus="$(nproc)" \
    'BEGIN{o=(m/k - p/k - c)/(s*cpus)*100; printf "%.0f", (o < 0 ? 0 : o)}')"
  if [ "$PROFILE" = 1 ]; then
    echo "  [$kind c=$clients] per transaction (pg_stat_statements; wall ms, inflated when CPUs are short):"
    echo "  [$kind c=$clients]   calls plannings plan-ms exec-ms statement"
    sql "select to_char(calls::numeric / $n, '0.99') || to_char(plans::numeric / $n, '0.99') || '    '
           || to_char(total_plan_time::numeric / $n, '0.999') || ' ' || to_char(total_exec_time::numeric / $n, '0.999')
           || '  ' || left(regexp_replace(query, '\s+', ' ', 'g'), 80)
         from pg_stat_statements where calls > $n / 10 order by calls desc, total_exec_time desc" |
      sed "s/^/  [$kind c=$clients]   /"
  fi
}

for c in $CLIENTS; do
  threads=1; [ "$c" -gt 1 ] && threads=2
  measure pgbench "$c" pgbench -n -f "$PG_DIR/wf.sql" -M prepared -c "$c" -j "$threads" -T "$RUN_SECONDS" "$DSN"
  for key in tps pg client wal other; do RESULT[pgbench$c,$key]="${RESULT[pgbench,$key]}"; done
  measure engine "$c" "$BUILD_DIR/bench/durable_bench" --dsn "$DSN" --clients "$c" --seconds "$RUN_SECONDS" \
    --cases "$CASES" --warm yes
  for key in tps pg client wal other; do RESULT[engine$c,$key]="${RESULT[engine,$key]}"; done
  measure cold "$c" "$BUILD_DIR/bench/durable_bench" --dsn "$DSN" --clients "$c" --seconds "$RUN_SECONDS" \
    --cases "$CASES" --cached-cases 0
  for key in tps pg client wal other; do RESULT[cold$c,$key]="${RESULT[cold,$key]}"; done
  measure keyed "$c" "$BUILD_DIR/bench/durable_bench" --dsn "$DSN" --clients "$c" --seconds "$RUN_SECONDS" \
    --cases "$CASES" --keyed yes
  for key in tps pg client wal other; do RESULT[keyed$c,$key]="${RESULT[keyed,$key]}"; done
  if [ "$GROUPED" = 1 ]; then
    measure grouped "$c" "$BUILD_DIR/bench/durable_bench" --dsn "$DSN" --clients "$c" --seconds "$RUN_SECONDS" \
      --cases "$CASES" --commit grouped
    for key in tps pg client wal other; do RESULT[grouped$c,$key]="${RESULT[grouped,$key]}"; done
  fi
  if [ "$PROFILE" = 1 ]; then
    measure enginesql "$c" pgbench -n -f "$PG_DIR/engine_sql.sql" -D cases="$CASES" -M prepared -c "$c" \
      -j "$threads" -T "$RUN_SECONDS" "$DSN"
    for key in tps pg client wal other; do RESULT[enginesql$c,$key]="${RESULT[enginesql,$key]}"; done
  fi
done

# table KIND TITLE: the runs of KIND beside pgbench's, one line per client count.
table() {
  local kind="$1" c ratio
  echo
  echo "$2"
  printf '%-8s %12s %11s %7s   %-21s %-21s %-17s %-9s\n' clients "pgbench tps" "$kind tps" ratio \
    "server CPU pgb/$kind" "client CPU pgb/$kind" "WAL pgb/$kind" "other %"
  for c in $CLIENTS; do
    ratio="$(awk -v e="${RESULT[$kind$c,tps]}" -v p="${RESULT[pgbench$c,tps]}" 'BEGIN{printf "%.2f", (p > 0 ? e/p : 0)}')"
    printf '%-8s %12.0f %11.0f %7s   %-21s %-21s %-17s %-9s\n' "$c" "${RESULT[pgbench$c,tps]}" \
      "${RESULT[$kind$c,tps]}" "$ratio" "${RESULT[pgbench$c,pg]} / ${RESULT[$kind$c,pg]}" \
      "${RESULT[pgbench$c,client]} / ${RESULT[$kind$c,client]}" \
      "${RESULT[pgbench$c,wal]} / ${RESULT[$kind$c,wal]}" "${RESULT[pgbench$c,other]} / ${RESULT[$kind$c,other]}"
  done
}

echo
echo "durable transitions/s, synchronous_commit=on, ${RUN_SECONDS} s per run; CPU in ms per transaction;"
echo "WAL in bytes per transaction; 'other' = % of all $(nproc) CPUs busy with something else meanwhile"
table engine "engine: a node that knows its cases (one version-checked statement per step), as serve runs"
table cold "cold: a node that does not know the cases (locked read, then write)"
table keyed "keyed: every step with an Idempotency-Key of its own (claim, locked read, then write)"
if [ "$GROUPED" = 1 ]; then
  table grouped "grouped: the engine with group commit (durable_bench --commit grouped)"
fi
if [ "$PROFILE" = 1 ]; then
  echo
  echo "engine SQL: a cold step's two statements (PgCaseStore) run by pgbench -M prepared (no client work)"
  printf '%-8s %12s %15s %7s   %-10s %-10s %-6s %-7s\n' clients "pgbench tps" "engine SQL tps" ratio "server CPU" \
    "client CPU" WAL "other %"
  for c in $CLIENTS; do
    ratio="$(awk -v e="${RESULT[enginesql$c,tps]}" -v p="${RESULT[pgbench$c,tps]}" 'BEGIN{printf "%.2f", (p > 0 ? e/p : 0)}')"
    printf '%-8s %12.0f %15.0f %7s   %-10s %-10s %-6s %-7s\n' "$c" "${RESULT[pgbench$c,tps]}" \
      "${RESULT[enginesql$c,tps]}" "$ratio" "${RESULT[enginesql$c,pg]}" "${RESULT[enginesql$c,client]}" \
      "${RESULT[enginesql$c,wal]}" "${RESULT[enginesql$c,other]}"
  done
fi
