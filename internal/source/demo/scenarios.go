package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// Planted scenario parameters (trading days counted back from the last day;
// docs/demo.md repeats them).
const (
	MarketDrift   = 0.00015 // market factor's mean daily log return over the period
	BuildUpDays   = 23      // quiet accumulation before the defense rally
	BuildUpDrift  = 0.0025  // its extra daily log return
	RallyDays     = 40      // Defense & Aerospace rally length
	RallyDrift    = 0.0065  // extra daily log return of the defense sector factor
	RallyETFFlow  = 0.006   // extra daily growth of defense ETF shares
	RallyMargin   = 0.004   // extra daily margin net purchase / financing balance
	RallyMainFlow = 0.06    // extra main-force net inflow / turnover amount
	FadeRunFrom   = 130     // Computers run-up starts this many days before the end…
	FadeRunTo     = 65      // …and tops out here
	FadeDays      = 30      // last 30 days (6 weeks): the fade
	FadeRunDrift  = 0.004   // run-up drift
	FadeTopDrift  = 0.0005  // plateau drift
	FadeDrift     = -0.0045 // fade drift
	StyleDays     = 63      // growth → value shift over the last 63 days
	StyleBefore   = 126     // growth led for the 126 days before the shift
	StyleLead     = 0.0005  // growth-factor drift before the shift
	StyleShift    = -0.0008 // growth-factor drift after the shift (value leads)
)

// plan holds the daily factor paths and scenario biases, indexed by
// trading day (and sector where it applies).
type plan struct {
	mkt      []float64   // market factor log return
	sect     [][]float64 // sector factor log return, [sector][day]
	style    []float64   // growth − value factor
	size     []float64   // small − large factor
	etfFlow  [][]float64 // extra daily ETF share growth per sector
	margin   [][]float64 // extra margin net purchase / balance per sector
	mainFlow [][]float64 // extra main-force flow / amount per sector
}

// phaseSpec is a scenario phase over days [D−from, D−to).
type phaseSpec struct {
	name                             string
	sector                           int
	from, to                         int
	drift, etf, marginBias, mainBias float64
}

func scenarioPhases() []phaseSpec {
	def, comp := sectorIndex(DefenseCode), sectorIndex(ComputersCode)
	return []phaseSpec{
		{"build-up", def, BuildUpDays + RallyDays, RallyDays, BuildUpDrift, 0.002, 0.001, 0.02},
		{"rally", def, RallyDays, 0, RallyDrift, RallyETFFlow, RallyMargin, RallyMainFlow},
		{"run-up", comp, FadeRunFrom, FadeRunTo, FadeRunDrift, 0.003, 0.002, 0.03},
		{"top", comp, FadeRunTo, FadeDays, FadeTopDrift, 0, 0, 0},
		{"fade", comp, FadeDays, 0, FadeDrift, -0.005, -0.004, -0.06},
	}
}

// buildPlan draws the common factors and adds the planted regimes.
func buildPlan(r *rand.Rand, D int) *plan {
	nS := len(swSectors)
	p := &plan{
		mkt: make([]float64, D), style: make([]float64, D), size: make([]float64, D),
		sect: grid(nS, D), etfFlow: grid(nS, D), margin: grid(nS, D), mainFlow: grid(nS, D),
	}
	h := 0.0 // log volatility multiplier, AR(1): volatility clusters
	for t := 0; t < D; t++ {
		h = 0.98*h + 0.05*r.NormFloat64()
		sig := 0.0105 * math.Exp(h)
		p.mkt[t] = sig * r.NormFloat64()
		p.style[t] = 0.0018 * r.NormFloat64()
		p.size[t] = 0.0022 * r.NormFloat64()
		for s := range nS {
			p.sect[s][t] = 0.0075 * math.Exp(h/2) * r.NormFloat64()
		}
	}
	// Pin the market factor's total drift so that every seed has a
	// plausible long-run market (MarketDrift a day), keeping its noise.
	sum := 0.0
	for _, x := range p.mkt {
		sum += x
	}
	for t := range p.mkt {
		p.mkt[t] += MarketDrift - sum/float64(D)
	}
	for t := max(0, D-StyleDays-StyleBefore); t < D; t++ {
		if t < D-StyleDays {
			p.style[t] += StyleLead
		} else {
			p.style[t] += StyleShift
		}
	}
	for _, ph := range scenarioPhases() {
		for t := max(0, D-ph.from); t < D-ph.to; t++ {
			p.sect[ph.sector][t] += ph.drift
			p.etfFlow[ph.sector][t] += ph.etf
			p.margin[ph.sector][t] += ph.marginBias
			p.mainFlow[ph.sector][t] += ph.mainBias
		}
	}
	return p
}

func grid(n, D int) [][]float64 {
	buf := make([]float64, n*D)
	g := make([][]float64, n)
	for i := range g {
		g[i] = buf[i*D : (i+1)*D : (i+1)*D]
	}
	return g
}

// scenarioTruths builds the Rally and Fading truths from the phases.
func scenarioTruths(days []time.Time) (rally, fading ScenarioTruth) {
	D := len(days)
	for _, ph := range scenarioPhases() {
		spec := swSectors[ph.sector]
		st := &rally
		if spec.code == ComputersCode {
			st = &fading
		}
		st.Sector, st.Name, st.NameEN, st.Index = spec.code, spec.name, spec.nameEN, sectorSymbol(spec.code)
		from, to := max(0, D-ph.from), D-ph.to
		st.Phases = append(st.Phases, Phase{
			Name: ph.name, Start: days[from], End: days[to-1], Days: to - from,
			Drift: ph.drift, ETFFlow: ph.etf, Margin: ph.marginBias, MainFlow: ph.mainBias,
		})
	}
	for _, e := range etfSpecs {
		switch e.sector {
		case rally.Sector:
			rally.ETFs = append(rally.ETFs, e.symbol)
		case fading.Sector:
			fading.ETFs = append(fading.ETFs, e.symbol)
		}
	}
	return rally, fading
}
