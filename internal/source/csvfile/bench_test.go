package csvfile

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/storetest"
)

// canonicalBars renders n canonical bar rows: symbols 600000.SH… with
// consecutive weekdays, prices drifting around 10.
func canonicalBars(symbols, days int) []byte {
	var b bytes.Buffer
	b.WriteString("symbol,date,open,high,low,close,volume,amount,turnover,adj_factor\n")
	start := market.Day(2010, 1, 4)
	for s := 0; s < symbols; s++ {
		sym := fmt.Sprintf("%06d.SH", 600000+s)
		d, px := start, 10.0+float64(s%50)
		for k := 0; k < days; k++ {
			for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				d = d.AddDate(0, 0, 1)
			}
			px *= 1 + 0.001*float64((k*7+s)%11-5)
			f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%d,%s,0.0123,1.0\n", sym, d.Format("2006-01-02"),
				f(px), f(px*1.01), f(px*0.99), f(px), 100000+k, f(px*100000))
			d = d.AddDate(0, 0, 1)
		}
	}
	return b.Bytes()
}

func BenchmarkReadCanonicalBars(b *testing.B) {
	data := canonicalBars(400, 2500) // 1,000,000 rows
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Read(context.Background(), "bars.csv", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Batch.Bars) != 1_000_000 {
			b.Fatalf("%d bars", len(res.Batch.Bars))
		}
	}
	b.ReportMetric(float64(1_000_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

var barsFile = flag.String("bars.file", "", "BenchmarkReadBarsFile: canonical bars CSV to read (written from storetest.SyntheticBars(bars.symbols, bars.days) when missing)")
var barsSymbols = flag.Int("bars.symbols", 4000, "BenchmarkReadBarsFile: symbols when generating")
var barsDays = flag.Int("bars.days", 2500, "BenchmarkReadBarsFile: days per symbol when generating")

// BenchmarkReadBarsFile reads a large canonical file end to end through
// ReadFile, the way `sextant import bars` does. It runs only with
// -bars.file; the default generated file is bench/importbench's (10M rows,
// values written with strconv 'g' -1).
func BenchmarkReadBarsFile(b *testing.B) {
	if *barsFile == "" {
		b.Skip("set -bars.file")
	}
	if _, err := os.Stat(*barsFile); os.IsNotExist(err) {
		bars, _ := storetest.SyntheticBars(*barsSymbols, *barsDays)
		if err := storetest.WriteBarsCSV(*barsFile, bars); err != nil {
			b.Fatal(err)
		}
	}
	st, err := os.Stat(*barsFile)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ResetTimer()
	rows := 0
	for i := 0; i < b.N; i++ {
		res, err := ReadFile(context.Background(), *barsFile, Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows += len(res.Batch.Bars)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
