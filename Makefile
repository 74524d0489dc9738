# Sextant — common tasks. `make test` is what CI and the README run.
GO ?= go
GOLANGCI_LINT_VERSION ?= v2.15.0

.PHONY: test vet lint fuzz build demo bench

test:
	$(GO) test ./...

vet:
	$(GO) vet ./...

lint:
	@command -v golangci-lint >/dev/null || $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	golangci-lint run ./...

fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzRead -fuzztime=30s ./internal/source/csvfile

build:
	$(GO) build -o bin/sextant ./cmd/sextant

demo:
	$(GO) run ./cmd/sextant demo

bench:
	bash bench/run.sh
