package rotation

import (
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// Freq is the sampling frequency of relative rotation.
type Freq string

// Frequencies: weekly closes (the default) or every trading day.
const (
	Weekly Freq = "weekly"
	Daily  Freq = "daily"
)

// RotationParams configure relative rotation.
type RotationParams struct {
	Freq   Freq // Weekly (default) or Daily
	Window int  // N of the rolling SMA and SD, in samples (default 14)
	Tail   int  // points in a tail, the latest included (default 8)
}

// DefaultRotationParams are weekly closes, N = 14, tails of 8 points.
func DefaultRotationParams() RotationParams {
	return RotationParams{Freq: Weekly, Window: 14, Tail: 8}
}

func (p RotationParams) validate() error {
	if p.Freq != Weekly && p.Freq != Daily {
		return fmt.Errorf("rotation: unknown frequency %q (want weekly or daily)", p.Freq)
	}
	if p.Window < 2 {
		return fmt.Errorf("rotation: window %d < 2", p.Window)
	}
	if p.Tail < 1 {
		return fmt.Errorf("rotation: tail %d < 1", p.Tail)
	}
	return nil
}

// Quadrant is a position on the rotation chart.
type Quadrant string

// The four quadrants, and None for a point without a position.
const (
	Leading   Quadrant = "Leading"   // RS-Ratio ≥ 100, RS-Momentum ≥ 100
	Weakening Quadrant = "Weakening" // RS-Ratio ≥ 100, RS-Momentum < 100
	Lagging   Quadrant = "Lagging"   // RS-Ratio < 100, RS-Momentum < 100
	Improving Quadrant = "Improving" // RS-Ratio < 100, RS-Momentum ≥ 100
	None      Quadrant = ""
)

// QuadrantOf places a point: Leading (>100, >100), Weakening (>100, <100),
// Lagging (<100, <100), Improving (<100, >100). A coordinate of exactly 100
// counts as above. None when either coordinate is NaN.
func QuadrantOf(ratio, momentum float64) Quadrant {
	switch {
	case math.IsNaN(ratio) || math.IsNaN(momentum):
		return None
	case ratio >= 100 && momentum >= 100:
		return Leading
	case ratio >= 100:
		return Weakening
	case momentum < 100:
		return Lagging
	default:
		return Improving
	}
}

// RelativeStrength is RS = 100·P/B per sample; NaN where either price is
// missing or B ≤ 0.
func RelativeStrength(price, bench []float64) []float64 {
	rs := make([]float64, len(price))
	for i := range price {
		if math.IsNaN(price[i]) || !(bench[i] > 0) {
			rs[i] = math.NaN()
			continue
		}
		rs[i] = 100 * price[i] / bench[i]
	}
	return rs
}

// RatioMomentum is the relative-rotation kernel over sampled prices (one
// value per week or day, the benchmark sampled on the same points):
//
//	RS          = 100·P/B
//	RS-Ratio    = 100 + (RS − SMA_N(RS)) / SD_N(RS)
//	ROC         = 100·(RS-Ratio_t / RS-Ratio_{t−1} − 1)
//	RS-Momentum = 100 + (ROC − SMA_N(ROC)) / SD_N(ROC)
//
// SMA and SD are trailing over the last n samples including the current
// one; SD is the sample standard deviation. A sample is NaN until its
// windows are full of valid values (RS-Ratio from sample n−1, RS-Momentum
// from sample 2n−1 of a gap-free run) and when SD is 0.
func RatioMomentum(price, bench []float64, n int) (ratio, momentum []float64) {
	ratio = series.ZScore(RelativeStrength(price, bench), n)
	roc := make([]float64, len(ratio))
	for i := range ratio {
		ratio[i] += 100
		roc[i] = math.NaN()
		if i > 0 {
			roc[i] = 100 * (ratio[i]/ratio[i-1] - 1) // NaN propagates
		}
	}
	momentum = series.ZScore(roc, n)
	for i := range momentum {
		momentum[i] += 100
	}
	return ratio, momentum
}

// Sample returns the sampling rows of dates up to asOf: the last trading
// day of every Monday–Sunday week (the as-of week cut at asOf) for Weekly,
// every row for Daily.
func Sample(dates []time.Time, asOf time.Time, f Freq) []int {
	if f == Weekly {
		return series.WeekEnds(dates, asOf)
	}
	end := series.RowOnOrBefore(dates, asOf)
	rows := make([]int, end+1)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// RotationPoint is one sample of a symbol on the rotation chart.
type RotationPoint struct {
	Date       time.Time
	RSRatio    float64
	RSMomentum float64
	Quadrant   Quadrant
}

// Transition records a change of quadrant between two consecutive valid
// samples: on Date the symbol moved From → To.
type Transition struct {
	Date     time.Time
	From, To Quadrant
}

// RotationRow is one symbol's position as of the table's date.
type RotationRow struct {
	Symbol     market.Symbol
	RSRatio    float64 // at the as-of sample; NaN without enough history
	RSMomentum float64
	Quadrant   Quadrant
	// HeadingDeg is the direction of the last tail segment,
	// atan2(ΔRS-Momentum, ΔRS-Ratio) in degrees in [0, 360): 0 = east
	// (RS-Ratio rising), 90 = north (RS-Momentum rising), 180 = west,
	// 270 = south. NaN with fewer than two valid tail points.
	HeadingDeg float64
	Distance   float64         // √((RS-Ratio − 100)² + (RS-Momentum − 100)²)
	TailLength float64         // sum of the Euclidean lengths of the tail's segments
	Tail       []RotationPoint // the valid points among the last Tail samples, oldest first
	// History is every sample up to the as-of date (NaN coordinates and
	// None quadrant before the windows fill); Transitions logs its
	// quadrant changes.
	History     []RotationPoint
	Transitions []Transition
}

// RotationTable is relative rotation of a set of symbols against a
// benchmark as of a date, with the parameters that produced it.
type RotationTable struct {
	AsOf      time.Time // date of the last sample (the last trading day ≤ the requested date)
	Benchmark market.Symbol
	Params    RotationParams
	Dates     []time.Time // sample dates, oldest first
	Rows      []RotationRow
}

// Rotation computes relative rotation for every column of m except the
// benchmark. m holds adjusted closes with one row per trading day; only
// rows on or before asOf are read (zero asOf: all rows). With Weekly
// sampling each symbol's weekly close is its last valid close in the week
// (NaN when it did not trade that week).
func Rotation(m *market.Matrix, benchmark market.Symbol, asOf time.Time, p RotationParams) (*RotationTable, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	bench, ok := m.Column(benchmark)
	if !ok {
		return nil, fmt.Errorf("benchmark %s is not in the matrix", benchmark)
	}
	rows := Sample(m.Dates, asOf, p.Freq)
	if len(rows) == 0 {
		return nil, fmt.Errorf("no trading day on or before %s", market.FormatDate(asOf))
	}
	t := &RotationTable{AsOf: m.Dates[rows[len(rows)-1]], Benchmark: benchmark, Params: p, Dates: series.Pick(m.Dates, rows)}
	b := series.Resample(bench, rows)
	for j, s := range m.Symbols {
		if s == benchmark {
			continue
		}
		ratio, mom := RatioMomentum(series.Resample(m.Values[j], rows), b, p.Window)
		t.Rows = append(t.Rows, NewRotationRow(s, t.Dates, ratio, mom, p.Tail))
	}
	return t, nil
}

// NewRotationRow builds a row from a symbol's RS-Ratio and RS-Momentum
// samples (as from RatioMomentum) on the sample dates.
func NewRotationRow(s market.Symbol, dates []time.Time, ratio, momentum []float64, tail int) RotationRow {
	r := RotationRow{Symbol: s, History: make([]RotationPoint, len(dates))}
	var last Quadrant
	for i, d := range dates {
		q := QuadrantOf(ratio[i], momentum[i])
		r.History[i] = RotationPoint{Date: d, RSRatio: ratio[i], RSMomentum: momentum[i], Quadrant: q}
		if q == None {
			continue
		}
		if last != None && q != last {
			r.Transitions = append(r.Transitions, Transition{Date: d, From: last, To: q})
		}
		last = q
	}
	r.RSRatio, r.RSMomentum, r.Quadrant = math.NaN(), math.NaN(), None
	r.HeadingDeg, r.Distance, r.TailLength = math.NaN(), math.NaN(), math.NaN()
	if len(dates) == 0 {
		return r
	}
	now := r.History[len(dates)-1]
	r.RSRatio, r.RSMomentum, r.Quadrant = now.RSRatio, now.RSMomentum, now.Quadrant
	if now.Quadrant == None {
		return r
	}
	r.Distance = math.Hypot(now.RSRatio-100, now.RSMomentum-100)
	for _, pt := range r.History[max(0, len(dates)-tail):] {
		if pt.Quadrant != None {
			r.Tail = append(r.Tail, pt)
		}
	}
	r.TailLength = 0
	for k := 1; k < len(r.Tail); k++ {
		r.TailLength += math.Hypot(r.Tail[k].RSRatio-r.Tail[k-1].RSRatio, r.Tail[k].RSMomentum-r.Tail[k-1].RSMomentum)
	}
	if n := len(r.Tail); n >= 2 {
		r.HeadingDeg = Heading(r.Tail[n-2], r.Tail[n-1])
	}
	return r
}

// Heading is the direction from a to b in degrees, atan2(Δmomentum,
// Δratio) mapped to [0, 360): 0 = east, 90 = north. NaN when a == b.
func Heading(a, b RotationPoint) float64 {
	dr, dm := b.RSRatio-a.RSRatio, b.RSMomentum-a.RSMomentum
	if dr == 0 && dm == 0 {
		return math.NaN()
	}
	h := math.Atan2(dm, dr) * 180 / math.Pi
	if h < 0 {
		h += 360
	}
	return h
}
