#!/bin/sh
# Instructions per warm search: valgrind's callgrind counts them exactly, so this figure can be
# compared from change to change on a noisy machine. prepsearch-query --format json (the
# server's Searcher and JSON writer) over the 600 mixed queries of make_queries.py, all
# shared corpora plus corpus/; the cost of one query (start-up included) is subtracted.
# Usage: bench/callgrind_bench.sh   (prints a markdown table; needs ../shared and valgrind)
set -eu
cd "$(dirname "$0")/.."
SHARED=../shared/corpora
command -v valgrind >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind >/dev/null
}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
build/bin/prepsearch-index --quiet --db "$WORK/index" corpus/ "$SHARED"/*/docs.jsonl
python3 bench/make_queries.py "$WORK/all.jsonl" 600 "$SHARED"/*/docs.jsonl >/dev/null
head -1 "$WORK/all.jsonl" > "$WORK/one.jsonl"
count() {
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg" build/bin/prepsearch-query \
    --db "$WORK/index" --format json --queries "$1" >/dev/null 2>&1
  awk '/^summary:/ {print $2}' "$WORK/cg"
}
one=$(count "$WORK/one.jsonl")
all=$(count "$WORK/all.jsonl")
queries=$(wc -l < "$WORK/all.jsonl")
echo "| queries | instructions, one query | instructions, all | per warm search |"
echo "|---|---|---|---|"
echo "| $queries | $one | $all | $(( (all - one) / (queries - 1) )) |"

# Related documents (GET /api/docs/{id}/related): the 28 judged Django questions
# (tests/relevance/related.jsonl) over the same index, against one of them.
ids=$(/usr/bin/python3 -c "import json; print(' '.join('--related ' + json.loads(l)['id'] for l in open('tests/relevance/related.jsonl')))")
first=$(echo "$ids" | cut -d' ' -f1,2)
related() {
  # shellcheck disable=SC2086  # the --related options, one per id
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg" build/bin/prepsearch-query \
    --db "$WORK/index" --format json --limit 5 $1 >/dev/null 2>&1
  awk '/^summary:/ {print $2}' "$WORK/cg"
}
one=$(related "$first")
all=$(related "$ids")
echo
echo "| related lists | instructions, one | instructions, all | per warm related list |"
echo "|---|---|---|---|"
echo "| 28 | $one | $all | $(( (all - one) / 27 )) |"
