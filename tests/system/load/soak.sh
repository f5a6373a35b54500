#!/bin/bash
# Soak: wrk at 100 connections for SOAK_SECONDS (default 60) over mixed queries against a real
# prepsearch-serve on 127.0.0.1, sampling its RSS every second. Passes with no socket error,
# no non-2xx answer, RSS in the last ten seconds less than SOAK_RSS_LIMIT percent (default
# 10; 0 skips it, as under ASan, whose quarantine holds freed memory) above the first ten, and
# a clean exit on SIGTERM (under ASan that is also LeakSanitizer's verdict).
# Usage: tests/system/load/soak.sh BIN_DIR SOURCE_DIR   (exit 77: wrk is not installed)
set -eu
bin=$1
src=$2
seconds=${SOAK_SECONDS:-60}
rss_limit=${SOAK_RSS_LIMIT:-10}
command -v wrk >/dev/null || { echo "wrk is not installed: skipped"; exit 77; }
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
"$bin/prepsearch-index" --quiet --db "$work/index" "$src/corpus"
# A crash leaves a core in $work, and its stack is printed below.
ulimit -c unlimited 2>/dev/null || true
(cd "$work" && exec "$bin/prepsearch-serve" --db "$work/index" --port 0 --quiet --search-rate 0 2>"$work/serve.log") &
server=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start"; cat "$work/serve.log"; exit 1; }
: >"$work/rss"
(
  # A sample every second on the clock: the tick starts before the read, so a slow awk on a
  # busy machine does not stretch the period (it did: 19 samples in a 20 s run).
  while kill -0 "$server" 2>/dev/null; do
    sleep 1 &
    tick=$!
    awk '/^VmRSS:/ {print $2}' "/proc/$server/status" >>"$work/rss" 2>/dev/null || true
    wait "$tick"
  done
) &
sampler=$!
wrk -t2 -c100 -d"${seconds}s" --timeout 10s -s "$src/tests/system/load/soak.lua" \
  "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
kill "$sampler" 2>/dev/null || true
cat "$work/wrk.txt"
if ! kill -0 "$server" 2>/dev/null; then
  status=0
  wait "$server" || status=$?
  server=
  echo "FAIL: the server died during the soak (exit status $status)"
  cat "$work/serve.log"
  for core in "$work"/core*; do
    [ -f "$core" ] && command -v gdb >/dev/null &&
      gdb -batch -ex "thread apply all bt 12" "$bin/prepsearch-serve" "$core" 2>&1 | tail -n 150
  done
  exit 1
fi
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/wrk.txt")
socket_errors=$(awk '/Socket errors:/ {print $4 + $6 + $8 + $10}' "$work/wrk.txt" | tr -d ',')
samples=$(wc -l <"$work/rss")
first=$(head -n 10 "$work/rss" | awk '{s += $1} END {print int(s / NR)}')
last=$(tail -n 10 "$work/rss" | awk '{s += $1} END {print int(s / NR)}')
growth=$(awk -v a="$first" -v b="$last" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
echo "soak: $requests requests in ${seconds}s at 100 connections; non-2xx ${non2xx:-0}; socket errors ${socket_errors:-0}; RSS first 10 s ${first} KiB, last 10 s ${last} KiB (${growth}%), $samples samples"
[ -n "$requests" ] && [ "$requests" -gt 0 ] || { echo "FAIL: no requests"; exit 1; }
[ "${non2xx:-0}" -eq 0 ] || { echo "FAIL: non-2xx answers"; exit 1; }
if [ "${socket_errors:-0}" -ne 0 ]; then
  # What the server says of it: answers refused at the gate, by status.
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' >&3
  grep 'route="gate"' <&3 | grep requests_total || true
  echo "FAIL: socket errors"
  exit 1
fi
[ "$samples" -ge 20 ] || { echo "FAIL: too few RSS samples"; exit 1; }
if [ "$rss_limit" -gt 0 ]; then
  awk -v a="$first" -v b="$last" -v limit="$rss_limit" 'BEGIN {exit !(b < a * (1 + limit / 100))}' ||
    { echo "FAIL: RSS grew ${growth}%"; exit 1; }
fi
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
[ "$status" -eq 0 ] || { echo "FAIL: the server exited with $status"; cat "$work/serve.log"; exit 1; }
echo "soak: passed"
