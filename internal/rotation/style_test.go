package rotation

import (
	"math"
	"reflect"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

func TestBasketIndex(t *testing.T) {
	ds := days(5)
	px := market.NewMatrix(ds, []market.Symbol{"A", "B", "X"})
	copy(px.Values[0], []float64{10, 11, nan, 12, 13.2})
	copy(px.Values[1], []float64{nan, 20, 22, 22, 33})
	caps := market.NewMatrix(ds, []market.Symbol{"B", "A"})
	copy(caps.Values[0], []float64{300, 300, 300, 300, 300})
	copy(caps.Values[1], []float64{100, 100, 100, 100, 100})
	eq, err := BasketIndex(px, nil, []market.Symbol{"A", "B"}, EqualWeight, 100)
	if err != nil {
		t.Fatal(err)
	}
	// Row 1: only A has a return (+10%); row 2: only B (+10%); row 3: B flat
	// (A's previous close is missing); row 4: (+10% + 50%)/2.
	for i, want := range []float64{100, 110, 121, 121, 121 * 1.3} {
		if !same(eq[i], want, 1e-9) {
			t.Errorf("equal[%d] = %v, want %v", i, eq[i], want)
		}
	}
	cw, err := BasketIndex(px, caps, []market.Symbol{"A", "B"}, CapWeight, 100)
	if err != nil {
		t.Fatal(err)
	}
	// Row 4: (0.1·100 + 0.5·300) / 400 = 0.4.
	if !same(cw[4], 121*1.4, 1e-9) {
		t.Errorf("cap-weighted row 4 = %v, want %v", cw[4], 121*1.4)
	}
	late, _ := BasketIndex(px, nil, []market.Symbol{"B"}, EqualWeight, 1000)
	if !math.IsNaN(late[0]) || late[1] != 1000 || !same(late[4], 1650, 1e-9) {
		t.Errorf("late start = %v", late)
	}
	gap, _ := BasketIndex(px, nil, []market.Symbol{"A"}, EqualWeight, 100)
	if !math.IsNaN(gap[2]) || !math.IsNaN(gap[3]) || !same(gap[4], 121, 1e-9) {
		t.Errorf("a row without returns must be NaN and the level carry: %v", gap)
	}
	if _, err := BasketIndex(px, nil, []market.Symbol{"A"}, CapWeight, 100); err == nil {
		t.Error("cap weighting without caps accepted")
	}
	if _, err := BasketIndex(px, nil, []market.Symbol{"Q"}, EqualWeight, 100); err == nil {
		t.Error("unknown symbol accepted")
	}
}

func TestTerciles(t *testing.T) {
	syms := []market.Symbol{"A", "B", "C", "D", "E", "F", "G"}
	top, bottom := Terciles(syms, []float64{5, 1, nan, 3, 9, 7, 2})
	if !reflect.DeepEqual(top, []market.Symbol{"E", "F"}) || !reflect.DeepEqual(bottom, []market.Symbol{"G", "B"}) {
		t.Errorf("terciles %v %v", top, bottom)
	}
	top, bottom = Terciles(syms[:2], []float64{1, 1}) // a tie: broken by symbol
	if !reflect.DeepEqual(top, []market.Symbol{"A"}) || !reflect.DeepEqual(bottom, []market.Symbol{"B"}) {
		t.Errorf("tie %v %v", top, bottom)
	}
}

func TestStyleRegime(t *testing.T) {
	ds := days(400)
	a, b := make([]float64, len(ds)), make([]float64, len(ds))
	for i := range ds {
		x := float64(i)
		b[i] = 100 * math.Exp(0.0002*x+0.01*math.Sin(x/5))
		rel := 0.002 * x // A leads for 300 days …
		if i > 300 {
			rel = 0.6 - 0.003*(x-300) // … then B leads
		}
		a[i] = b[i] * math.Exp(rel+0.004*math.Sin(x/3))
	}
	r, err := Style(ds, a, b, GrowthValuePair(), ds[len(ds)-1], DefaultRotationParams(), DefaultWindows)
	if err != nil {
		t.Fatal(err)
	}
	if r.Regime != "value-led" || r.Leader != "value" || r.Rotation.RSRatio >= 100 {
		t.Errorf("regime %q (ratio %v), want value-led", r.Regime, r.Rotation.RSRatio)
	}
	turn := ds[300]
	if r.Since.Before(turn) || r.Since.After(turn.AddDate(0, 0, 42)) || r.Samples < 10 {
		t.Errorf("regime since %v (%d samples), want within 6 weeks after %v", r.Since, r.Samples, turn)
	}
	end := len(ds) - 1
	if want := a[end]/a[end-21] - b[end]/b[end-21]; !same(r.RelReturn["1m"], want, 1e-12) || want >= 0 {
		t.Errorf("1m relative return %v, want %v < 0", r.RelReturn["1m"], want)
	}
	if !same(r.RS, 100*a[end]/b[end], 1e-12) {
		t.Errorf("RS %v", r.RS)
	}
	early, _ := Style(ds, a, b, GrowthValuePair(), ds[290], DefaultRotationParams(), DefaultWindows)
	if early.Regime != "growth-led" {
		t.Errorf("before the turn: %q", early.Regime)
	}
	short, _ := Style(ds[:20], a[:20], b[:20], LargeSmallPair(), ds[19], DefaultRotationParams(), DefaultWindows)
	if short.Regime != "" || !short.Since.IsZero() {
		t.Errorf("short history: %+v", short)
	}
}
