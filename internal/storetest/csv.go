package storetest

import (
	"bufio"
	"math"
	"os"
	"strconv"

	"github.com/sextant-ai/sextant/internal/market"
)

// CanonicalBarsHeader is the header of the canonical bars CSV
// (docs/data-formats.md).
const CanonicalBarsHeader = "symbol,date,open,high,low,close,volume,amount,turnover,adj_factor"

// WriteBarsCSV writes bars as a canonical bars CSV (NaN as an empty cell),
// for benchmarks and import tests.
func WriteBarsCSV(path string, bars []market.Bar) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	buf := []byte(CanonicalBarsHeader + "\n")
	if _, err := w.Write(buf); err != nil {
		f.Close()
		return err
	}
	for _, b := range bars {
		buf = append(buf[:0], b.Symbol...)
		buf = append(buf, ',')
		buf = b.Date.AppendFormat(buf, "2006-01-02")
		for _, v := range []float64{b.Open, b.High, b.Low, b.Close, b.Volume, b.Amount, b.Turnover, b.AdjFactor} {
			buf = append(buf, ',')
			if !math.IsNaN(v) {
				buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
			}
		}
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
