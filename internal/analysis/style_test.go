package analysis

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// TestDemoStyle checks the planted growth → value shift of the demo
// market: value-led at the end, the rotation window starting after the
// shift's run-up began, growth behind value over 3M; the US default pairs
// are not stored and become notes.
func TestDemoStyle(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	rep, err := RunStyle(ctx, st, StyleRequest{AsOf: truth.End})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rep.Notes {
		t.Log("note:", n)
	}
	if len(rep.Pairs) != 2 || len(rep.Notes) != 2 || !rep.Demo {
		t.Fatalf("%d pairs, notes %q, demo %v; want the two A-share pairs and a note per US pair", len(rep.Pairs), rep.Notes, rep.Demo)
	}
	for _, n := range rep.Notes {
		if !strings.Contains(n, ".US") {
			t.Errorf("note %q does not name the missing US pair", n)
		}
	}
	gv, ok := rep.Pair("growth/value")
	if !ok {
		t.Fatal("no growth/value pair")
	}
	r := gv.Reading
	shift := truth.StyleShift
	t.Logf("growth/value: %s since %s (%d weeks), ratio %.2f momentum %.2f, growth %+.1f%% value %+.1f%% over 3m; from %s",
		r.Regime, market.FormatDate(r.Since), r.Samples, r.Rotation.RSRatio, r.Rotation.RSMomentum,
		100*gv.AReturns["3m"], 100*gv.BReturns["3m"], market.FormatDate(gv.From))
	if gv.Pair.A != shift.Growth || gv.Pair.B != shift.Value || !gv.To.Equal(truth.End) || !r.AsOf.Equal(truth.End) {
		t.Errorf("pair %+v as of %v", gv.Pair, gv.To)
	}
	if r.Regime != "value-led" || r.Leader != "value" || !(r.RelReturn["3m"] < 0) {
		t.Errorf("regime %q, 3m growth − value %v: want value-led", r.Regime, r.RelReturn["3m"])
	}
	if r.Since.Before(shift.BeforeStart) || r.Samples < 1 {
		t.Errorf("value-led since %v (%d samples), before the planted shift period (%v)", r.Since, r.Samples, shift.BeforeStart)
	}
	for _, w := range rep.Windows {
		if got := gv.AReturns[w.Name] - gv.BReturns[w.Name]; !(math.Abs(got-r.RelReturn[w.Name]) < 1e-12) && !(math.IsNaN(got) && math.IsNaN(r.RelReturn[w.Name])) {
			t.Errorf("%s: growth − value %v, relative return %v", w.Name, got, r.RelReturn[w.Name])
		}
	}
	if want := storedReturn(t, st, shift.Growth, 63, truth.End); math.Abs(gv.AReturns["3m"]-want) > 1e-12 {
		t.Errorf("growth 3m return %v, stored bars give %v", gv.AReturns["3m"], want)
	}
	ls, ok := rep.Pair("large/small")
	if !ok || ls.Pair.A != shift.Large || ls.Pair.B != shift.Small || ls.Reading.Regime == "" {
		t.Errorf("large/small: %+v", ls)
	} else {
		t.Logf("large/small: %s since %s", ls.Reading.Regime, market.FormatDate(ls.Reading.Since))
	}
	// just before the planted shift, growth led
	before, err := RunStyle(ctx, st, StyleRequest{Pairs: []rotation.StylePair{rotation.GrowthValuePair()}, AsOf: shift.Start.AddDate(0, 0, -3)})
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Pairs) != 1 || before.Pairs[0].Reading.Regime != "growth-led" || before.Pairs[0].To.After(shift.Start) {
		t.Errorf("before the shift: %+v", before.Pairs)
	}
}

// storedReturn is the return of sym's adjusted close over the last days
// trading days to asOf, from its stored bars.
func storedReturn(t *testing.T, st Data, sym market.Symbol, days int, asOf time.Time) float64 {
	t.Helper()
	bars, err := st.Bars(context.Background(), sym, asOf.AddDate(-1, 0, 0), asOf)
	if err != nil || len(bars) <= days {
		t.Fatalf("%s bars: %v, %d", sym, err, len(bars))
	}
	end, start := bars[len(bars)-1], bars[len(bars)-1-days]
	return end.Close*end.AdjFactor/(start.Close*start.AdjFactor) - 1
}

func TestStyleErrors(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	_, err := RunStyle(ctx, st, StyleRequest{Pairs: []rotation.StylePair{}, AsOf: truth.End})
	if sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("no pairs: %v", err)
	}
	_, err = RunStyle(ctx, st, StyleRequest{Pairs: []rotation.StylePair{{Name: "x", A: "399370.SZ", B: "399370.SZ"}}})
	if sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("a pair of one index: %v", err)
	}
	rep, err := RunStyle(ctx, st, StyleRequest{Pairs: []rotation.StylePair{{Name: "x", A: "399370.SZ", B: "NOPE.US"}}})
	if err != nil || len(rep.Pairs) != 0 || len(rep.Notes) != 2 {
		t.Errorf("a missing pair: %v, %+v", err, rep)
	}
}
