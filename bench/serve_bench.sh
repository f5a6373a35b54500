#!/bin/sh
# Serving speed: wrk against prepsearch-serve (all shared corpora + corpus/) and, in the
# same run, against nginx serving a static 2 KB JSON file, at 1 and 50 connections.
# Usage: bench/serve_bench.sh [SECONDS]   (needs ../shared; installs wrk and nginx-light)
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
SHARED=../shared/corpora
BIN=build/bin
PORT_APP=18090
PORT_NGINX=18091
[ -d "$SHARED" ] || { echo "serve_bench: $SHARED not found" >&2; exit 1; }
for tool in wrk nginx; do
  command -v $tool >/dev/null 2>&1 || [ -x /usr/sbin/$tool ] || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
  }
done
WORK=$(mktemp -d)
chmod 755 "$WORK"  # nginx workers run as www-data and must read static.json
cleanup() {
  [ -f "$WORK/app.pid" ] && kill "$(cat "$WORK/app.pid")" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.2
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"$BIN/prepsearch-index" --db "$WORK/index" --quiet corpus/ "$SHARED"/*/docs.jsonl
QUERIES=$(python3 bench/make_queries.py "$WORK/queries.lua" 600 "$SHARED"/*/docs.jsonl)

# The static file nginx serves: 2 KB of JSON, shaped like a search response.
python3 -c "import json; print(json.dumps({'query': 'x', 'results': [{'id': 'd/%d' % i, 'snippet': 'x' * 150} for i in range(10)]})[:2047])" > "$WORK/static.json"
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx;
  fastcgi_temp_path $WORK/nginx; uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server {
    listen 127.0.0.1:$PORT_NGINX;
    location / { root $WORK; default_type application/json; }
  }
}
CONF
/usr/sbin/nginx -c "$WORK/nginx.conf"
"$BIN/prepsearch-serve" --db "$WORK/index" --port $PORT_APP --quiet --search-rate 0 &
echo $! > "$WORK/app.pid"
sleep 1
echo "prepsearch-serve memory at rest: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$(cat "$WORK/app.pid")/status)"

. bench/wrk_run.sh

echo "Queries: $QUERIES distinct; documents: $("$BIN/prepsearch-index" --help >/dev/null; curl -s http://127.0.0.1:$PORT_APP/healthz)"
echo
echo "| target | connections | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|"
# Warm both up so neither pays for cold caches in its first run.
wrk -t1 -c4 -d2s -s "$WORK/queries.lua" "http://127.0.0.1:$PORT_APP" >/dev/null
run "prepsearch-serve /api/search" 1 "http://127.0.0.1:$PORT_APP" "$WORK/queries.lua"
run "nginx static 2 KB JSON" 1 "http://127.0.0.1:$PORT_NGINX/static.json"
run "prepsearch-serve /api/search" 50 "http://127.0.0.1:$PORT_APP" "$WORK/queries.lua"
run "nginx static 2 KB JSON" 50 "http://127.0.0.1:$PORT_NGINX/static.json"
pid=$(cat "$WORK/app.pid")
echo
echo "prepsearch-serve memory after load: $(awk '/VmRSS|VmHWM/ {printf "%s %.1f MiB  ", $1, $2/1024}' /proc/$pid/status)"
