#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts what the tests need (a real
# PostgreSQL server from Debian's packages), then vet, format check and
# every Go test with the race detector. Usage: scripts/test.sh [go test args]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
  export PATH=$PATH:/usr/local/go/bin
fi

echo "== PostgreSQL"
FANBASE_TEST_POSTGRES=$(scripts/postgres.sh)
export FANBASE_TEST_POSTGRES
echo "using $FANBASE_TEST_POSTGRES"

echo "== Chromium (browser tests)"
FANBASE_CHROMIUM=$(scripts/browser.sh)
export FANBASE_CHROMIUM
export FANBASE_REQUIRE_BROWSER=1 # a missing browser fails the e2e tests instead of skipping them
echo "using $FANBASE_CHROMIUM"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -race -count=1 -timeout 15m "$@" ./...

echo "== crash test (without -race: 100,000 simulated followers)"
go test -count=1 -timeout 10m -run '^TestBroadcastCrash$' "$@" ./internal/app/
