#!/usr/bin/env bash
# Runs the Standard Webhooks interop check for ctest: installs the pinned npm package
# standardwebhooks into WORK_DIR (a folder under the build tree) when it is missing or the lock
# file changed, then runs interop.mjs against TOOL (the webhook_sign_tool test helper). Fails
# loudly, never skips, when node or npm is missing.
# Usage: run.sh WORK_DIR TOOL
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run.sh WORK_DIR TOOL}
tool=${2:?usage: run.sh WORK_DIR TOOL}

for program in node npm; do
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "webhook interop: '$program' not found on PATH; install Node.js and npm to run this test" >&2
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

exec node "$here/interop.mjs" --tool "$tool" --packages "$work"
