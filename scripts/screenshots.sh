#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: runs the browser tour of the main
# pages (internal/e2e TestScreenshots; TestBroadcastFlow adds 20–23) against
# a seeded app in headless Chromium and saves a PNG per page. Look at them
# after a UI change.
# Usage: scripts/screenshots.sh [output dir, default docs/screenshots]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
  export PATH=$PATH:/usr/local/go/bin
fi

out=${1:-docs/screenshots}
mkdir -p "$out"
out=$(cd "$out" && pwd)

FANBASE_CHROMIUM=$(scripts/browser.sh)
export FANBASE_CHROMIUM FANBASE_REQUIRE_BROWSER=1 FANBASE_SCREENSHOTS="$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
go test -count=1 -run '^(TestScreenshots|TestBroadcastFlow|TestMenuEditPublishClick|TestTagsPage)$' -v ./internal/e2e >"$log" 2>&1 || status=$?
grep -E -- '--- (PASS|FAIL)|_test\.go:[0-9]+:|^(ok|FAIL)' "$log" | grep -v 'browser console' || true
ls -1 "$out"/*.png 2>/dev/null || true
exit "$status"
