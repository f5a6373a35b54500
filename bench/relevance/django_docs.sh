#!/bin/sh
# Judged queries over Django's documentation alone: reference and topic pages against the
# release notes that mention the same names. Each query (bench/relevance/django_docs.train.jsonl,
# written for tuning; the issue's own set is hidden) judges every section of its pages
# relevant; MRR@10 says how soon the first comes. prepsearch, Xapian as `quest` runs a query
# on scriptindex's database, and SQLite FTS5, over the same records.
# Usage: bench/relevance/django_docs.sh   (needs ../shared, scriptindex and sqlite3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
docs=${SHARED:-$root/../shared/corpora}/django-docs/docs.jsonl
out=$root/bench/out/django-docs
queries=$here/django_docs.train.jsonl
[ -f "$docs" ] || { echo "no Django docs at $docs" >&2; exit 2; }
for tool in scriptindex sqlite3 "$bin/prepsearch-peer-run"; do
  command -v "$tool" >/dev/null || { echo "django_docs: $tool is missing (make bench installs it)" >&2; exit 2; }
done
. "$root/bench/fts5.sh"
mkdir -p "$out"
if [ ! -f "$out/ours" ] || [ "$bin/prepsearch-index" -nt "$out/ours" ]; then
  rm -rf "$out"/ours* "$out/omega" "$out/fts5.db"
  "$bin/prepsearch-index" --quiet --db "$out/ours" "$docs"
  /usr/bin/python3 "$root/bench/jsonl_to_scriptindex.py" "$docs" > "$out/records.si"
  scriptindex "$out/omega" "$root/bench/scriptindex.script" "$out/records.si" > /dev/null
  jsonl_to_json_array "$docs" > "$out/records.json"
  sqlite3 "$out/fts5.db" "$(fts5_load_sql "$out/records.json")"
  rm -f "$out/records.si" "$out/records.json"
fi
# Every section of a judged page is relevant: its id starts with the page's path.
/usr/bin/python3 - "$docs" "$queries" "$out/qrels.tsv" <<'PY'
import json, sys
ids = [json.loads(line)["id"] for line in open(sys.argv[1])]
with open(sys.argv[3], "w") as qrels:
    for line in open(sys.argv[2]):
        query = json.loads(line)
        for doc in ids:
            if any(doc.startswith(page) for page in query["pages"]):
                qrels.write(f"{query['id']}\t{doc}\t1\n")
PY
"$bin/prepsearch-query" --db "$out/ours" --format trec --limit 10 --queries "$queries" > "$out/ours.run"
"$bin/prepsearch-peer-run" quest "$out/omega" "$queries" 10 > "$out/quest.run"
"$bin/prepsearch-peer-run" fts5 "$out/fts5.db" "$queries" 10 > "$out/fts5.run"
echo "Django documentation alone, $(wc -l < "$queries") judged training queries, top 10; runs in bench/out/django-docs"
echo "| engine | MRR@10 | P@1 |"
echo "|---|---|---|"
for engine in ours quest fts5; do
  "$bin/prepsearch-score" "$out/qrels.tsv" "$out/$engine.run" |
    awk -v e="$engine" '{v[$1] = $2} END {
      name = e == "ours" ? "prepsearch" : e == "quest" ? "Xapian (quest settings)" : "SQLite FTS5";
      printf "| %s | %.4f | %.4f |\n", name, v["MRR"], v["P@1"]}'
done
