package analysis

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

// TestDemoRelated checks the defense table on the demo market: the index,
// its four ETFs and five leaders by free-float cap; the index's 1M change
// is the rotation board's 1M return; 1D, closes and leader caps match the
// stored rows.
func TestDemoRelated(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	rep, err := RunRelated(ctx, st, RelatedRequest{Sector: "801740.SI", AsOf: truth.End})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rep.Notes {
		t.Log("note:", n)
	}
	for _, r := range rep.Rows {
		t.Logf("%-6s %s %s close %.3f (%s) 1d %+.2f%% 1m %+.2f%% amount20 %.4g (%d days) size %.4g rank %d",
			r.Role, r.Symbol, r.Name, r.Close, market.FormatDate(r.CloseDate), 100*r.Change1D, 100*r.Change1M, r.Amount20, r.AmountDays, r.Size, r.Rank)
	}
	if !rep.Demo || rep.LeaderBy != ByFloatMV || !rep.AsOf.Equal(truth.End) {
		t.Fatalf("demo %v, leaders by %q, as of %v", rep.Demo, rep.LeaderBy, rep.AsOf)
	}
	roles := map[RelatedRole][]market.Symbol{}
	for _, r := range rep.Rows {
		roles[r.Role] = append(roles[r.Role], r.Symbol)
		if r.Name == "" || !r.CloseDate.Equal(truth.End) || !(r.Close > 0) || r.AmountDays != 20 || !(r.Amount20 > 0) ||
			math.IsNaN(r.Change1D) || math.IsNaN(r.Change1M) {
			t.Errorf("%s: incomplete row %+v", r.Symbol, r)
		}
	}
	if len(roles[RoleIndex]) != 1 || roles[RoleIndex][0] != truth.Rally.Index || rep.Rows[0].Role != RoleIndex {
		t.Errorf("index rows %v", roles[RoleIndex])
	}
	if got, want := slices.Sorted(slices.Values(roles[RoleETF])), slices.Sorted(slices.Values(truth.Rally.ETFs)); !slices.Equal(got, want) {
		t.Errorf("ETF rows %v, want %v", got, want)
	}
	if len(roles[RoleLeader]) != DefaultLeaders {
		t.Fatalf("leaders %v", roles[RoleLeader])
	}

	// the index's 1M change is the rotation engine's 1M return
	board, err := RunRotation(ctx, st, RotationRequest{Taxonomy: "sw2021", Level: 1, AsOf: truth.End})
	if err != nil {
		t.Fatal(err)
	}
	idx, _ := rep.Row(truth.Rally.Index)
	for _, b := range board.Rows {
		if b.Symbol == truth.Rally.Index && b.Returns["1m"] != idx.Change1M {
			t.Errorf("index 1M change %v, rotation 1M return %v", idx.Change1M, b.Returns["1m"])
		}
	}
	if want := storedReturn(t, st, truth.Rally.Index, 1, truth.End); math.Abs(idx.Change1D-want) > 1e-12 {
		t.Errorf("index 1D %v, stored bars give %v", idx.Change1D, want)
	}
	for _, sym := range roles[RoleETF] {
		r, _ := rep.Row(sym)
		if want := storedReturn(t, st, sym, 21, truth.End); math.Abs(r.Change1M-want) > 1e-12 {
			t.Errorf("%s 1M %v, stored bars give %v", sym, r.Change1M, want)
		}
	}

	// leaders are the members with the largest free-float caps on the as-of day
	ms, err := st.Members(ctx, "sw2021", truth.Rally.Sector, truth.End)
	if err != nil {
		t.Fatal(err)
	}
	var syms []market.Symbol
	for _, m := range ms {
		syms = append(syms, m.Symbol)
	}
	vals, err := st.Valuations(ctx, syms, truth.End, truth.End)
	if err != nil || len(vals) != len(syms) {
		t.Fatalf("valuations: %v, %d rows for %d members", err, len(vals), len(syms))
	}
	slices.SortFunc(vals, func(a, b market.Valuation) int { return -cmpFloat(a.FloatMV, b.FloatMV) })
	planted := 0
	for i, sym := range roles[RoleLeader] {
		r, _ := rep.Row(sym)
		if r.Rank != i+1 || sym != vals[i].Symbol || r.Size != vals[i].FloatMV || !r.SizeDate.Equal(truth.End) {
			t.Errorf("leader %d: %s size %v (%v), want %s %v", i+1, sym, r.Size, r.SizeDate, vals[i].Symbol, vals[i].FloatMV)
		}
		if slices.Contains(truth.Rally.Leaders, sym) {
			planted++
		}
	}
	t.Logf("%d of the %d leaders are the demo's planted leaders (largest by base cap)", planted, len(roles[RoleLeader]))
	if planted < 3 {
		t.Errorf("only %d planted leaders among %v (planted %v)", planted, roles[RoleLeader], truth.Rally.Leaders)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
