#!/usr/bin/env bash
# Indexing speed: prepsearch-index against Xapian Omega's scriptindex and SQLite FTS5
# (porter unicode61) on the same records, taking turns. Prints wall seconds (median of RUNS),
# documents/s, peak RSS and size on disk, and the median ratio of our time to scriptindex's.
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

# One run of a command that writes database $1 (removed first): appends "seconds rss_kb" to
# file $2.
run_once() {
  local db=$1 log=$2; shift 2
  rm -rf "$db" "$db".gen-* "$db".lock
  measure "$@" >> "$log"
}

median_of() { sort -n "$1" | sed -n "$(( (RUNS + 1) / 2 ))p"; }  # the median line of a log
size_of() { (du -sbL "$1" "$1".gen-* 2>/dev/null || true) | awk '{s += $1} END {print s}'; }

row() {  # name docs seconds rss bytes
  awk -v n="$1" -v d="$2" -v s="$3" -v r="$4" -v b="$5" 'BEGIN {
    printf "| %-34s | %5d | %6.2f | %8.0f | %6.1f | %6.1f |\n", n, d, s, d / s, r / 1024, b / 1048576 }'
}

# The three indexers take turns, RUNS rounds, so that a machine's drift (these are shared
# virtual machines) falls on all of them alike; the ratio of prepsearch-index's time to
# scriptindex's is the median of the rounds' ratios, each from two runs side by side.
run_set() {  # label docs files...
  local label=$1 docs=$2; shift 2
  /usr/bin/python3 bench/jsonl_to_scriptindex.py "$@" > "$OUT/records.si"
  # FTS5 reads the records as one JSON array (made beforehand, untimed, as scriptindex's input).
  jsonl_to_json_array "$@" > "$OUT/records.json"
  : > "$OUT/ours.log"; : > "$OUT/omega.log"; : > "$OUT/fts5.log"
  for _ in $(seq "$RUNS"); do
    run_once "$OUT/ours" "$OUT/ours.log" build/bin/prepsearch-index --quiet --db "$OUT/ours" "$@"
    run_once "$OUT/omega" "$OUT/omega.log" scriptindex "$OUT/omega" bench/scriptindex.script \
      "$OUT/records.si"
    run_once "$OUT/fts5.db" "$OUT/fts5.log" sqlite3 "$OUT/fts5.db" \
      "$(fts5_load_sql "$OUT/records.json")"
  done
  local s r
  read -r s r < <(median_of "$OUT/ours.log")
  row "prepsearch-index, $label" "$docs" "$s" "$r" "$(size_of "$OUT/ours")"
  read -r s r < <(median_of "$OUT/omega.log")
  row "scriptindex, $label" "$docs" "$s" "$r" "$(size_of "$OUT/omega")"
  read -r s r < <(median_of "$OUT/fts5.log")
  row "SQLite FTS5, $label" "$docs" "$s" "$r" "$(size_of "$OUT/fts5.db")"
  paste -d' ' "$OUT/ours.log" "$OUT/omega.log" | awk '{print $1 / $3}' | sort -n > "$OUT/ratios"
  RATIOS+=("$label: $(median_of "$OUT/ratios" | awk '{printf "%.2fx", $1}') (rounds: $(
    paste -d' ' "$OUT/ours.log" "$OUT/omega.log" | awk '{printf "%s%.2f", sep, $1 / $3; sep = " "}'))")
}

RATIOS=()
echo "median of $RUNS runs on $(nproc) cores; $(date -u +%Y-%m-%d)"
echo "| indexer, corpus                    |  docs | wall s |   docs/s | RSS MiB | DB MiB |"
echo "|------------------------------------|-------|--------|----------|---------|--------|"
run_set "django-docs" "$(wc -l < "$SHARED/django-docs/docs.jsonl")" "$SHARED/django-docs/docs.jsonl"
run_set "all shared corpora" "$(cat "$SHARED"/*/docs.jsonl | wc -l)" "$SHARED"/*/docs.jsonl
echo
echo "prepsearch-index's time over scriptindex's, median of the rounds' ratios:"
printf '  %s\n' "${RATIOS[@]}"
