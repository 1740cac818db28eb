#!/usr/bin/env bash
# Quick start, part 2: install what is missing, build, and run every test with ctest. The
# integration tests start their own throwaway PostgreSQL on a free port (a ctest fixture) and
# stop it afterwards. Exits non-zero on any failure; leaves no process running.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

scripts/deps.sh
scripts/build.sh

echo "scripts/test.sh: install and build took $(( $(date +%s) - started ))s; running ctest"

# If ctest is interrupted before its cleanup fixture runs, stop the throwaway cluster anyway.
root="$PWD"
trap '"$root/scripts/pg.sh" stop "$root/build/test-pg" || true' EXIT
ctest --test-dir build --output-on-failure --timeout 900 -j "${TEST_JOBS:-2}" "$@"
