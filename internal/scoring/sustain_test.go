package scoring

import (
	"math"
	"testing"
)

// fullReadings has a hand-computed score for every reading (see
// TestSustainHandComputed).
func fullReadings() Readings {
	return Readings{
		Excess63: 0.10, PriceVsMA60: 0.05, // 75, 75 → trend 75
		RSRatio: 101, RSMomentum: 99, Quadrant: "Weakening", // 75, 25 → momentum 50
		AboveMA20: 0.65, AboveMA60: 0.35, // 75, 25 → breadth 50
		ETFFlowZ: 1, MainFlowZ: 2, // 75, 100 → flows 87.5
		MarginZ:     3,    // 80 − 50·0.5/1.5 = 63.33
		TurnoverPct: 0.9,  // 40 − 40·0.5 = 20
		PEPct:       0.65, // 55 − 20·0.5 = 45
		Catalysts:   2,    // 55 + 25·0.5 = 67.5
	}
}

func TestSustainHandComputed(t *testing.T) {
	s, err := Sustain(fullReadings(), DefaultSustainOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := map[Dimension]struct {
		score float64
		sig   Signal
	}{
		DimTrend: {75, SignalSupportive}, DimMomentum: {50, SignalNeutral}, DimBreadth: {50, SignalNeutral},
		DimFlows: {87.5, SignalSupportive}, DimLeverage: {80 - 50.0/3, SignalSupportive},
		DimCrowding: {20, SignalWarning}, DimValuation: {45, SignalNeutral}, DimCatalysts: {67.5, SignalSupportive},
	}
	if len(s.Dimensions) != 8 {
		t.Fatalf("%d dimensions, want 8", len(s.Dimensions))
	}
	for _, d := range s.Dimensions {
		w := want[d.Dimension]
		if !near(d.Score, w.score) || d.Signal != w.sig || d.Missing {
			t.Errorf("%s: score %g signal %s missing %v; want %g %s", d.Dimension, d.Score, d.Signal, d.Missing, w.score, w.sig)
		}
		if !near(d.Share, d.Weight) { // weights sum to 1 and nothing is missing
			t.Errorf("%s: share %g, want weight %g", d.Dimension, d.Share, d.Weight)
		}
	}
	// 0.2·75 + 0.15·50 + 0.15·50 + 0.15·87.5 + 0.05·63.33 + 0.1·20 + 0.1·45 + 0.1·67.5
	wantScore := 15 + 7.5 + 7.5 + 13.125 + 0.05*(80-50.0/3) + 2 + 4.5 + 6.75
	if !near(s.Score, wantScore) || s.Label != LabelModerate || s.Coverage != 1 {
		t.Errorf("composite %g %s coverage %g; want %g moderate 1", s.Score, s.Label, s.Coverage, wantScore)
	}
	m, _ := s.Dimension(DimMomentum)
	if m.Note != "quadrant Weakening" || m.Components[1].Name != "rs_momentum" || m.Components[1].Reading != 99 || m.Components[1].Score != 25 {
		t.Errorf("momentum keeps its readings: %+v", m)
	}
}

func TestSustainMissing(t *testing.T) {
	full := 15 + 7.5 + 7.5 + 13.125 + 0.05*(80-50.0/3) + 2 + 4.5 + 6.75
	for _, tc := range []struct {
		name     string
		edit     func(*Readings)
		score    float64
		cov      float64
		label    Label
		dim      Dimension
		dimScore float64
	}{
		{"catalysts unknown: re-weighted over 0.9", func(r *Readings) { r.Catalysts = nan },
			(full - 6.75) / 0.9, 0.9, LabelModerate, DimCatalysts, nan},
		{"one trend reading unknown: trend is the other", func(r *Readings) { r.PriceVsMA60 = nan },
			full, 1, LabelModerate, DimTrend, 75},
		{"flows and catalysts unknown", func(r *Readings) { r.ETFFlowZ, r.MainFlowZ, r.Catalysts = nan, nan, nan },
			(full - 6.75 - 13.125) / 0.75, 0.75, LabelFragile, DimFlows, nan},
		{"only trend known: below min coverage", func(r *Readings) { *r = UnknownReadings(); r.Excess63 = 0.1 },
			nan, 0.2, LabelUnknown, DimTrend, 75},
		{"nothing known", func(r *Readings) { *r = UnknownReadings() }, nan, 0, LabelUnknown, DimValuation, nan},
	} {
		r := fullReadings()
		tc.edit(&r)
		s, err := Sustain(r, DefaultSustainOptions())
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !near(s.Score, tc.score) || !near(s.Coverage, tc.cov) || s.Label != tc.label {
			t.Errorf("%s: %g %s coverage %g; want %g %s %g", tc.name, s.Score, s.Label, s.Coverage, tc.score, tc.label, tc.cov)
		}
		d, _ := s.Dimension(tc.dim)
		if !near(d.Score, tc.dimScore) || d.Missing != math.IsNaN(tc.dimScore) {
			t.Errorf("%s: %s score %g missing %v, want %g", tc.name, tc.dim, d.Score, d.Missing, tc.dimScore)
		}
		if d.Missing && (d.Signal != SignalMissing || d.Share != 0) {
			t.Errorf("%s: missing %s has signal %s share %g", tc.name, tc.dim, d.Signal, d.Share)
		}
	}
}

func TestSustainShareSumsToOne(t *testing.T) {
	r := fullReadings()
	r.Catalysts, r.MarginZ = nan, nan
	s, err := Sustain(r, DefaultSustainOptions())
	if err != nil {
		t.Fatal(err)
	}
	sum, check := 0.0, 0.0
	for _, d := range s.Dimensions {
		sum += d.Share
		if !d.Missing {
			check += d.Share * d.Score
		}
	}
	if !near(sum, 1) || !near(check, s.Score) {
		t.Errorf("shares sum to %g and give %g, score %g", sum, check, s.Score)
	}
}

func TestSustainLabels(t *testing.T) {
	o := DefaultSustainOptions()
	for _, tc := range []struct {
		score float64
		want  Label
	}{{100, LabelStrong}, {70, LabelStrong}, {69.99, LabelModerate}, {55, LabelModerate}, {54.9, LabelFragile}, {40, LabelFragile}, {39.9, LabelFading}, {0, LabelFading}} {
		if got := o.label(tc.score); got != tc.want {
			t.Errorf("label(%g) = %s, want %s", tc.score, got, tc.want)
		}
	}
	for _, tc := range []struct {
		score float64
		want  Signal
	}{{60, SignalSupportive}, {59.9, SignalNeutral}, {40.1, SignalNeutral}, {40, SignalWarning}, {nan, SignalMissing}} {
		if got := o.signal(tc.score); got != tc.want {
			t.Errorf("signal(%g) = %s, want %s", tc.score, got, tc.want)
		}
	}
}

func TestSustainStrongAndFading(t *testing.T) {
	strong := Readings{Excess63: 0.3, PriceVsMA60: 0.12, RSRatio: 103, RSMomentum: 102, AboveMA20: 0.9, AboveMA60: 0.85,
		ETFFlowZ: 2.5, MainFlowZ: 2, MarginZ: 2, TurnoverPct: 0.5, PEPct: 0.5, Catalysts: 6}
	s, err := Sustain(strong, DefaultSustainOptions())
	if err != nil {
		t.Fatal(err)
	}
	// 0.2·100 + 0.15·100·3 + 0.05·80 + 0.1·60 + 0.1·55 + 0.1·100 = 90.5
	if !near(s.Score, 90.5) || s.Label != LabelStrong {
		t.Errorf("strong setup: %g %s, want 90.5 strong", s.Score, s.Label)
	}
	fading := Readings{Excess63: -0.1, PriceVsMA60: -0.06, RSRatio: 100.5, RSMomentum: 97.5, AboveMA20: 0.2, AboveMA60: 0.4,
		ETFFlowZ: -1.5, MainFlowZ: -2, MarginZ: -1, TurnoverPct: 0.95, PEPct: 0.9, Catalysts: 0}
	s, err = Sustain(fading, DefaultSustainOptions())
	if err != nil {
		t.Fatal(err)
	}
	// trend (25+20)/2 = 22.5; momentum (62.5+0)/2 = 31.25; breadth (0+33.33)/2 = 16.67;
	// flows (12.5+0)/2 = 6.25; leverage 30; crowding 10; valuation 22.5; catalysts 30
	want := 0.2*22.5 + 0.15*31.25 + 0.15*(100.0/6) + 0.15*6.25 + 0.05*30 + 0.1*10 + 0.1*22.5 + 0.1*30
	if !near(s.Score, want) || s.Label != LabelFading {
		t.Errorf("fading setup: %g %s, want %g fading", s.Score, s.Label, want)
	}
}

func TestSustainRejects(t *testing.T) {
	r := fullReadings()
	r.PEPct = 65 // a percentage, not a fraction
	if _, err := Sustain(r, DefaultSustainOptions()); err == nil {
		t.Error("percentile 65 accepted")
	}
	r = fullReadings()
	r.ETFFlowZ = math.Inf(1)
	if _, err := Sustain(r, DefaultSustainOptions()); err == nil {
		t.Error("infinite reading accepted")
	}
	for name, edit := range map[string]func(*SustainOptions){
		"negative weight":  func(o *SustainOptions) { o.Weights.Trend = -1 },
		"zero weights":     func(o *SustainOptions) { o.Weights = Weights{} },
		"bad curve":        func(o *SustainOptions) { o.Mappings.PEPct = Curve{{1, 0}} },
		"thresholds order": func(o *SustainOptions) { o.Strong, o.Moderate = 50, 60 },
		"signals order":    func(o *SustainOptions) { o.Supportive = 30 },
		"coverage":         func(o *SustainOptions) { o.MinCoverage = 2 },
	} {
		o := DefaultSustainOptions()
		edit(&o)
		if _, err := Sustain(fullReadings(), o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSustainCustomWeights(t *testing.T) {
	o := DefaultSustainOptions()
	o.Weights = Weights{Trend: 1, Crowding: 3} // others weigh nothing
	s, err := Sustain(fullReadings(), o)
	if err != nil {
		t.Fatal(err)
	}
	if want := (75 + 3*20) / 4.0; !near(s.Score, want) || s.Label != LabelFading {
		t.Errorf("custom weights: %g %s, want %g fading", s.Score, s.Label, want)
	}
	if DefaultWeights() != DefaultSustainOptions().Weights {
		t.Error("defaults changed by a caller's edit")
	}
}

func TestSustainKeepsItsCurves(t *testing.T) {
	o := DefaultSustainOptions()
	s, err := Sustain(fullReadings(), o)
	if err != nil {
		t.Fatal(err)
	}
	o.Mappings.Excess63[1].Y = 0 // the caller edits its options afterwards
	if d, _ := s.Dimension(DimTrend); d.Components[0].Curve[1].Y != 50 || s.Options.Mappings.Excess63[1].Y != 50 {
		t.Error("result shares the caller's curves")
	}
}
