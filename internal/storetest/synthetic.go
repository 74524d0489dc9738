package storetest

import (
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// SyntheticBars returns bars for symbols × days (weekdays from 2010-01-04),
// deterministic, with a few NaN turnovers; the generator of the store
// benchmarks (internal/duckdb and bench/storebench).
func SyntheticBars(symbols, days int) ([]market.Bar, []market.Symbol) {
	syms := make([]market.Symbol, symbols)
	for j := range syms {
		syms[j] = market.Symbol(fmt.Sprintf("%06d.SZ", j))
	}
	dates := make([]time.Time, 0, days)
	for d := market.Day(2010, 1, 4); len(dates) < days; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			dates = append(dates, d)
		}
	}
	bars := make([]market.Bar, 0, symbols*days)
	for j, s := range syms {
		c := 10 + float64(j%97)
		for i, d := range dates {
			c *= 1 + 0.01*math.Sin(float64(i*7+j))
			to := 0.01 + 0.001*float64(i%10)
			if (i+j)%50 == 0 {
				to = math.NaN()
			}
			bars = append(bars, market.Bar{Symbol: s, Date: d, Open: c * 0.99, High: c * 1.01, Low: c * 0.98, Close: c,
				Volume: 1e5 + float64(i), Amount: c * (1e5 + float64(i)), Turnover: to, AdjFactor: 1 + float64(j%3)})
		}
	}
	return bars, syms
}
