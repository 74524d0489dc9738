package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// windowSum sums f over the rows of a sector's point-in-time members dated
// in [from, to].
func windowSum[T any](c *collected, sector string, rows map[market.Symbol][]T, date func(T) time.Time, f func(T) float64, from, to time.Time) float64 {
	sum := 0.0
	for _, m := range c.members(sector) {
		for _, x := range rows[m.Symbol] {
			if d := date(x); !d.Before(from) && !d.After(to) && m.Active(d) {
				sum += f(x)
			}
		}
	}
	return sum
}

// sharesOn returns an ETF's shares on a day (0 when it has no row).
func (c *collected) sharesOn(s market.Symbol, d time.Time) float64 {
	for _, x := range c.shares[s] {
		if x.Date.Equal(d) {
			return x.Shares
		}
	}
	return 0
}

// prevDay returns the trading day before d.
func prevDay(tr *Truth, d time.Time) time.Time {
	p, _ := tr.Calendar.Last(d.AddDate(0, 0, -1))
	return p
}

// turnoverShare is a sector index's share of the 31 sector indices' summed
// turnover amount over [from, to].
func (c *collected) turnoverShare(idx market.Symbol, from, to time.Time) float64 {
	amount := func(s market.Symbol) float64 {
		sum := 0.0
		for _, b := range c.bars[s] {
			if !b.Date.Before(from) && !b.Date.After(to) {
				sum += b.Amount
			}
		}
		return sum
	}
	total := 0.0
	for _, s := range c.truth.Sectors {
		total += amount(s)
	}
	return amount(idx) / total
}

// flowClaim is what a document says about flows between from (its window
// start) and its publication day: ETF shares up (+1) or down (−1), margin
// net purchases and main-force flows of the members positive or negative.
type flowClaim struct {
	slug                string
	from                func(*Truth) time.Time
	etf, margin, mainFl int
}

func phaseStart(scen, name string) func(*Truth) time.Time {
	return func(tr *Truth) time.Time {
		st := tr.Rally
		if scen == scenFading {
			st = tr.Fading
		}
		for _, p := range st.Phases {
			if p.Name == name {
				return p.Start
			}
		}
		return time.Time{}
	}
}

// TestDocumentClaimsHold checks the qualitative flow, turnover and style
// claims of the corpus against the generated data at each document's date.
func TestDocumentClaimsHold(t *testing.T) {
	claims := []flowClaim{
		{"defense-rally-drivers", phaseStart(scenRally, "build-up"), +1, +1, 0},
		{"defense-etf-creations", phaseStart(scenRally, "rally"), +1, 0, 0},
		{"defense-pullback-dip-buying", phaseStart(scenRally, "pullback"), +1, 0, 0},
		{"defense-pullback-dip-buying", phaseStart(scenRally, "build-up"), 0, +1, 0}, // balance above its pre-rally level
		{"defense-breakout", phaseStart(scenRally, "pullback"), +1, 0, 0},
		{"defense-breakout", phaseStart(scenRally, "build-up"), 0, +1, 0},
		{"computers-ai-drivers", phaseStart(scenFading, "run-up"), +1, +1, 0},
		{"computers-etf-redemptions", phaseStart(scenFading, "roll-over"), -1, -1, -1},
		{"computers-reversal-risk", phaseStart(scenFading, "roll-over"), -1, -1, 0},
	}
	for name, c := range scenarioMarkets(t) {
		t.Run(name, func(t *testing.T) {
			tr := c.truth
			on := map[string]time.Time{}
			for _, p := range placed(t, tr) {
				on[p.spec.slug] = p.doc.PublishedAt
			}
			for _, cl := range claims {
				checkFlowClaim(t, c, cl, cl.from(tr), on[cl.slug])
			}
			rally := phaseStart(scenRally, "build-up")(tr)
			before := c.turnoverShare(tr.Rally.Index, rally.AddDate(0, -3, 0), prevDay(tr, rally))
			if now := c.turnoverShare(tr.Rally.Index, prevDay(tr, on["defense-risk-crowding"]), on["defense-risk-crowding"]); now < 1.5*before {
				t.Errorf("crowding note: defense share of turnover %.3f, before the build-up %.3f — not 'risen markedly'", now, before)
			}
			checkMoveClaims(t, c, on)
			st := tr.StyleShift
			for slug, from := range map[string]time.Time{"style-value-over-growth": st.Start, "style-outlook-value": st.Start, "style-growth-leads": st.BeforeStart} {
				d := on[slug]
				i, j := tr.Calendar.Between(tr.Start, prevDay(tr, from)), tr.Calendar.Between(tr.Start, d)
				rel := c.ret(ValueIndex, len(i)-1, len(j)-1) - c.ret(GrowthIndex, len(i)-1, len(j)-1)
				if (slug == "style-growth-leads") != (rel < 0) {
					t.Errorf("%s on %s: value − growth since %s = %+.3f", slug, market.FormatDate(d), market.FormatDate(from), rel)
				}
			}
		})
	}
}

func checkFlowClaim(t *testing.T, c *collected, cl flowClaim, from, to time.Time) {
	t.Helper()
	tr := c.truth
	sc := tr.Rally
	if strings.HasPrefix(cl.slug, "computers") {
		sc = tr.Fading
	}
	sign := func(x float64) int {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	}
	if cl.etf != 0 {
		for _, e := range sc.ETFs {
			if g := c.sharesOn(e, to)/c.sharesOn(e, prevDay(tr, from)) - 1; sign(g) != cl.etf {
				t.Errorf("%s on %s: %s shares %+.3f since %s", cl.slug, market.FormatDate(to), e, g, market.FormatDate(from))
			}
		}
	}
	if cl.margin != 0 {
		if m := windowSum(c, sc.Sector, c.margin, marginDate, marginNet, from, to); sign(m) != cl.margin {
			t.Errorf("%s on %s: margin net purchases %.3g since %s", cl.slug, market.FormatDate(to), m, market.FormatDate(from))
		}
	}
	if cl.mainFl != 0 {
		if m := windowSum(c, sc.Sector, c.flows, flowDate, flowMain, from, to); sign(m) != cl.mainFl {
			t.Errorf("%s on %s: main-force net flow %.3g since %s", cl.slug, market.FormatDate(to), m, market.FormatDate(from))
		}
	}
}

// checkMoveClaims checks the claims about price and turnover: the Computers
// notes of the blow-off ("steep advance, surging turnover") and the defense
// breakout note ("rebounded on heavy volume, back near its earlier highs").
func checkMoveClaims(t *testing.T, c *collected, on map[string]time.Time) {
	t.Helper()
	tr := c.truth
	idx := func(d time.Time) int { return len(tr.Calendar.Between(tr.Start, d)) - 1 }
	pause, top := phaseStart(scenFading, "pause")(tr), phaseStart(scenFading, "blow-off")(tr)
	calm := c.turnoverShare(tr.Fading.Index, pause, prevDay(tr, top))
	for _, slug := range []string{"computers-model-release-rally", "computers-blowoff-signs"} {
		d := on[slug]
		r := c.ret(tr.Fading.Index, idx(prevDay(tr, top)), idx(d))
		hot := c.turnoverShare(tr.Fading.Index, tr.Calendar.Days[idx(d)-4], d)
		if r <= 0 || hot < 1.2*calm {
			t.Errorf("%s on %s: Computers %+.3f since the blow-off began, turnover share %.3f against %.3f in the pause", slug, market.FormatDate(d), r, hot, calm)
		}
	}
	end, pull := idx(tr.End), phaseStart(scenRally, "pullback")(tr)
	cl := c.closes(tr.Rally.Index)
	high := 0.0
	for _, d := range tr.Calendar.Days[end-63 : end] {
		high = max(high, cl[d])
	}
	rebound := c.ret(tr.Rally.Index, end-BreakoutDays, end)
	vol := c.turnoverShare(tr.Rally.Index, tr.Calendar.Days[end-BreakoutDays+1], tr.End)
	before := c.turnoverShare(tr.Rally.Index, pull, tr.Calendar.Days[end-BreakoutDays])
	if rebound <= 0 || cl[tr.End] < 0.97*high || vol <= before {
		t.Errorf("breakout note: rebound %+.3f, last close %.1f against the earlier high %.1f, turnover share %.3f against %.3f in the pullback", rebound, cl[tr.End], high, vol, before)
	}
}
