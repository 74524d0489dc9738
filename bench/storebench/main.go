// Command storebench measures the DuckDB market store against its peers on
// this machine and prints a Markdown report (docs/performance.md, "Store"):
//
//   - writing N bars through Store.Write into a fresh file, vs DuckDB's own
//     read_csv of the same rows INSERTed INTO the same table in SQL;
//   - reading an adjusted-close matrix of S symbols × D days through
//     Store.BarMatrix, vs the equivalent DuckDB SQL PIVOT and pandas
//     (read_csv + pivot), when python3 with pandas is available.
//
// Usage: go run ./bench/storebench [-rows 10000000] [-symbols 5000] [-days 2500] [-dir DIR]
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/sextant-ai/sextant/bench/peer"
	"github.com/sextant-ai/sextant/bench/report"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
	"github.com/sextant-ai/sextant/internal/storetest"
)

func main() {
	rows := flag.Int("rows", 10_000_000, "bars written in the write benchmark (2,500 days per symbol)")
	symbols := flag.Int("symbols", 5000, "symbols in the matrix benchmark")
	days := flag.Int("days", 2500, "days in the matrix benchmark")
	dir := flag.String("dir", "", "working directory (default: a temp dir, removed afterwards)")
	withDemo := flag.Bool("demo", true, "also time writing the demo market chunk by chunk")
	flag.Parse()
	if err := run(*rows, *symbols, *days, *dir, *withDemo); err != nil {
		fmt.Fprintln(os.Stderr, "storebench:", err)
		os.Exit(1)
	}
}

type result struct {
	name, peer  string
	ours, other float64 // seconds; other 0 = peer unavailable
	note        string
}

func run(rows, symbols, days int, dir string, withDemo bool) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "storebench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var results []result

	// (a) write
	wSyms := max(rows/2500, 1)
	bars, _ := storetest.SyntheticBars(wSyms, rows/wSyms)
	csvPath := filepath.Join(dir, "bars.csv")
	if err := storetest.WriteBarsCSV(csvPath, bars); err != nil {
		return err
	}
	ours, err := timeWrite(ctx, filepath.Join(dir, "write.duckdb"), bars)
	if err != nil {
		return err
	}
	peer, err := peer.ReadCSV(ctx, filepath.Join(dir, "peer.duckdb"), csvPath)
	if err != nil {
		return err
	}
	results = append(results, result{fmt.Sprintf("write %s bars into a fresh file", report.Human(len(bars))),
		"DuckDB `INSERT INTO bars SELECT … FROM read_csv(…)`", ours, peer, ""})
	runtime.GC()

	// (b) matrix
	mbars, syms := storetest.SyntheticBars(symbols, days)
	mPath := filepath.Join(dir, "matrix.duckdb")
	if _, err := timeWrite(ctx, mPath, mbars); err != nil {
		return err
	}
	mCSV := filepath.Join(dir, "matrix.csv")
	if err := storetest.WriteBarsCSV(mCSV, mbars); err != nil {
		return err
	}
	runtime.GC()
	ours, err = timeMatrix(ctx, mPath, syms, days)
	if err != nil {
		return err
	}
	peer, err = timePivot(ctx, mPath, syms)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("adjusted-close matrix %d × %d (%s values)", days, symbols, report.Human(days*symbols))
	results = append(results, result{name, "DuckDB SQL `PIVOT … ON symbol USING first(adj_close)` into a temp table", ours, peer, ""})
	pivot, total, py, err := timePandas(mCSV)
	note := ""
	if err != nil {
		note = "pandas unavailable: " + err.Error()
	}
	results = append(results, result{name, "pandas `pivot` of a DataFrame already in memory", ours, pivot, note})
	results = append(results, result{name, "pandas `read_csv` + `pivot` (" + py + ")", ours, total, note})
	printResults(results)
	if withDemo {
		return timeDemo(ctx, filepath.Join(dir, "demo.duckdb"))
	}
	return nil
}

// timeDemo writes the default demo market into a fresh file, one Write per
// generated chunk (tables grow from write to write), and prints the time
// spent in Write, the slowest write and the final checkpoint in Close.
func timeDemo(ctx context.Context, path string) error {
	s, err := duckdb.Open(ctx, path, duckdb.DefaultOptions())
	if err != nil {
		return err
	}
	var inWrite, slowest float64
	var rows, writes int
	start := time.Now()
	_, err = demo.Generate(ctx, demo.DefaultOptions(), func(_ demo.ChunkInfo, b *market.Batch) error {
		t0 := time.Now()
		if _, err := s.Write(ctx, market.IngestRun{Source: "demo"}, b); err != nil {
			return err
		}
		d := time.Since(t0).Seconds()
		inWrite += d
		slowest = max(slowest, d)
		rows += b.Len()
		writes++
		return nil
	})
	if err != nil {
		s.Close()
		return err
	}
	t1 := time.Now()
	if err := s.Close(); err != nil {
		return err
	}
	closing := time.Since(t1).Seconds()
	fmt.Printf("\nDemo market (default options): %s rows in %d writes; Store.Write %.2f s in total (slowest write %.2f s), Close (final checkpoint) %.2f s; generation + writes + close %.2f s\n",
		report.Human(rows), writes, inWrite, slowest, closing, time.Since(start).Seconds())
	return nil
}

func timeWrite(ctx context.Context, path string, bars []market.Bar) (float64, error) {
	s, err := duckdb.Open(ctx, path, duckdb.DefaultOptions())
	if err != nil {
		return 0, err
	}
	defer s.Close()
	start := time.Now()
	if _, err := s.Write(ctx, market.IngestRun{Source: "bench"}, &market.Batch{Bars: bars}); err != nil {
		return 0, err
	}
	return time.Since(start).Seconds(), nil
}

// best runs f n times and returns the fastest run.
func best(n int, f func() error) (float64, error) {
	b := math.Inf(1)
	for range n {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		b = min(b, time.Since(start).Seconds())
	}
	return b, nil
}

func timeMatrix(ctx context.Context, path string, syms []market.Symbol, days int) (float64, error) {
	s, err := duckdb.Open(ctx, path, duckdb.DefaultOptions())
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return best(3, func() error {
		m, err := s.BarMatrix(ctx, syms, time.Time{}, time.Time{}, market.FieldAdjClose)
		if err == nil && len(m.Dates) != days {
			err = fmt.Errorf("matrix has %d dates, want %d", len(m.Dates), days)
		}
		return err
	})
}

func timePivot(ctx context.Context, path string, syms []market.Symbol) (float64, error) {
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	quoted := make([]string, len(syms))
	for i, s := range syms {
		quoted[i] = "'" + string(s) + "'"
	}
	q := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE m AS PIVOT (
		SELECT date, symbol, close * CASE WHEN adj_factor IS NULL OR adj_factor = 0 THEN 1 ELSE adj_factor END AS v
		FROM bars WHERE symbol IN (%s)) ON symbol USING first(v) GROUP BY date ORDER BY date`, strings.Join(quoted, ","))
	return best(3, func() error { _, err := conn.ExecContext(ctx, q); return err })
}

const pandasScript = `
import sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype={'symbol': str}, parse_dates=['date'])
t1 = time.perf_counter()
best = float('inf')
for _ in range(3):
    s = time.perf_counter()
    adj = df['adj_factor'].where(df['adj_factor'].notna() & (df['adj_factor'] != 0), 1.0)
    m = df.assign(v=df['close'] * adj).pivot(index='date', columns='symbol', values='v')
    best = min(best, time.perf_counter() - s)
print(best, (t1 - t0) + best, pd.__version__, m.shape[0], m.shape[1])
`

// timePandas returns pandas' pivot time, read_csv + pivot time and version.
func timePandas(csvPath string) (pivot, total float64, version string, err error) {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		out, e := exec.Command(py, "-c", pandasScript, csvPath).Output()
		if e != nil {
			err = e
			continue
		}
		f := strings.Fields(string(out))
		if len(f) < 3 {
			return 0, 0, "", fmt.Errorf("unexpected pandas output %q", out)
		}
		pivot, _ = strconv.ParseFloat(f[0], 64)
		total, _ = strconv.ParseFloat(f[1], 64)
		return pivot, total, "pandas " + f[2], nil
	}
	return 0, 0, "", err
}

func printResults(results []result) {
	rows := make([]report.Row, len(results))
	for i, r := range results {
		rows[i] = report.Row{Task: r.name, Ours: r.ours, PeerName: r.peer, Peer: r.other, Note: r.note}
	}
	report.Print(os.Stdout, rows)
}
