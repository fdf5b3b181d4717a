#!/usr/bin/env bash
# Load benchmarks of the callback path, as recorded in docs/benchmarks.md:
# a real `fanbase serve` (SQLite, durable, safe mode) on loopback, driven by
# `fanbase loadgen`. Usage: scripts/bench-load.sh [sustained|recordday|crash|all]
# Set FANBASE_BENCH_DB=postgres://… to run against PostgreSQL instead.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-all}
ADDR=127.0.0.1:18181
APPID=wxbench0000000001
TOKEN=benchtoken
AESKEY=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
WORK=${FANBASE_BENCH_DIR:-$(mktemp -d /tmp/fanbase-bench.XXXXXX)}
BIN=$WORK/fanbase
go build -o "$BIN" ./cmd/fanbase

store_flags() {
  if [ -n "${FANBASE_BENCH_DB:-}" ]; then echo "--db $FANBASE_BENCH_DB"; else echo "--data $WORK/data"; fi
}

fresh() {
  rm -rf "$WORK/data"
  if [ -n "${FANBASE_BENCH_DB:-}" ]; then
    psql -q "$FANBASE_BENCH_DB" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
  fi
  "$BIN" account add $(store_flags) --name bench --appid $APPID --secret s --token $TOKEN \
    --aes-key $AESKEY --type service --mode safe --original-id gh_bench >/dev/null
  "$BIN" rules import $(store_flags) --account $APPID internal/cli/demo_rules.yaml >/dev/null
}

start_server() {
  "$BIN" serve $(store_flags) --addr $ADDR --log-level warn --batch-max 1024 2>>"$WORK/server.log" &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://$ADDR/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}

stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }

loadgen() {
  "$BIN" loadgen --target "http://$ADDR" --appid $APPID --token $TOKEN --aes-key $AESKEY \
    --mode safe --original-id gh_bench --seed 42 "$@"
}

stats() { "$BIN" stats $(store_flags) --account $APPID --json; }

sustained() {
  echo "## sustained: 50,000 pushes, 256 in flight, as fast as possible"
  fresh; start_server
  loadgen --count 50000 --concurrency 256 --followers 20000
  echo "## sustained: 5,000 pushes/s for 30 s"
  loadgen --rate 5000 --duration 30s --concurrency 128 --followers 20000
  stop_server; stats
}

recordday() {
  echo "## record day: 173,734 pushes incl. 57,805 follows, 1% retried 3x"
  fresh; start_server
  start=$(date +%s.%N)
  loadgen --scenario recordday --concurrency 256
  echo "wall time: $(echo "$(date +%s.%N) - $start" | bc) s"
  stop_server; stats
}

crash() {
  echo "## kill -9 mid-burst"
  fresh; start_server
  rm -f "$WORK/acks.log"
  loadgen --count 200000 --concurrency 256 --followers 20000 --ack-log "$WORK/acks.log" >"$WORK/crash-load.txt" 2>&1 &
  LOAD=$!
  sleep 8
  kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true
  wait "$LOAD" || true
  echo "acknowledged before the kill: $(sort -u "$WORK/acks.log" | wc -l)"
  start_server  # restart: recovery of the WAL
  stop_server
  "$BIN" loadgen check $(store_flags) --account $APPID --ack-log "$WORK/acks.log"
  stats
}

case $WHAT in
  sustained) sustained ;;
  recordday) recordday ;;
  crash) crash ;;
  all) sustained; recordday; crash ;;
  *) echo "usage: $0 [sustained|recordday|crash|all]"; exit 2 ;;
esac
echo "work dir: $WORK"
