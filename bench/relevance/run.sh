#!/bin/sh
# Ranking quality on SciFact (BEIR): index the abstracts, run the claims of one split through
# prepsearch-query (the server's code path, shipped settings), score with prepsearch-score.
# Usage: bench/relevance/run.sh [test|train] [--peers]   (tune on train; report test)
set -eu
split=${1:-test}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
scifact=${SCIFACT:-$root/../shared/eval/scifact}
out=$root/bench/out/scifact
[ -f "$scifact/docs.jsonl" ] || { echo "no SciFact at $scifact (../shared/eval/scifact)" >&2; exit 2; }
mkdir -p "$out"

if [ ! -f "$out/index" ] || [ "$bin/prepsearch-index" -nt "$out/index" ]; then
  rm -rf "$out"/index*
  "$bin/prepsearch-index" --quiet --db "$out/index" "$scifact/docs.jsonl"
fi
grep "\"split\": \"$split\"" "$scifact/queries.jsonl" > "$out/$split.queries.jsonl"
"$bin/prepsearch-query" --db "$out/index" --format trec --limit 1000 \
  --queries "$out/$split.queries.jsonl" > "$out/$split.run"
echo "SciFact $split split, prepsearch (shipped settings), run: bench/out/scifact/$split.run"
"$bin/prepsearch-score" "$scifact/qrels.$split.tsv" "$out/$split.run"

# With --peers (make bench): Xapian as `quest` runs a query and SQLite FTS5, on the same
# abstracts and claims, as a table of nDCG@10 and MRR.
[ "${2:-}" = "--peers" ] || exit 0
. "$root/bench/fts5.sh"
if [ ! -d "$out/omega" ] || [ ! -f "$out/fts5.db" ]; then
  rm -rf "$out/omega" "$out/fts5.db"
  /usr/bin/python3 "$root/bench/jsonl_to_scriptindex.py" "$scifact/docs.jsonl" > "$out/records.si"
  scriptindex "$out/omega" "$root/bench/scriptindex.script" "$out/records.si" > /dev/null
  jsonl_to_json_array "$scifact/docs.jsonl" > "$out/records.json"
  sqlite3 "$out/fts5.db" "$(fts5_load_sql "$out/records.json")"
  rm -f "$out/records.si" "$out/records.json"
fi
"$bin/prepsearch-peer-run" quest "$out/omega" "$out/$split.queries.jsonl" 1000 > "$out/$split.quest.run"
"$bin/prepsearch-peer-run" fts5 "$out/fts5.db" "$out/$split.queries.jsonl" 1000 > "$out/$split.fts5.run"
echo
echo "| engine | nDCG@10 | MRR |"
echo "|---|---|---|"
for engine in "prepsearch:$split.run" "Xapian (quest settings):$split.quest.run" "SQLite FTS5:$split.fts5.run"; do
  "$bin/prepsearch-score" "$scifact/qrels.$split.tsv" "$out/${engine#*:}" |
    awk -v e="${engine%%:*}" '{v[$1] = $2} END {printf "| %s | %.4f | %.4f |\n", e, v["nDCG@10"], v["MRR"]}'
done
