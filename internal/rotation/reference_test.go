package rotation

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// The reference test compares the engine with bench/reference/rotation_ref.py,
// an independent pandas implementation of the same formulas, on the US
// Select Sector SPDRs and SPY (yfinance files in ../shared/data).

const spdrDir = "us_sector_etfs_yf_inception_2025"

// sharedData finds ../shared/data next to the module root (or
// $SEXTANT_SHARED_DATA), or "".
func sharedData() string {
	if d := os.Getenv("SEXTANT_SHARED_DATA"); d != "" {
		return d
	}
	dir, _ := os.Getwd()
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "data")
		}
	}
	return ""
}

// pandasPython returns a Python that can import pandas: Debian's
// /usr/bin/python3 first, then python3 on PATH.
func pandasPython() string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import pandas").Run() == nil {
			return py
		}
	}
	return ""
}

// readYahooCloses is a test-only reader of yfinance CSVs: the Date column's
// local calendar date (its first 10 characters) and Close.
func readYahooCloses(path string) ([]time.Time, []float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var dates []time.Time
	var closes []float64
	dateCol, closeCol := -1, -1
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), ",")
		if line == 1 {
			for i, h := range fields {
				switch h {
				case "Date":
					dateCol = i
				case "Close":
					closeCol = i
				}
			}
			if dateCol < 0 || closeCol < 0 {
				return nil, nil, fmt.Errorf("%s: no Date/Close header", path)
			}
			continue
		}
		d, err := time.Parse("2006-01-02", fields[dateCol][:10])
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		c, err := strconv.ParseFloat(fields[closeCol], 64)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		dates, closes = append(dates, d), append(closes, c)
	}
	return dates, closes, sc.Err()
}

func loadSPDRs(t *testing.T, dir string) *market.Matrix {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	sort.Strings(paths)
	var syms []market.Symbol
	var ds [][]time.Time
	var cs [][]float64
	for _, p := range paths {
		d, c, err := readYahooCloses(p)
		if err != nil {
			t.Fatal(err)
		}
		syms = append(syms, market.Symbol(strings.TrimSuffix(filepath.Base(p), ".csv")))
		ds, cs = append(ds, d), append(cs, c)
	}
	dates := series.UnionDates(ds...)
	m := market.NewMatrix(dates, syms)
	for j := range syms {
		copy(m.Values[j], series.Align(ds[j], cs[j], dates))
	}
	return m
}

type refPoint struct {
	Date       string   `json:"date"`
	RSRatio    *float64 `json:"rs_ratio"`
	RSMomentum *float64 `json:"rs_momentum"`
}

type refRow struct {
	RSRatio    *float64            `json:"rs_ratio"`
	RSMomentum *float64            `json:"rs_momentum"`
	Quadrant   string              `json:"quadrant"`
	HeadingDeg *float64            `json:"heading_deg"`
	Distance   *float64            `json:"distance"`
	TailLength *float64            `json:"tail_length"`
	Tail       []refPoint          `json:"tail"`
	Returns    map[string]*float64 `json:"returns"`
	Excess     map[string]*float64 `json:"excess"`
	Rank       map[string]int      `json:"rank"`
}

type refOutput struct {
	AsOfs []struct {
		AsOf     string              `json:"asof"`
		LastDate string              `json:"last_date"`
		Bench    map[string]*float64 `json:"bench_returns"`
		Rows     map[string]refRow   `json:"rows"`
	} `json:"asofs"`
}

func TestReferencePandas(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	data := sharedData()
	dir := filepath.Join(data, spdrDir)
	if _, err := os.Stat(filepath.Join(dir, "SPY.csv")); err != nil {
		t.Skipf("no SPDR data at %s", dir)
	}
	py := pandasPython()
	if py == "" {
		t.Skip("no python3 with pandas")
	}
	m := loadSPDRs(t, dir)
	asOfs := []string{"2020-03-20", "2022-06-30", "2025-12-26", "2024-01-03"}
	for _, run := range []struct {
		p     RotationParams
		asOfs []string
	}{
		{DefaultRotationParams(), asOfs},
		{RotationParams{Freq: Daily, Window: 14, Tail: 8}, asOfs[:2]},
		{RotationParams{Freq: Weekly, Window: 10, Tail: 5}, asOfs[1:2]},
	} {
		t.Run(fmt.Sprintf("%s-N%d-tail%d", run.p.Freq, run.p.Window, run.p.Tail), func(t *testing.T) {
			args := []string{"../../bench/reference/rotation_ref.py", "--data", dir, "--benchmark", "SPY",
				"--freq", string(run.p.Freq), "--window", strconv.Itoa(run.p.Window), "--tail", strconv.Itoa(run.p.Tail)}
			for _, a := range run.asOfs {
				args = append(args, "--asof", a)
			}
			out, err := exec.Command(py, args...).Output()
			if err != nil {
				t.Fatalf("reference script: %v", err)
			}
			var ref refOutput
			if err := json.Unmarshal(out, &ref); err != nil {
				t.Fatal(err)
			}
			c := &comparer{t: t}
			for _, ra := range ref.AsOfs {
				asOf, _ := time.Parse("2006-01-02", ra.AsOf)
				b, err := Board(m, nil, "SPY", asOf, run.p, DefaultWindows)
				if err != nil {
					t.Fatal(err)
				}
				compareBoard(c, ra.AsOf, ra.LastDate, ra.Bench, ra.Rows, b)
			}
			t.Logf("%d values compared, max |diff| %.3g, %d quadrants", c.n, c.maxDiff, c.quadrants)
			if c.n < 100 {
				t.Errorf("only %d values compared", c.n)
			}
		})
	}
}

// comparer counts compared values and the largest absolute difference.
type comparer struct {
	t         *testing.T
	n         int
	quadrants int
	maxDiff   float64
}

func (c *comparer) num(where string, got float64, want *float64) {
	c.t.Helper()
	c.n++
	if want == nil {
		if !math.IsNaN(got) {
			c.t.Errorf("%s = %v, reference null", where, got)
		}
		return
	}
	d := math.Abs(got - *want)
	if math.IsNaN(d) || d > 1e-6 {
		c.t.Errorf("%s = %v, reference %v", where, got, *want)
		return
	}
	c.maxDiff = math.Max(c.maxDiff, d)
}

func compareBoard(c *comparer, asOf, lastDate string, bench map[string]*float64, rows map[string]refRow, b *BoardTable) {
	t := c.t
	t.Helper()
	if market.FormatDate(b.AsOf) != lastDate {
		t.Errorf("%s: as-of row %s, reference %s", asOf, market.FormatDate(b.AsOf), lastDate)
	}
	if len(b.Rows) != len(rows) {
		t.Errorf("%s: %d rows, reference %d", asOf, len(b.Rows), len(rows))
	}
	for _, w := range DefaultWindows {
		c.num(asOf+" SPY "+w.Name, b.BenchRet[w.Name], bench[w.Name])
	}
	for i, r := range b.Rows {
		ref, ok := rows[string(r.Symbol)]
		if !ok {
			t.Errorf("%s: %s not in the reference", asOf, r.Symbol)
			continue
		}
		at := asOf + " " + string(r.Symbol) + " "
		for _, w := range DefaultWindows {
			c.num(at+"return "+w.Name, r.Returns[w.Name], ref.Returns[w.Name])
			c.num(at+"excess "+w.Name, r.Excess[w.Name], ref.Excess[w.Name])
			if got := b.Perf.Rows[i].Rank[w.Name]; got != ref.Rank[w.Name] {
				t.Errorf("%srank %s = %d, reference %d", at, w.Name, got, ref.Rank[w.Name])
			}
		}
		c.num(at+"rs_ratio", r.RSRatio, ref.RSRatio)
		c.num(at+"rs_momentum", r.RSMomentum, ref.RSMomentum)
		c.num(at+"heading", r.HeadingDeg, ref.HeadingDeg)
		c.num(at+"distance", r.Distance, ref.Distance)
		c.num(at+"tail_length", r.TailLength, ref.TailLength)
		if string(r.Quadrant) != ref.Quadrant {
			t.Errorf("%squadrant %q, reference %q", at, r.Quadrant, ref.Quadrant)
		}
		c.quadrants++
		if len(r.Tail) != len(ref.Tail) {
			t.Errorf("%stail of %d, reference %d", at, len(r.Tail), len(ref.Tail))
			continue
		}
		for k, p := range r.Tail {
			if market.FormatDate(p.Date) != ref.Tail[k].Date {
				t.Errorf("%stail %d date %s, reference %s", at, k, market.FormatDate(p.Date), ref.Tail[k].Date)
			}
			c.num(fmt.Sprintf("%stail %d ratio", at, k), p.RSRatio, ref.Tail[k].RSRatio)
			c.num(fmt.Sprintf("%stail %d momentum", at, k), p.RSMomentum, ref.Tail[k].RSMomentum)
		}
	}
}
