#!/usr/bin/env bash
# The scenario runner fails what should fail: a wrong expectation is a FAIL with the step's
# place and both values, a malformed file is reported line by line, and the exit status and the
# summary line say so; and the manual clock stays out of everything `serve` is built from.
# (The passing side is every file in tests/scenarios.)
set -euo pipefail
bin="$1"; src="$2"
here="$src/tests/scenario_runner"
fail() { echo "runner_test: $*" >&2; echo "--- output:" >&2; echo "$out" >&2; exit 1; }

set +e
out="$(bash "$src/tests/support/run_scenarios.sh" "$bin" "$src" "$here/fails_on_purpose.yaml" 2>&1)"; code=$?
set -e
[ "$code" = 1 ] || fail "a failing scenario must exit 1, got $code"
grep -q "^FAIL .*fails_on_purpose.yaml" <<<"$out" || fail "no FAIL line"
grep -q "fails_on_purpose.yaml:12:5: step 2 (fire accept as inspector) failed:" <<<"$out" || fail "the failing step is not located"
grep -q "state: expected paid, got investigating" <<<"$out" || fail "the state difference is not shown"
grep -q "deadlines: expected {investigation_overdue: 2025-12-19}, got {investigation_overdue: 2025-12-12}" <<<"$out" \
  || fail "the deadline difference is not shown"
grep -q "step 3" <<<"$out" && fail "steps after the first failure must not run"
grep -q "^0 passed, 1 failed$" <<<"$out" || fail "no summary line"

set +e
out="$(bash "$src/tests/support/run_scenarios.sh" "$bin" "$src" "$here/does_not_load.yaml" 2>&1)"; code=$?
set -e
[ "$code" = 1 ] || fail "a file that does not load must exit 1, got $code"
grep -q "does_not_load.yaml:5:5: error: unknown key 'complian' in a step (did you mean 'complain'?)" <<<"$out" || fail "misspelt step kind not located"
grep -q "does_not_load.yaml:6:5: error: this step needs 'as'" <<<"$out" || fail "missing role not located"
grep -q "does_not_load.yaml:7:9: error: the clock only moves forward" <<<"$out" || fail "backward clock not located"
grep -q "^0 passed, 1 failed$" <<<"$out" || fail "no summary line"
# The manual clock is test-only: nothing that `wageguard serve` is built from may include it.
users="$(cd "$src" && grep -rl 'scenario/manual_clock.hpp' adapters rules workflow | grep -v '^adapters/scenario/' || true)"
[ -z "$users" ] || { out="$users"; fail "the manual clock is reachable outside the scenario runner"; }

echo "runner_test: ok"
