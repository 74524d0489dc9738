package scoring

import (
	"fmt"
	"math"
	"slices"
)

// Dimension is one axis of the sustainability score.
type Dimension string

// The eight sustainability dimensions, in report order.
const (
	DimTrend     Dimension = "trend"
	DimMomentum  Dimension = "momentum"
	DimBreadth   Dimension = "breadth"
	DimFlows     Dimension = "flows"
	DimLeverage  Dimension = "leverage"
	DimCrowding  Dimension = "crowding"
	DimValuation Dimension = "valuation"
	DimCatalysts Dimension = "catalysts"
)

// Readings are the raw numbers the sustainability score is computed from,
// produced by the other engines for one sector as of one date. NaN means
// unknown: a dimension whose readings are all NaN is missing. Zero is a
// reading, not "unknown": start from UnknownReadings and fill in what is
// known. Returns and shares are fractions (0.05 = 5%); percentiles are
// fractions in [0, 1], as the rotation engine produces them.
type Readings struct {
	// Trend (rotation performance): sector − benchmark simple return over 63
	// trading days, and the sector index close / its 60-day MA − 1.
	Excess63    float64
	PriceVsMA60 float64
	// Momentum (relative rotation): RS-Ratio and RS-Momentum (100 = neutral).
	// Quadrant is shown with the dimension but not scored: it is implied by
	// the two readings.
	RSRatio    float64
	RSMomentum float64
	Quadrant   string
	// Breadth: share of point-in-time members above their MA20 and MA60.
	AboveMA20 float64
	AboveMA60 float64
	// Flows: z-scores of the 20-day sums against the trailing year — ETF net
	// creations of the sector's ETFs and members' main-force net flows.
	ETFFlowZ  float64
	MainFlowZ float64
	// Leverage: z-score of members' 20-day margin net purchases.
	MarginZ float64
	// Crowding: trailing-year percentile of the sector's share of market
	// turnover (high = crowded).
	TurnoverPct float64
	// Valuation: percentile of the sector PE (TTM) against its own 5 years
	// (high = expensive).
	PEPct float64
	// Catalysts: number of recent cited catalysts (documents); NaN until the
	// document engine supplies it.
	Catalysts float64
}

// UnknownReadings returns Readings with every number NaN, to be filled in.
func UnknownReadings() Readings {
	n := math.NaN()
	return Readings{
		Excess63: n, PriceVsMA60: n, RSRatio: n, RSMomentum: n, AboveMA20: n, AboveMA60: n,
		ETFFlowZ: n, MainFlowZ: n, MarginZ: n, TurnoverPct: n, PEPct: n, Catalysts: n,
	}
}

// Weights are the composite weights of the dimensions; they need not sum to
// one (the composite divides by the weight of the dimensions present).
type Weights struct {
	Trend, Momentum, Breadth, Flows, Leverage, Crowding, Valuation, Catalysts float64
}

// DefaultWeights: trend 20%, momentum 15%, breadth 15%, flows 15%, leverage
// 5%, crowding 10%, valuation 10%, catalysts 10%.
func DefaultWeights() Weights {
	return Weights{Trend: 0.20, Momentum: 0.15, Breadth: 0.15, Flows: 0.15,
		Leverage: 0.05, Crowding: 0.10, Valuation: 0.10, Catalysts: 0.10}
}

// Mappings hold one Curve per reading, named after the Readings field.
type Mappings struct {
	Excess63, PriceVsMA60 Curve
	RSRatio, RSMomentum   Curve
	AboveMA20, AboveMA60  Curve
	ETFFlowZ, MainFlowZ   Curve
	MarginZ               Curve
	TurnoverPct, PEPct    Curve
	Catalysts             Curve
}

func (m Mappings) clone() Mappings {
	c := m
	for _, ds := range dimSpecs() {
		for _, rs := range ds.readings {
			p := rs.curve(&c)
			*p = slices.Clone(*p)
		}
	}
	return c
}

// DefaultMappings returns the documented breakpoints (docs/methodology.md).
// Every curve is monotone except MarginZ, which rises to a plateau and then
// falls: margin buying supports a move until it becomes leverage risk.
func DefaultMappings() Mappings {
	return Mappings{
		Excess63:    Curve{{-0.20, 0}, {0, 50}, {0.20, 100}},
		PriceVsMA60: Curve{{-0.10, 0}, {0, 50}, {0.10, 100}},
		RSRatio:     Curve{{98, 0}, {100, 50}, {102, 100}},
		RSMomentum:  Curve{{98, 0}, {100, 50}, {102, 100}},
		AboveMA20:   Curve{{0.2, 0}, {0.5, 50}, {0.8, 100}},
		AboveMA60:   Curve{{0.2, 0}, {0.5, 50}, {0.8, 100}},
		ETFFlowZ:    Curve{{-2, 0}, {0, 50}, {2, 100}},
		MainFlowZ:   Curve{{-2, 0}, {0, 50}, {2, 100}},
		MarginZ:     Curve{{-2, 10}, {0, 50}, {1.5, 80}, {2.5, 80}, {4, 30}},
		TurnoverPct: Curve{{0, 80}, {0.5, 60}, {0.8, 40}, {1, 0}},
		PEPct:       Curve{{0, 80}, {0.5, 55}, {0.8, 35}, {1, 10}},
		Catalysts:   Curve{{0, 30}, {1, 55}, {3, 80}, {6, 100}},
	}
}

// Label is the verdict on the composite sustainability score.
type Label string

// Labels, from best to worst; LabelUnknown when too few dimensions have data.
const (
	LabelStrong   Label = "strong"
	LabelModerate Label = "moderate"
	LabelFragile  Label = "fragile"
	LabelFading   Label = "fading"
	LabelUnknown  Label = "unknown"
)

// Signal is a dimension's verdict.
type Signal string

// Signals of a dimension.
const (
	SignalSupportive Signal = "supportive"
	SignalNeutral    Signal = "neutral"
	SignalWarning    Signal = "warning"
	SignalMissing    Signal = "missing"
)

// SustainOptions are the parameters of Sustain.
type SustainOptions struct {
	Weights  Weights
	Mappings Mappings
	// Composite label thresholds: strong ≥ Strong, moderate ≥ Moderate,
	// fragile ≥ Fragile, fading below.
	Strong, Moderate, Fragile float64
	// Dimension signals: supportive ≥ Supportive, warning ≤ Warning.
	Supportive, Warning float64
	// MinCoverage is the least share of the total weight that must have data
	// for a composite; below it the score is NaN and the label unknown.
	MinCoverage float64
}

// DefaultSustainOptions: default weights and mappings; strong ≥ 70, moderate
// ≥ 55, fragile ≥ 40; supportive ≥ 60, warning ≤ 40; coverage ≥ 50%.
func DefaultSustainOptions() SustainOptions {
	return SustainOptions{
		Weights: DefaultWeights(), Mappings: DefaultMappings(),
		Strong: 70, Moderate: 55, Fragile: 40,
		Supportive: 60, Warning: 40, MinCoverage: 0.5,
	}
}

// Component is one reading of a dimension and its sub-score (NaN when the
// reading is unknown).
type Component struct {
	Name    string // e.g. "excess_63d"
	Reading float64
	Score   float64
	Curve   Curve
}

// DimensionScore is one dimension: its readings, sub-score (the mean of its
// components' scores that are known), weight and signal. Share is the
// dimension's share of the composite after re-weighting (0 when missing).
type DimensionScore struct {
	Dimension  Dimension
	Components []Component
	Score      float64
	Weight     float64
	Share      float64
	Signal     Signal
	Missing    bool
	Note       string // e.g. the quadrant for momentum
}

// Sustainability is the scored sector: every dimension, the composite and
// its label, the share of weight with data, and the inputs.
type Sustainability struct {
	Dimensions []DimensionScore
	Score      float64 // 0–100, NaN when coverage < MinCoverage
	Label      Label
	Coverage   float64
	Readings   Readings
	Options    SustainOptions
}

// Dimension returns the score of dimension d.
func (s *Sustainability) Dimension(d Dimension) (DimensionScore, bool) {
	for _, ds := range s.Dimensions {
		if ds.Dimension == d {
			return ds, true
		}
	}
	return DimensionScore{}, false
}

type readingSpec struct {
	name  string
	value func(*Readings) float64
	curve func(*Mappings) *Curve
	unit  bool // a share or percentile: must lie in [0, 1]
}

type dimSpec struct {
	dim      Dimension
	weight   func(*Weights) float64
	readings []readingSpec
}

func dimSpecs() []dimSpec {
	return []dimSpec{
		{DimTrend, func(w *Weights) float64 { return w.Trend }, []readingSpec{
			{"excess_63d", func(r *Readings) float64 { return r.Excess63 }, func(m *Mappings) *Curve { return &m.Excess63 }, false},
			{"price_vs_ma60", func(r *Readings) float64 { return r.PriceVsMA60 }, func(m *Mappings) *Curve { return &m.PriceVsMA60 }, false},
		}},
		{DimMomentum, func(w *Weights) float64 { return w.Momentum }, []readingSpec{
			{"rs_ratio", func(r *Readings) float64 { return r.RSRatio }, func(m *Mappings) *Curve { return &m.RSRatio }, false},
			{"rs_momentum", func(r *Readings) float64 { return r.RSMomentum }, func(m *Mappings) *Curve { return &m.RSMomentum }, false},
		}},
		{DimBreadth, func(w *Weights) float64 { return w.Breadth }, []readingSpec{
			{"above_ma20", func(r *Readings) float64 { return r.AboveMA20 }, func(m *Mappings) *Curve { return &m.AboveMA20 }, true},
			{"above_ma60", func(r *Readings) float64 { return r.AboveMA60 }, func(m *Mappings) *Curve { return &m.AboveMA60 }, true},
		}},
		{DimFlows, func(w *Weights) float64 { return w.Flows }, []readingSpec{
			{"etf_flow_z20", func(r *Readings) float64 { return r.ETFFlowZ }, func(m *Mappings) *Curve { return &m.ETFFlowZ }, false},
			{"main_flow_z20", func(r *Readings) float64 { return r.MainFlowZ }, func(m *Mappings) *Curve { return &m.MainFlowZ }, false},
		}},
		{DimLeverage, func(w *Weights) float64 { return w.Leverage }, []readingSpec{
			{"margin_z20", func(r *Readings) float64 { return r.MarginZ }, func(m *Mappings) *Curve { return &m.MarginZ }, false},
		}},
		{DimCrowding, func(w *Weights) float64 { return w.Crowding }, []readingSpec{
			{"turnover_share_pct", func(r *Readings) float64 { return r.TurnoverPct }, func(m *Mappings) *Curve { return &m.TurnoverPct }, true},
		}},
		{DimValuation, func(w *Weights) float64 { return w.Valuation }, []readingSpec{
			{"pe_pct_5y", func(r *Readings) float64 { return r.PEPct }, func(m *Mappings) *Curve { return &m.PEPct }, true},
		}},
		{DimCatalysts, func(w *Weights) float64 { return w.Catalysts }, []readingSpec{
			{"catalysts", func(r *Readings) float64 { return r.Catalysts }, func(m *Mappings) *Curve { return &m.Catalysts }, false},
		}},
	}
}

// Validate rejects non-finite or negative weights, an all-zero weight set,
// invalid curves and thresholds out of order.
func (o SustainOptions) Validate() error {
	total := 0.0
	for _, ds := range dimSpecs() {
		w := ds.weight(&o.Weights)
		if !finite(w) || w < 0 {
			return fmt.Errorf("sustainability: weight of %s is %g, want ≥ 0", ds.dim, w)
		}
		total += w
		for _, rs := range ds.readings {
			if err := rs.curve(&o.Mappings).Validate(); err != nil {
				return fmt.Errorf("sustainability: mapping of %s: %w", rs.name, err)
			}
		}
	}
	if total <= 0 {
		return fmt.Errorf("sustainability: all weights are zero")
	}
	if !(o.Strong > o.Moderate && o.Moderate > o.Fragile) {
		return fmt.Errorf("sustainability: thresholds strong %g > moderate %g > fragile %g do not hold", o.Strong, o.Moderate, o.Fragile)
	}
	if !(o.Supportive > o.Warning) {
		return fmt.Errorf("sustainability: supportive %g must exceed warning %g", o.Supportive, o.Warning)
	}
	if !(o.MinCoverage >= 0 && o.MinCoverage <= 1) {
		return fmt.Errorf("sustainability: min coverage %g is not in [0, 1]", o.MinCoverage)
	}
	return nil
}

// Sustain scores the readings. Each component's score is its curve at the
// reading; a dimension's score is the mean of its known component scores
// (missing when none is known); the composite is the weighted mean of the
// known dimension scores, the weights of missing dimensions being spread
// over the rest. A share or percentile reading outside [0, 1] is an error
// (most likely a percentage passed as 0–100).
func Sustain(r Readings, o SustainOptions) (*Sustainability, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o.Mappings = o.Mappings.clone() // the result must not change with the caller's curves
	specs := dimSpecs()
	out := &Sustainability{Readings: r, Options: o}
	scores, weights := make([]float64, len(specs)), make([]float64, len(specs))
	for i, ds := range specs {
		d := DimensionScore{Dimension: ds.dim, Weight: ds.weight(&o.Weights)}
		comp := make([]float64, 0, len(ds.readings))
		for _, rs := range ds.readings {
			x := rs.value(&r)
			if math.IsInf(x, 0) || rs.unit && finite(x) && (x < 0 || x > 1) {
				return nil, fmt.Errorf("sustainability: reading %s = %g is out of range", rs.name, x)
			}
			c := Component{Name: rs.name, Reading: x, Curve: *rs.curve(&o.Mappings)}
			c.Score = c.Curve.At(x)
			comp = append(comp, c.Score)
			d.Components = append(d.Components, c)
		}
		d.Score, _ = meanOf(comp)
		d.Missing = math.IsNaN(d.Score)
		d.Signal = o.signal(d.Score)
		if ds.dim == DimMomentum && r.Quadrant != "" {
			d.Note = "quadrant " + r.Quadrant
		}
		scores[i], weights[i] = d.Score, d.Weight
		out.Dimensions = append(out.Dimensions, d)
	}
	mean, cov := weightedMean(scores, weights)
	out.Coverage = cov
	known := 0.0
	for i := range out.Dimensions {
		if !out.Dimensions[i].Missing {
			known += weights[i]
		}
	}
	for i := range out.Dimensions {
		if !out.Dimensions[i].Missing && known > 0 {
			out.Dimensions[i].Share = weights[i] / known
		}
	}
	out.Score, out.Label = math.NaN(), LabelUnknown
	if cov > 0 && cov >= o.MinCoverage {
		out.Score, out.Label = mean, o.label(mean)
	}
	return out, nil
}

func (o SustainOptions) signal(score float64) Signal {
	switch {
	case math.IsNaN(score):
		return SignalMissing
	case score >= o.Supportive:
		return SignalSupportive
	case score <= o.Warning:
		return SignalWarning
	}
	return SignalNeutral
}

func (o SustainOptions) label(score float64) Label {
	switch {
	case score >= o.Strong:
		return LabelStrong
	case score >= o.Moderate:
		return LabelModerate
	case score >= o.Fragile:
		return LabelFragile
	}
	return LabelFading
}
