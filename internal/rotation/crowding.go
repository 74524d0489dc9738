package rotation

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// MemberSum sums a field (turnover amount, market cap…) over a sector's
// point-in-time members on every row: out[i] is the sum of the valid
// values of the symbols with an active membership on Dates[i]. A member
// without a value that day (suspended) adds nothing; a row where no member
// has a value is NaN, never 0. A nil members sums every column (the whole
// market).
func MemberSum(m *market.Matrix, members []market.Membership) []float64 {
	out := make([]float64, len(m.Dates))
	n := make([]int, len(m.Dates))
	add := func(col []float64, lo, hi int) {
		for i := lo; i < hi; i++ {
			if v := col[i]; !math.IsNaN(v) {
				out[i] += v
				n[i]++
			}
		}
	}
	if members == nil {
		for _, col := range m.Values {
			add(col, 0, len(col))
		}
	} else {
		for _, c := range memberColumns(m, members, nil) {
			for _, sp := range mergeSpans(c.spans) {
				add(m.Values[c.col], sp[0], sp[1])
			}
		}
	}
	for i := range out {
		if n[i] == 0 {
			out[i] = math.NaN()
		}
	}
	return out
}

// mergeSpans sorts row ranges and merges overlapping ones, so that a
// symbol with overlapping memberships counts once per row.
func mergeSpans(spans [][2]int) [][2]int {
	s := append([][2]int(nil), spans...)
	sort.Slice(s, func(a, b int) bool { return s[a][0] < s[b][0] })
	var out [][2]int
	for _, sp := range s {
		if n := len(out); n > 0 && sp[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], sp[1])
			continue
		}
		out = append(out, sp)
	}
	return out
}

// CrowdingParams configure the turnover-share crowding measure.
type CrowdingParams struct {
	Window     int // trading days summed in each share (default 20)
	Lookback   int // trailing rows of shares the percentile is taken over (default 252)
	MinHistory int // fewer valid shares in the lookback give no percentile (default 126)
}

// DefaultCrowdingParams are 20-day sums and a 252-day percentile with at
// least 126 days of history.
func DefaultCrowdingParams() CrowdingParams {
	return CrowdingParams{Window: 20, Lookback: 252, MinHistory: 126}
}

// Crowding is a sector's share of market turnover as of a date.
type Crowding struct {
	AsOf       time.Time
	Params     CrowdingParams
	Share      float64 // Σ sector amount / Σ market amount over the last Window days
	Percentile float64 // of Share within the trailing Lookback shares, in (0, 1]
	History    int     // valid shares in the lookback
}

// TurnoverShare is, on every row, Σ sector amount / Σ market amount over
// the last window rows (current row included; strict: NaN when either sum
// has a missing row or the market sum is not positive).
func TurnoverShare(sector, total []float64, window int) []float64 {
	s, m := series.RollingSum(sector, window), series.RollingSum(total, window)
	out := make([]float64, len(s))
	for i := range s {
		out[i] = math.NaN()
		if m[i] > 0 {
			out[i] = s[i] / m[i]
		}
	}
	return out
}

// CrowdingAt is the turnover share on the last row on or before asOf and
// its percentile within the trailing Lookback rows of shares (the current
// one included; series.PercentileInWindow). sector and total are daily
// amounts on the rows of dates (e.g. MemberSum of the members' and of all
// stocks' amounts).
func CrowdingAt(dates []time.Time, sector, total []float64, asOf time.Time, p CrowdingParams) (Crowding, error) {
	i := series.RowOnOrBefore(dates, asOf)
	if i < 0 {
		return Crowding{}, fmt.Errorf("crowding: no trading day on or before %s", market.FormatDate(asOf))
	}
	if len(sector) != len(dates) || len(total) != len(dates) {
		return Crowding{}, fmt.Errorf("crowding: %d dates but %d sector and %d market rows", len(dates), len(sector), len(total))
	}
	lo := max(0, i-p.Lookback-p.Window+2) // rows that feed the last Lookback shares
	share := TurnoverShare(sector[lo:i+1], total[lo:i+1], p.Window)
	end := len(share) - 1
	c := Crowding{AsOf: dates[i], Params: p, Share: share[end]}
	c.Percentile = series.PercentileInWindow(share, end, p.Lookback, p.MinHistory)
	c.History = series.Valid(share[max(0, end-p.Lookback+1):])
	return c, nil
}

// SectorPE is the sector's PE on every row from its members' market caps
// and PEs: Σ cap / Σ (cap / PE) over the point-in-time members with a
// positive PE and a positive cap that day (a cap-weighted harmonic mean —
// total cap over total earnings). Loss-makers (PE ≤ 0) and members without
// data are left out; a row with none left is NaN.
func SectorPE(caps, pe *market.Matrix, members []market.Membership) ([]float64, error) {
	if len(caps.Dates) != len(pe.Dates) {
		return nil, fmt.Errorf("sector PE: caps have %d rows, PE %d", len(caps.Dates), len(pe.Dates))
	}
	peCol := make(map[market.Symbol]int, len(pe.Symbols))
	for j, s := range pe.Symbols {
		peCol[s] = j
	}
	capSum := make([]float64, len(caps.Dates))
	earn := make([]float64, len(caps.Dates))
	for _, c := range memberColumns(caps, members, nil) {
		j, ok := peCol[caps.Symbols[c.col]]
		if !ok {
			continue
		}
		for i, cp := range caps.Values[c.col] {
			v := pe.Values[j][i]
			if cp > 0 && v > 0 && c.activeRow(i) {
				capSum[i] += cp
				earn[i] += cp / v
			}
		}
	}
	for i := range capSum {
		if earn[i] > 0 {
			capSum[i] /= earn[i]
		} else {
			capSum[i] = math.NaN()
		}
	}
	return capSum, nil
}

// ValuationParams configure the PE percentile.
type ValuationParams struct {
	Lookback   int // trailing trading days of history (default 1260, five years)
	MinHistory int // fewer valid PEs give no percentile (default 252)
}

// DefaultValuationParams are five years (1260 trading days) with at least
// one year of valid history.
func DefaultValuationParams() ValuationParams {
	return ValuationParams{Lookback: 1260, MinHistory: 252}
}

// ValuationReading is a PE and its percentile in the sector's own history.
type ValuationReading struct {
	AsOf       time.Time
	Params     ValuationParams
	PE         float64
	Percentile float64 // share of the trailing Lookback PEs ≤ PE (current included), in (0, 1]
	History    int     // valid PEs in the lookback
}

// ValuationAt is the PE on the last row on or before asOf and its
// percentile within the trailing Lookback rows. Non-positive PEs (a sector
// making losses) are treated as missing, in the history and as the reading.
func ValuationAt(dates []time.Time, pe []float64, asOf time.Time, p ValuationParams) (ValuationReading, error) {
	i := series.RowOnOrBefore(dates, asOf)
	if i < 0 || len(pe) != len(dates) {
		return ValuationReading{}, fmt.Errorf("valuation: no PE on or before %s (%d dates, %d values)", market.FormatDate(asOf), len(dates), len(pe))
	}
	lo := max(0, i-p.Lookback+1)
	w := make([]float64, i-lo+1)
	for k := range w {
		w[k] = pe[lo+k]
		if !(w[k] > 0) {
			w[k] = math.NaN()
		}
	}
	end := len(w) - 1
	return ValuationReading{
		AsOf: dates[i], Params: p, PE: w[end],
		Percentile: series.PercentileInWindow(w, end, p.Lookback, p.MinHistory),
		History:    series.Valid(w),
	}, nil
}
