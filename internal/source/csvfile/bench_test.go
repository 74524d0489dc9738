package csvfile

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
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
