#!/usr/bin/env bash
# The segment count benchmark (issue 4): one account of 1,000,000 followers
# (benchdata: follows, unfollows, QR scenes, 1,000,000 pushes over 90 days)
# with eight tags on 40 % … 0.1 % of them, then Service.Count p50/p95 over
# typical filters, each single criterion and each combined with a tag, on
# SQLite and on PostgreSQL. Seeding takes minutes, so the stores are kept
# and reused: delete them (or the schema) to seed afresh.
# Usage: scripts/bench-segments.sh [iterations per filter, default 20]
# PostgreSQL: FANBASE_TEST_POSTGRES=postgres://…/db (admin URL); the
# benchmark uses the schema "segbench" in it.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-20}
WORK=${FANBASE_BENCH_DIR:-/tmp/fanbase-bench-segments}
mkdir -p "$WORK"
export FANBASE_BENCH_SEGMENTS_SQLITE="$WORK/segments.db"
if [ -n "${FANBASE_TEST_POSTGRES:-}" ]; then
  psql "$FANBASE_TEST_POSTGRES" -qc 'CREATE SCHEMA IF NOT EXISTS segbench'
  sep='?'; case "$FANBASE_TEST_POSTGRES" in *\?*) sep='&';; esac
  export FANBASE_BENCH_SEGMENTS_POSTGRES="${FANBASE_TEST_POSTGRES}${sep}search_path=segbench"
else
  echo "FANBASE_TEST_POSTGRES is not set: SQLite only" >&2
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -run '^$' -bench 'BenchmarkSegmentCount' -benchtime "${N}x" -timeout 90m ./internal/segment/
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
