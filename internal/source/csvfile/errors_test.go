package csvfile

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

const head = "symbol,date,open,high,low,close,volume\n"

func TestInvalidRows(t *testing.T) {
	tests := []struct {
		name, text string
		opts       Options
		msg        string // the error message: "FILE:LINE: reason …"
	}{
		{"high below low", head + "600519.SH,2024-01-02,10,11,9,10,100\n600519.SH,2024-01-03,10,9,10,10,100\n",
			Options{}, "bars.csv:3: high 9 is below low 10"},
		{"negative volume", head + "600519.SH,2024-01-02,10,11,9,10,-5\n",
			Options{}, "bars.csv:2: volume -5 is negative"},
		{"close outside the range", head + "600519.SH,2024-01-02,10,11,9,12,5\n",
			Options{}, "bars.csv:2: close 12 is outside [low 9, high 11]"},
		{"unparsable date", head + "600519.SH,2024-13-01,10,11,9,10,5\n",
			Options{}, `bars.csv:2: unparsable date "2024-13-01"`},
		{"unparsable number", head + "600519.SH,2024-01-02,10,11,9,abc,5\n",
			Options{}, `bars.csv:2: close: unparsable number "abc"`},
		{"empty close", head + "600519.SH,2024-01-02,10,11,9,,5\n",
			Options{}, "bars.csv:2: close is empty"},
		{"zero close", head + "600519.SH,2024-01-02,,,,0,5\n",
			Options{}, "bars.csv:2: close 0 is not a positive number"},
		{"ragged row", head + "600519.SH,2024-01-02,10,11\n",
			Options{}, "bars.csv:2: row has 4 fields, header has 7"},
		{"bare code without venue", head + "ABC123,2024-01-02,10,11,9,10,5\n",
			Options{}, `bars.csv:2: symbol "ABC123" has no venue; write it as CODE.VENUE (e.g. 600519.SH, XLK.US)`},
		{"line numbers count blank and quoted lines", head + "\n600519.SH,2024-01-02,10,11,9,10,5\n\"600519\n.SH\",2024-01-03,10,11,9,10,5\n600519.SH,2024-01-04,10,11,9,10,-1\n",
			Options{}, `bars.csv:4: symbol "600519\n.SH" contains white space (and 1 more error)`},
		{"counts the rest", head + "600519.SH,2024-01-02,10,11,9,10,-1\n600519.SH,2024-01-03,10,11,9,10,-1\n600519.SH,2024-01-04,10,11,9,10,-1\n",
			Options{}, "bars.csv:2: volume -1 is negative (and 2 more errors)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read(context.Background(), "bars.csv", strings.NewReader(tt.text), tt.opts)
			if err == nil {
				t.Fatalf("no error; batch %d rows", res.Batch.Len())
			}
			if sextant.ErrorCode(err) != sextant.EINVALID {
				t.Errorf("code %q, want invalid", sextant.ErrorCode(err))
			}
			if got := sextant.ErrorMessage(err); got != tt.msg {
				t.Errorf("message\n got %s\nwant %s", got, tt.msg)
			}
			if res.Batch.Len() != 0 {
				t.Errorf("batch has %d rows; a rejected file writes nothing", res.Batch.Len())
			}
			if res.ErrorCount == 0 || res.Errors[0].String()+suffix(res.ErrorCount) != tt.msg {
				t.Errorf("Errors %v (count %d)", res.Errors, res.ErrorCount)
			}
		})
	}
}

func suffix(n int) string {
	switch n {
	case 1:
		return ""
	case 2:
		return " (and 1 more error)"
	}
	return " (and " + itoa(n-1) + " more errors)"
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestStructuralErrors(t *testing.T) {
	tests := []struct {
		name, file, text string
		opts             Options
		msg              string
	}{
		{"no close column", "bars.csv", "symbol,date,open\n600519.SH,2024-01-02,1\n", Options{},
			"bars.csv:1: no close column (want a bar layout: symbol,date,open,high,low,close,…; see docs/data-formats.md)"},
		{"no date column", "bars.csv", "symbol,close\n600519.SH,1\n", Options{},
			"bars.csv:1: no date column (want date, trade_date, datetime or 日期)"},
		{"empty file", "bars.csv", "", Options{}, "bars.csv:1: empty file: no header"},
		{"unknown dataset", "x.csv", "a,b\n", Options{Dataset: "prices"},
			`x.csv:1: unknown dataset "prices" (want one of [instruments sectors members bars shares margin flows fundamentals valuation])`},
		{"unknown unit", "x.csv", "a,b\n", Options{Unit: "bucks"},
			`x.csv:1: unknown unit "bucks" (want 元, 千元, 万元, 百万元 or 亿元)`},
		{"no symbol anywhere", "prices.csv", "date,close\n2024-01-02,1\n", Options{},
			`prices.csv:1: the file has no symbol column and its name "prices" is not a symbol; pass --symbol CODE.VENUE (or --venue for a bare code)`},
		{"margin needs a symbol", "margin.csv", "date,fin_balance,loan_balance,fin_buy,guarantee\n2012-09-27,704.53,15.31,34.09,257.28\n",
			Options{Dataset: market.DatasetMargin},
			`margin.csv:1: the file has no symbol column and its name "margin" is not a symbol; pass --symbol CODE.VENUE (or --venue for a bare code)`},
		{"members missing columns", "m.csv", "taxonomy,symbol\nsw2021,600519.SH\n", Options{Dataset: market.DatasetMembers},
			"m.csv:1: missing required column from, sector"},
		{"unclosed quote", "bars.csv", head + "\"600519.SH,2024-01-02,10,11,9,10,5\n", Options{},
			"bars.csv:2: quoted field is not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read(context.Background(), tt.file, strings.NewReader(tt.text), tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if sextant.ErrorCode(err) != sextant.EINVALID {
				t.Errorf("code %q", sextant.ErrorCode(err))
			}
			if got := sextant.ErrorMessage(err); got != tt.msg {
				t.Errorf("message\n got %s\nwant %s", got, tt.msg)
			}
			if res == nil || res.ErrorCount != 1 || res.Batch.Len() != 0 {
				t.Errorf("result %+v", res)
			}
		})
	}
}

func TestSkipInvalidAndRejects(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bars.csv")
	text := "\ufeff" + head +
		"600519.SH,2024-01-02,10,11,9,10,100\n" +
		"600519.SH,2024-01-03,10,9,10,10,100\n" + // high < low
		"600519.SH,2024-01-04,10,11,9,10.5,100\n" +
		"600519.SH,bad,10,11,9,10,100\n" +
		"\"600519.SH\",2024-01-08,\"10\",11,9,10,-3\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ReadFile(context.Background(), path, Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 5 || len(res.Batch.Bars) != 2 || res.ErrorCount != 3 || len(res.Rejected) != 3 {
		t.Fatalf("rows %d bars %d errors %d rejected %d", res.Rows, len(res.Batch.Bars), res.ErrorCount, len(res.Rejected))
	}
	if c := res.Batch.Bars[1].Close; c != 10.5 {
		t.Errorf("second valid close %v", c)
	}
	if err := WriteRejects(path, res); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"symbol", "date", "open", "high", "low", "close", "volume", "line", "reason"},
		{"600519.SH", "2024-01-03", "10", "9", "10", "10", "100", "3", "high 9 is below low 10"},
		{"600519.SH", "bad", "10", "11", "9", "10", "100", "5", `unparsable date "bad"`},
		{"600519.SH", "2024-01-08", "10", "11", "9", "10", "-3", "6", "volume -3 is negative"},
	}
	if len(recs) != len(want) {
		t.Fatalf("rejects file:\n%v", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("line %d\n got %q\nwant %q", i+1, recs[i], want[i])
		}
	}
	// The rejects file is itself importable once fixed: extra columns are ignored.
	res2, err := ReadFile(context.Background(), path+".rejects.csv", Options{SkipInvalid: true})
	if err != nil || len(res2.Rejected) != 3 {
		t.Errorf("re-reading rejects: %v, %d rejected", err, len(res2.Rejected))
	}
}

func TestWarnings(t *testing.T) {
	cn := market.NewCalendar("SH", []time.Time{market.Day(2014, 12, 31), market.Day(2015, 1, 5), market.Day(2015, 1, 6)})
	t.Run("holiday is a warning only with a calendar", func(t *testing.T) {
		text := "date,open,high,low,close,amount_yi,pe\n2015-01-01,3566.09,3669.04,3551.51,3641.54,5198.5,14.28\n2015-01-05,3566.09,3669.04,3551.51,3641.54,5198.5,14.28\n"
		res := mustRead(t, "000300.csv", text, Options{})
		if res.WarningCount != 0 || len(res.Batch.Bars) != 2 {
			t.Fatalf("without calendar: %v", res.Warnings)
		}
		res = mustRead(t, "000300.csv", text, Options{Calendars: map[string]market.Calendar{"SH": cn}, Kinds: map[market.Symbol]market.Kind{"000300.SH": market.KindIndex}})
		if len(res.Batch.Bars) != 2 || res.WarningCount != 1 || res.Warnings[0].String() != "000300.csv:2: 000300.SH 2015-01-01 is not a trading day of SH" {
			t.Fatalf("with calendar: %v", res.Warnings)
		}
	})
	t.Run("price limit", func(t *testing.T) {
		res := mustRead(t, "b.csv", "symbol,date,close\n600519.SH,2024-01-02,10\n600519.SH,2024-01-03,12.5\n300750.SZ,2024-01-02,10\n300750.SZ,2024-01-03,12\n", Options{})
		if res.WarningCount != 1 || res.Warnings[0].String() != "b.csv:3: 600519.SH 2024-01-03 moved +25.0%, beyond the 10% price limit" {
			t.Fatalf("%v", res.Warnings)
		}
	})
	t.Run("weekend", func(t *testing.T) {
		res := mustRead(t, "b.csv", "symbol,date,close\nXLK.US,2024-01-06,10\n", Options{})
		if res.WarningCount != 1 || res.Warnings[0].String() != "b.csv:2: XLK.US 2024-01-06 falls on a Saturday" {
			t.Fatalf("%v", res.Warnings)
		}
	})
	t.Run("duplicates keep the last", func(t *testing.T) {
		res := mustRead(t, "b.csv", "symbol,date,close\nXLK.US,2024-01-02,10\nXLK.US,2024-01-03,11\nXLK.US,2024-01-02,10.5\nXLK.US,2024-01-03,11\n", Options{})
		if len(res.Batch.Bars) != 2 || res.Batch.Bars[0].Close != 10.5 || res.Batch.Bars[1].Close != 11 {
			t.Fatalf("bars %+v", res.Batch.Bars)
		}
		if res.WarningCount != 1 || res.Warnings[0].String() != "b.csv:4: duplicate XLK.US 2024-01-02 (also on line 2) with different values; keeping this row, the last" {
			t.Fatalf("%v", res.Warnings)
		}
	})
	t.Run("MaxIssues keeps the first by line", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("symbol,date,close\n")
		for i := 0; i < 30; i++ {
			b.WriteString("XLK.US," + market.FormatDate(market.Day(2024, 1, 6).AddDate(0, 0, 7*i)) + ",10\n") // Saturdays
		}
		res := mustRead(t, "b.csv", b.String(), Options{MaxIssues: 5})
		if res.WarningCount != 30 || len(res.Warnings) != 5 || res.Warnings[0].Line != 2 {
			t.Fatalf("count %d kept %d first %v", res.WarningCount, len(res.Warnings), res.Warnings)
		}
	})
}

func TestGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte("<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\nSPY.US,D,20050225,000000,92.79,93.87,92.70,93.69,79289004,0\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "spy.us.txt.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ReadFile(context.Background(), path, Options{})
	if err != nil || res.Layout != "stooq-bulk" || len(res.Batch.Bars) != 1 || res.Batch.Bars[0].Close != 93.69 {
		t.Fatalf("%v %+v", err, res)
	}
	if _, err := ReadFile(context.Background(), filepath.Join(t.TempDir(), "none.csv"), Options{}); sextant.ErrorCode(err) != sextant.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
}
