# The single entry point for building and testing; CI calls `make test`.
.PHONY: build test demo bench lint

build:
	go build -o bin/fanbase ./cmd/fanbase

# The whole suite: starts PostgreSQL (installing it if needed), vet, gofmt, go test -race.
test:
	scripts/test.sh

demo:
	go run ./cmd/fanbase demo

bench:
	go test -run '^$$' -bench . -benchmem ./internal/...

lint:
	gofmt -l . && go vet ./...
