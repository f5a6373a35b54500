#!/usr/bin/env bash
# Indexing speed: prepsearch-index against Xapian Omega's scriptindex and SQLite FTS5
# (porter unicode61) on the same records, in one run. Prints wall seconds (median of RUNS), documents/s, peak RSS and size on disk.
# Needs ../shared/corpora beside the checkout. Usage: bench/index_bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/fts5.sh
RUNS=${1:-3}
SHARED=../shared/corpora
[ -d "$SHARED" ] || { echo "bench: $SHARED not found" >&2; exit 1; }
for pkg in xapian-omega time sqlite3; do
  dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed' ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg"; }
done
[ -x build/bin/prepsearch-index ] || make build
OUT=$(mktemp -d /tmp/prepsearch-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

# One measured run: prints "seconds max_rss_kb".
measure() {
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" > /dev/null 2> "$OUT/stderr" ||
    { cat "$OUT/stderr" >&2; exit 1; }
  cat "$OUT/time"
}

# Median of RUNS runs of a command that writes database $1; prints "seconds rss_kb bytes".
bench() {
  local db=$1; shift
  local results=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$db" "$db".gen-* "$db".lock
    results+=("$(measure "$@")")
  done
  local median; median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  local bytes; bytes=$( (du -sbL "$db" "$db".gen-* 2>/dev/null || true) | awk "{s += \$1} END {print s}")
  echo "$median $bytes"
}

row() {  # name docs seconds rss bytes
  awk -v n="$1" -v d="$2" -v s="$3" -v r="$4" -v b="$5" 'BEGIN {
    printf "| %-34s | %5d | %6.2f | %8.0f | %6.1f | %6.1f |\n", n, d, s, d / s, r / 1024, b / 1048576 }'
}

run_set() {  # label docs files...
  local label=$1 docs=$2; shift 2
  /usr/bin/python3 bench/jsonl_to_scriptindex.py "$@" > "$OUT/records.si"
  read -r s r b < <(bench "$OUT/ours" build/bin/prepsearch-index --quiet --db "$OUT/ours" "$@")
  row "prepsearch-index, $label" "$docs" "$s" "$r" "$b"
  read -r s r b < <(bench "$OUT/omega" scriptindex "$OUT/omega" bench/scriptindex.script "$OUT/records.si")
  row "scriptindex, $label" "$docs" "$s" "$r" "$b"
  # FTS5 reads the records as one JSON array (made beforehand, untimed, as scriptindex's input).
  jsonl_to_json_array "$@" > "$OUT/records.json"
  read -r s r b < <(bench "$OUT/fts5.db" sqlite3 "$OUT/fts5.db" "$(fts5_load_sql "$OUT/records.json")")
  row "SQLite FTS5, $label" "$docs" "$s" "$r" "$b"
}


echo "median of $RUNS runs on $(nproc) cores; $(date -u +%Y-%m-%d)"
echo "| indexer, corpus                    |  docs | wall s |   docs/s | RSS MiB | DB MiB |"
echo "|------------------------------------|-------|--------|----------|---------|--------|"
run_set "django-docs" "$(wc -l < "$SHARED/django-docs/docs.jsonl")" "$SHARED/django-docs/docs.jsonl"
run_set "all shared corpora" "$(cat "$SHARED"/*/docs.jsonl | wc -l)" "$SHARED"/*/docs.jsonl
