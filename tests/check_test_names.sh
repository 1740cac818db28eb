#!/usr/bin/env bash
# ctest takes a ';' in a discovered doctest name as a list separator: the test splits into two
# filters that match nothing, and both "pass" without running. Refuse such names.
set -euo pipefail
root="$1"
if grep -rnE '(TEST_CASE|TEST_CASE_TEMPLATE|SUBCASE)\("[^"]*;' "$root/tests" --include='*.cpp'; then
  echo "test names above contain ';': ctest would split them and run nothing" >&2
  exit 1
fi
echo "no test name contains ';'"
