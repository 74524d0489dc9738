package cli

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
)

// openStore opens home's store read-only for assertions.
func openStore(t *testing.T, home string) *duckdb.Store {
	t.Helper()
	opts := duckdb.DefaultOptions()
	opts.ReadOnly = true
	st, err := duckdb.Open(context.Background(), filepath.Join(home, "sextant.duckdb"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// snapshot summarises a store so that two states can be compared: per
// dataset rows, symbols and date range, and the number of ingest runs.
func snapshot(t *testing.T, home string) string {
	t.Helper()
	st := openStore(t, home)
	ctx := context.Background()
	rows, err := st.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := st.IngestRuns(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range rows {
		fmt.Fprintf(&b, "%s rows=%d symbols=%d %s..%s\n", s.Dataset, s.Rows, s.Symbols, market.FormatDate(s.First), market.FormatDate(s.Last))
	}
	fmt.Fprintf(&b, "runs=%d\n", len(runs))
	st.Close()
	return b.String()
}

func TestImportRealLayouts(t *testing.T) {
	data := sharedData(t)
	tests := []struct {
		name   string
		kind   string
		file   string
		flags  []string
		symbol market.Symbol
		rows   int
		first  string
		firstC float64
		last   string
		lastC  float64
	}{
		{"ths industry index (BOM, name from file)", "bars", "cn_ths_industry_concept_index_2025/881166.csv", nil, "881166.THS", 210, "2025-01-02", 1580.283, "2025-11-14", 2260.114},
		{"yfinance export with zones and ticker", "bars", "us_sector_etfs_yf_inception_2025/XLK.csv", nil, "XLK.US", 6795, "1998-12-22", 11.938131332397461, "2025-12-26", 146.85499572753906},
		{"stooq bulk txt", "bars", "us_stooq_bulk_txt/xlk.us.txt", nil, "XLK.US", 5370, "2005-02-25", 8.18729, "2026-07-02", 180.59},
		{"plain OHLCV with --venue", "bars", "us_sector_etfs_1y_2026/XLE.csv", []string{"--venue", "US"}, "XLE.US", 251, "2025-02-19", 46.0099983215332, "2026-02-18", 54.779998779296875},
		{"long file with a sector column", "bars", "us_sector_etfs_2005_2025/sector_prices_full.csv", nil, "XLK.US", 5125, "2005-02-25", 16.7815, "2025-07-11", 255.85},
		{"a-share etf daily", "bars", "cn_etf_daily/512660.csv", nil, "512660.SH", 1979, "2016-08-09", 1.016, "2024-09-30", 1.0},
		{"baostock", "bars", "cn_stock_daily_sample/600760.csv", nil, "600760.SH", 3555, "2010-01-04", 8.55, "2024-08-20", 39.33},
		{"csi index with amount in 亿元", "bars", "cn_csi_indices_margin/000300.csv", []string{"--symbol", "000300.SH"}, "000300.SH", 2829, "2015-01-01", 3641.54, "2026-08-21", 4618.9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			args := append([]string{"import", tt.kind, filepath.Join(data, tt.file)}, tt.flags...)
			res := run(t, home, args...)
			if res.code != 0 {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", res.code, res.out, res.err)
			}
			st := openStore(t, home)
			bars, err := st.Bars(context.Background(), tt.symbol, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			if len(bars) != tt.rows {
				t.Fatalf("%s: %d bars, want %d", tt.symbol, len(bars), tt.rows)
			}
			f, l := bars[0], bars[len(bars)-1]
			if market.FormatDate(f.Date) != tt.first || math.Abs(f.Close-tt.firstC) > 1e-9 || market.FormatDate(l.Date) != tt.last || math.Abs(l.Close-tt.lastC) > 1e-9 {
				t.Errorf("first %s %v last %s %v; want %s %v, %s %v", market.FormatDate(f.Date), f.Close, market.FormatDate(l.Date), l.Close, tt.first, tt.firstC, tt.last, tt.lastC)
			}
			// Re-importing the same file is a no-op.
			before := snapshot(t, home)
			again := run(t, home, args...)
			if again.code != 0 || !strings.Contains(again.out, "(no change)") {
				t.Errorf("re-import: exit %d, out %q", again.code, again.out)
			}
			after := snapshot(t, home)
			if strings.Replace(before, "runs=1", "runs=2", 1) != after {
				t.Errorf("re-import changed data:\nbefore %s\nafter %s", before, after)
			}
		})
	}
}

func TestImportOtherDatasets(t *testing.T) {
	data := sharedData(t)
	home := t.TempDir()
	res := run(t, home, "import", "bars", filepath.Join(data, "cn_index_benchmarks_parquet/daily.parquet"))
	if res.code != 0 {
		t.Fatalf("parquet: exit %d: %s", res.code, res.err)
	}
	res = run(t, home, "import", "shares", filepath.Join(data, "cn_etf_shares/etf_shares_2026-07.csv"))
	if res.code != 0 {
		t.Fatalf("shares: exit %d: %s", res.code, res.err)
	}
	st := openStore(t, home)
	ctx := context.Background()
	sh, err := st.FundShares(ctx, []market.Symbol{"512660.SH"}, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sh) != 23 || market.FormatDate(sh[22].Date) != "2026-07-31" || sh[22].Shares != 585808*1e4 || !math.IsNaN(sh[22].NAV) {
		t.Errorf("512660.SH shares: %d rows, last %+v", len(sh), sh[len(sh)-1])
	}
	bars, err := st.Bars(ctx, "000300.SH", time.Time{}, time.Time{})
	if err != nil || len(bars) < 4000 {
		t.Errorf("parquet CSI 300 bars: %d, %v", len(bars), err)
	}
	st.Close()

	// Market totals: margin in 亿元 and main-force flows, named by --symbol.
	for _, args := range [][]string{
		{"import", "margin", filepath.Join(data, "cn_csi_indices_margin/margin.csv"), "--symbol", "ALL.CN"},
		{"import", "flows", filepath.Join(data, "cn_readfile_transcribed/market_main_fund_flow_davidwang0116.csv"), "--symbol", "ALL.CN"},
		{"import", "sectors", filepath.Join(data, "cn_readfile_transcribed/sw_l1_industry_list_Yzz39.csv")},
	} {
		if res := run(t, home, args...); res.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, res.code, res.err)
		}
	}
	st = openStore(t, home)
	mg, err := st.Margin(ctx, []market.Symbol{"ALL.CN"}, time.Time{}, time.Time{})
	if err != nil || len(mg) != 3373 || math.Abs(mg[0].FinBalance-704.53e8) > 1 || math.Abs(mg[0].FinBuy-34.09e8) > 1 {
		t.Fatalf("margin rows %d, %v", len(mg), err)
	}
	fl, err := st.Flows(ctx, []market.Symbol{"ALL.CN"}, time.Time{}, time.Time{})
	if err != nil || len(fl) != 120 || fl[0].MainNet != 17343229952.0 {
		t.Fatalf("flows: %d rows, first %+v, %v", len(fl), fl, err)
	}
	secs, err := st.Sectors(ctx, "sw2021", 1)
	if err != nil || len(secs) != 31 {
		t.Fatalf("sw2021 L1 sectors: %d, %v", len(secs), err)
	}
}

func TestImportMalformedWritesNothing(t *testing.T) {
	home := t.TempDir()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	bad := filepath.Join(dir, "bad.csv")
	mustWrite(t, good, "symbol,date,open,high,low,close,volume\n600000.SH,2024-01-02,10,11,9,10.5,100\n")
	mustWrite(t, bad, "symbol,date,open,high,low,close,volume\n600000.SH,2024-01-03,10,11,9,10.5,100\n600000.SH,2024-01-04,10,9,11,10,100\n600000.SH,2024-01-05,10,11,9,10,-5\n")
	if res := run(t, home, "import", "bars", good); res.code != 0 {
		t.Fatalf("good: %d %s", res.code, res.err)
	}
	before := snapshot(t, home)
	res := run(t, home, "import", "bars", bad)
	if res.code != ExitInvalid {
		t.Errorf("exit %d, want %d", res.code, ExitInvalid)
	}
	for _, want := range []string{bad + ":3:", bad + ":4:", "nothing written"} {
		if !strings.Contains(res.err, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.err)
		}
	}
	if after := snapshot(t, home); after != before {
		t.Errorf("malformed file changed the store:\nbefore %s\nafter %s", before, after)
	}
	// --skip-invalid imports the valid row and writes the rejects beside the input.
	res = run(t, home, "import", "bars", bad, "--skip-invalid")
	if res.code != 0 || !strings.Contains(res.out, "1 new") {
		t.Fatalf("skip-invalid: exit %d out %q err %q", res.code, res.out, res.err)
	}
	rej, err := os.ReadFile(bad + ".rejects.csv")
	if err != nil || strings.Count(string(rej), "\n") != 3 {
		t.Errorf("rejects file: %v\n%s", err, rej)
	}
}

const helperEnv = "SEXTANT_CLI_TEST_HELPER"

// helperMain runs the CLI as a subprocess for tests that kill it.
func helperMain() {
	args := strings.Split(os.Getenv(helperEnv), "\x1f")
	os.Exit(Main(context.Background(), args, os.Stdin, os.Stdout, os.Stderr))
}

func TestImportKilledLeavesStoreUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large file")
	}
	home := t.TempDir()
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.csv")
	mustWrite(t, seed, "symbol,date,close\n600000.SH,2024-01-02,10\n")
	if res := run(t, home, "import", "bars", seed); res.code != 0 {
		t.Fatalf("seed import: %s", res.err)
	}
	big := filepath.Join(dir, "big.csv")
	writeBigBars(t, big, 1200, 2500) // 3M rows: the write takes ≥ 1 s
	before := snapshot(t, home)

	args := strings.Join([]string{"--home", home, "--log-level", "debug", "import", "bars", big}, "\x1f")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+args)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	writing := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "writing batch") {
			writing = true
			break
		}
	}
	if !writing {
		_ = cmd.Wait()
		t.Fatal("the import never reached the write")
	}
	time.Sleep(100 * time.Millisecond) // well inside the transaction
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	go func() {
		for sc.Scan() {
		}
	}()
	err = cmd.Wait()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		t.Fatalf("import finished before the kill (%v); use a larger file", err)
	}
	if after := snapshot(t, home); after != before {
		t.Fatalf("killed import changed the store:\nbefore %s\nafter %s", before, after)
	}
	// The next run completes the import.
	if res := run(t, home, "import", "bars", big); res.code != 0 || !strings.Contains(res.out, "3,000,000 new") {
		t.Fatalf("re-run: %d %q %q", res.code, res.out, res.err)
	}
}

// writeBigBars writes a canonical bars CSV of n symbols × days rows.
func writeBigBars(t *testing.T, path string, n, days int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "symbol,date,open,high,low,close,volume,amount")
	start := market.Day(2015, 1, 5)
	for s := 0; s < n; s++ {
		sym := fmt.Sprintf("%06d.SZ", s+1)
		d := start
		for i := 0; i < days; i++ {
			for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				d = d.AddDate(0, 0, 1)
			}
			c := 10 + float64((s*7+i)%50)/10
			fmt.Fprintf(w, "%s,%s,%.2f,%.2f,%.2f,%.2f,%d,%.1f\n", sym, d.Format("2006-01-02"), c, c+0.2, c-0.2, c, 1000+i, c*1000)
			d = d.AddDate(0, 0, 1)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
