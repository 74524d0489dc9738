package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// ETFSeries is the daily history of one ETF of a sector or theme. All
// slices are aligned on the same trading days, oldest first, the last
// element being the as-of day; NaN marks a missing day (a suspension, a
// holiday of one market). Tracked and NAV may be nil: tracking is then
// measured against Benchmark, and flows are valued at Close.
type ETFSeries struct {
	Symbol market.Symbol
	Name   string
	Tracks market.Symbol // the index it tracks, for display

	Returns   []float64 // the ETF's daily simple returns (adjusted close to close)
	Benchmark []float64 // daily returns of the sector or benchmark index
	Tracked   []float64 // daily returns of the tracked index; nil = Benchmark
	Amount    []float64 // daily traded amount in currency units
	Shares    []float64 // units outstanding
	NAV       []float64 // NAV per unit; nil or NaN on a day = use Close
	Close     []float64
}

// ETFOptions are the windows and the tier rules' thresholds.
type ETFOptions struct {
	BetaDays      int     // window of beta and volatility (trading days)
	TrackingDays  int     // window of tracking error and difference
	LiquidityDays int     // window of the average daily amount
	FlowDays      int     // window of net creation and share change
	MinObs        int     // fewest paired daily returns for beta, volatility, tracking
	AnnualDays    float64 // trading days a year, for annualising
	// Tier rules (see ETFTiers).
	MinAmount         float64 // average daily amount below this: watch
	MinLiquidityShare float64 // below this share of the most liquid ETF's amount: watch
	MaxCoreTE         float64 // the core ETF's tracking error must not exceed this
	MinElasticGap     float64 // elastic needs a beta at least this far above the core's (or 1)
}

// DefaultETFOptions: beta, volatility and tracking over 120 trading days
// (at least 40 paired returns), liquidity and flows over 20 days, 252 days a
// year; watch below 10 million a day or below 10% of the most liquid ETF's
// amount; core needs a tracking error ≤ 3% a year; elastic a beta 0.05
// above the core's.
func DefaultETFOptions() ETFOptions {
	return ETFOptions{
		BetaDays: 120, TrackingDays: 120, LiquidityDays: 20, FlowDays: 20, MinObs: 40, AnnualDays: 252,
		MinAmount: 1e7, MinLiquidityShare: 0.10, MaxCoreTE: 0.03, MinElasticGap: 0.05,
	}
}

// Role is an ETF's allocation role.
type Role string

// Allocation roles, in table order.
const (
	RoleCore        Role = "core"        // the liquid, faithful way to hold the sector
	RoleElastic     Role = "elastic"     // the highest beta: more move per unit of sector move
	RoleTactical    Role = "tactical"    // the strongest recent creations: where money is going
	RoleAlternative Role = "alternative" // liquid and usable, no distinguishing trait
	RoleWatch       Role = "watch"       // too illiquid or too short a history to allocate
)

// Tier is 1 for the core, 2 for satellites (elastic, tactical,
// alternative) and 3 for watch.
func (r Role) Tier() int {
	switch r {
	case RoleCore:
		return 1
	case RoleWatch:
		return 3
	}
	return 2
}

func (r Role) order() int {
	return slices.Index([]Role{RoleCore, RoleElastic, RoleTactical, RoleAlternative, RoleWatch}, r)
}

// ETFMetrics are the measured readings of an ETF; NaN when the window has
// too little data. Obs fields count the days that entered each figure.
type ETFMetrics struct {
	Beta          float64 // cov(ETF, benchmark) / var(benchmark) of daily returns
	Volatility    float64 // annualised sample std of the ETF's daily returns
	BetaObs       int
	AvgAmount     float64 // mean daily amount over LiquidityDays
	AmountObs     int
	NetCreation   float64 // Σ Δshares × NAV (Close when NAV is missing) over FlowDays
	ShareChange   float64 // shares at the end / shares before the window − 1
	SharesStart   float64
	SharesEnd     float64
	TrackingError float64 // annualised sample std of (ETF − tracked) daily returns
	TrackingDiff  float64 // annualised mean of (ETF − tracked) daily returns
	TrackingObs   int
}

// ETFRow is one ETF in the tier table.
type ETFRow struct {
	Symbol market.Symbol
	Name   string
	Tracks market.Symbol
	ETFMetrics
	Tier   int
	Role   Role
	Reason string // the rule that assigned the role
}

// ETFTable is the tier table of a sector's or theme's ETFs, ordered by
// tier, role, average amount (descending) and symbol.
type ETFTable struct {
	Rows    []ETFRow
	Options ETFOptions
}

// Validate rejects non-positive windows and thresholds out of range.
func (o ETFOptions) Validate() error {
	if o.BetaDays < 2 || o.TrackingDays < 2 || o.LiquidityDays < 1 || o.FlowDays < 1 || o.MinObs < 2 || !(o.AnnualDays > 0) {
		return fmt.Errorf("etf tiers: windows must be positive (beta %d, tracking %d, liquidity %d, flows %d, min obs %d, annual days %g)",
			o.BetaDays, o.TrackingDays, o.LiquidityDays, o.FlowDays, o.MinObs, o.AnnualDays)
	}
	if !(o.MinAmount >= 0) || !(o.MinLiquidityShare >= 0 && o.MinLiquidityShare <= 1) || !(o.MaxCoreTE >= 0) || !(o.MinElasticGap >= 0) {
		return fmt.Errorf("etf tiers: thresholds out of range (min amount %g, min liquidity share %g, max core TE %g, min elastic gap %g)",
			o.MinAmount, o.MinLiquidityShare, o.MaxCoreTE, o.MinElasticGap)
	}
	return nil
}

// ETFTiers measures every ETF and assigns tiers and roles by these rules,
// applied in order, each tie broken by the smaller symbol:
//
//  1. watch: average amount unknown, below MinAmount or below
//     MinLiquidityShare × the largest average amount of the set, or beta
//     unknown (fewer than MinObs paired returns);
//  2. core: among the rest with tracking error ≤ MaxCoreTE, the largest
//     average amount (no core when none qualifies);
//  3. elastic: among the rest, the highest beta, if at least MinElasticGap
//     above the core's beta (above 1 when there is no core);
//  4. tactical: among the rest, the largest share change over FlowDays, if
//     positive;
//  5. alternative: every other ETF.
func ETFTiers(etfs []ETFSeries, o ETFOptions) (*ETFTable, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	seen := map[market.Symbol]bool{}
	t := &ETFTable{Options: o}
	for _, e := range etfs {
		if seen[e.Symbol] {
			return nil, fmt.Errorf("etf tiers: %s given twice", e.Symbol)
		}
		seen[e.Symbol] = true
		m, err := measureETF(e, o)
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, ETFRow{Symbol: e.Symbol, Name: e.Name, Tracks: e.Tracks, ETFMetrics: m})
	}
	assignRoles(t.Rows, o)
	slices.SortFunc(t.Rows, func(a, b ETFRow) int {
		if c := cmp.Compare(a.Role.order(), b.Role.order()); c != 0 {
			return c
		}
		if c := series.CompareDesc(a.AvgAmount, b.AvgAmount); c != 0 {
			return c
		}
		return cmp.Compare(a.Symbol, b.Symbol)
	})
	return t, nil
}

// assignRoles applies the rules of ETFTiers to rows in place.
func assignRoles(rows []ETFRow, o ETFOptions) {
	top := math.NaN()
	for _, r := range rows {
		if finite(r.AvgAmount) && !(r.AvgAmount <= top) {
			top = r.AvgAmount
		}
	}
	for i := range rows {
		r := &rows[i]
		switch {
		case !finite(r.AvgAmount):
			r.Role, r.Reason = RoleWatch, "no traded amount in the liquidity window"
		case r.AvgAmount < o.MinAmount:
			r.Role, r.Reason = RoleWatch, fmt.Sprintf("average daily amount %.4g below the minimum %.4g", r.AvgAmount, o.MinAmount)
		case r.AvgAmount < o.MinLiquidityShare*top:
			r.Role, r.Reason = RoleWatch, fmt.Sprintf("average daily amount below %.0f%% of the most liquid ETF's", 100*o.MinLiquidityShare)
		case !finite(r.Beta):
			r.Role, r.Reason = RoleWatch, fmt.Sprintf("fewer than %d paired daily returns for beta", o.MinObs)
		}
	}
	// pick returns the unassigned row with the largest key among those
	// passing ok, ties to the smaller symbol; -1 when none.
	pick := func(key func(*ETFRow) float64, ok func(*ETFRow) bool) int {
		best := -1
		for i := range rows {
			r := &rows[i]
			if r.Role != "" || !ok(r) || !finite(key(r)) {
				continue
			}
			if best < 0 || key(r) > key(&rows[best]) || key(r) == key(&rows[best]) && r.Symbol < rows[best].Symbol {
				best = i
			}
		}
		return best
	}
	refBeta := 1.0
	if i := pick(func(r *ETFRow) float64 { return r.AvgAmount },
		func(r *ETFRow) bool { return r.TrackingError <= o.MaxCoreTE }); i >= 0 {
		rows[i].Role = RoleCore
		rows[i].Reason = fmt.Sprintf("largest average daily amount among ETFs with tracking error ≤ %.1f%%", 100*o.MaxCoreTE)
		refBeta = rows[i].Beta
	}
	if i := pick(func(r *ETFRow) float64 { return r.Beta },
		func(r *ETFRow) bool { return r.Beta >= refBeta+o.MinElasticGap }); i >= 0 {
		rows[i].Role = RoleElastic
		rows[i].Reason = fmt.Sprintf("highest beta among the rest, at least %.2f above %.2f", o.MinElasticGap, refBeta)
	}
	if i := pick(func(r *ETFRow) float64 { return r.ShareChange },
		func(r *ETFRow) bool { return r.ShareChange > 0 }); i >= 0 {
		rows[i].Role = RoleTactical
		rows[i].Reason = fmt.Sprintf("largest positive %d-day share change among the rest", o.FlowDays)
	}
	for i := range rows {
		if rows[i].Role == "" {
			rows[i].Role, rows[i].Reason = RoleAlternative, "liquid, without a distinguishing trait"
		}
		rows[i].Tier = rows[i].Role.Tier()
	}
}

// measureETF computes the metrics of one ETF over the trailing windows.
func measureETF(e ETFSeries, o ETFOptions) (ETFMetrics, error) {
	n := len(e.Returns)
	tracked := e.Tracked
	if tracked == nil {
		tracked = e.Benchmark
	}
	for _, c := range []struct {
		name string
		xs   []float64
	}{{"benchmark", e.Benchmark}, {"tracked", tracked}, {"amount", e.Amount}, {"shares", e.Shares}, {"close", e.Close}} {
		if len(c.xs) != n {
			return ETFMetrics{}, fmt.Errorf("etf tiers: %s: %s has %d days, returns %d", e.Symbol, c.name, len(c.xs), n)
		}
	}
	if e.NAV != nil && len(e.NAV) != n {
		return ETFMetrics{}, fmt.Errorf("etf tiers: %s: nav has %d days, returns %d", e.Symbol, len(e.NAV), n)
	}
	var m ETFMetrics
	m.Beta, m.Volatility, m.BetaObs = betaVol(tail(e.Returns, o.BetaDays), tail(e.Benchmark, o.BetaDays), o)
	m.TrackingError, m.TrackingDiff, m.TrackingObs = tracking(tail(e.Returns, o.TrackingDays), tail(tracked, o.TrackingDays), o)
	m.AvgAmount, m.AmountObs = meanOf(tail(e.Amount, o.LiquidityDays))
	m.NetCreation, m.ShareChange, m.SharesStart, m.SharesEnd = shareFlows(e, o.FlowDays)
	return m, nil
}

// tail is the last k elements of xs (all of them when shorter).
func tail(xs []float64, k int) []float64 { return xs[max(0, len(xs)-k):] }

// betaVol is the beta of y on x over the days both are known, and the
// annualised volatility of y over the days it is known; NaN with fewer than
// MinObs days or a benchmark that never moves.
func betaVol(y, x []float64, o ETFOptions) (beta, vol float64, obs int) {
	var xs, ys []float64
	for i := range y {
		if finite(x[i]) && finite(y[i]) {
			xs, ys = append(xs, x[i]), append(ys, y[i])
		}
	}
	beta, vol, obs = math.NaN(), math.NaN(), len(xs)
	if _, ny := meanOf(y); ny >= o.MinObs {
		vol = sampleStd(y) * math.Sqrt(o.AnnualDays)
	}
	if obs < o.MinObs {
		return beta, vol, obs
	}
	mx, _ := meanOf(xs)
	my, _ := meanOf(ys)
	cov, vx := 0.0, 0.0
	for i := range xs {
		cov += (xs[i] - mx) * (ys[i] - my)
		vx += (xs[i] - mx) * (xs[i] - mx)
	}
	if vx > 0 {
		beta = cov / vx
	}
	return beta, vol, obs
}

// tracking is the annualised std and mean of the daily return difference
// y − x over the days both are known; NaN with fewer than MinObs days.
func tracking(y, x []float64, o ETFOptions) (te, diff float64, obs int) {
	var d []float64
	for i := range y {
		if finite(x[i]) && finite(y[i]) {
			d = append(d, y[i]-x[i])
		}
	}
	if len(d) < o.MinObs {
		return math.NaN(), math.NaN(), len(d)
	}
	mean, _ := meanOf(d)
	return sampleStd(d) * math.Sqrt(o.AnnualDays), mean * o.AnnualDays, len(d)
}

// shareFlows values the share changes of the last k days. The base is the
// last known shares before the window; each day with known shares adds
// (shares − previous known shares) × price, price being the NAV or, when it
// is missing, the close. Both results are NaN when there is no base, no
// known shares inside the window, or a share change without a price.
func shareFlows(e ETFSeries, k int) (net, change, start, end float64) {
	n := len(e.Shares)
	net, change, start, end = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	from := n - k
	base := -1
	for i := min(from-1, n-1); i >= 0; i-- {
		if finite(e.Shares[i]) {
			base = i
			break
		}
	}
	if from < 1 || base < 0 {
		return
	}
	prev, sum, last := e.Shares[base], 0.0, -1
	for t := from; t < n; t++ {
		if !finite(e.Shares[t]) {
			continue
		}
		p := math.NaN()
		if e.NAV != nil {
			p = e.NAV[t]
		}
		if !finite(p) {
			p = e.Close[t]
		}
		if d := e.Shares[t] - prev; d != 0 {
			if !finite(p) {
				return
			}
			sum += d * p
		}
		prev, last = e.Shares[t], t
	}
	if last < 0 {
		return
	}
	start, end = e.Shares[base], e.Shares[last]
	return sum, growth(end, start), start, end
}
