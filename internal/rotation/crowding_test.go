package rotation

import (
	"math"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

func days(n int) []time.Time {
	var ds []time.Time
	for d := market.Day(2025, 1, 6); len(ds) < n; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			ds = append(ds, d)
		}
	}
	return ds
}

func TestMemberSum(t *testing.T) {
	ds := days(3)
	m := market.NewMatrix(ds, []market.Symbol{"A", "B", "C"})
	copy(m.Values[0], []float64{1, 2, nan})
	copy(m.Values[1], []float64{10, 20, 30})
	copy(m.Values[2], []float64{100, 200, 300})
	members := []market.Membership{
		{Symbol: "A", From: ds[0]},
		{Symbol: "B", From: ds[1]}, // joins on row 1
	}
	got := MemberSum(m, members)
	// Row 2: A suspended adds nothing; only B's 30.
	for i, want := range []float64{1, 22, 30} {
		if !same(got[i], want, 0) {
			t.Errorf("MemberSum[%d] = %v, want %v", i, got[i], want)
		}
	}
	if all := MemberSum(m, nil); all[0] != 111 || all[2] != 330 {
		t.Errorf("market sum = %v", all)
	}
	if none := MemberSum(m, []market.Membership{{Symbol: "A", From: ds[2]}}); !math.IsNaN(none[2]) || !math.IsNaN(none[0]) {
		t.Errorf("no member with data must be NaN, got %v", none)
	}
}

func TestCrowdingHandComputed(t *testing.T) {
	ds := days(6)
	sector := []float64{1, 2, 3, 4, 5, 9}
	total := []float64{10, 10, 10, 10, 10, 10}
	// Window 2: shares NaN, .15, .25, .35, .45, .7.
	got := TurnoverShare(sector, total, 2)
	for i, want := range []float64{nan, 0.15, 0.25, 0.35, 0.45, 0.7} {
		if !same(got[i], want, 1e-12) {
			t.Errorf("share[%d] = %v, want %v", i, got[i], want)
		}
	}
	p := CrowdingParams{Window: 2, Lookback: 3, MinHistory: 3}
	c, err := CrowdingAt(ds, sector, total, ds[5], p)
	if err != nil || !same(c.Share, 0.7, 1e-12) || c.Percentile != 1 || c.History != 3 || !c.AsOf.Equal(ds[5]) {
		t.Errorf("CrowdingAt = %+v, %v", c, err)
	}
	// On row 4 the lookback holds .25, .35, .45 → the high.
	sector[5] = 0.5 // a later change must not matter
	c, _ = CrowdingAt(ds, sector, total, ds[4], p)
	if !same(c.Share, 0.45, 1e-12) || c.Percentile != 1 {
		t.Errorf("row 4 = %+v", c)
	}
	// Only two shares exist by row 2: below MinHistory.
	c, _ = CrowdingAt(ds, sector, total, ds[2], p)
	if !math.IsNaN(c.Percentile) || c.History != 2 {
		t.Errorf("short history = %+v", c)
	}
	c, _ = CrowdingAt(ds, []float64{1, 2, 3, 4, 5, 1}, total, ds[5], p) // .3 vs .35, .45: the low
	if !same(c.Share, 0.3, 1e-12) || !same(c.Percentile, 1.0/3, 1e-12) {
		t.Errorf("low share %+v", c)
	}
	c, _ = CrowdingAt(ds, []float64{1, 2, 3, 4, 4, 4}, total, ds[5], p) // .35, .4, .4: ties count as ≤
	if !same(c.Share, 0.4, 1e-12) || c.Percentile != 1 {
		t.Errorf("tied share %+v", c)
	}
	if _, err := CrowdingAt(ds, sector[:3], total, ds[5], p); err == nil {
		t.Error("length mismatch accepted")
	}
}

func TestSectorPEAndValuation(t *testing.T) {
	ds := days(2)
	caps := market.NewMatrix(ds, []market.Symbol{"A", "B", "C"})
	pe := market.NewMatrix(ds, []market.Symbol{"C", "B", "A"}) // another column order
	copy(caps.Values[0], []float64{100, 100})
	copy(caps.Values[1], []float64{300, 300})
	copy(caps.Values[2], []float64{50, 50})
	copy(pe.Values[2], []float64{10, 10})  // A
	copy(pe.Values[1], []float64{30, -5})  // B: a loss on row 1
	copy(pe.Values[0], []float64{nan, 20}) // C
	members := []market.Membership{{Symbol: "A", From: ds[0]}, {Symbol: "B", From: ds[0]}, {Symbol: "C", From: ds[0]}}
	got, err := SectorPE(caps, pe, members)
	if err != nil {
		t.Fatal(err)
	}
	// Row 0: (100+300)/(10+10) = 20. Row 1: B excluded: (100+50)/(10+2.5) = 12.
	if !same(got[0], 20, 1e-12) || !same(got[1], 12, 1e-12) {
		t.Errorf("SectorPE = %v", got)
	}
	hist := []float64{20, 15, -3, 25, 18, 22}
	v, err := ValuationAt(days(6), hist, market.Day(2030, 1, 1), ValuationParams{Lookback: 5, MinHistory: 3})
	// Window 15, −3 (missing), 25, 18, 22: 15, 18, 22 ≤ 22 → 3/4.
	if err != nil || v.PE != 22 || !same(v.Percentile, 0.75, 1e-12) || v.History != 4 {
		t.Errorf("ValuationAt = %+v, %v", v, err)
	}
	v, _ = ValuationAt(days(6), hist, days(6)[2], ValuationParams{Lookback: 5, MinHistory: 1})
	if !math.IsNaN(v.PE) || !math.IsNaN(v.Percentile) {
		t.Errorf("loss-making PE must be missing: %+v", v)
	}
}
