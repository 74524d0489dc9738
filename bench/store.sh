#!/bin/sh
# Store benchmarks: Store.Write and Store.BarMatrix against DuckDB SQL and
# pandas on the same rows. Prints a Markdown table for docs/performance.md.
# Arguments are passed to bench/storebench (-rows, -symbols, -days, -dir).
set -eu
cd "$(dirname "$0")/.."
exec go run ./bench/storebench "$@"
