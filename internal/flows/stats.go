package flows

import (
	"math"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Params are the rolling-statistics parameters shared by every flow series.
type Params struct {
	// Windows are the rolling-sum lengths in trading days (default 5 and 20).
	Windows []int
	// ZLookback is the length of the baseline a rolling sum is compared
	// with, in trading days (default 252, one trading year).
	ZLookback int
	// ZMinObs is the fewest non-NaN baseline values a z-score needs
	// (default 126, half the lookback); fewer gives NaN.
	ZMinObs int
}

// DefaultParams returns 5- and 20-day sums with z-scores against the
// preceding 252 trading days (at least 126 of them known).
func DefaultParams() Params {
	return Params{Windows: []int{5, 20}, ZLookback: 252, ZMinObs: 126}
}

// withDefaults fills zero fields from DefaultParams.
func (p Params) withDefaults() Params {
	d := DefaultParams()
	if len(p.Windows) == 0 {
		p.Windows = d.Windows
	}
	if p.ZLookback <= 0 {
		p.ZLookback = d.ZLookback
	}
	if p.ZMinObs <= 0 {
		p.ZMinObs = min(d.ZMinObs, p.ZLookback)
	}
	if p.ZMinObs < 2 {
		p.ZMinObs = 2
	}
	return p
}

// Meta is the provenance of a flow result: what was measured, from which
// symbols, over which rows, with which parameters.
type Meta struct {
	Measure string          // "etf_net_creation", "margin_net_purchase", "financing_balance", "main_net_flow"
	Unit    string          // "currency" for all flow values
	Symbols []market.Symbol // the instruments whose data entered the result
	From    time.Time       // first row of the panel
	To      time.Time       // last row of the panel (the as-of of the computation)
	Params  Params
	dates   []time.Time
}

// Window holds one rolling sum and its z-score, aligned with Series.Dates.
type Window struct {
	Days int
	// Sum[i] is the sum of the values on rows i−Days+1 … i; NaN when any of
	// them is NaN or i < Days−1 (strict window).
	Sum []float64
	// Z[i] = (Sum[i] − mean(B)) / sd(B), B = the non-NaN values of
	// Sum[i−L … i−1] (L = ZLookback; the current value is excluded), sample
	// sd (n−1); NaN when Sum[i] is NaN, fewer than ZMinObs baseline values
	// are known, or sd is 0.
	Z []float64
}

// Series is one daily flow series with its rolling statistics.
type Series struct {
	Name   string // a symbol, or "taxonomy/code" for a sector
	Dates  []time.Time
	Values []float64 // NaN = unknown
	// Contributors[i] is how many instruments entered an aggregate on row
	// i; nil for a single instrument.
	Contributors []int
	// Method[i] says how Values[i] was derived (single instruments only).
	Method []Method
	// Methods counts rows (single instrument) or member-rows (aggregate)
	// by derivation method.
	Methods map[Method]int
	// Windows are the rolling sums and z-scores; empty for level series
	// such as a financing balance.
	Windows []Window
}

// WindowValue is one window's sum and z-score on a snapshot row.
type WindowValue struct {
	Days int
	Sum  float64
	Z    float64
	// SumSign is −1, 0 or +1; 0 also when Sum is NaN.
	SumSign int
}

// Snapshot is a series read at an as-of date.
type Snapshot struct {
	AsOf  time.Time // the requested date
	Date  time.Time // the last row on or before AsOf with a known value; zero if none
	Valid bool      // false when no row on or before AsOf has a value
	Value float64
	// Sign is −1, 0 or +1, the sign of Value (0 when not Valid).
	Sign         int
	Contributors int
	Windows      []WindowValue
}

// At reads the series as of a date: the last row on or before asOf whose
// value is known (flows are often published a day late, so the latest row
// may still be empty). A zero asOf means the last row.
func (s *Series) At(asOf time.Time) Snapshot {
	snap := Snapshot{AsOf: asOf, Value: math.NaN()}
	end := len(s.Dates) - 1
	if !asOf.IsZero() {
		end = sort.Search(len(s.Dates), func(i int) bool { return s.Dates[i].After(asOf) }) - 1
	}
	i := end
	for i >= 0 && math.IsNaN(s.Values[i]) {
		i--
	}
	if i < 0 {
		return snap
	}
	snap.Date, snap.Valid, snap.Value, snap.Sign = s.Dates[i], true, s.Values[i], sign(s.Values[i])
	if s.Contributors != nil {
		snap.Contributors = s.Contributors[i]
	}
	for _, w := range s.Windows {
		snap.Windows = append(snap.Windows, WindowValue{Days: w.Days, Sum: w.Sum[i], Z: w.Z[i], SumSign: sign(w.Sum[i])})
	}
	return snap
}

// sign is −1, 0 or +1; NaN gives 0 (callers check validity separately).
func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// withWindows computes the rolling windows of s.Values.
func (s *Series) withWindows(p Params) {
	s.Windows = make([]Window, 0, len(p.Windows))
	for _, d := range p.Windows {
		sum := rollingSum(s.Values, d)
		s.Windows = append(s.Windows, Window{Days: d, Sum: sum, Z: trailingZ(sum, p.ZLookback, p.ZMinObs)})
	}
}

// rollingSum is the strict trailing sum over n rows including the current
// one: NaN when any value in the window is NaN or the window is incomplete.
// It keeps a running sum (add the entering value, subtract the leaving one)
// and re-adds the window exactly every 64 rows to bound rounding drift.
func rollingSum(xs []float64, n int) []float64 {
	out := make([]float64, len(xs))
	nan := math.NaN()
	if n <= 0 {
		for i := range out {
			out[i] = nan
		}
		return out
	}
	lastNaN := -1 // index of the most recent NaN
	var s float64 // sum of the non-NaN values of xs[i−n+1 … i]
	for i, x := range xs {
		if x == x {
			s += x
		} else {
			lastNaN = i
		}
		if old := i - n; old >= 0 {
			if o := xs[old]; o == o {
				s -= o
			}
		}
		if i&63 == 63 && i >= n-1 {
			s = 0
			for _, v := range xs[i-n+1 : i+1] {
				if v == v {
					s += v
				}
			}
		}
		if i < n-1 || lastNaN > i-n {
			out[i] = nan
		} else {
			out[i] = s
		}
	}
	return out
}

// trailingZ is the z-score of each value against the non-NaN values of the
// previous lookback rows (the current row excluded), with the sample
// standard deviation. It keeps shifted running sums (shift = the first
// known value, to limit cancellation) and recomputes them exactly every
// lookback rows to bound drift, so it is O(len(xs)).
func trailingZ(xs []float64, lookback, minObs int) []float64 {
	out := make([]float64, len(xs))
	if minObs < 2 {
		minObs = 2
	}
	var (
		k       float64 // shift
		shifted bool
		s, ss   float64 // sums of (x−k) and (x−k)² over the baseline
		n       int     // known values in the baseline
	)
	recompute := lookback // rows until the next exact recompute
	nan := math.NaN()
	for i, x := range xs {
		// score x against the baseline xs[i−lookback … i−1]
		z := nan
		if x == x && n >= minObs {
			fn := float64(n)
			mean := s / fn
			if v := (ss - s*mean) / (fn - 1); v > 0 {
				sd := math.Sqrt(v)
				if sd > 1e-12*math.Abs(mean+k) { // not a constant baseline up to rounding
					z = (x - k - mean) / sd
				}
			}
		}
		out[i] = z
		if x == x {
			if !shifted {
				k, shifted = x, true
			}
			d := x - k
			s += d
			ss += d * d
			n++
		}
		if old := i - lookback; old >= 0 { // the baseline becomes xs[i−lookback+1 … i]
			if o := xs[old]; o == o {
				d := o - k
				s -= d
				ss -= d * d
				n--
			}
		}
		if recompute--; recompute == 0 {
			recompute = lookback
			if shifted {
				s, ss, n = exactShifted(xs[max(0, i-lookback+1):i+1], k)
			}
		}
	}
	return out
}

func exactShifted(w []float64, k float64) (s, ss float64, n int) {
	for _, v := range w {
		if !math.IsNaN(v) {
			s += v - k
			ss += (v - k) * (v - k)
			n++
		}
	}
	return s, ss, n
}
