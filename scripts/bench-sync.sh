#!/usr/bin/env bash
# The follower-sync benchmark: `fanbase simulate` serves an account with
# 1,000,000 followers (profiles, and tags on half of them) in its own
# process, and `fanbase followers sync` pulls them all into a fresh store
# under /usr/bin/time -v, which reports the sync process's peak memory (the
# simulator's is not counted). Prints the time, peak RSS and API calls.
# Usage: scripts/bench-sync.sh [sqlite|postgres|all]
# PostgreSQL: FANBASE_BENCH_DB=postgres://…/benchsync (an empty database).
# FANBASE_BENCH_FOLLOWERS (default 1000000) and FANBASE_BENCH_TAGS (20)
# size the account; FANBASE_BENCH_RATE=-1 lifts the client's rate limit.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-sqlite}
N=${FANBASE_BENCH_FOLLOWERS:-1000000}
TAGS=${FANBASE_BENCH_TAGS:-20}
RATE=${FANBASE_BENCH_RATE:-0} # API calls/s; 0 = fanbase's default (50), negative = unlimited
PORT=${FANBASE_BENCH_PORT:-9177}
WORK=${FANBASE_BENCH_DIR:-/tmp/fanbase-bench-sync}
APPID=wxbenchsync0000001
SECRET=bench-sync-secret
TOKEN=benchsynctoken
mkdir -p "$WORK"
go build -o "$WORK/fanbase" ./cmd/fanbase

echo "== simulator: $N followers, $TAGS tags on 127.0.0.1:$PORT"
"$WORK/fanbase" simulate --appid "$APPID" --secret "$SECRET" --token "$TOKEN" --mode plain \
  --api-addr "127.0.0.1:$PORT" --api-followers "$N" --api-tags "$TAGS" >"$WORK/sim.log" 2>&1 &
SIM=$!
trap 'kill "$SIM" 2>/dev/null || true' EXIT
until grep -qs '^seeded' "$WORK/sim.log"; do
  kill -0 "$SIM" 2>/dev/null || { cat "$WORK/sim.log"; exit 1; }
  sleep 1
done
grep '^seeded' "$WORK/sim.log"

# sync STORE-FLAGS…: adds the account to a fresh store and syncs it.
sync() {
  "$WORK/fanbase" account add "$@" --name "同步压测" --appid "$APPID" --secret "$SECRET" --token "$TOKEN" \
    --type service --mode plain --api-base "http://127.0.0.1:$PORT" >/dev/null
  /usr/bin/time -v -o "$WORK/time.txt" "$WORK/fanbase" followers sync "$@" --api-rate "$RATE" --account "$APPID" | tail -n 2
  grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$WORK/time.txt"
}

if [ "$WHAT" = sqlite ] || [ "$WHAT" = all ]; then
  echo "== SQLite ($WORK/data)"
  rm -rf "$WORK/data"
  sync --data "$WORK/data"
  ls -l "$WORK/data" | grep -E '\.db$' || true
fi
if [ "$WHAT" = postgres ] || [ "$WHAT" = all ]; then
  : "${FANBASE_BENCH_DB:?set FANBASE_BENCH_DB=postgres://… (an empty database)}"
  echo "== PostgreSQL"
  sync --db "$FANBASE_BENCH_DB"
fi
