package rotation

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

// demoMarket is what the scenario tests keep of the small demo market:
// closes and amounts of every non-stock instrument, closes of the defense
// members, the defense memberships and the whole market's daily amount.
type demoMarket struct {
	truth       *demo.Truth
	closes      *market.Matrix // indices, sectors, ETFs
	amounts     *market.Matrix
	members     *market.Matrix // defense members' closes
	membership  []market.Membership
	marketTotal []float64
}

var (
	demoOnce sync.Once
	demoData *demoMarket
	demoErr  error
)

func loadDemo(t *testing.T) *demoMarket {
	t.Helper()
	if testing.Short() {
		t.Skip("demo market takes a few seconds")
	}
	demoOnce.Do(func() { demoData, demoErr = buildDemo() })
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoData
}

func buildDemo() (*demoMarket, error) {
	d := &demoMarket{}
	kinds := map[market.Symbol]market.Kind{}
	defense := map[market.Symbol]bool{}
	bars := map[market.Symbol][]market.Bar{}
	total := map[time.Time]float64{}
	truth, err := demo.Generate(context.Background(), demo.DefaultOptions(), func(_ demo.ChunkInfo, b *market.Batch) error {
		for _, in := range b.Instruments {
			kinds[in.Symbol] = in.Kind
		}
		for _, m := range b.Members {
			if m.Sector == "801740" {
				defense[m.Symbol] = true
				d.membership = append(d.membership, m)
			}
		}
		for _, x := range b.Bars {
			if kinds[x.Symbol] == market.KindStock {
				total[x.Date] += x.Amount
				if !defense[x.Symbol] {
					continue
				}
			}
			bars[x.Symbol] = append(bars[x.Symbol], x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.truth = truth
	dates := truth.Calendar.Days
	var idx, mem []market.Symbol
	for s := range bars {
		if kinds[s] == market.KindStock {
			mem = append(mem, s)
		} else {
			idx = append(idx, s)
		}
	}
	d.closes, d.amounts = barMatrix(dates, idx, bars, false), barMatrix(dates, idx, bars, true)
	d.members = barMatrix(dates, mem, bars, false)
	d.marketTotal = make([]float64, len(dates))
	for i, day := range dates {
		d.marketTotal[i] = total[day]
	}
	return d, nil
}

func barMatrix(dates []time.Time, syms []market.Symbol, bars map[market.Symbol][]market.Bar, amount bool) *market.Matrix {
	m := market.NewMatrix(dates, syms)
	row := make(map[time.Time]int, len(dates))
	for i, d := range dates {
		row[d] = i
	}
	for j, s := range syms {
		for _, b := range bars[s] {
			if i, ok := row[b.Date]; ok {
				m.Values[j][i] = b.Close
				if amount {
					m.Values[j][i] = b.Amount
				}
			}
		}
	}
	return m
}

// sectorsAndBenchmark is the closes matrix restricted to the 31 sector
// indices and the benchmark.
func (d *demoMarket) sectorsAndBenchmark() *market.Matrix {
	syms := append([]market.Symbol{d.truth.Benchmark}, d.truth.Sectors...)
	m := &market.Matrix{Dates: d.closes.Dates, Symbols: syms}
	for _, s := range syms {
		col, _ := d.closes.Column(s)
		m.Values = append(m.Values, col)
	}
	return m
}

// TestDemoRotationScenarios checks that the DESIGN §4 formulas, untuned,
// find the planted sector scenarios of the demo (docs/demo.md; seed 1, as
// of its end):
//
//   - defense (801740.SI) rallies, pulls back and breaks out in the last
//     three days: Leading on weekly and daily sampling, first by 1M;
//   - computers (801750.SI) lead through a blow-off, then roll over in the
//     last three weeks: Weakening on weekly sampling (RS-Ratio still above
//     100, RS-Momentum below), Leading during the blow-off; on daily
//     sampling the 14-day window mostly sees the roll-over, so its RS-Ratio
//     is already below 100.
func TestDemoRotationScenarios(t *testing.T) {
	d := loadDemo(t)
	m := d.sectorsAndBenchmark()
	rally, fading := d.truth.Rally, d.truth.Fading
	for _, p := range []RotationParams{DefaultRotationParams(), {Freq: Daily, Window: 14, Tail: 8}} {
		b, err := Board(m, nil, d.truth.Benchmark, d.truth.End, p, DefaultWindows)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Rows) != 31 || !b.AsOf.Equal(d.truth.End) {
			t.Fatalf("%d rows as of %v", len(b.Rows), b.AsOf)
		}
		for _, r := range b.Rows {
			if r.Symbol == rally.Index || r.Symbol == fading.Index {
				t.Logf("%s %s: ratio %.2f momentum %.2f %s heading %.0f° 1m %+.1f%% excess %+.1f%% rank %d; transitions %v",
					p.Freq, r.Symbol, r.RSRatio, r.RSMomentum, r.Quadrant, r.HeadingDeg, 100*r.Returns["1m"], 100*r.Excess["1m"], r.Rank1M,
					lastTransitions(b.Rotation, r.Symbol, 3))
			}
			switch {
			case r.Symbol == rally.Index && (r.Quadrant != Leading || r.RSRatio < 101 || r.Rank1M != 1):
				t.Errorf("%s: defense %s ratio %.2f rank %d, want Leading, RS-Ratio > 101, first by 1m", p.Freq, r.Quadrant, r.RSRatio, r.Rank1M)
			case r.Symbol == fading.Index && p.Freq == Weekly && (r.Quadrant != Weakening || r.Excess["1m"] >= 0):
				t.Errorf("weekly: computers %s excess 1m %v, want Weakening and a negative 1m excess", r.Quadrant, r.Excess["1m"])
			case r.Symbol == fading.Index && p.Freq == Daily && r.RSRatio >= 100:
				t.Errorf("daily: computers RS-Ratio %.2f, want < 100 (the window sees the roll-over)", r.RSRatio)
			}
		}
		if p.Freq != Weekly {
			continue
		}
		blowOff := phase(t, fading, "blow-off")
		for _, r := range b.Rotation.Rows {
			if r.Symbol == fading.Index {
				if q := quadrantBetween(r, blowOff.Start, blowOff.End); q != Leading {
					t.Errorf("computers during the blow-off: %s, want Leading", q)
				}
			}
		}
	}
}

// phase returns the named phase of a planted scenario.
func phase(t *testing.T, s demo.ScenarioTruth, name string) demo.Phase {
	t.Helper()
	for _, p := range s.Phases {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("%s has no phase %q", s.Index, name)
	return demo.Phase{}
}

// quadrantBetween is the most frequent quadrant of r's samples dated in
// [from, to].
func quadrantBetween(r RotationRow, from, to time.Time) Quadrant {
	n := map[Quadrant]int{}
	var best Quadrant
	for _, h := range r.History {
		if !h.Date.Before(from) && !h.Date.After(to) {
			n[h.Quadrant]++
			if n[h.Quadrant] > n[best] {
				best = h.Quadrant
			}
		}
	}
	return best
}

func lastTransitions(rt *RotationTable, s market.Symbol, n int) []string {
	var out []string
	for _, r := range rt.Rows {
		if r.Symbol != s {
			continue
		}
		for _, tr := range r.Transitions[max(0, len(r.Transitions)-n):] {
			out = append(out, market.FormatDate(tr.Date)+" "+string(tr.From)+"→"+string(tr.To))
		}
	}
	return out
}

func TestDemoStyleShift(t *testing.T) {
	d := loadDemo(t)
	st := d.truth.StyleShift
	g, _ := d.closes.Column(st.Growth)
	v, _ := d.closes.Column(st.Value)
	r, err := Style(d.closes.Dates, g, v, GrowthValuePair(), d.truth.End, DefaultRotationParams(), DefaultWindows)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("growth/value: %s since %s (%d weeks), ratio %.2f momentum %.2f %s, growth−value 3m %+.1f pp, 6m %+.1f pp; shift planted %s",
		r.Regime, market.FormatDate(r.Since), r.Samples, r.Rotation.RSRatio, r.Rotation.RSMomentum, r.Rotation.Quadrant,
		100*r.RelReturn["3m"], 100*r.RelReturn["6m"], market.FormatDate(st.Start))
	if r.Regime != "value-led" || r.RelReturn["3m"] >= 0 {
		t.Errorf("style regime %q, 3m growth−value %v: want value-led", r.Regime, r.RelReturn["3m"])
	}
	if r.Since.Before(st.BeforeStart) {
		t.Errorf("value regime since %v, before the planted shift period", r.Since)
	}
	before, _ := Style(d.closes.Dates, g, v, GrowthValuePair(), st.Start.AddDate(0, 0, -3), DefaultRotationParams(), DefaultWindows)
	if before.Regime != "growth-led" {
		t.Errorf("just before the shift the regime is %q, want growth-led", before.Regime)
	}
	l, _ := d.closes.Column(st.Large)
	s, _ := d.closes.Column(st.Small)
	ls, _ := Style(d.closes.Dates, l, s, StylePair{Name: "large/small", A: st.Large, B: st.Small, ALabel: "large", BLabel: "small"},
		d.truth.End, DefaultRotationParams(), DefaultWindows)
	t.Logf("large/small (no planted regime): %s since %s", ls.Regime, market.FormatDate(ls.Since))
}

func TestDemoBreadthAndCrowding(t *testing.T) {
	d := loadDemo(t)
	bench, _ := d.closes.Column(d.truth.Benchmark)
	pt, err := BreadthAt(d.members, d.membership, bench, d.truth.End, DefaultBreadthParams())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("defense breadth %s: %d members, >MA20 %.0f%%, >MA60 %.0f%%, outperforming %.0f%%, 60d highs %.0f%%, adv/dec %d/%d",
		market.FormatDate(pt.Date), pt.Members, 100*pt.AboveShortMA, 100*pt.AboveLongMA, 100*pt.Outperform, 100*pt.NewHigh, pt.Advancers, pt.Decliners)
	if pt.Members < 20 || pt.AboveLongMA < 0.7 || pt.Outperform < 0.7 {
		t.Errorf("defense breadth during the rally is weak: %+v", pt)
	}
	start := d.truth.Rally.Phases[0].Start.AddDate(0, 0, -60)
	series, err := Breadth(d.members, d.membership, bench, start, d.truth.End, DefaultBreadthParams())
	if err != nil || !series[len(series)-1].Date.Equal(pt.Date) || series[len(series)-1].AboveLongMA != pt.AboveLongMA {
		t.Errorf("breadth series disagrees with BreadthAt: %v", err)
	}
	amt, _ := d.amounts.Column(d.truth.Rally.Index)
	c, err := CrowdingAt(d.amounts.Dates, amt, d.marketTotal, d.truth.End, DefaultCrowdingParams())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("defense turnover share %.2f%% (20d), percentile %.2f over %d days", 100*c.Share, c.Percentile, c.History)
	if c.Percentile < 0.9 {
		t.Errorf("defense crowding percentile %v during the rally, want ≥ 0.9", c.Percentile)
	}
}
