#!/bin/sh
# Sector report: compose.Sector on 国防军工 end to end (every analysis, the
# documents, the sections with their facts and ingest runs, the verifier),
# on the small demo store the test builds (BenchmarkSectorReportSmall) and
# on the full-size demo store (BenchmarkSectorReport), which is built once
# into $SEXTANT_BENCH_DIR (default $TMPDIR/sextant-bench-sector; 2–4
# minutes) and reused. Extra arguments go to the test binary, e.g.
# -test.benchtime 10x or -test.cpuprofile cpu.out. The test binary is built
# first so that the CPU time printed after the run (user + system, when
# /usr/bin/time exists) is the benchmark's alone: on a shared machine it
# varies less than the wall time. See docs/performance.md ("Sector report").
set -eu
cd "$(dirname "$0")/.."
dir=${SEXTANT_BENCH_DIR:-${TMPDIR:-/tmp}/sextant-bench-sector}
if [ ! -f "$dir/sextant.duckdb" ]; then
	echo "building the full demo store in $dir"
	go run ./cmd/sextant --home "$dir" demo --size full >/dev/null
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go test -c -o "$bin/compose.test" ./internal/compose
echo "nproc $(nproc); load before: $(uptime | sed 's/.*load average: //')"
cd internal/compose # the test binary runs in its package directory, as go test does
timer=
if [ -x /usr/bin/time ]; then
	timer="/usr/bin/time -f cpu_user_s=%U_cpu_sys_s=%S_wall_s=%e"
fi
SEXTANT_BENCH_FULL_STORE=$dir/sextant.duckdb $timer "$bin/compose.test" -test.run '^$' -test.bench 'SectorReport' -test.benchtime 5x "$@"
echo "load after: $(uptime | sed 's/.*load average: //')"
