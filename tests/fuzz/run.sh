#!/bin/sh
# Runs every libFuzzer target for SECONDS (default 300) each, from its seeds in
# tests/fuzz/seeds/TARGET plus the corpus it grew before (BUILD/corpus/TARGET), with its
# dictionary; prints the executions per target; exits 1 on any finding (crash, leak, hang,
# sanitizer report), whose input lands in BUILD/findings/.
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD]   (`make fuzz` builds first)
set -u
seconds=${1:-300}
build=${2:-build-fuzz}
cd "$(dirname "$0")/../.."
status=0
for target in fuzz_query fuzz_markdown fuzz_jsonl fuzz_analyzer fuzz_record fuzz_query_log; do
  mkdir -p "$build/corpus/$target" "$build/findings"
  log="$build/$target.log"
  dict=""
  [ -f "tests/fuzz/$target.dict" ] && dict="-dict=tests/fuzz/$target.dict"
  "$build/bin/$target" $dict -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$target-" \
    "$build/corpus/$target" "tests/fuzz/seeds/$target" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "$target: ${runs:-?} executions in $seconds s, exit $rc"
  if [ "$rc" -ne 0 ]; then
    status=1
    tail -n 40 "$log"
  fi
done
exit $status
