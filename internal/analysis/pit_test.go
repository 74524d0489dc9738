package analysis

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// pitData wraps a store and records every read that could return data
// dated after asOf: an open or later upper bound, or a later row.
type pitData struct {
	Data
	asOf time.Time
	mu   sync.Mutex
	bad  []string
}

func (p *pitData) fail(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bad = append(p.bad, fmt.Sprintf(format, args...))
}

func (p *pitData) bound(op string, to time.Time) {
	if to.IsZero() || to.After(p.asOf) {
		p.fail("%s: reads up to %v", op, to)
	}
}

func (p *pitData) row(op string, sym market.Symbol, d time.Time) {
	if d.After(p.asOf) {
		p.fail("%s: %s row dated %s", op, sym, market.FormatDate(d))
	}
}

func (p *pitData) Members(ctx context.Context, tax, sector string, asOf time.Time) ([]market.Membership, error) {
	p.bound("Members", asOf)
	return p.Data.Members(ctx, tax, sector, asOf)
}

func (p *pitData) MembershipHistory(ctx context.Context, tax, sector string) ([]market.Membership, error) {
	p.fail("MembershipHistory(%s): reads every membership, later ones included", sector)
	return p.Data.MembershipHistory(ctx, tax, sector)
}

func (p *pitData) Bars(ctx context.Context, s market.Symbol, from, to time.Time) ([]market.Bar, error) {
	p.bound("Bars", to)
	return p.Data.Bars(ctx, s, from, to)
}

func (p *pitData) BarMatrix(ctx context.Context, syms []market.Symbol, from, to time.Time, f market.BarField) (*market.Matrix, error) {
	p.bound("BarMatrix", to)
	m, err := p.Data.BarMatrix(ctx, syms, from, to, f)
	if err == nil && len(m.Dates) > 0 {
		p.row("BarMatrix", "", m.Dates[len(m.Dates)-1])
	}
	return m, err
}

func (p *pitData) TradingDays(ctx context.Context, s market.Symbol, from, to time.Time) ([]time.Time, error) {
	p.bound("TradingDays", to)
	return p.Data.TradingDays(ctx, s, from, to)
}

func (p *pitData) FundShares(ctx context.Context, syms []market.Symbol, from, to time.Time) ([]market.FundShares, error) {
	p.bound("FundShares", to)
	rows, err := p.Data.FundShares(ctx, syms, from, to)
	for _, r := range rows {
		p.row("FundShares", r.Symbol, r.Date)
	}
	return rows, err
}

func (p *pitData) Valuations(ctx context.Context, syms []market.Symbol, from, to time.Time) ([]market.Valuation, error) {
	p.bound("Valuations", to)
	rows, err := p.Data.Valuations(ctx, syms, from, to)
	for _, r := range rows {
		p.row("Valuations", r.Symbol, r.Date)
	}
	return rows, err
}

func (p *pitData) Margin(ctx context.Context, syms []market.Symbol, from, to time.Time) ([]market.Margin, error) {
	p.bound("Margin", to)
	return p.Data.Margin(ctx, syms, from, to)
}

func (p *pitData) Flows(ctx context.Context, syms []market.Symbol, from, to time.Time) ([]market.CapitalFlow, error) {
	p.bound("Flows", to)
	return p.Data.Flows(ctx, syms, from, to)
}

func (p *pitData) Fundamentals(ctx context.Context, syms []market.Symbol, fields []string, knownAt time.Time) ([]market.Fundamental, error) {
	p.bound("Fundamentals", knownAt)
	rows, err := p.Data.Fundamentals(ctx, syms, fields, knownAt)
	for _, r := range rows {
		p.row("Fundamentals", r.Symbol, r.ReportDate)
	}
	return rows, err
}

// TestPointInTime runs every section as of a past Sunday through pitData:
// no read may reach past that day, every answer is as of the trading day
// before it, and the figures match the stored bars up to that day.
func TestPointInTime(t *testing.T) {
	st, truth := loadDemo(t)
	ctx := context.Background()
	asOf := truth.End.AddDate(0, -5, 0)
	for asOf.Weekday() != time.Sunday {
		asOf = asOf.AddDate(0, 0, 1)
	}
	days := truth.Calendar.Days
	day := days[0]
	for _, d := range days {
		if !d.After(asOf) {
			day = d
		}
	}
	d := &pitData{Data: st, asOf: asOf}
	sector := truth.Rally.Sector

	etf, err := RunETFTiers(ctx, d, ETFTiersRequest{Sector: sector, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if !etf.AsOf.Equal(day) || len(etf.Inputs) == 0 {
		t.Errorf("ETF tiers as of %v with %d inputs, want %v", etf.AsOf, len(etf.Inputs), day)
	}
	for _, in := range etf.Inputs {
		if !in.To.Equal(day) {
			t.Errorf("ETF %s read to %v", in.Symbol, in.To)
		}
	}

	co, err := RunCompanies(ctx, d, CompaniesRequest{Sector: sector, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if !co.AsOf.Equal(day) || len(co.Top) == 0 || !co.Scores.Options.AsOf.Equal(day) {
		t.Errorf("companies as of %v, %d top rows", co.AsOf, len(co.Top))
	}
	for _, r := range co.Scores.Rows {
		for _, m := range r.Metrics {
			for _, f := range m.Used {
				if f.ReportDate.After(day) || f.ReportDate.IsZero() && f.PeriodEnd.AddDate(0, 0, 120).After(day) {
					t.Errorf("%s %s: figure %s %s reported %v after %v", r.Symbol, m.Name, f.Field, market.FormatDate(f.PeriodEnd), f.ReportDate, day)
				}
			}
		}
	}

	sty, err := RunStyle(ctx, d, StyleRequest{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range sty.Pairs {
		if !p.To.Equal(day) || !p.Reading.AsOf.Equal(day) {
			t.Errorf("style %s as of %v", p.Pair.Name, p.To)
		}
	}

	rel, err := RunRelated(ctx, d, RelatedRequest{Sector: sector, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if !rel.AsOf.Equal(day) || len(rel.Rows) < 2 {
		t.Errorf("related as of %v with %d rows", rel.AsOf, len(rel.Rows))
	}
	for _, r := range rel.Rows {
		if r.CloseDate.After(day) || r.SizeDate.After(day) {
			t.Errorf("related %s: close %v, size %v", r.Symbol, r.CloseDate, r.SizeDate)
		}
	}
	idx, _ := rel.Row(truth.Rally.Index)
	if want := storedReturn(t, st, truth.Rally.Index, 21, day); math.Abs(idx.Change1M-want) > 1e-12 {
		t.Errorf("index 1M as of %v: %v, stored bars give %v", day, idx.Change1M, want)
	}

	ex, err := RunExcessPath(ctx, d, ExcessPathRequest{Sector: sector, AsOf: asOf, ETFs: true})
	if err != nil {
		t.Fatal(err)
	}
	n := len(ex.Dates)
	if !ex.AsOf.Equal(day) || !ex.Dates[n-1].Equal(day) {
		t.Errorf("excess path as of %v ends %v", ex.AsOf, ex.Dates[n-1])
	}
	want := storedReturn(t, st, truth.Rally.Index, DefaultExcessDays, day) - storedReturn(t, st, truth.Benchmark, DefaultExcessDays, day)
	if math.Abs(ex.Index.Excess[n-1]-want) > 1e-9 {
		t.Errorf("excess as of %v: %v, stored bars give %v", day, ex.Index.Excess[n-1], want)
	}
	for _, b := range d.bad {
		t.Error("look-ahead:", b)
	}
	// the spy sees a read that looks ahead
	spy := &pitData{Data: st, asOf: asOf}
	if _, err := RunStyle(ctx, spy, StyleRequest{}); err != nil || len(spy.bad) == 0 {
		t.Errorf("a style reading as of the latest day: %v, look-ahead reads %q", err, spy.bad)
	}
}
