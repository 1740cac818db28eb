#!/usr/bin/env bash
# The one list of what wageguard needs from Debian 12, and how to get it.
#   scripts/deps.sh          install what is missing (as root), or print the apt line and fail
#   scripts/deps.sh --list   print the package names
set -euo pipefail

PACKAGES=(
  g++ cmake make ccache pkgconf
  libboost1.81-dev            # Asio and Beast (headers); conflicts with Debian's default 1.74 -dev
  libsoci-dev libpq-dev       # SOCI with its PostgreSQL backend
  postgresql postgresql-contrib  # PostgreSQL 15 server for the private cluster; pgbench
  libyaml-cpp-dev libspdlog-dev nlohmann-json3-dev libssl-dev
  doctest-dev
  libvalijson-dev             # JSON Schema checks in tests (schemas/workflow.schema.json)
  graphviz                    # svg diagrams (`wageguard graph --format svg`, the diagram API); dot and mermaid need nothing
  curl                        # the smoke test and the README's examples
  nodejs npm                  # the calendar cross-check against the npm schedules
  wrk nginx-light             # bench/http_bench.sh: wrk against wageguard and against nginx serving a static file
)


names() { printf '%s\n' "${PACKAGES[@]}"; }

if [ "${1:-}" = "--list" ]; then names; exit 0; fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node/npm may come from outside Debian (e.g. preinstalled): accept working commands.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for pkg in "${missing[@]}"; do [[ "$pkg" == nodejs || "$pkg" == npm ]] || filtered+=("$pkg"); done
  missing=("${filtered[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "wageguard needs these Debian packages; as root run:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
