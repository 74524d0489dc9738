package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// TestDemoCompanies checks the defense companies on the demo market: the
// planted leaders (fast-growing contract liabilities) have every pillar,
// high orders, and figures known by the as-of date; both ownership groups
// are present; Top is the best ranks in order.
func TestDemoCompanies(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	rep, err := RunCompanies(ctx, st, CompaniesRequest{Sector: "Defense & Aerospace", AsOf: truth.End, Top: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rep.Notes {
		t.Log("note:", n)
	}
	if rep.Sector.Code != truth.Rally.Sector || len(rep.Members) < 20 || len(rep.Scores.Rows) != len(rep.Members) || !rep.Demo {
		t.Fatalf("%s: %d members, %d rows, demo %v", rep.Sector.Code, len(rep.Members), len(rep.Scores.Rows), rep.Demo)
	}
	if len(rep.Top) != 5 {
		t.Fatalf("top %d rows, want 5", len(rep.Top))
	}
	for i, r := range rep.Top {
		t.Logf("#%d %s %s %s: orders %.0f pipeline %.0f technology %.0f composite %.1f", r.Rank, r.Symbol, r.Name, r.Ownership, r.Orders, r.Pipeline, r.Technology, r.Composite)
		if r.Rank != i+1 {
			t.Errorf("top row %d has rank %d", i, r.Rank)
		}
	}
	for _, sym := range truth.Rally.Leaders {
		r, ok := rep.Scores.Row(sym)
		if !ok {
			t.Errorf("leader %s is not scored", sym)
			continue
		}
		if r.Name == "" || r.Ownership == "" {
			t.Errorf("leader %s: name %q ownership %q", sym, r.Name, r.Ownership)
		}
		for name, v := range map[string]float64{"orders": r.Orders, "pipeline": r.Pipeline, "technology": r.Technology, "composite": r.Composite} {
			if math.IsNaN(v) {
				t.Errorf("leader %s: %s is NaN", sym, name)
			}
		}
		if !(r.Orders > rep.Scores.Median.Orders) {
			t.Errorf("leader %s: orders %.1f not above the median %.1f", sym, r.Orders, rep.Scores.Median.Orders)
		}
		cl, _ := r.Metric(scoring.MetricContractLiabilitiesYoY)
		if len(cl.Used) != 2 || cl.Used[0].Field != market.FieldContractLiabilities || !(cl.Value > 0.5) {
			t.Errorf("leader %s: contract liabilities %+v", sym, cl)
		}
		for _, m := range r.Metrics {
			for _, f := range m.Used {
				if f.ReportDate.IsZero() || f.ReportDate.After(truth.End) {
					t.Errorf("leader %s %s: figure %s %s reported %v", sym, m.Name, f.Field, market.FormatDate(f.PeriodEnd), f.ReportDate)
				}
			}
		}
	}
	owners := map[market.Ownership]int{}
	for _, g := range rep.Groups {
		owners[g.Ownership] = len(g.Symbols)
	}
	if owners[market.OwnershipState] == 0 || owners[market.OwnershipPrivate] == 0 {
		t.Errorf("ownership groups %v: want state and private", owners)
	}
}
