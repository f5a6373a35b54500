#!/usr/bin/env bash
# `make bench-scale`: generated collections of 10 thousand to 1 million documents
# (bench/gen_corpus.py), each indexed and searched on this machine. Per size: indexing wall
# time and rate, the indexer's peak RSS, the database size, the revision tables' build time,
# per-search mean/p50/p99 and peak RSS in one process (bench/scale_probe) over the mixed
# queries, and p50/p99 over HTTP at one connection (wrk). Writes bench/SCALE.md's first section
# (and its copies section with COPIES > 0; the rest is kept) and docs/scale.png.
# Needs ../shared (for the vocabulary and the queries); installs what it uses.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000 1000000"}
COPIES=${COPIES:-138}  # the shared corpora this many times (999,810 documents); 0 skips it
HTTP_SECONDS=${HTTP_SECONDS:-5}
PORT=18095
SHARED=../shared/corpora
[ -d "$SHARED" ] || { echo "scale_bench: $SHARED not found" >&2; exit 1; }
missing=$(for p in wrk gnuplot-nox time; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target prepsearch-index prepsearch-serve scale_probe >/dev/null

WORK=$(mktemp -d /tmp/prepsearch-scale.XXXXXX)
SERVER=
cleanup() { [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
python3 bench/make_queries.py "$WORK/queries.jsonl" 800 "$SHARED"/*/docs.jsonl >/dev/null
python3 bench/make_queries.py "$WORK/queries.lua" 800 "$SHARED"/*/docs.jsonl >/dev/null

# wrk's latency line for a percentile ("50%  1.23ms") in microseconds.
wrk_micros() {
  awk -v p="$1" '$1 == p {v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
    f = (u == "us") ? 1 : (u == "ms") ? 1000 : 1000000; printf "%.0f", v * f}' "$2"
}

# A number from scale_probe's JSON line on standard input.
json_field() { sed -E "s/.*\"$1\":([0-9.e+-]+).*/\1/"; }

# Indexes $WORK/docs.jsonl into $1 (then deletes the JSONL): sets wall, rss_kb and bytes.
index_timed() {
  /usr/bin/time -v build/bin/prepsearch-index --quiet --db "$1" "$WORK/docs.jsonl" 2> "$WORK/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$WORK/time.txt")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
  bytes=$(du -sb "$1".gen-* | awk '{s += $1} END {print s}')
  rm "$WORK/docs.jsonl"
}

mkdir -p bench/out
ROWS=bench/out/scale.tsv  # kept (bench/out/ is not committed) so the plot can be redrawn
: > "$ROWS"
for n in $SIZES; do
  echo "scale: $n documents..." >&2
  python3 bench/gen_corpus.py --count "$n" --seed 1 > "$WORK/docs.jsonl"
  db="$WORK/index-$n"
  index_timed "$db"
  probe=$(build/bin/scale_probe "$db" "$WORK/queries.jsonl" 1)
  field() { echo "$probe" | json_field "$1"; }
  build/bin/prepsearch-serve --db "$db" --port "$PORT" --quiet --search-rate 0 2>/dev/null &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  wrk -t1 -c1 -d"${HTTP_SECONDS}s" --latency -s "$WORK/queries.lua" "http://127.0.0.1:$PORT" > "$WORK/wrk.txt"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$wall" "$rss_kb" "$bytes" \
    "$(field tables_ms)" "$(field mean_us)" "$(field p50_us)" "$(field p99_us)" \
    "$(wrk_micros 50% "$WORK/wrk.txt")" "$(wrk_micros 99% "$WORK/wrk.txt")" \
    "$(field max_rss_mb)" >> "$ROWS"
  rm -rf "$db" "$db".*
done

# The shared corpora copied: real text at a million documents, and stock Xapian (as `quest`
# runs a query: BM25, top 10, no snippets or facets) searching the same database.
COPY_ROWS=bench/out/copies.tsv
: > "$COPY_ROWS"
if [ "$COPIES" -gt 0 ]; then
  echo "scale: the shared corpora $COPIES times..." >&2
  python3 bench/copy_corpora.py --copies "$COPIES" --corpora "$SHARED" > "$WORK/docs.jsonl"
  n=$(wc -l < "$WORK/docs.jsonl")
  db="$WORK/index-copies"
  index_timed "$db"
  ours=$(build/bin/scale_probe "$db" "$WORK/queries.jsonl" 1)
  stock=$(build/bin/scale_probe --stock "$db" "$WORK/queries.jsonl" 1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$wall" "$rss_kb" "$bytes" \
    "$(echo "$ours" | json_field tables_ms)" "$(echo "$ours" | json_field p50_us)" \
    "$(echo "$ours" | json_field p99_us)" "$(echo "$stock" | json_field p50_us)" \
    "$(echo "$stock" | json_field p99_us)" >> "$COPY_ROWS"
  rm -rf "$db" "$db".*
fi

# The run's sections replace the file's first (and its copies section, if this run made
# one); the sections written by hand after them (earlier runs, notes) are kept.
KEEP=bench/out/scale-kept.md
if [ -f bench/SCALE.md ]; then
  awk -v drop_copies="$([ -s "$COPY_ROWS" ] && echo 1 || echo 0)" '
    /^## / { kept = 1; copies = ($0 ~ /^## The shared corpora copied/) }
    kept && !(copies && drop_copies)' bench/SCALE.md > "$KEEP"
else
  : > "$KEEP"
fi

{
  echo "# Scale: generated collections on this machine"
  echo
  echo "\`make bench-scale\` ($(nproc) cores; $(date -u +%Y-%m-%d), at $(git rev-parse --short HEAD 2>/dev/null || echo "an unknown commit")). Documents from \`bench/gen_corpus.py --seed 1\`;"
  echo "searches: the 800 mixed queries of \`bench/make_queries.py\`, each run once after a warm-up round."
  echo
  echo "| documents | index wall | docs/s | indexer peak RSS | database | revision tables | search mean | p50 | p99 | search peak RSS | HTTP p50 (1 conn) | HTTP p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{printf "| %d | %.1f s | %.0f | %.0f MB | %.0f MB | %.0f ms | %.0f µs | %.0f µs | %.0f µs | %.0f MB | %d µs | %d µs |\n",
    $1, $2, $1 / $2, $3 / 1024, $4 / 1048576, $5, $6, $7, $8, $11, $9, $10}' "$ROWS"
  if [ -s "$COPY_ROWS" ]; then
    echo
    echo "## The shared corpora copied $COPIES times"
    echo
    echo "\`bench/copy_corpora.py --copies $COPIES\`, the same 800 queries. Stock Xapian: \`scale_probe --stock\`, a query as"
    echo "\`quest\` runs it (QueryParser STEM_SOME, BM25, top 10, each hit's record read; no snippets, facets or typo check) on the same database."
    echo
    echo "| documents | index wall | docs/s | indexer peak RSS | database | revision tables | prepsearch p50 | p99 | stock Xapian p50 | p99 |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    awk -F'\t' '{printf "| %d | %.1f s | %.0f | %.0f MB | %.0f MB | %.0f ms | %.0f µs | %.0f µs | %.0f µs | %.0f µs |\n",
      $1, $2, $1 / $2, $3 / 1024, $4 / 1048576, $5, $6, $7, $8, $9}' "$COPY_ROWS"
  fi
  if [ -s "$KEEP" ]; then
    echo
    cat "$KEEP"
  fi
} > bench/SCALE.md.new
mv bench/SCALE.md.new bench/SCALE.md

gnuplot <<EOF
set terminal png size 900,500
set output 'docs/scale.png'
set title 'prepsearch on generated collections (2 cores)'
set logscale x
set xlabel 'documents'
set ylabel 'time per search (ms)'
set y2label 'indexing rate (documents/s)'
set yrange [0:*]
set y2range [0:*]
set y2tics
set ytics nomirror
set key top left
set grid
plot '$ROWS' using 1:(\$7/1000) with linespoints title 'search p50 (one process)', \
     '$ROWS' using 1:(\$8/1000) with linespoints title 'search p99 (one process)', \
     '$ROWS' using 1:(\$9/1000) with linespoints title 'HTTP p50 (1 connection)', \
     '$ROWS' using 1:(\$1/\$2) axes x1y2 with linespoints title 'indexing documents/s'
EOF
cat bench/SCALE.md
