package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// Planted scenario parameters (trading days counted back from the last day;
// docs/demo.md repeats them). A drift is an extra daily log return of a
// sector factor; where a phase has a start and an end drift it ramps
// linearly between them.
//
// The shapes are chosen for what relative rotation (a trailing z-score)
// can see: a steady outperformance settles at RS-Ratio ≈ 101.5 with
// RS-Momentum around 100, so the defense rally accelerates, pauses and
// breaks out again in its last days to end in Leading, and the Computers
// rally blows off and rolls over only in its last three weeks to end in
// Weakening (RS still above its 14-week mean, but falling).
const (
	MarketDrift = 0.00015 // market factor's mean daily log return over the period

	// Defense & Aerospace (801740): build-up, then the last RallyDays days:
	// an accelerating rally, a pullback and a breakout.
	BuildUpDays        = 23     // quiet accumulation before the rally
	BuildUpDrift       = 0.0025 // its drift
	RallyDays          = 40     // rally + pullback + breakout
	RallyDriftStart    = 0.003  // rally drift on its first day…
	RallyDriftEnd      = 0.015  // …ramping to this on its last
	PullbackDays       = 9      // shake-out before the breakout
	PullbackDrift      = -0.007 // its drift
	BreakoutDays       = 3      // the last days: breakout to new highs
	BreakoutDriftStart = 0.025  // breakout drift on its first day…
	BreakoutDriftEnd   = 0.05   // …and on the last day
	RallyETFFlow       = 0.006  // extra daily growth of defense ETF shares in the rally
	RallyMargin        = 0.004  // extra daily margin net purchase / financing balance
	RallyMainFlow      = 0.06   // extra main-force net inflow / turnover amount

	// Computers (801750): run-up 3–6 months ago, a pause, a blow-off top
	// and the roll-over over the last FadeDays days.
	FadeRunFrom       = 130    // run-up starts this many days before the end…
	FadeRunTo         = 66     // …and ends here; the pause follows
	FadeRunDrift      = 0.004  // run-up drift
	FadePauseDrift    = 0.001  // pause drift
	FadeTopFrom       = 35     // blow-off starts this many days before the end
	FadeTopDriftStart = 0.004  // blow-off drift on its first day…
	FadeTopDriftEnd   = 0.018  // …ramping to this at the top
	FadeDays          = 15     // the last 15 days (3 weeks): the roll-over
	FadeDrift         = -0.005 // roll-over drift ramps from 0 to this on the last day
	FadeETFFlow       = -0.006 // daily ETF share change in the roll-over (redemptions)
	FadeMargin        = -0.008 // margin net purchase / balance in the roll-over
	FadeMainFlow      = -0.08  // main-force net flow / amount in the roll-over

	StyleDays   = 63      // growth → value shift over the last 63 days
	StyleBefore = 126     // growth led for the 126 days before the shift
	StyleLead   = 0.0005  // growth-factor drift before the shift
	StyleShift  = -0.0010 // growth-factor drift after the shift (value leads)
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

// phaseSpec is a scenario phase over days [D−from, D−to). The sector drift
// ramps linearly from drift on the phase's first day to driftEnd on its
// last.
type phaseSpec struct {
	name                                       string
	sector                                     int
	from, to                                   int
	drift, driftEnd, etf, marginBias, mainBias float64
}

func scenarioPhases() []phaseSpec {
	def, comp := sectorIndex(DefenseCode), sectorIndex(ComputersCode)
	pull := PullbackDays + BreakoutDays
	return []phaseSpec{
		{"build-up", def, BuildUpDays + RallyDays, RallyDays, BuildUpDrift, BuildUpDrift, 0.002, 0.001, 0.02},
		{"rally", def, RallyDays, pull, RallyDriftStart, RallyDriftEnd, RallyETFFlow, RallyMargin, RallyMainFlow},
		{"pullback", def, pull, BreakoutDays, PullbackDrift, PullbackDrift, 0.003, 0.002, 0.03},
		{"breakout", def, BreakoutDays, 0, BreakoutDriftStart, BreakoutDriftEnd, 0.01, 0.006, 0.10},
		{"run-up", comp, FadeRunFrom, FadeRunTo, FadeRunDrift, FadeRunDrift, 0.003, 0.002, 0.03},
		{"pause", comp, FadeRunTo, FadeTopFrom, FadePauseDrift, FadePauseDrift, 0, 0, 0},
		{"blow-off", comp, FadeTopFrom, FadeDays, FadeTopDriftStart, FadeTopDriftEnd, 0.002, 0.001, 0.02},
		{"roll-over", comp, FadeDays, 0, 0, FadeDrift, FadeETFFlow, FadeMargin, FadeMainFlow},
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
		from, n := D-ph.from, ph.from-ph.to
		for t := max(0, from); t < D-ph.to; t++ {
			p.sect[ph.sector][t] += ph.rampAt(t-from, n)
			p.etfFlow[ph.sector][t] += ph.etf
			p.margin[ph.sector][t] += ph.marginBias
			p.mainFlow[ph.sector][t] += ph.mainBias
		}
	}
	return p
}

// rampAt is the phase's drift on its k-th day of n.
func (ph phaseSpec) rampAt(k, n int) float64 {
	if n < 2 {
		return ph.drift
	}
	return ph.drift + (ph.driftEnd-ph.drift)*float64(k)/float64(n-1)
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
			Drift: ph.drift, DriftEnd: ph.driftEnd, ETFFlow: ph.etf, Margin: ph.marginBias, MainFlow: ph.mainBias,
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
