# The two commands of the README: `make run` and `make test`.
GO ?= go

.PHONY: run build test vet fmt generate bench docs

build:
	$(GO) build -o bin/vpcsim ./cmd/vpcsim

run: build
	./bin/vpcsim serve

test:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) test -race -timeout 40m -parallel 64 ./...

generate:
	$(GO) generate ./internal/api/ec2
	$(GO) run ./tools/opsdoc > docs/operations.md

docs:
	$(GO) run ./tools/opsdoc > docs/operations.md
	$(GO) run ./tools/opsdoc -readme README.md

bench:
	./bench/run.sh
