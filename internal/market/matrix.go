package market

import (
	"math"
	"time"
)

// Matrix is a date × symbol panel of one field (closes, adjusted closes,
// amounts…), aligned on the union of the symbols' dates. Values[j][i] is the
// value of Symbols[j] on Dates[i]; a missing observation (suspension, not yet
// listed, holiday at one venue) is NaN, never zero. Columns are contiguous so
// engines can slice a symbol's series without copying.
type Matrix struct {
	Dates   []time.Time
	Symbols []Symbol
	Values  [][]float64
}

// Column returns the series of symbol s and whether s is in the matrix.
func (m *Matrix) Column(s Symbol) ([]float64, bool) {
	for j, sym := range m.Symbols {
		if sym == s {
			return m.Values[j], true
		}
	}
	return nil, false
}

// At returns the value of column j on row i.
func (m *Matrix) At(i, j int) float64 { return m.Values[j][i] }

// NewMatrix allocates a NaN-filled matrix.
func NewMatrix(dates []time.Time, symbols []Symbol) *Matrix {
	m := &Matrix{Dates: dates, Symbols: symbols, Values: make([][]float64, len(symbols))}
	buf := make([]float64, len(dates)*len(symbols))
	for i := range buf {
		buf[i] = math.NaN()
	}
	for j := range symbols {
		m.Values[j] = buf[j*len(dates) : (j+1)*len(dates) : (j+1)*len(dates)]
	}
	return m
}
