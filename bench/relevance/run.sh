#!/bin/sh
# Ranking quality on SciFact (BEIR): index the abstracts, run the claims of one split through
# prepsearch-query (the server's code path, shipped settings), score with prepsearch-score.
# Usage: bench/relevance/run.sh [test|train]   (tune on train; report test)
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
