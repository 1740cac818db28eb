#!/usr/bin/env bash
# HTTP ceiling (issue 6): `wrk -t2 -c64` on wageguard's GET /healthz beside nginx serving a small
# static file, measured in the same run on the same machine, so that the ratio means something.
#
#   bench/http_bench.sh [SECONDS]        default 10 s per measurement
#
# Environment: RUNS (default 3) rounds; each round measures, one after the other, nginx with 1
# and with 2 worker processes and wageguard with 1 and with 2 I/O threads (the shipped default,
# io_threads 0, is one per core: 2 here), in reverse order every other round so that a drift in
# the machine's load favours nobody. nginx is configured as in TOOLCHAIN.md §5 (access_log off,
# keepalive_requests 100000); NGINX_OPEN_FILE_CACHE=1 adds open_file_cache, which saves nginx
# four system calls per request. WAGEGUARD_BIN uses that binary instead of building build/ with
# scripts/build.sh. Prints every run, then the median req/s of each server and the ratios. wageguard runs as `wageguard serve` with the access log on (info, to a file), against
# a private PostgreSQL cluster in a temp dir (serve migrates on start; /healthz never touches
# the database). Not part of the tests: wrk shares the 2 cores with the server, so read the
# ratios, on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
runs="${RUNS:-3}"
scripts/deps.sh >/dev/null
if [ -n "${WAGEGUARD_BIN:-}" ]; then
  bin="$(realpath "$WAGEGUARD_BIN")"
else
  scripts/build.sh >/dev/null
  bin="$PWD/build/adapters/wageguard"
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
work="$(mktemp -d /tmp/wg-http-bench.XXXXXX)"
chmod 755 "$work"  # nginx workers run as nobody when started by root
server=""; nginx_pid=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$nginx_pid" ]; then kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  scripts/pg.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- PostgreSQL (serve migrates on start) ---------------------------------------------------
pg_port="$(scripts/pg.sh free-port)"
scripts/pg.sh start "$work/pg" "$pg_port" >/dev/null
psql -q "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -c "CREATE DATABASE bench"
dsn="host=127.0.0.1 port=$pg_port user=postgres dbname=bench"

# --- nginx: its own prefix and config, no system service --------------------------------------
mkdir -p "$work/nginx/html" "$work/nginx/tmp"
printf '{"status":"ok"}\n' >"$work/nginx/html/healthz"   # 16 bytes, like wageguard's body
chmod -R a+rX "$work/nginx"
start_nginx() {  # WORKERS
  local port; port="$(scripts/pg.sh free-port)"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  default_type application/json;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  $([ "${NGINX_OPEN_FILE_CACHE:-0}" = 1 ] && echo "open_file_cache max=16 inactive=60s; open_file_cache_valid 60s;")
  server { listen 127.0.0.1:$port; root $work/nginx/html; }
}
EOF
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>>"$work/nginx/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
  url="http://127.0.0.1:$port/healthz"
}
stop_nginx() { kill -QUIT "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; }

# --- wageguard serve: the shipped settings with absolute paths and the I/O threads set ----------
start_wageguard() {  # IO_THREADS
  cat >"$work/wageguard.yaml" <<EOF
listen: 127.0.0.1:0
database:
  url: "$dsn"
  pool_size: 8
http:
  io_threads: $1
workflows_dir: $PWD/config/workflows
calendars_dir: $PWD/config/calendars
rules_dir: $PWD/config/rules
pepper_file: $work/pepper
log_level: info
EOF
  [ -f config/webhooks.yaml ] && echo "webhooks_file: $PWD/config/webhooks.yaml" >>"$work/wageguard.yaml"
  "$bin" serve --config "$work/wageguard.yaml" >"$work/serve.out" 2>"$work/serve.log" &
  server=$!
  for _ in $(seq 1 300); do grep -q "listening on" "$work/serve.out" && break; sleep 0.1; done
  url="$(grep -o 'http://[0-9.:]*' "$work/serve.out" | head -1)/healthz"
  curl -sf "$url" >/dev/null || { cat "$work/serve.out" "$work/serve.log"; exit 1; }
}
stop_wageguard() { kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""; }

# CPU seconds (user + system, all threads) used so far by the given processes.
cpu_seconds() {
  local ticks=0 pid
  for pid in "$@"; do ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'
}

# One wrk measurement: prints "req/s p50 p99 errors cpu-us-per-request" (errors: socket errors +
# non-2xx; the CPU is the server's own, nginx's master and workers, per request: a figure that
# other load on the machine disturbs less than req/s).
measure() {  # URL PID...
  local url="$1"; shift
  local pids=("$@") before after
  for pid in $(pgrep -P "$1" || true); do pids+=("$pid"); done
  before="$(cpu_seconds "${pids[@]}")"
  local out; out="$(wrk -t2 -c64 -d"${seconds}s" --latency "$url")"
  after="$(cpu_seconds "${pids[@]}")"
  local rps p50 p99 errors requests cpu
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  cpu="$(awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN {printf "%.1f", (b - a) / n * 1e6}')"
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(awk '/Socket errors|Non-2xx/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i} END {print s + 0}' <<<"$out")"
  echo "$rps $p50 $p99 $errors $cpu"
}

declare -A results cpus
row() { printf '%-26s %12s %10s %10s %8s %12s\n' "$@"; }
echo "wrk -t2 -c64 -d${seconds}s, $runs round(s); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
row "server" "req/s" "p50" "p99" "errors" "cpu us/req"
one() {  # nginx|wageguard N
  local name
  if [ "$1" = nginx ]; then
    name="nginx, $2 worker(s)"; start_nginx "$2"
  else
    name="wageguard, $2 io thread(s)"; start_wageguard "$2"
  fi
  local pid="$server"; [ "$1" = nginx ] && pid="$nginx_pid"
  read -r rps p50 p99 errors cpu < <(measure "$url" "$pid")
  if [ "$1" = nginx ]; then stop_nginx; else stop_wageguard; fi
  results["$name"]+="$rps "
  cpus["$name"]+="$cpu "
  row "$name" "$rps" "$p50" "$p99" "$errors" "$cpu"
  if [ "$1" = wageguard ]; then echo "    (access log lines written: $(grep -c ' request id=' "$work/serve.log" || true))"; fi
}
order=("nginx 1" "nginx 2" "wageguard 1" "wageguard 2")
for round in $(seq 1 "$runs"); do
  if [ $((round % 2)) = 1 ]; then
    for item in "${order[@]}"; do one $item; done
  else
    for ((i = ${#order[@]} - 1; i >= 0; i--)); do one ${order[$i]}; done
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo
echo "medians over $runs round(s):"
for name in "nginx, 1 worker(s)" "nginx, 2 worker(s)" "wageguard, 1 io thread(s)" "wageguard, 2 io thread(s)"; do
  printf '  %-26s %10.0f req/s %8.1f us CPU/request\n' "$name" "$(median "${results[$name]}")" "$(median "${cpus[$name]}")"
done
best_nginx="$(printf '%s\n' "$(median "${results["nginx, 1 worker(s)"]}")" "$(median "${results["nginx, 2 worker(s)"]}")" | sort -g | tail -1)"
for threads in 1 2; do
  wg="$(median "${results["wageguard, $threads io thread(s)"]}")"
  printf '  ratio wageguard (%s io thread(s)) / best nginx: %.2f\n' "$threads" "$(awk -v a="$wg" -v b="$best_nginx" 'BEGIN {print a / b}')"
done
