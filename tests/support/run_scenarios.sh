#!/usr/bin/env bash
# ctest wrapper: play scenario files with the shipped settings against the fixture's cluster.
#   run_scenarios.sh WAGEGUARD_BIN SOURCE_DIR FILES…
set -euo pipefail
bin="$1"; src="$2"; shift 2
dsn="$(cat "$WG_TEST_PG_DIR/dsn")"
export WAGEGUARD_PEPPER="${WAGEGUARD_PEPPER:-scenario-test-pepper-0123456789abcdef}"
cd "$src"
exec "$bin" scenario run --config "${WG_SCENARIO_CONFIG:-config/wageguard.yaml}" --database-url "$dsn" "$@"
