package scoring

import (
	"math"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

func smallETFOptions() ETFOptions {
	o := DefaultETFOptions()
	o.BetaDays, o.TrackingDays, o.LiquidityDays, o.FlowDays, o.MinObs = 5, 5, 2, 3, 3
	return o
}

func TestETFMetricsHandComputed(t *testing.T) {
	bench := []float64{0.5, 0.01, -0.01, 0.02, 0, -0.02} // the first day is outside the 5-day windows
	ret := make([]float64, len(bench))
	for i, b := range bench {
		ret[i] = 1.5*b + 0.001
	}
	e := ETFSeries{
		Symbol: "512660.SH", Returns: ret, Benchmark: bench,
		Amount: []float64{1, 1, 1, 1, 3e7, nan},
		Shares: []float64{90, 100, 110, nan, 130, 125},
		NAV:    []float64{1, 1, 1.1, 1.2, nan, 1.3},
		Close:  []float64{1, 1, 1.1, 1.2, 1.25, 1.3},
	}
	tab, err := ETFTiers([]ETFSeries{e}, smallETFOptions())
	if err != nil {
		t.Fatal(err)
	}
	m := tab.Rows[0].ETFMetrics
	// benchmark over the window: mean 0, Σx² = 0.001, sample std √(0.001/4)
	sd := math.Sqrt(0.001 / 4)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"beta", m.Beta, 1.5},
		{"volatility", m.Volatility, 1.5 * sd * math.Sqrt(252)},
		{"tracking error", m.TrackingError, 0.5 * sd * math.Sqrt(252)},
		{"tracking diff", m.TrackingDiff, 0.001 * 252},
		{"avg amount (NaN day skipped)", m.AvgAmount, 3e7},
		// window days 3..5; base 110 (day 2); day 3 unknown; day 4 +20 × close 1.25 (NAV missing); day 5 −5 × 1.3
		{"net creation", m.NetCreation, 20*1.25 - 5*1.3},
		{"share change", m.ShareChange, 125.0/110 - 1},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
		}
	}
	if m.BetaObs != 5 || m.TrackingObs != 5 || m.AmountObs != 1 || m.SharesStart != 110 || m.SharesEnd != 125 {
		t.Errorf("observation counts/bounds: %+v", m)
	}
	// Tracked differs from the benchmark: ETF − tracked = 0.001 every day.
	e.Tracked = ret
	for i := range e.Tracked {
		e.Tracked[i] = ret[i] - 0.001
	}
	e.Returns = append([]float64(nil), ret...)
	for i := range e.Returns {
		e.Returns[i] = e.Tracked[i] + 0.001
	}
	tab, err = ETFTiers([]ETFSeries{e}, smallETFOptions())
	if err != nil {
		t.Fatal(err)
	}
	if m := tab.Rows[0]; !near(m.TrackingError, 0) || !near(m.TrackingDiff, 0.252) {
		t.Errorf("tracked index: TE %g diff %g, want 0 and 0.252", m.TrackingError, m.TrackingDiff)
	}
}

func TestETFMetricsMissing(t *testing.T) {
	o := smallETFOptions()
	e := ETFSeries{
		Symbol: "X.SH", Returns: []float64{nan, 0.01, nan, 0.02, nan, 0.01}, Benchmark: []float64{0, 0.01, 0.01, nan, 0.01, 0.02},
		Amount: []float64{nan, nan, nan, nan, nan, nan}, Shares: []float64{nan, nan, nan, 5, nan, 6},
		Close: []float64{1, 1, 1, 1, 1, nan},
	}
	tab, err := ETFTiers([]ETFSeries{e}, o)
	if err != nil {
		t.Fatal(err)
	}
	r := tab.Rows[0]
	// 3 known returns in the window (enough for volatility), 2 paired with the benchmark (not for beta)
	if !math.IsNaN(r.Beta) || r.BetaObs != 2 || !math.IsNaN(r.TrackingError) || r.TrackingObs != 2 || !math.IsNaN(r.AvgAmount) {
		t.Errorf("too little data must give NaN: %+v", r.ETFMetrics)
	}
	if want := sampleStd([]float64{0.01, 0.02, 0.01}) * math.Sqrt(252); !near(r.Volatility, want) {
		t.Errorf("volatility over 3 known returns = %g, want %g", r.Volatility, want)
	}
	// no shares before the window (days 3..5): no base, no flows
	if !math.IsNaN(r.NetCreation) || !math.IsNaN(r.ShareChange) {
		t.Errorf("flows without a base: %g %g", r.NetCreation, r.ShareChange)
	}
	if r.Role != RoleWatch || r.Tier != 3 {
		t.Errorf("role %s tier %d, want watch 3", r.Role, r.Tier)
	}
	// a share change on a day with neither NAV nor close is not valued as 0
	e.Shares = []float64{1, 2, 3, 4, 5, 6}
	tab, _ = ETFTiers([]ETFSeries{e}, o)
	if r := tab.Rows[0]; !math.IsNaN(r.NetCreation) {
		t.Errorf("unpriced change: net creation %g, want NaN", r.NetCreation)
	}
	// no share reading inside the window
	e.Shares = []float64{1, 2, 3, nan, nan, nan}
	tab, _ = ETFTiers([]ETFSeries{e}, o)
	if r := tab.Rows[0]; !math.IsNaN(r.NetCreation) || !math.IsNaN(r.ShareChange) {
		t.Errorf("no shares in window: %g %g", r.NetCreation, r.ShareChange)
	}
}

func TestETFTiersRejects(t *testing.T) {
	ok := ETFSeries{Symbol: "A.SH", Returns: []float64{0}, Benchmark: []float64{0}, Amount: []float64{0}, Shares: []float64{0}, Close: []float64{1}}
	short := ok
	short.Symbol, short.Close = "B.SH", nil
	if _, err := ETFTiers([]ETFSeries{ok, short}, DefaultETFOptions()); err == nil {
		t.Error("misaligned series accepted")
	}
	if _, err := ETFTiers([]ETFSeries{ok, ok}, DefaultETFOptions()); err == nil {
		t.Error("duplicate symbol accepted")
	}
	o := DefaultETFOptions()
	o.MinObs = 0
	if _, err := ETFTiers(nil, o); err == nil {
		t.Error("min obs 0 accepted")
	}
}

func row(sym string, amount, beta, te, change float64) ETFRow {
	return ETFRow{Symbol: market.Symbol(sym), ETFMetrics: ETFMetrics{AvgAmount: amount, Beta: beta, TrackingError: te, ShareChange: change}}
}

func roles(rows []ETFRow) map[market.Symbol]Role {
	out := map[market.Symbol]Role{}
	for _, r := range rows {
		out[r.Symbol] = r.Role
	}
	return out
}

func TestAssignRoles(t *testing.T) {
	o := DefaultETFOptions() // min amount 1e7, 10% of the top, core TE ≤ 3%
	for _, tc := range []struct {
		name string
		rows []ETFRow
		want map[market.Symbol]Role
	}{
		{"one of each", []ETFRow{
			row("A", 5e8, 1.00, 0.01, 0.02),
			row("B", 6e8, 1.05, 0.05, 0.01), // most liquid but tracks badly
			row("C", 2e8, 1.20, 0.02, 0.00),
			row("D", 1e8, 0.90, 0.01, 0.10),
			row("E", 3e7, 1.50, 0.01, 0.50), // below 10% of 6e8
			row("F", 9e7, 0.95, 0.01, -0.01),
			row("G", 2e8, nan, 0.01, 0.2), // no beta
		}, map[market.Symbol]Role{"A": RoleCore, "C": RoleElastic, "D": RoleTactical, "B": RoleAlternative,
			"F": RoleAlternative, "E": RoleWatch, "G": RoleWatch}},
		{"ties go to the smaller symbol", []ETFRow{
			row("Z", 5e8, 1.3, 0.01, 0.1), row("Y", 5e8, 1.3, 0.01, 0.1), row("X", 5e8, 1.3, 0.01, 0.1), row("W", 5e8, 1.3, 0.01, 0.1),
		}, map[market.Symbol]Role{"W": RoleCore, "X": RoleTactical, "Y": RoleAlternative, "Z": RoleAlternative}},
		{"beta tie goes to the smaller symbol", []ETFRow{
			row("A", 5e8, 1.0, 0.01, 0), row("C", 3e8, 1.4, 0.01, 0), row("B", 3e8, 1.4, 0.01, 0),
		}, map[market.Symbol]Role{"A": RoleCore, "B": RoleElastic, "C": RoleAlternative}},
		{"no core when every TE is too high; elastic needs no core", []ETFRow{
			row("A", 5e8, 1.0, 0.04, -0.1), row("B", 4e8, 1.1, nan, -0.2),
		}, map[market.Symbol]Role{"B": RoleElastic, "A": RoleAlternative}},
		{"elastic must beat the core's beta; tactical needs inflows", []ETFRow{
			row("A", 5e8, 1.2, 0.01, -0.1), row("B", 4e8, 1.1, 0.01, -0.2), row("C", 1e7, 2, 0.01, 0.3),
		}, map[market.Symbol]Role{"A": RoleCore, "B": RoleAlternative, "C": RoleWatch}},
		{"elastic needs a beta gap", []ETFRow{
			row("A", 5e8, 1.00, 0.01, 0), row("B", 4e8, 1.04, 0.01, 0), row("C", 3e8, 1.03, 0.04, 0),
		}, map[market.Symbol]Role{"A": RoleCore, "B": RoleAlternative, "C": RoleAlternative}},
		{"without a core, elastic is measured against 1", []ETFRow{
			row("A", 5e8, 1.04, 0.05, 0), row("B", 4e8, 1.06, 0.05, 0),
		}, map[market.Symbol]Role{"A": RoleAlternative, "B": RoleElastic}},
		{"illiquid in absolute terms", []ETFRow{
			row("A", 9e6, 1, 0.01, 0.1), row("B", nan, 1, 0.01, 0.1),
		}, map[market.Symbol]Role{"A": RoleWatch, "B": RoleWatch}},
	} {
		assignRoles(tc.rows, o)
		got := roles(tc.rows)
		for s, want := range tc.want {
			if got[s] != want {
				t.Errorf("%s: %s is %s, want %s", tc.name, s, got[s], want)
			}
		}
		for _, r := range tc.rows {
			if r.Tier != r.Role.Tier() || r.Reason == "" {
				t.Errorf("%s: %s tier %d reason %q", tc.name, r.Symbol, r.Tier, r.Reason)
			}
		}
	}
}
