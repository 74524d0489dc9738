package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/sextant-ai/sextant"
)

// TestDemoExcessPath checks the defense path on the demo market: 127 days
// from the base to the as-of day, every path 0 on the base, the last excess
// equal to the rotation board's 6M (126-day) excess and to the stored bars'
// returns, and one line per ETF when asked.
func TestDemoExcessPath(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	p, err := RunExcessPath(ctx, st, ExcessPathRequest{Sector: "国防军工", AsOf: truth.End, ETFs: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range p.Notes {
		t.Log("note:", n)
	}
	n := len(p.Dates)
	if n != DefaultExcessDays+1 || p.Days != DefaultExcessDays || !p.Dates[n-1].Equal(truth.End) || !p.Start.Equal(p.Dates[0]) || !p.Demo {
		t.Fatalf("%d dates (%d days) %v … %v, demo %v", n, p.Days, p.Start, p.Dates[n-1], p.Demo)
	}
	if len(p.ETFs) != len(truth.Rally.ETFs) || len(p.Notes) != 0 {
		t.Errorf("%d ETF lines, notes %q", len(p.ETFs), p.Notes)
	}
	last := p.Index.Excess[n-1]
	t.Logf("%s from %s: sector %+.2f%%, benchmark %+.2f%%, excess %+.2f%%", p.Index.Symbol, p.Start.Format("2006-01-02"),
		100*p.Index.Cum[n-1], 100*p.BenchCum[n-1], 100*last)
	board, err := RunRotation(ctx, st, RotationRequest{Taxonomy: "sw2021", AsOf: truth.End})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range board.Rows {
		if r.Symbol == truth.Rally.Index {
			found = true
			if math.Abs(r.Excess["6m"]-last) > 1e-9 {
				t.Errorf("last excess %v, rotation 6m excess %v", last, r.Excess["6m"])
			}
		}
	}
	if !found {
		t.Errorf("%s is not on the rotation board", truth.Rally.Index)
	}
	want := storedReturn(t, st, truth.Rally.Index, DefaultExcessDays, truth.End) - storedReturn(t, st, truth.Benchmark, DefaultExcessDays, truth.End)
	if math.Abs(last-want) > 1e-9 {
		t.Errorf("last excess %v, stored bars give %v", last, want)
	}
	if !(last > 0) {
		t.Errorf("defense excess over 6M %v, want positive (planted rally)", last)
	}
	for _, l := range append([]ExcessLine{p.Index}, p.ETFs...) {
		if len(l.Cum) != n || len(l.Excess) != n || l.Cum[0] != 0 || l.Excess[0] != 0 || p.BenchCum[0] != 0 {
			t.Errorf("%s: %d/%d values, base cum %v excess %v", l.Symbol, len(l.Cum), len(l.Excess), l.Cum[0], l.Excess[0])
		}
		for i := range l.Cum {
			if math.IsNaN(l.Excess[i]) || l.Excess[i] != l.Cum[i]-p.BenchCum[i] {
				t.Errorf("%s on %v: excess %v, cum %v − bench %v", l.Symbol, p.Dates[i], l.Excess[i], l.Cum[i], p.BenchCum[i])
				break
			}
		}
	}
	for _, l := range p.ETFs {
		if want := storedReturn(t, st, l.Symbol, DefaultExcessDays, truth.End); math.Abs(l.Cum[n-1]-want) > 1e-12 || l.Role != RoleETF {
			t.Errorf("%s (%s): cumulative %v, stored bars give %v", l.Symbol, l.Role, l.Cum[n-1], want)
		}
	}
}

func TestExcessPathErrors(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	if _, err := RunExcessPath(ctx, st, ExcessPathRequest{Sector: "801740", Days: -1}); sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("negative days: %v", err)
	}
	if _, err := RunExcessPath(ctx, st, ExcessPathRequest{Sector: "nothing like it"}); sextant.ErrorCode(err) != sextant.ENOTFOUND {
		t.Errorf("unknown sector: %v", err)
	}
	// a window longer than the history starts on the first day, with a note
	p, err := RunExcessPath(ctx, st, ExcessPathRequest{Sector: "801740", AsOf: truth.Start.AddDate(0, 0, 20), Days: 126})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Start.Equal(truth.Start) || p.Days >= 126 || len(p.Notes) != 1 || p.Index.Cum[0] != 0 {
		t.Errorf("short history: start %v, %d days, notes %q", p.Start, p.Days, p.Notes)
	}
}
