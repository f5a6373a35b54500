#!/bin/sh
# Known-item search over all shared corpora: 300 queries made from the corpora's own titles
# (bench/relevance/make_known_items.py; seed 1 = train, for tuning; seed 2 = test, reported),
# run through prepsearch (prepsearch-query, shipped settings), Xapian as `quest` runs a query
# on scriptindex's database, and SQLite FTS5 by bm25(); the same records for all three.
# Prints MRR@10, P@1 and nDCG@10 per engine. Needs ../shared, scriptindex and sqlite3.
# Usage: bench/relevance/known_items.sh [test|train]
set -eu
split=${1:-test}
case $split in train) seed=1 ;; test) seed=2 ;; *) echo "usage: $0 [test|train]" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
shared=${SHARED:-$root/../shared/corpora}
out=$root/bench/out/known-items
[ -d "$shared" ] || { echo "no corpora at $shared" >&2; exit 2; }
for tool in scriptindex sqlite3 "$bin/prepsearch-peer-run"; do
  command -v "$tool" >/dev/null || { echo "known_items: $tool is missing (make bench installs it)" >&2; exit 2; }
done
. "$root/bench/fts5.sh"
mkdir -p "$out"

# Indexes, rebuilt when the indexer is newer than them.
if [ ! -f "$out/ours" ] || [ "$bin/prepsearch-index" -nt "$out/ours" ]; then
  rm -rf "$out"/ours* "$out/omega" "$out/fts5.db"
  "$bin/prepsearch-index" --quiet --db "$out/ours" "$shared"/*/docs.jsonl
  /usr/bin/python3 "$root/bench/jsonl_to_scriptindex.py" "$shared"/*/docs.jsonl > "$out/records.si"
  scriptindex "$out/omega" "$root/bench/scriptindex.script" "$out/records.si" > /dev/null
  jsonl_to_json_array "$shared"/*/docs.jsonl > "$out/records.json"
  sqlite3 "$out/fts5.db" "$(fts5_load_sql "$out/records.json")"
  rm -f "$out/records.si" "$out/records.json"
fi

python3 "$here/make_known_items.py" --seed "$seed" --count 300 --out "$out/$split" \
  "$shared"/*/docs.jsonl 2>/dev/null
"$bin/prepsearch-query" --db "$out/ours" --format trec --limit 10 \
  --queries "$out/$split.queries.jsonl" > "$out/$split.ours.run"
"$bin/prepsearch-peer-run" quest "$out/omega" "$out/$split.queries.jsonl" 10 > "$out/$split.quest.run"
"$bin/prepsearch-peer-run" fts5 "$out/fts5.db" "$out/$split.queries.jsonl" 10 > "$out/$split.fts5.run"

echo "Known-item search, $split set (seed $seed, 300 queries), top 10; runs in bench/out/known-items"
echo "| engine | MRR@10 | P@1 | nDCG@10 |"
echo "|---|---|---|---|"
for engine in ours quest fts5; do
  "$bin/prepsearch-score" "$out/$split.qrels.tsv" "$out/$split.$engine.run" |
    awk -v e="$engine" '{v[$1] = $2} END {
      name = e == "ours" ? "prepsearch" : e == "quest" ? "Xapian (quest settings)" : "SQLite FTS5";
      printf "| %s | %.4f | %.4f | %.4f |\n", name, v["MRR"], v["P@1"], v["nDCG@10"]}'
done
# What no engine can beat in expectation: the queries' titles ranked by the generator's own
# chances (bench/relevance/known_items_ceiling.py).
printf '| best any engine can expect (generator'"'"'s own chances) | %s | | |\n' \
  "$(/usr/bin/python3 "$here/known_items_ceiling.py" "$out/$split.qrels.tsv" \
    "$out/$split.queries.jsonl" "$shared"/*/docs.jsonl)"
