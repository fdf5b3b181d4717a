#!/usr/bin/env bash
# The service-desk benchmark recorded in docs/benchmarks.md: a store with
# 1,000,000 messages and 200,000 followers (seeded once, then reused), the
# queue, a conversation and search measured over HTTP, and the delay from a
# callback to its live update while the gateway takes 1,000 callbacks/s.
# Usage: scripts/bench-desk.sh [sqlite|postgres|all]
# PostgreSQL: FANBASE_BENCH_DB=postgres://…/benchdesk (an empty database).
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-sqlite}
WORK=${FANBASE_BENCH_DIR:-/tmp/fanbase-bench-desk}
mkdir -p "$WORK"
go build -o "$WORK/fanbase" ./cmd/fanbase

if [ "$WHAT" = sqlite ] || [ "$WHAT" = all ]; then
  echo "== SQLite ($WORK/data)"
  "$WORK/fanbase" loadgen desk --data "$WORK/data" --requests 300 --live-rate 1000 --live-duration 20s
fi
if [ "$WHAT" = postgres ] || [ "$WHAT" = all ]; then
  : "${FANBASE_BENCH_DB:?set FANBASE_BENCH_DB=postgres://… (an empty database)}"
  echo "== PostgreSQL"
  "$WORK/fanbase" loadgen desk --db "$FANBASE_BENCH_DB" --requests 300 --live-rate 1000 --live-duration 20s
fi
