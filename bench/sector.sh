#!/bin/sh
# Sector report: compose.Sector on 国防军工 end to end (every analysis, the
# documents, the sections with their facts and ingest runs, the verifier),
# on the small demo store the test builds (BenchmarkSectorReportSmall) and
# on the full-size demo store (BenchmarkSectorReport), which is built once
# into $SEXTANT_BENCH_DIR (default $TMPDIR/sextant-bench-sector; 2–4
# minutes) and reused. Extra arguments go to `go test`, e.g. -benchtime 10x
# or -cpuprofile cpu.out. See docs/performance.md ("Sector report").
set -eu
cd "$(dirname "$0")/.."
dir=${SEXTANT_BENCH_DIR:-${TMPDIR:-/tmp}/sextant-bench-sector}
if [ ! -f "$dir/sextant.duckdb" ]; then
	echo "building the full demo store in $dir"
	go run ./cmd/sextant --home "$dir" demo --size full >/dev/null
fi
echo "nproc $(nproc); load before: $(uptime | sed 's/.*load average: //')"
SEXTANT_BENCH_FULL_STORE=$dir/sextant.duckdb go test ./internal/compose -run '^$' -bench 'SectorReport' -benchtime 5x "$@"
echo "load after: $(uptime | sed 's/.*load average: //')"
