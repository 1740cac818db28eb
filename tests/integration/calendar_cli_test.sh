#!/usr/bin/env bash
# Runs `wageguard calendar add` for every row of tests/scenarios/calendar_dates.tsv and compares
# the first line it prints (or its error code) with the expected date.
set -uo pipefail
binary="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
passed=0; failed=0
while IFS=$'\t' read -r name start period expected options; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  # shellcheck disable=SC2086 # options are words
  output="$("$binary" calendar add --calendars "$root/config/calendars" ${options:-} "$start" "$period" 2>&1)"
  status=$?
  if [[ "$expected" == error* ]]; then
    code="${expected#error }"
    if [ $status -eq 1 ] && grep -q "$code" <<<"$output"; then passed=$((passed + 1)); continue; fi
  else
    if [ $status -eq 0 ] && [ "$(head -n1 <<<"$output")" = "$expected" ]; then passed=$((passed + 1)); continue; fi
  fi
  failed=$((failed + 1))
  echo "FAIL $name: $start + $period: expected $expected, got (exit $status):"
  sed 's/^/    /' <<<"$output"
done < "$root/tests/scenarios/calendar_dates.tsv"
echo "calendar scenarios: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
