#!/usr/bin/env bash
# Play scenario files against a private PostgreSQL (var/scenario-pg, 127.0.0.1:54339), started
# if needed and left running for the next call (stop it with: scripts/pg.sh stop var/scenario-pg).
#   scripts/scenarios.sh tests/scenarios                 every scenario
#   scripts/scenarios.sh --verbose tests/scenarios/s01_group_complaint_paid.yaml
# Builds nothing: run scripts/build.sh first. BUILD_DIR picks the build (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${BUILD_DIR:-build}/adapters/wageguard"
[ -x "$bin" ] || { echo "scripts/scenarios.sh: $bin is missing; run scripts/build.sh" >&2; exit 2; }
dsn="$(scripts/pg.sh start var/scenario-pg "${SCENARIO_PG_PORT:-54339}")"
exec "$bin" scenario run --database-url "$dsn" "$@"
