package rotation

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// StylePair is two style indices compared with each other: A against B.
type StylePair struct {
	Name           string // "growth/value"
	A, B           market.Symbol
	ALabel, BLabel string // "growth", "value"
}

// GrowthValuePair is 国证成长 399370.SZ against 国证价值 399371.SZ.
func GrowthValuePair() StylePair {
	return StylePair{Name: "growth/value", A: "399370.SZ", B: "399371.SZ", ALabel: "growth", BLabel: "value"}
}

// LargeSmallPair is 沪深300 000300.SH against 中证1000 000852.SH.
func LargeSmallPair() StylePair {
	return StylePair{Name: "large/small", A: "000300.SH", B: "000852.SH", ALabel: "large", BLabel: "small"}
}

// StyleReading is where a style pair stands as of a date.
type StyleReading struct {
	Pair   StylePair
	AsOf   time.Time
	Params RotationParams
	// RS is 100·A/B on the as-of day; RelReturn is A's return minus B's
	// per window (fractions; 0.05 = A ahead by 5 pp).
	RS        float64
	RelReturn map[string]float64
	// Rotation of A against B as the benchmark: RS-Ratio, RS-Momentum,
	// quadrant, heading, tail and transitions, sampled per Params.
	Rotation RotationRow
	// Regime is "<label>-led": A's label while A's RS-Ratio is ≥ 100 (A
	// stronger than its own recent trend against B), B's label below 100;
	// "" without a ratio. Since is the first sample of the current
	// uninterrupted run on that side (the rotation window) and Samples the
	// run's length in samples.
	Regime  string
	Leader  string
	Since   time.Time
	Samples int
}

// Style reads a style pair from the two indices' closes a and b on the
// rows of dates (trading days), using only rows on or before asOf.
func Style(dates []time.Time, a, b []float64, pair StylePair, asOf time.Time, p RotationParams, windows []Window) (*StyleReading, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if len(a) != len(dates) || len(b) != len(dates) {
		return nil, fmt.Errorf("style: %d dates but %d and %d closes", len(dates), len(a), len(b))
	}
	rows := Sample(dates, asOf, p.Freq)
	if len(rows) == 0 {
		return nil, fmt.Errorf("style: no trading day on or before %s", market.FormatDate(asOf))
	}
	end := rows[len(rows)-1]
	sd := series.Pick(dates, rows)
	ratio, mom := RatioMomentum(series.Resample(a, rows), series.Resample(b, rows), p.Window)
	r := &StyleReading{Pair: pair, AsOf: dates[end], Params: p, RS: math.NaN(), RelReturn: map[string]float64{},
		Rotation: NewRotationRow(pair.A, sd, ratio, mom, p.Tail)}
	if a[end] > 0 && b[end] > 0 {
		r.RS = 100 * a[end] / b[end]
	}
	for _, w := range windows {
		start := startRow(dates, end, w)
		r.RelReturn[w.Name] = series.ReturnBetween(a, start, end) - series.ReturnBetween(b, start, end)
	}
	last := len(ratio) - 1
	if math.IsNaN(ratio[last]) {
		return r, nil
	}
	above := ratio[last] >= 100
	k := last
	for k > 0 && !math.IsNaN(ratio[k-1]) && (ratio[k-1] >= 100) == above {
		k--
	}
	r.Leader = pair.BLabel
	if above {
		r.Leader = pair.ALabel
	}
	r.Regime, r.Since, r.Samples = r.Leader+"-led", sd[k], last-k+1
	return r, nil
}

// Weighting is how a basket weighs its members.
type Weighting string

// Basket weightings.
const (
	EqualWeight Weighting = "equal"
	CapWeight   Weighting = "cap"
)

// BasketIndex builds an index level series (base on its first row) from
// the closes of the given symbols. On each row the basket return is the
// weighted mean of the returns of the members that have a close on this
// and the previous row — equal weights, or for CapWeight the previous
// row's market cap from caps (members without a positive cap are left out
// that day). The index starts on the first row where a member has a
// close; a row where no member has a return is NaN and the level carries
// to the next row that has one. caps may be nil for EqualWeight; its rows
// must be those of prices.
func BasketIndex(prices, caps *market.Matrix, symbols []market.Symbol, w Weighting, base float64) ([]float64, error) {
	if w != EqualWeight && w != CapWeight {
		return nil, fmt.Errorf("basket: unknown weighting %q", w)
	}
	if w == CapWeight && (caps == nil || len(caps.Dates) != len(prices.Dates)) {
		return nil, fmt.Errorf("basket: cap weighting needs caps on the price rows")
	}
	var px, cp [][]float64
	for _, s := range symbols {
		col, ok := prices.Column(s)
		if !ok {
			return nil, fmt.Errorf("basket: %s has no prices", s)
		}
		px = append(px, col)
		if w == CapWeight {
			c, ok := caps.Column(s)
			if !ok {
				return nil, fmt.Errorf("basket: %s has no market cap", s)
			}
			cp = append(cp, c)
		}
	}
	out := make([]float64, len(prices.Dates))
	level, started := base, false
	for i := range out {
		out[i] = math.NaN()
		if !started {
			for _, col := range px {
				if !math.IsNaN(col[i]) {
					started = true
				}
			}
			if started {
				out[i] = level
			}
			continue
		}
		var sw, sr float64
		for k, col := range px {
			if !(col[i-1] > 0) || math.IsNaN(col[i]) {
				continue
			}
			wt := 1.0
			if w == CapWeight {
				if wt = cp[k][i-1]; !(wt > 0) {
					continue
				}
			}
			sw += wt
			sr += wt * (col[i]/col[i-1] - 1)
		}
		if sw > 0 {
			level *= 1 + sr/sw
			out[i] = level
		}
	}
	return out, nil
}

// Terciles splits symbols by score: the top third (highest scores) and the
// bottom third, each of ⌊n/3⌋ symbols (at least 1 when n ≥ 2) among the n
// with a valid score. Ties are broken by symbol so the split is
// deterministic. Use it to build growth/value baskets from a valuation or
// growth score, or large/small baskets from market caps.
func Terciles(symbols []market.Symbol, scores []float64) (top, bottom []market.Symbol) {
	idx := make([]int, 0, len(symbols))
	for i := range symbols {
		if i < len(scores) && !math.IsNaN(scores[i]) {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(x, y int) bool {
		a, b := idx[x], idx[y]
		if scores[a] != scores[b] {
			return scores[a] > scores[b]
		}
		return symbols[a] < symbols[b]
	})
	k := len(idx) / 3
	if k == 0 && len(idx) >= 2 {
		k = 1
	}
	for _, i := range idx[:k] {
		top = append(top, symbols[i])
	}
	for _, i := range idx[len(idx)-k:] {
		bottom = append(bottom, symbols[i])
	}
	return top, bottom
}
