// Command enginebench measures the analytics engines' full scan on the demo
// market (docs/performance.md, "Analytics") against its peers on the same
// data, in the same run, and prints a Markdown report:
//
//   - the full scan as of the last day — performance of every stock and
//     sector, weekly relative rotation of the sectors, breadth (as of the
//     day and its one-year daily series), sector margin and main-force flows
//     and ETF creations with 5/20-day sums and z-scores — on one goroutine
//     and on two (errgroup), for the 31 Shenwan level-1 sectors and for
//     ~150 synthetic level-2 sectors (each level-1 sector split in five),
//     against bench/reference/scan_ref.py (pandas) computing the same;
//   - the performance and ranks part alone (returns over 5/21/63/126/252
//     trading days, rank among the stocks) as of the last day and per date
//     over the whole history, against DuckDB SQL window queries on the same
//     store and, per date, pandas.
//
// The demo market is generated into a DuckDB store (2–4 minutes for
// the full size), then loaded into memory; only in-memory computation is
// timed (best of -runs or -peer-runs runs). pandas' load time is reported separately.
//
// Usage: go run ./bench/enginebench [-size full|small] [-dir DIR] [-keep] [-runs 10] [-peer-runs 2]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/source/demo"
)

func main() {
	size := flag.String("size", "full", "demo size: small or full")
	dir := flag.String("dir", "", "work directory (default: a temp dir, removed afterwards unless -keep)")
	keep := flag.Bool("keep", false, "keep the work directory, and reuse a demo store already in it")
	runs := flag.Int("runs", 10, "runs per Go scan timing (best kept)")
	peerRuns := flag.Int("peer-runs", 2, "runs per pandas, SQL and Go per-date history timing (best kept)")
	flag.Parse()
	if err := run(context.Background(), *size, *dir, *keep, *runs, *peerRuns); err != nil {
		fmt.Fprintln(os.Stderr, "enginebench:", err)
		os.Exit(1)
	}
}

type row struct {
	task, peer  string
	ours, other float64 // seconds; other 0 = no peer
}

func run(ctx context.Context, sizeName, dir string, keep bool, runs, peerRuns int) error {
	size, err := demo.ParseSize(sizeName)
	if err != nil {
		return err
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "enginebench-*"); err != nil {
			return err
		}
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	store := filepath.Join(dir, "demo-"+string(size)+".duckdb")
	if _, err := os.Stat(store); err != nil || !keep {
		logf("building the %s demo market into %s", size, store)
		start := time.Now()
		if err := buildStore(ctx, store, size); err != nil {
			return err
		}
		logf("  built in %.0f s", time.Since(start).Seconds())
	} else {
		logf("reusing %s", store)
	}
	start := time.Now()
	m, err := load(ctx, store)
	if err != nil {
		return err
	}
	logf("loaded in %.1f s: %d stocks × %d days", time.Since(start).Seconds(), len(m.Stocks.Symbols), len(m.Dates))
	exp := filepath.Join(dir, "export")
	if err := export(exp, m); err != nil {
		return err
	}
	// The Go timings come first, right after loading, so that they and the
	// peers see the same machine as far as possible; then pandas, then SQL.
	loadStart := loadAvg()
	type scanTimes struct{ one, two float64 }
	goScan := make([]scanTimes, len(m.Sets))
	for k, set := range m.Sets {
		goScan[k].one = bestOf(runs, func() error { return Scan(m, set) })
		goScan[k].two = bestOf(runs, func() error { return ScanParallel(m, set, 2) })
		logf("  Go scan %s: %.0f ms (1), %.0f ms (2)", set.Name, goScan[k].one*1000, goScan[k].two*1000)
	}
	parts, order, err := PartTimes(m, m.Sets[len(m.Sets)-1], runs)
	if err != nil {
		return err
	}
	asOf := bestOf(runs, func() error { _, err := AsOfPerformance(m); return err })
	hist1 := bestOf(peerRuns, func() error { PerfHistory(m.Stocks, HistoryWindows, 1); return nil })
	hist2 := bestOf(peerRuns, func() error { PerfHistory(m.Stocks, HistoryWindows, 2); return nil })
	loadGo := loadAvg()

	var rows []row
	pd, pdErr := runPandas(ctx, exp, peerRuns)
	pandasPeer := func(what string) string {
		if pdErr != nil {
			return "pandas (unavailable: " + firstLine(pdErr.Error()) + ")"
		}
		return "pandas " + what
	}
	for k, set := range m.Sets {
		var peer float64
		if pd != nil {
			peer = pd.Scan[fmt.Sprint(k)]
		}
		rows = append(rows,
			row{fmt.Sprintf("full scan, %s, 1 goroutine", set.Name), pandasPeer("`scan_ref.py` (same scan)"), goScan[k].one, peer},
			row{fmt.Sprintf("full scan, %s, 2 goroutines (errgroup)", set.Name), pandasPeer("`scan_ref.py` (same scan)"), goScan[k].two, peer})
	}
	sq, sqErr := timeSQL(ctx, store, peerRuns)
	sqlPeer := func(what string) string {
		if sqErr != nil {
			return "DuckDB SQL (failed: " + firstLine(sqErr.Error()) + ")"
		}
		return "DuckDB SQL " + what
	}
	var sqAsOf, sqHist float64
	if sq != nil {
		sqAsOf, sqHist = sq.asOf, sq.history
	}
	nS, nD := len(m.Stocks.Symbols), len(m.Dates)
	rows = append(rows,
		row{fmt.Sprintf("performance + ranks as of the last day, 5 windows, %d stocks", nS),
			sqlPeer("(`LAG … OVER (PARTITION BY symbol ORDER BY date)` over all rows, `RANK()` on the last date)"), asOf, sqAsOf},
		row{fmt.Sprintf("performance + ranks per date, 5 windows, %d stocks × %d days, 1 goroutine", nS, nD),
			sqlPeer("(`LAG` + `RANK() OVER (PARTITION BY date ORDER BY ret DESC)`)"), hist1, sqHist},
		row{"same, 2 goroutines (errgroup)", sqlPeer("(same query)"), hist2, sqHist})
	if pd != nil {
		rows = append(rows, row{"same, 1 goroutine", pandasPeer("(`ffill`, `shift`, `rank(axis=1, method=\"min\")`)"), hist1, pd.History})
	}

	fmt.Printf("Machine: %d cores (nproc), %s, %s %s/%s; load average (1, 5, 15 min) before the Go timings %s, after them %s, at the end %s\n\n",
		runtime.NumCPU(), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH, loadStart, loadGo, loadAvg())
	fmt.Printf("Data (%s demo): %d stocks × %d trading days (%s – %s), benchmark %s; ", size, nS, nD,
		m.Dates[0].Format("2006-01-02"), m.Dates[nD-1].Format("2006-01-02"), m.Benchmark)
	for _, set := range m.Sets {
		fmt.Printf("%s (%d memberships); ", set.Name, len(set.All))
	}
	fmt.Printf("margin %d stocks, main-force flows %d stocks, %d ETFs (%d mapped to sectors).\n\n",
		len(m.Margin.Symbols), len(m.Flow.Symbols), len(m.ETF.Symbols), len(m.ETFAssign))
	fmt.Println("| task | Sextant | peer | peer time | peer ÷ Sextant |")
	fmt.Println("|---|---:|---|---:|---:|")
	for _, r := range rows {
		pt, ratio := "—", "—"
		if r.other > 0 {
			pt, ratio = secs(r.other), fmt.Sprintf("%.1f×", r.other/r.ours)
		}
		fmt.Printf("| %s | %s | %s | %s | %s |\n", r.task, secs(r.ours), r.peer, pt, ratio)
	}
	if pd != nil {
		fmt.Printf("\npandas load (np.load of the exported .npy matrices + CSV memberships into DataFrames): %s, not in the times above. pandas %s, numpy %s.\n",
			secs(pd.Load), pd.Pandas, pd.Numpy)
	}
	fmt.Printf("\nTimes are the best of %d runs (Go scans), %d (pandas, SQL, Go per-date history).\n", runs, peerRuns)

	fmt.Printf("\nWhere the time goes (%s, one goroutine, best of %d per part):\n\n", m.Sets[len(m.Sets)-1].Name, runs)
	fmt.Println("| part | time |")
	fmt.Println("|---|---:|")
	for _, name := range order {
		fmt.Printf("| %s | %s |\n", name, secs(parts[name].Seconds()))
	}
	check(m, sq, pd)
	return nil
}

// check prints to stderr how far the peers agree with the engines as of
// the last day: pandas should match exactly; SQL differs where a stock has
// no bar on some day of the window (LAG counts the stock's own bars).
func check(m *Market, sq *sqlTimes, pd *pandasResult) {
	t, err := AsOfPerformance(m)
	if err != nil {
		return
	}
	var same, both, cnt int
	var sum float64
	for _, r := range t.Rows {
		v := r.Returns["21"]
		if v != v {
			continue
		}
		sum += v
		cnt++
		if sq == nil {
			continue
		}
		if w, ok := sq.ret21[string(r.Symbol)]; ok {
			both++
			if math.Abs(w-v) <= 1e-9*math.Max(1, math.Abs(v)) {
				same++
			}
		}
	}
	logf("check: Go 21-day returns as of the last day: %d values, sum %.6f", cnt, sum)
	if sq != nil {
		logf("check: SQL 21-day return equals Go's for %d of %d stocks", same, both)
	}
	if pd != nil {
		logf("check: pandas 21-day returns as of the last day: %v", pd.Check)
	}
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func bestOf(n int, f func() error) float64 {
	var b float64
	for range n {
		runtime.GC()
		start := time.Now()
		if err := f(); err != nil {
			logf("error: %v", err)
			return 0
		}
		b = best(b, time.Since(start).Seconds())
	}
	return b
}

type pandasResult struct {
	Load    float64            `json:"load"`
	Scan    map[string]float64 `json:"scan"`
	History float64            `json:"history"`
	Check   any                `json:"check"`
	Pandas  string             `json:"pandas"`
	Numpy   string             `json:"numpy"`
}

// runPandas runs bench/reference/scan_ref.py on the export.
func runPandas(ctx context.Context, dir string, runs int) (*pandasResult, error) {
	py, err := python()
	if err != nil {
		return nil, err
	}
	logf("running pandas on %s", dir)
	cmd := exec.CommandContext(ctx, py, "bench/reference/scan_ref.py", "--data", dir, "--runs", fmt.Sprint(runs))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("scan_ref.py: %w", err)
	}
	var r pandasResult
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("scan_ref.py output: %w", err)
	}
	return &r, nil
}

// python returns the interpreter that has pandas (Debian's python3-pandas
// lives under /usr/bin/python3, which a pyenv python3 on PATH cannot see).
func python() (string, error) {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import pandas").Run() == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no python3 with pandas (apt-get install python3-pandas)")
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "model name") {
			if i := strings.IndexByte(line, ':'); i >= 0 {
				return strings.TrimSpace(line[i+1:])
			}
		}
	}
	return "unknown CPU"
}

func secs(s float64) string {
	if s < 1 {
		return fmt.Sprintf("%.0f ms", s*1000)
	}
	return fmt.Sprintf("%.2f s", s)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
