#!/bin/sh
# Serving speed by layout: one database, two local shards (prepsearch-index --shards 2) and
# the same two shards behind two xapian-tcpsrv processes, each searched by prepsearch-serve
# over all shared corpora plus corpus/, wrk at 1 and 50 connections, in one run.
# Usage: bench/shards_bench.sh [SECONDS]   (needs ../shared; installs wrk and xapian-tools)
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
SHARED=../shared/corpora
BIN=build/bin
PORT_APP=18092
PORT_SHARD=18093  # and the next one
[ -d "$SHARED" ] || { echo "shards_bench: $SHARED not found" >&2; exit 1; }
command -v wrk >/dev/null 2>&1 && command -v xapian-tcpsrv >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk xapian-tools >/dev/null
}
WORK=$(mktemp -d)
PIDS=""
cleanup() {
  for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
  sleep 0.2
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
. bench/wrk_run.sh

"$BIN/prepsearch-index" --db "$WORK/one" --quiet corpus/ "$SHARED"/*/docs.jsonl
"$BIN/prepsearch-index" --db "$WORK/sharded" --shards 2 --quiet corpus/ "$SHARED"/*/docs.jsonl
python3 bench/make_queries.py "$WORK/queries.lua" 600 "$SHARED"/*/docs.jsonl >/dev/null
: > "$WORK/remote"
for shard in 0 1; do
  port=$((PORT_SHARD + shard))
  # setsid: stopping, xapian-tcpsrv signals its whole process group, which must not be ours.
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port $port \
    "$WORK/sharded.gen-000001/shard-$shard" &
  PIDS="$PIDS $!"
  echo "remote 127.0.0.1:$port" >> "$WORK/remote"
done
sleep 1

echo "| layout | connections | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|"
for layout in one sharded remote; do
  lexicon=$([ $layout = remote ] && echo "--lexicon $WORK/sharded" || true)
  # shellcheck disable=SC2086  # $lexicon is two words or none
  "$BIN/prepsearch-serve" --db "$WORK/$layout" $lexicon --port $PORT_APP --quiet --search-rate 0 &
  app=$!
  PIDS="$PIDS $app"
  sleep 1
  name=$(case $layout in one) echo "one database" ;; sharded) echo "two local shards" ;;
         remote) echo "two shards behind xapian-tcpsrv" ;; esac)
  wrk -t1 -c4 -d2s -s "$WORK/queries.lua" "http://127.0.0.1:$PORT_APP" >/dev/null  # warm up
  run "$name" 1 "http://127.0.0.1:$PORT_APP" "$WORK/queries.lua"
  run "$name" 50 "http://127.0.0.1:$PORT_APP" "$WORK/queries.lua"
  kill $app
  wait $app 2>/dev/null || true
done
