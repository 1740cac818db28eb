#!/usr/bin/env bash
# `wageguard check` as policy staff run it: the shipped workflows are clean (exit 0, no
# warnings) and their longest statutory paths are the law's; the broken fixture gives exactly
# its three located errors and exit 1.
set -uo pipefail
binary="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
fail() { echo "check_cli: FAILED: $*"; exit 1; }

out="$("$binary" check config/workflows 2>&1)"; status=$?
echo "$out"
[ $status -eq 0 ] || fail "shipped workflows: exit $status"
grep -q "0 error(s)" <<<"$out" || fail "shipped workflows report errors"
grep -q "longest statutory path" <<<"$out" || fail "no longest-path report"
grep -q " 0 warning(s)" <<<"$out" || fail "shipped workflows have warnings"
# Each workflow's longest path is the one the law sets (tests/integration/longest_paths.txt).
checked=0
while read -r name days _; do
  case "$name" in ''|'#'*) continue ;; esac
  grep -q "^$name: longest statutory path $days days " <<<"$out" || fail "$name: expected a longest path of $days days"
  checked=$((checked + 1))
done < tests/integration/longest_paths.txt
[ "$checked" -eq "$(grep -c ': longest statutory path' <<<"$out")" ] || fail "a shipped workflow has no expected longest path"

out="$("$binary" check tests/fixtures/workflows/three_errors.yaml 2>&1)"; status=$?
echo "$out"
[ $status -eq 1 ] || fail "fixture: expected exit 1, got $status"
[ "$(grep -c ': error: ' <<<"$out")" -eq 3 ] || fail "fixture: expected 3 errors"
grep -q "three_errors.yaml:16:19: error: .*undeclared state 'investigatng' (did you mean 'investigating'?)" <<<"$out" || fail "misspelt target"
grep -q "three_errors.yaml:21:51: error: .*no field 'amout' (did you mean 'amount'?)" <<<"$out" || fail "unknown field in guard"
grep -q "three_errors.yaml:25:3: error: state 'orphan' cannot be reached" <<<"$out" || fail "unreachable state"
echo "check_cli: 2 passed, 0 failed"
