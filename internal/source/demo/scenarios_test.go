package demo

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// scenarioMarkets are the markets the planted truth is checked on: the
// default one and two other seeds over a shorter history.
func scenarioMarkets(t *testing.T) map[string]*collected {
	t.Helper()
	out := map[string]*collected{"default": defaultMarket(t)}
	if testing.Short() {
		return out
	}
	for _, seed := range []int64{7, 42} {
		o := DefaultOptions()
		o.Seed, o.Years = seed, 3
		out[fmt.Sprintf("seed%d-3y", seed)] = cachedMarket(t, o)
	}
	return out
}

// sectorReturns returns each sector's return from day i to j.
func (c *collected) sectorReturns(i, j int) map[market.Symbol]float64 {
	out := map[market.Symbol]float64{}
	for _, s := range c.truth.Sectors {
		out[s] = c.ret(s, i, j)
	}
	return out
}

func values(m map[market.Symbol]float64) []float64 {
	var vs []float64
	for _, v := range m {
		vs = append(vs, v)
	}
	return vs
}

// memberSum sums f over the rows of the sector's point-in-time members on
// the trading days from index from (inclusive) to the end.
func memberSum[T any](c *collected, sector string, rows map[market.Symbol][]T, date func(T) time.Time, f func(T) float64, from int) float64 {
	start := c.truth.Calendar.Days[from]
	sum := 0.0
	for _, m := range c.members(sector) {
		for _, x := range rows[m.Symbol] {
			if d := date(x); !d.Before(start) && m.Active(d) {
				sum += f(x)
			}
		}
	}
	return sum
}

func marginDate(m market.Margin) time.Time    { return m.Date }
func marginNet(m market.Margin) float64       { return m.NetPurchase() }
func flowDate(f market.CapitalFlow) time.Time { return f.Date }
func flowMain(f market.CapitalFlow) float64   { return f.MainNet }

// shareGrowth returns an ETF's shares on the last day over its shares n
// trading days earlier, minus one.
func (c *collected) shareGrowth(s market.Symbol, n int) float64 {
	rows := c.shares[s]
	if len(rows) <= n {
		return math.NaN()
	}
	return rows[len(rows)-1].Shares/rows[len(rows)-1-n].Shares - 1
}

func TestRallyScenario(t *testing.T) {
	for name, c := range scenarioMarkets(t) {
		t.Run(name, func(t *testing.T) {
			tr := c.truth
			D := len(tr.Calendar.Days)
			last, start := D-1, D-1-RallyDays
			rets := c.sectorReturns(start, last)
			def := rets[tr.Rally.Index]
			bench := c.ret(tr.Benchmark, start, last)
			if r := rankOf(def, values(rets)); r != 1 {
				t.Errorf("defense 40-day return %.1f%% ranks %d of %d, want 1", 100*def, r, len(rets))
			}
			if def-bench < 0.15 {
				t.Errorf("defense 40-day excess over %s = %.1f%%, want ≥ 15%%", tr.Benchmark, 100*(def-bench))
			}
			for _, n := range []int{21, 63} { // 1M and 3M leaderboards
				rn := c.sectorReturns(last-n, last)
				if r := rankOf(rn[tr.Rally.Index], values(rn)); r != 1 {
					t.Errorf("defense %d-day return %.1f%% ranks %d, want 1", n, 100*rn[tr.Rally.Index], r)
				}
			}
			checkBreakout(t, c)
			if len(tr.Rally.ETFs) < 3 {
				t.Fatalf("rally ETFs = %v, want ≥ 3", tr.Rally.ETFs)
			}
			for _, e := range tr.Rally.ETFs {
				if g := c.shareGrowth(e, 42); !(g > 0.10) {
					t.Errorf("%s shares grew %.1f%% over 42 days, want > 10%%", e, 100*g)
				}
			}
			if net := memberSum(c, DefenseCode, c.margin, marginDate, marginNet, start+1); !(net > 0) {
				t.Errorf("defense members' margin net purchases over the last 40 days = %.0f, want > 0", net)
			}
			if main := memberSum(c, DefenseCode, c.flows, flowDate, flowMain, start+1); !(main > 0) {
				t.Errorf("defense members' main-force net flow over the last 40 days = %.0f, want > 0", main)
			}
			checkLeaderContracts(t, c)
		})
	}
}

// checkBreakout checks the end of the rally: the pullback loses ground
// against the benchmark, the breakout regains it and the index closes at
// its highest level of the last 63 days.
func checkBreakout(t *testing.T, c *collected) {
	t.Helper()
	tr := c.truth
	last := len(tr.Calendar.Days) - 1
	brk, pull := last-BreakoutDays, last-BreakoutDays-PullbackDays
	excess := func(i, j int) float64 { return c.ret(tr.Rally.Index, i, j) - c.ret(tr.Benchmark, i, j) }
	if e := excess(pull, brk); !(e < 0) {
		t.Errorf("defense excess over the pullback = %+.1f%%, want < 0", 100*e)
	}
	if e := excess(brk, last); !(e > 0.05) {
		t.Errorf("defense excess over the breakout = %+.1f%%, want > 5%%", 100*e)
	}
	cl := c.closes(tr.Rally.Index)
	for _, d := range tr.Calendar.Days[last-63 : last] {
		if cl[d] >= cl[tr.End] {
			t.Errorf("defense closed at %.2f on %s, above its last close %.2f", cl[d], market.FormatDate(d), cl[tr.End])
			break
		}
	}
}

// checkLeaderContracts checks that each defense leader's contract
// liabilities rose in each of its last three reported quarters.
func checkLeaderContracts(t *testing.T, c *collected) {
	if len(c.truth.Rally.Leaders) != leadersPerSector {
		t.Fatalf("rally leaders = %v", c.truth.Rally.Leaders)
	}
	for _, s := range c.truth.Rally.Leaders {
		var cl []float64
		for _, f := range c.funds[s] {
			if f.Field == market.FieldContractLiabilities && !f.ReportDate.After(c.truth.End) {
				cl = append(cl, f.Value)
			}
		}
		if len(cl) < 4 {
			t.Fatalf("%s has %d contract-liability quarters", s, len(cl))
		}
		n := len(cl)
		for k := n - 3; k < n; k++ {
			if !(cl[k] > cl[k-1]) {
				t.Errorf("%s contract liabilities fell in quarter %d: %.0f → %.0f", s, k, cl[k-1], cl[k])
			}
		}
		if g := cl[n-1]/cl[n-4] - 1; g < 0.5 {
			t.Errorf("%s contract liabilities grew %.0f%% over three quarters, want ≥ 50%%", s, 100*g)
		}
	}
}

func TestFadingScenario(t *testing.T) {
	for name, c := range scenarioMarkets(t) {
		t.Run(name, func(t *testing.T) {
			tr := c.truth
			D := len(tr.Calendar.Days)
			last := D - 1
			earlier := c.sectorReturns(last-126, last-63) // 3–6 months ago
			if r := rankOf(earlier[tr.Fading.Index], values(earlier)); r > 3 {
				t.Errorf("computers return 3–6 months ago %.1f%% ranks %d, want top 3", 100*earlier[tr.Fading.Index], r)
			}
			from := last - FadeDays
			top := c.ret(tr.Fading.Index, last-FadeTopFrom, from) - c.ret(tr.Benchmark, last-FadeTopFrom, from)
			fade := c.ret(tr.Fading.Index, from, last) - c.ret(tr.Benchmark, from, last)
			if !(top > 0.10) || !(fade < 0) {
				t.Errorf("computers excess over the blow-off %+.1f%% (want > 10%%), over the roll-over %+.1f%% (want < 0)", 100*top, 100*fade)
			}
			for _, e := range tr.Fading.ETFs {
				if g := c.shareGrowth(e, FadeDays); !(g < -0.05) {
					t.Errorf("%s shares changed %.1f%% over the roll-over, want < −5%%", e, 100*g)
				}
			}
			if net := memberSum(c, ComputersCode, c.margin, marginDate, marginNet, from+1); !(net < 0) {
				t.Errorf("computers members' margin net purchases over the roll-over = %.0f, want < 0", net)
			}
			if main := memberSum(c, ComputersCode, c.flows, flowDate, flowMain, from+1); !(main < 0) {
				t.Errorf("computers members' main-force flow over the roll-over = %.0f, want < 0", main)
			}
		})
	}
}

func TestStyleShift(t *testing.T) {
	for name, c := range scenarioMarkets(t) {
		t.Run(name, func(t *testing.T) {
			st := c.truth.StyleShift
			D := len(c.truth.Calendar.Days)
			last, shift := D-1, D-1-StyleDays
			before := shift - StyleBefore
			if !c.truth.Calendar.Days[shift+1].Equal(st.Start) {
				t.Errorf("style shift start %s, want %s", st.Start, c.truth.Calendar.Days[shift+1])
			}
			after := c.ret(st.Value, shift, last) - c.ret(st.Growth, shift, last)
			prior := c.ret(st.Value, before, shift) - c.ret(st.Growth, before, shift)
			if !(after > 0.04) {
				t.Errorf("value − growth over the last %d days = %.1f%%, want > 4%%", StyleDays, 100*after)
			}
			if !(prior < -0.04) {
				t.Errorf("value − growth over the %d days before = %.1f%%, want < −4%%", StyleBefore, 100*prior)
			}
		})
	}
}
