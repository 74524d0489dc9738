#!/bin/sh
# All performance scripts: the store (write, matrix read), the end-to-end
# import and the analytics scan, each against its peers (DuckDB SQL,
# pandas) on the same data in the same run, and the sector report. Paste
# the printed tables into docs/performance.md.
set -eu
cd "$(dirname "$0")/.."
echo "## Store"; go run ./bench/storebench "$@"
echo; echo "## Import"; go run ./bench/importbench
echo; echo "## Analytics"; go run ./bench/enginebench
echo; echo "## Sector report"; bench/sector.sh
