#!/usr/bin/env bash
# Runs the benchmarks of bench/ on one core and prints each figure beside its target. Not part
# of the tests: run it on a quiet machine and read the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh >/dev/null
pin=(); command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ] && pin=(taskset -c 1)
status=0
echo "== guard evaluation (target 10 million/s)";  "${pin[@]}" build/bench/guard_bench || status=1
echo "== fire() decisions (target 1 million/s)";    "${pin[@]}" build/bench/fire_bench || status=1
exit $status
