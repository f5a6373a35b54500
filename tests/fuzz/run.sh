#!/bin/sh
# Runs every libFuzzer target for SECONDS (default 300) each, from its seeds in
# tests/fuzz/seeds/TARGET plus the corpus it grew before (BUILD/corpus/TARGET), with its
# dictionary, JOBS targets at a time (default 1: each target is one process on one core);
# prints the executions per target; exits 1 on any finding (crash, leak, hang, sanitizer
# report), whose input lands in BUILD/findings/.
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD] [JOBS]   (`make fuzz` builds first)
set -u
seconds=${1:-300}
build=${2:-build-sanitize}
jobs=${3:-1}
cd "$(dirname "$0")/../.."
mkdir -p "$build/findings"

# Runs one target; its exit status goes to BUILD/TARGET.rc.
run_target() {
  target=$1
  mkdir -p "$build/corpus/$target"
  dict=""
  [ -f "tests/fuzz/$target.dict" ] && dict="-dict=tests/fuzz/$target.dict"
  "$build/bin/$target" $dict -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$target-" \
    "$build/corpus/$target" "tests/fuzz/seeds/$target" >"$build/$target.log" 2>&1
  echo $? >"$build/$target.rc"
}

targets="fuzz_query fuzz_markdown fuzz_html fuzz_jsonl fuzz_analyzer fuzz_record fuzz_query_log"
running=0
for target in $targets; do
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait

status=0
for target in $targets; do
  rc=$(cat "$build/$target.rc")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$target.log")
  echo "$target: ${runs:-?} executions in $seconds s, exit $rc"
  if [ "$rc" -ne 0 ]; then
    status=1
    tail -n 40 "$build/$target.log"
  fi
done
exit $status
