# Sourced by serve_bench.sh and shards_bench.sh: one wrk run as a markdown table row.
# Needs SECONDS_PER_RUN and WORK set. wrk --latency prints "Requests/sec:" and a latency
# distribution with 50% and 99% lines.
run() {  # NAME CONNECTIONS URL [LUA]
  threads=$([ "$2" -gt 1 ] && echo 2 || echo 1)
  if [ -n "${4:-}" ]; then
    wrk -t"$threads" -c"$2" -d"${SECONDS_PER_RUN}s" --latency -s "$4" "$3" > "$WORK/wrk.out"
  else
    wrk -t"$threads" -c"$2" -d"${SECONDS_PER_RUN}s" --latency "$3" > "$WORK/wrk.out"
  fi
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/wrk.out" | tr '\n' ' ')
  echo "| $1 | $2 | $rps | $p50 | $p99 | ${errors:-none} |"
}
