#!/bin/sh
# The reader's language, measured. Prints two lines:
# 1. Over corpus/ (the Django page and its Spanish translation): each translated question's
#    title searched by a reader of its language; how often that question comes first, and
#    how often both versions appear in one page (top 10) of results.
# 2. Over every shared corpus, devlovers-uk declared Ukrainian: each English devlovers title
#    searched by an English reader; how often a Ukrainian document comes first.
# Usage: bench/relevance/languages.sh   (needs ../shared for line 2)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
shared=${SHARED:-$root/../shared/corpora}
out=$root/bench/out/languages
mkdir -p "$out"
"$bin/prepsearch-index" --quiet --db "$out/corpus" "$root/corpus"
echo '{"id": "all", "q": ""}' > "$out/all.jsonl"
for lang in en es; do
  "$bin/prepsearch-query" --db "$out/corpus" --format json --limit 100 --language "$lang" \
    --queries "$out/all.jsonl" > "$out/$lang.docs.json"
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
docs = {lang: json.loads(open(f"{out}/{lang}.docs.json").readline())["results"] for lang in ("en", "es")}
slug = lambda doc: doc["id"].split("/", 1)[1] if "/" in doc["id"] else None
pairs = {slug(d) for d in docs["en"]} & {slug(d) for d in docs["es"]}
for lang in ("en", "es"):
    with open(f"{out}/{lang}.queries.jsonl", "w") as f:
        for d in docs[lang]:
            if slug(d) in pairs and slug(d):
                f.write(json.dumps({"id": d["id"], "q": d["title"].split("\n")[0] + " "}) + "\n")
PY
for lang in en es; do
  "$bin/prepsearch-query" --db "$out/corpus" --format json --limit 10 --lang "$lang" \
    --queries "$out/$lang.queries.jsonl" > "$out/$lang.results.jsonl"
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
queries = first = both = 0
for lang in ("en", "es"):
    for line in open(f"{out}/{lang}.results.jsonl"):
        answer = json.loads(line)
        queries += 1
        hits = [h["id"] for h in answer["results"]]
        first += bool(hits) and hits[0] == answer["id"]
        slugs = [h.split("/", 1)[-1] for h in hits]
        both += len(slugs) != len(set(slugs))
print(f"corpus/, translated titles: the reader's version first in {first} of {queries}; "
      f"both versions in one page of results in {both} of {queries}")
PY
[ -d "$shared" ] || exit 0
/usr/bin/python3 - "$shared/devlovers-uk/docs.jsonl" "$out/devlovers-uk.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as f:
    for line in open(sys.argv[1]):
        record = json.loads(line)
        record["language"] = "uk"
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
PY
others=$(ls "$shared"/*/docs.jsonl | grep -v devlovers-uk)
# shellcheck disable=SC2086  # the corpora, one argument each
"$bin/prepsearch-index" --quiet --db "$out/shared" $others "$out/devlovers-uk.jsonl"
/usr/bin/python3 - "$shared/devlovers/docs.jsonl" "$out/titles.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as f:
    for n, line in enumerate(open(sys.argv[1])):
        title = json.loads(line).get("title", "").split("\n")[0].strip()
        if title:
            f.write(json.dumps({"id": str(n), "q": title + " "}) + "\n")
PY
"$bin/prepsearch-query" --db "$out/shared" --format json --limit 1 --lang en \
  --queries "$out/titles.jsonl" > "$out/titles.results.jsonl"
/usr/bin/python3 - "$out/titles.results.jsonl" <<'PY'
import json, sys
answers = [json.loads(line) for line in open(sys.argv[1])]
ukrainian = sum(1 for a in answers if a["results"] and a["results"][0]["language"] == "uk")
print(f"shared corpora, devlovers-uk declared uk: an English reader gets a Ukrainian document "
      f"first for {ukrainian} of {len(answers)} English devlovers titles")
PY
