#!/usr/bin/env bash
# Runs the calendar cross-check for ctest: installs the pinned npm packages into WORK_DIR (a
# folder under the build tree) when they are missing or the lock file changed, then runs
# check.mjs. Fails loudly, never skips, when node or npm is missing.
# Usage: run.sh WORK_DIR [CALENDARS_DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run.sh WORK_DIR [CALENDARS_DIR]}
calendars=${2:-$here/../../config/calendars}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "calendar crosscheck: '$tool' not found on PATH; install Node.js and npm to run this test" >&2
    exit 1
  fi
done

mkdir -p "$work"
# A changed lock file means other package versions: reinstall rather than check against stale ones.
if [ ! -d "$work/node_modules" ] || ! cmp -s "$here/package-lock.json" "$work/package-lock.json"; then
  rm -rf "$work/node_modules"
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund)
fi

exec node "$here/check.mjs" --packages "$work" --calendars "$calendars"
