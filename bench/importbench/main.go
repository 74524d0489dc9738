// Command importbench measures `sextant import bars` end to end on a large
// canonical CSV against its peers on the same file, in the same run, and
// prints a Markdown report (docs/performance.md, "Import"):
//
//   - `sextant import bars FILE` into a fresh store (process start, parse,
//     validate, transactional upsert, commit), vs DuckDB's own read_csv
//     INSERTed INTO the same bars table in SQL;
//   - `sextant import bars FILE --dry-run` (parse and validate only), vs
//     pandas read_csv of the same file;
//   - re-importing the same file (the idempotent no-op path).
//
// Usage: go run ./bench/importbench [-symbols 4000] [-days 2500] [-dir DIR]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/sextant-ai/sextant/bench/peer"
	"github.com/sextant-ai/sextant/bench/report"
	"github.com/sextant-ai/sextant/internal/storetest"
)

func main() {
	symbols := flag.Int("symbols", 4000, "symbols in the generated file")
	days := flag.Int("days", 2500, "trading days per symbol")
	dir := flag.String("dir", "", "work directory (default: a temp dir, removed afterwards)")
	flag.Parse()
	if err := run(context.Background(), *symbols, *days, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "importbench:", err)
		os.Exit(1)
	}
}

type row struct {
	task, peer  string
	ours, other float64
}

func run(ctx context.Context, symbols, days int, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "importbench-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	bin := filepath.Join(dir, "sextant")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/sextant").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, out)
	}
	bars, _ := storetest.SyntheticBars(symbols, days)
	csv := filepath.Join(dir, "bars.csv")
	if err := storetest.WriteBarsCSV(csv, bars); err != nil {
		return err
	}
	n := len(bars)
	fi, _ := os.Stat(csv)
	fmt.Fprintf(os.Stderr, "file: %d rows, %.0f MiB\n", n, float64(fi.Size())/(1<<20))

	home := filepath.Join(dir, "home")
	ours, err := timeCmd(ctx, bin, "--home", home, "import", "bars", csv)
	if err != nil {
		return err
	}
	again, err := timeCmd(ctx, bin, "--home", home, "import", "bars", csv)
	if err != nil {
		return err
	}
	dry, err := timeCmd(ctx, bin, "--home", filepath.Join(dir, "dry"), "import", "bars", csv, "--dry-run")
	if err != nil {
		return err
	}
	peer, err := peer.ReadCSV(ctx, filepath.Join(dir, "peer.duckdb"), csv)
	if err != nil {
		return err
	}
	pandas, perr := timePandas(ctx, csv)
	rows := []row{
		{fmt.Sprintf("import %s canonical bars into a fresh store", report.Human(n)), "DuckDB `INSERT INTO bars SELECT … FROM read_csv(…)`", ours, peer},
		{"parse + validate only (`--dry-run`)", "pandas `read_csv` (" + pythonDesc(perr) + ")", dry, pandas},
		{"re-import the same file (no change)", "—", again, 0},
	}
	out := make([]report.Row, len(rows))
	for i, r := range rows {
		out[i] = report.Row{Task: r.task, Ours: r.ours, PeerName: r.peer, Peer: r.other}
	}
	report.Print(os.Stdout, out)
	return nil
}

func timeCmd(ctx context.Context, bin string, args ...string) (float64, error) {
	start := time.Now()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	fmt.Fprint(os.Stderr, string(out))
	return time.Since(start).Seconds(), nil
}

// python returns the interpreter that has pandas (Debian's python3-pandas
// lives under /usr/bin/python3, which a pyenv python3 on PATH cannot see).

func pythonDesc(err error) string {
	if err != nil {
		return "unavailable: " + err.Error()
	}
	return "parse only"
}

func timePandas(ctx context.Context, csv string) (float64, error) {
	py, err := report.Python()
	if err != nil {
		return 0, err
	}
	script := `import sys, time, pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1], parse_dates=["date"])
print(time.perf_counter() - t, len(df))`
	out, err := exec.CommandContext(ctx, py, "-c", script, csv).Output()
	if err != nil {
		return 0, err
	}
	var secs float64
	var n int
	if _, err := fmt.Sscan(string(out), &secs, &n); err != nil {
		return 0, fmt.Errorf("pandas output %q: %v", out, err)
	}
	return secs, nil
}
