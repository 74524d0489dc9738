package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// TestDemoETFTiers checks the defense ETFs on the demo market: the planted
// creations of the last two months show as positive 20-day share flows,
// the table has one core and every role's tier, and each row's inputs say
// what it was computed from. The share change is recomputed from the stored
// fund shares.
func TestDemoETFTiers(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	rep, err := RunETFTiers(ctx, st, ETFTiersRequest{Sector: "军工", AsOf: truth.End})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sector.Code != truth.Rally.Sector || !rep.AsOf.Equal(truth.End) || !rep.Demo {
		t.Fatalf("sector %s as of %v demo %v", rep.Sector.Code, rep.AsOf, rep.Demo)
	}
	for _, n := range rep.Notes {
		t.Log("note:", n)
	}
	if len(rep.Table.Rows) != len(rep.Inputs) {
		t.Fatalf("%d rows, %d inputs", len(rep.Table.Rows), len(rep.Inputs))
	}
	planted := map[market.Symbol]bool{}
	for _, s := range truth.Rally.ETFs {
		planted[s] = true
	}
	o := scoring.DefaultETFOptions()
	core := 0
	for i, r := range rep.Table.Rows {
		in := rep.Inputs[i]
		t.Logf("%s %s tier %d %-11s beta %.2f TE %.2f%% amount %.3g net creation %.3g shares %+.1f%% — %s; inputs %+v",
			r.Symbol, r.Name, r.Tier, r.Role, r.Beta, 100*r.TrackingError, r.AvgAmount, r.NetCreation, 100*r.ShareChange, r.Reason, in)
		if in.Symbol != r.Symbol || in.BetaVs != truth.Rally.Index || !in.To.Equal(truth.End) || in.Days != o.BetaDays {
			t.Errorf("%s: inputs %+v", r.Symbol, in)
		}
		if r.Role == "" || r.Tier != r.Role.Tier() || r.Reason == "" {
			t.Errorf("%s: role %q tier %d reason %q", r.Symbol, r.Role, r.Tier, r.Reason)
		}
		if r.Role == scoring.RoleCore {
			core++
		}
		if !planted[r.Symbol] {
			continue
		}
		delete(planted, r.Symbol)
		if !(r.NetCreation > 0) || !(r.ShareChange > 0) {
			t.Errorf("%s: 20-day net creation %g, share change %g; want both positive (planted creations)", r.Symbol, r.NetCreation, r.ShareChange)
		}
		if in.ShareDays < o.FlowDays || in.NAVDays < o.FlowDays || in.ReturnDays < o.MinObs {
			t.Errorf("%s: %d share days, %d NAV days, %d return days", r.Symbol, in.ShareDays, in.NAVDays, in.ReturnDays)
		}
		if want := storedShareChange(t, st, r.Symbol, in, o.FlowDays); math.Abs(r.ShareChange-want) > 1e-12 {
			t.Errorf("%s: share change %.6f, stored shares give %.6f", r.Symbol, r.ShareChange, want)
		}
	}
	if len(planted) > 0 {
		t.Errorf("planted defense ETFs missing from the table: %v", planted)
	}
	if core != 1 {
		t.Errorf("%d core ETFs, want 1", core)
	}
}

// storedShareChange is shares on the as-of day / shares on the day before
// the flow window − 1, from the stored rows.
func storedShareChange(t *testing.T, st Data, sym market.Symbol, in ETFInput, flowDays int) float64 {
	t.Helper()
	ctx := context.Background()
	days, err := st.TradingDays(ctx, "000300.SH", in.From, in.To)
	if err != nil {
		t.Fatal(err)
	}
	base, end := days[len(days)-flowDays-1], days[len(days)-1]
	rows, err := st.FundShares(ctx, []market.Symbol{sym}, base, end)
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s shares: %v, %d rows", sym, err, len(rows))
	}
	if !rows[0].Date.Equal(base) || !rows[len(rows)-1].Date.Equal(end) {
		t.Fatalf("%s: shares from %v to %v, want %v to %v", sym, rows[0].Date, rows[len(rows)-1].Date, base, end)
	}
	return rows[len(rows)-1].Shares/rows[0].Shares - 1
}

func TestETFTiersErrors(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	tests := []struct {
		name string
		req  ETFTiersRequest
		code string
	}{
		{"unknown sector", ETFTiersRequest{Sector: "no such sector"}, sextant.ENOTFOUND},
		{"no sector", ETFTiersRequest{}, sextant.EINVALID},
		{"unknown benchmark", ETFTiersRequest{Sector: "801740", Benchmark: "999999.SH"}, sextant.ENOTFOUND},
		{"before the data", ETFTiersRequest{Sector: "801740", AsOf: truth.Start.AddDate(0, -3, 0)}, sextant.ENOTFOUND},
		{"bad options", ETFTiersRequest{Sector: "801740", Options: scoring.ETFOptions{BetaDays: 1}}, sextant.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := RunETFTiers(ctx, st, tt.req)
			if sextant.ErrorCode(err) != tt.code {
				t.Errorf("error %v (code %q), want %s", err, sextant.ErrorCode(err), tt.code)
			}
			if err != nil && sextant.ErrorMessage(err) == "" {
				t.Errorf("no message: %v", err)
			}
		})
	}
}
