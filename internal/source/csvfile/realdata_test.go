package csvfile

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// sharedData returns the directory of the real data files, skipping the
// test when it is absent. SEXTANT_SHARED_DATA overrides the default, which
// is the repository's sibling shared/data.
func sharedData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SEXTANT_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.json")); err != nil {
		t.Skipf("real data not found in %s", dir)
	}
	return dir
}

// readReal reads one real file, failing on any error.
func readReal(t *testing.T, path string, opts Options) *Result {
	t.Helper()
	res, err := ReadFile(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if res.ErrorCount != 0 {
		t.Fatalf("%s: %d errors: %v", path, res.ErrorCount, res.Errors)
	}
	return res
}

// cnCalendar loads the A-share calendar shipped with the data.
func cnCalendar(t *testing.T, dir string) market.Calendar {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "cn_trade_calendar_akshare", "calendar.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw []string
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	days := make([]time.Time, 0, len(raw))
	for _, s := range raw {
		d, err := parseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		days = append(days, d)
	}
	return market.NewCalendar("SH", days)
}

func TestRealBarFiles(t *testing.T) {
	dir := sharedData(t)
	tests := []struct {
		file       string
		opts       Options
		layout     string
		rows       int
		symbols    int
		sym        market.Symbol
		first      time.Time
		firstClose float64
		last       time.Time
		lastClose  float64
	}{
		{"cn_csi_indices_margin/000300.csv", Options{}, "csindex", 2829, 1, "000300.SH", market.Day(2015, 1, 1), 3641.54, market.Day(2026, 8, 21), 4618.9},
		{"cn_csi_indices_margin/H30184.csv", Options{}, "csindex", 2830, 1, "H30184.CSI", market.Day(2015, 1, 1), 2273.23, market.Day(2026, 8, 21), 13157.88},
		{"cn_ths_industry_concept_index_2025/881166.csv", Options{}, "ths", 210, 1, "881166.THS", market.Day(2025, 1, 2), 1580.283, market.Day(2025, 11, 14), 2260.114},
		{"cn_csi_sector_index_valuation_2005_2021/399967.csv", Options{}, "close-only", 1823, 1, "399967.SZ", market.Day(2021, 6, 22), 11834.29, market.Day(2013, 12, 26), 5941.8574},
		{"cn_etf_daily/512660.csv", Options{}, "cn-etf", 1979, 1, "512660.SH", market.Day(2016, 8, 9), 1.016, market.Day(2024, 9, 30), 1.0},
		{"cn_stock_daily_sample/600519.csv", Options{}, "baostock", 3555, 1, "600519.SH", market.Day(2010, 1, 4), 169.94, market.Day(2024, 8, 20), 1422.72},
		{"us_sector_etfs_2005_2025/benchmarks.csv", Options{}, "long", 11750, 2, "QQQ.US", market.Day(1999, 3, 10), 43.2932, market.Day(2025, 7, 11), 554.2},
		{"us_sector_etfs_2005_2025/sector_prices_full.csv", Options{}, "long", 50347, 11, "XLK.US", market.Day(2005, 2, 25), 16.7815, market.Day(2025, 7, 11), 106.01},
		{"us_sector_etfs_yf_inception_2025/SPY.csv", Options{}, "yfinance", 8285, 1, "SPY.US", market.Day(1993, 1, 29), 24.241403579711914, market.Day(2025, 12, 26), 690.5900268554688},
		{"us_sector_etfs_1y_2026/XLK.csv", Options{}, "canonical", 251, 1, "XLK.US", market.Day(2025, 2, 19), 0, market.Day(2026, 2, 18), 0},
		{"us_stooq_bulk_txt/spy.us.txt", Options{}, "stooq-bulk", 5370, 1, "SPY.US", market.Day(2005, 2, 25), 93.6948, market.Day(2026, 7, 2), 744.78},
		{"cn_index_benchmarks_parquet/daily.parquet", Options{}, "parquet", 27696, 6, "000016.SH", market.Day(2005, 1, 4), 827.071, market.Day(2023, 12, 29), 3431.1099},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := readReal(t, filepath.Join(dir, tt.file), tt.opts)
			bars := res.Batch.Bars
			if res.Layout != tt.layout || res.Rows != tt.rows || len(bars) != tt.rows {
				t.Fatalf("layout %s rows %d bars %d; want %s %d", res.Layout, res.Rows, len(bars), tt.layout, tt.rows)
			}
			syms := map[market.Symbol]bool{}
			for _, b := range bars {
				syms[b.Symbol] = true
			}
			first, last := bars[0], bars[len(bars)-1]
			if len(syms) != tt.symbols || first.Symbol != tt.sym || !first.Date.Equal(tt.first) || !last.Date.Equal(tt.last) {
				t.Errorf("symbols %d first %s %s last %s", len(syms), first.Symbol, market.FormatDate(first.Date), market.FormatDate(last.Date))
			}
			if tt.firstClose != 0 && (first.Close != tt.firstClose || last.Close != tt.lastClose) {
				t.Errorf("closes %v … %v, want %v … %v", first.Close, last.Close, tt.firstClose, tt.lastClose)
			}
		})
	}
}

// TestRealDirectories reads every bar file of the multi-file datasets with
// SkipInvalid: row totals match MANIFEST.json, and the few rows the upstream
// files get wrong (an empty close, a last bar whose open lies outside its
// range) are rejected with their reasons.
func TestRealDirectories(t *testing.T) {
	dir := sharedData(t)
	for _, tt := range []struct {
		dir, ext string
		files    int
		rows     int // total data rows, from MANIFEST.json
		rejected int
	}{
		{"cn_ths_industry_concept_index_2025", ".csv", 442, 92817, 0},
		{"cn_csi_sector_index_valuation_2005_2021", ".csv", 15, 43375, 23},
		{"cn_etf_daily", ".csv", 25, 40673, 0},
		{"cn_stock_daily_sample", ".csv", 32, 107100, 0},
		{"us_sector_etfs_yf_inception_2025", ".csv", 12, 73902, 1},
		{"us_sector_etfs_1y_2026", ".csv", 12, 12 * 251, 0},
		{"us_stooq_bulk_txt", ".txt", 7, 7 * 5370, 0},
	} {
		t.Run(tt.dir, func(t *testing.T) {
			paths, _ := filepath.Glob(filepath.Join(dir, tt.dir, "*"+tt.ext))
			if len(paths) != tt.files {
				t.Fatalf("%d files, want %d", len(paths), tt.files)
			}
			rows, bars, rejected := 0, 0, 0
			for _, p := range paths {
				res, err := ReadFile(context.Background(), p, Options{SkipInvalid: true})
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				for _, e := range res.Errors {
					t.Logf("rejected %s", e)
				}
				rows, bars, rejected = rows+res.Rows, bars+len(res.Batch.Bars), rejected+len(res.Rejected)
			}
			if rows != tt.rows || bars+rejected != rows {
				t.Errorf("%d rows (want %d), %d bars, %d rejected", rows, tt.rows, bars, rejected)
			}
			if tt.rejected >= 0 && rejected != tt.rejected {
				t.Errorf("%d rejected, want %d", rejected, tt.rejected)
			}
		})
	}
}

// TestRealInvalidRows pins two real upstream defects and their messages.
func TestRealInvalidRows(t *testing.T) {
	dir := sharedData(t)
	for _, tt := range []struct{ file, msg string }{
		{"cn_csi_sector_index_valuation_2005_2021/000827.csv", ":1826: close is empty"},
		{"us_sector_etfs_yf_inception_2025/XLRE.csv", ":2571: open 40.349998474121094 is outside [low 40.36149978637695, high 40.477699279785156]"},
	} {
		path := filepath.Join(dir, tt.file)
		res, err := ReadFile(context.Background(), path, Options{})
		if got := sextant.ErrorMessage(err); got != path+tt.msg {
			t.Errorf("%s: %s", tt.file, got)
		}
		if res == nil || res.Batch.Len() != 0 {
			t.Errorf("%s: a rejected file must yield no rows", tt.file)
		}
	}
}

func TestRealCalendarWarning(t *testing.T) {
	dir := sharedData(t)
	cal := cnCalendar(t, dir)
	res := readReal(t, filepath.Join(dir, "cn_csi_indices_margin/000300.csv"), Options{
		Calendars: map[string]market.Calendar{"SH": cal},
		Kinds:     map[market.Symbol]market.Kind{"000300.SH": market.KindIndex},
	})
	if len(res.Batch.Bars) != 2829 || res.WarningCount != 1 ||
		res.Warnings[0].String() != filepath.Join(dir, "cn_csi_indices_margin/000300.csv")+":2: 000300.SH 2015-01-01 is not a trading day of SH" {
		t.Fatalf("%d warnings: %v", res.WarningCount, res.Warnings)
	}
}

func TestRealOtherDatasets(t *testing.T) {
	dir := sharedData(t)
	t.Run("margin", func(t *testing.T) {
		res := readReal(t, filepath.Join(dir, "cn_csi_indices_margin/margin.csv"), Options{Dataset: market.DatasetMargin, Symbol: "ALL.CN"})
		m := res.Batch.Margin
		if res.Layout != "eastmoney-margin" || len(m) != 3373 || !near(m[0].FinBalance, 704.53e8) || !near(m[len(m)-1].FinBalance, 26395.00368567e8) {
			t.Fatalf("%s %d %+v", res.Layout, len(m), m[0])
		}
	})
	t.Run("flows", func(t *testing.T) {
		res := readReal(t, filepath.Join(dir, "cn_readfile_transcribed/market_main_fund_flow_davidwang0116.csv"), Options{Dataset: market.DatasetFlows, Symbol: "ALL.CN"})
		f := res.Batch.Flows
		if len(f) != 120 || f[0].MainNet != 17343229952 || f[119].MainNet != -31215710208 {
			t.Fatalf("%d %+v", len(f), f[0])
		}
		for _, x := range f {
			if math.Abs(x.MainNet-(x.SuperNet+x.LargeNet)) > 1 {
				t.Errorf("%s: main %v ≠ super + large", market.FormatDate(x.Date), x.MainNet)
			}
		}
	})
	t.Run("sectors", func(t *testing.T) {
		res := readReal(t, filepath.Join(dir, "cn_readfile_transcribed/sw_l1_industry_list_Yzz39.csv"), Options{Dataset: market.DatasetSectors})
		s := res.Batch.Sectors
		if len(s) != 31 || s[0].Code != "801010" || s[0].Name != "农林牧渔" || s[0].IndexSymbol != "801010.SI" {
			t.Fatalf("%d %+v", len(s), s[0])
		}
	})
	t.Run("etf shares", func(t *testing.T) {
		want := map[string]int{"2026-05": 3960, "2026-06": 15791, "2026-07": 26804, "2026-08": 16990}
		for month, n := range want {
			res := readReal(t, filepath.Join(dir, "cn_etf_shares/etf_shares_"+month+".csv"), Options{Dataset: market.DatasetShares})
			if res.Rows != n || len(res.Batch.Shares) != n {
				t.Errorf("%s: %d rows, %d shares; want %d", month, res.Rows, len(res.Batch.Shares), n)
			}
		}
		res := readReal(t, filepath.Join(dir, "cn_etf_shares/etf_shares_2026-05.csv"), Options{Dataset: market.DatasetShares})
		if s := res.Batch.Shares[0]; s.Symbol != "510010.SH" || !near(s.Shares, 13552.44e4) {
			t.Errorf("%+v", s)
		}
	})
}
