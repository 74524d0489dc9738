package demo

import (
	"math"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// indexMatrix is the adjusted closes of the 31 sector indices, the
// benchmark and the style indices, one row per trading day.
func (c *collected) indexMatrix(t *testing.T) *market.Matrix {
	t.Helper()
	syms := append([]market.Symbol{Benchmark, GrowthIndex, ValueIndex}, c.truth.Sectors...)
	m := market.NewMatrix(c.truth.Calendar.Days, syms)
	for j, s := range syms {
		cl := c.closes(s)
		for i, d := range m.Dates {
			v, ok := cl[d]
			if !ok {
				t.Fatalf("%s has no close on %s", s, market.FormatDate(d))
			}
			m.Values[j][i] = v
		}
	}
	return m
}

// rotationRow returns the row of s in a rotation table.
func rotationRow(t *testing.T, rt *rotation.RotationTable, s market.Symbol) rotation.RotationRow {
	t.Helper()
	for _, r := range rt.Rows {
		if r.Symbol == s {
			return r
		}
	}
	t.Fatalf("no rotation row for %s", s)
	return rotation.RotationRow{}
}

// TestScenarioRotation runs the relative-rotation engine (DESIGN §4, N =
// 14) on the generated sector indices against 000300.SH and checks that it
// finds the planted scenarios as of the last day: defense Leading on weekly
// and daily samples, Computers Weakening on weekly samples (daily is only
// logged: its 14-day window sees the roll-over, not the rally before it).
func TestScenarioRotation(t *testing.T) {
	for name, c := range scenarioMarkets(t) {
		t.Run(name, func(t *testing.T) {
			m, tr := c.indexMatrix(t), c.truth
			daily := rotation.RotationParams{Freq: rotation.Daily, Window: 14, Tail: 8}
			for _, p := range []rotation.RotationParams{rotation.DefaultRotationParams(), daily} {
				rt, err := rotation.Rotation(m, Benchmark, tr.End, p)
				if err != nil {
					t.Fatal(err)
				}
				def, comp := rotationRow(t, rt, tr.Rally.Index), rotationRow(t, rt, tr.Fading.Index)
				t.Logf("%s: defense %.2f/%.2f %s, computers %.2f/%.2f %s", p.Freq,
					def.RSRatio, def.RSMomentum, def.Quadrant, comp.RSRatio, comp.RSMomentum, comp.Quadrant)
				if def.Quadrant != rotation.Leading || def.RSRatio < 101 || def.Distance < 1.5 {
					t.Errorf("%s: defense %.2f/%.2f %s (distance %.2f), want Leading with RS-Ratio ≥ 101",
						p.Freq, def.RSRatio, def.RSMomentum, def.Quadrant, def.Distance)
				}
				if p.Freq == rotation.Weekly && comp.Quadrant != rotation.Weakening {
					t.Errorf("weekly: computers %.2f/%.2f %s, want Weakening", comp.RSRatio, comp.RSMomentum, comp.Quadrant)
				}
				if p.Freq == rotation.Weekly {
					checkFadeHistory(t, comp, tr)
				}
			}
		})
	}
}

// checkFadeHistory checks that Computers were on the right of the chart
// (RS-Ratio > 100) through the blow-off, before the roll-over.
func checkFadeHistory(t *testing.T, r rotation.RotationRow, tr *Truth) {
	t.Helper()
	roll := tr.Fading.Phases[len(tr.Fading.Phases)-1]
	var right, n int
	for _, h := range r.History {
		if h.Date.Before(roll.Start.AddDate(0, 0, -21)) || !h.Date.Before(roll.Start) {
			continue
		}
		n++
		if h.RSRatio > 100 {
			right++
		}
	}
	if n == 0 || right != n {
		t.Errorf("computers in the 3 weeks before the roll-over: %d of %d weekly points with RS-Ratio > 100", right, n)
	}
}

// TestScenarioStyleRegime checks that rotation.Style reads the planted
// growth → value shift: value-led at the end, growth-led just before the
// shift.
func TestScenarioStyleRegime(t *testing.T) {
	for name, c := range scenarioMarkets(t) {
		t.Run(name, func(t *testing.T) {
			m, st := c.indexMatrix(t), c.truth.StyleShift
			g, _ := m.Column(GrowthIndex)
			v, _ := m.Column(ValueIndex)
			for _, tc := range []struct {
				asOf time.Time
				want string
			}{
				{c.truth.End, "value-led"},
				{st.Start.AddDate(0, 0, -3), "growth-led"},
			} {
				r, err := rotation.Style(m.Dates, g, v, rotation.GrowthValuePair(), tc.asOf, rotation.DefaultRotationParams(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if r.Regime != tc.want || math.IsNaN(r.Rotation.RSRatio) {
					t.Errorf("style as of %s: %q (RS-Ratio %.2f), want %s", market.FormatDate(tc.asOf), r.Regime, r.Rotation.RSRatio, tc.want)
				}
			}
		})
	}
}
