#!/usr/bin/env bash
# `make bench`: every speed figure in one go on this machine, written to bench/REPORT.md.
# Indexing (ours, Omega's scriptindex, SQLite FTS5), per-query time in one process (Google
# Benchmark: ours, Xapian's quest code path, FTS5 bm25()), ranking quality against the same
# peers (known-item MRR@10, SciFact nDCG@10), HTTP (wrk: ours vs nginx), the server's memory, one database against two local and two
# remote shards, and writes over HTTP against the indexers. Needs ../shared beside the checkout; installs the tools it uses.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/fts5.sh
SHARED=../shared/corpora
[ -d "$SHARED" ] || { echo "bench: $SHARED not found" >&2; exit 1; }
missing=$(for p in libbenchmark-dev libsqlite3-dev sqlite3 xapian-omega time wrk nginx-light valgrind; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null  # finds Google Benchmark now
cmake --build build -j"$(nproc)" >/dev/null

RAW=bench/out/raw
mkdir -p "$RAW"
echo "indexing..." >&2
bench/index_bench.sh 3 > "$RAW/index.md"

echo "per-query time..." >&2
DBS=$(mktemp -d /tmp/prepsearch-query-bench.XXXXXX)
trap 'rm -rf "$DBS"' EXIT
# The same records for all three: every shared corpus.
build/bin/prepsearch-index --quiet --db "$DBS/ours" "$SHARED"/*/docs.jsonl
/usr/bin/python3 bench/jsonl_to_scriptindex.py "$SHARED"/*/docs.jsonl > "$DBS/records.si"
scriptindex "$DBS/omega" bench/scriptindex.script "$DBS/records.si" > /dev/null
jsonl_to_json_array "$SHARED"/*/docs.jsonl > "$DBS/records.json"
sqlite3 "$DBS/fts5.db" "$(fts5_load_sql "$DBS/records.json")"
build/bin/query_bench --ours "$DBS/ours" --omega "$DBS/omega" --fts5 "$DBS/fts5.db" \
  --benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_format=json > "$RAW/query.json"

echo "instructions per search (callgrind)..." >&2
bench/callgrind_bench.sh > "$RAW/callgrind.md"

echo "ranking quality (known items, SciFact)..." >&2
bench/relevance/known_items.sh test > "$RAW/known_items.md"
bench/relevance/run.sh test --peers > "$RAW/scifact.md"
bench/relevance/django_docs.sh > "$RAW/django_docs.md"
bench/relevance/languages.sh > "$RAW/languages.md"

echo "HTTP..." >&2
bench/serve_bench.sh 10 > "$RAW/serve.md"
echo "shards..." >&2
bench/shards_bench.sh 10 > "$RAW/shards.md"
echo "writes over HTTP..." >&2
WRITES=$(mktemp -d /tmp/prepsearch-write-bench.XXXXXX)
/usr/bin/python3 bench/write_bench.py build/bin "$WRITES" "$SHARED"/*/docs.jsonl > "$RAW/writes.md"
rm -rf "$WRITES"

/usr/bin/python3 bench/report.py "$RAW" bench/REPORT.md > "$RAW/REPORT.md"
mv "$RAW/REPORT.md" bench/REPORT.md
echo "wrote bench/REPORT.md" >&2
