package scoring

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo" //nolint:depguard // tests check the engine against the demo market's planted truth
)

// defenseMarket is what the tests keep of the default demo market: the
// defense sector's members as of the last day with their fundamentals, and
// the bars and fund shares of the sector index and its ETFs.
type defenseMarket struct {
	truth     *demo.Truth
	index     market.Symbol
	companies []Company
	etfs      []market.Instrument
	bars      map[market.Symbol][]market.Bar
	shares    map[market.Symbol][]market.FundShares
}

var (
	defenseOnce sync.Once
	defense     *defenseMarket
	defenseErr  error
)

func loadDefense(t *testing.T) *defenseMarket {
	t.Helper()
	if testing.Short() {
		t.Skip("generates the demo market")
	}
	defenseOnce.Do(func() { defense, defenseErr = generateDefense() })
	if defenseErr != nil {
		t.Fatal(defenseErr)
	}
	return defense
}

func generateDefense() (*defenseMarket, error) {
	d := &defenseMarket{
		index: market.Symbol(demo.DefenseCode + ".SI"),
		bars:  map[market.Symbol][]market.Bar{}, shares: map[market.Symbol][]market.FundShares{},
	}
	var members []market.Membership
	instruments := map[market.Symbol]market.Instrument{}
	funds := map[market.Symbol][]market.Fundamental{}
	keep := map[market.Symbol]bool{d.index: true}
	tr, err := demo.Generate(context.Background(), demo.DefaultOptions(), func(_ demo.ChunkInfo, b *market.Batch) error {
		for _, in := range b.Instruments {
			instruments[in.Symbol] = in
			if in.Kind == market.KindETF && in.Tracks == d.index {
				d.etfs = append(d.etfs, in)
				keep[in.Symbol] = true
			}
		}
		for _, m := range b.Members {
			if m.Sector == demo.DefenseCode {
				members = append(members, m)
			}
		}
		for _, f := range b.Fundamentals {
			funds[f.Symbol] = append(funds[f.Symbol], f)
		}
		for _, bar := range b.Bars {
			if keep[bar.Symbol] {
				d.bars[bar.Symbol] = append(d.bars[bar.Symbol], bar)
			}
		}
		for _, s := range b.Shares {
			if keep[s.Symbol] {
				d.shares[s.Symbol] = append(d.shares[s.Symbol], s)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.truth = tr
	for _, m := range members {
		if m.Active(tr.End) {
			in := instruments[m.Symbol]
			d.companies = append(d.companies, Company{Symbol: m.Symbol, Name: in.Name, Ownership: in.Ownership, Fundamentals: funds[m.Symbol]})
		}
	}
	return d, nil
}

// etfSeries aligns an ETF on the last days of the sector index's bars.
func (d *defenseMarket) etfSeries(e market.Instrument, days int) ETFSeries {
	idx := d.bars[d.index]
	idx = idx[len(idx)-days-1:]
	bars := map[time.Time]market.Bar{}
	for _, b := range d.bars[e.Symbol] {
		bars[b.Date] = b
	}
	sh := map[time.Time]market.FundShares{}
	for _, s := range d.shares[e.Symbol] {
		sh[s.Date] = s
	}
	s := ETFSeries{Symbol: e.Symbol, Name: e.Name, Tracks: e.Tracks}
	prevClose, prevIdx := math.NaN(), math.NaN()
	for i, ib := range idx {
		close, amount, shares, nav := math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if b, ok := bars[ib.Date]; ok {
			close, amount = b.Close, b.Amount
		}
		if f, ok := sh[ib.Date]; ok {
			shares, nav = f.Shares, f.NAV
		}
		if i > 0 {
			s.Returns = append(s.Returns, close/prevClose-1)
			s.Benchmark = append(s.Benchmark, ib.Close/prevIdx-1)
			s.Amount, s.Close = append(s.Amount, amount), append(s.Close, close)
			s.Shares, s.NAV = append(s.Shares, shares), append(s.NAV, nav)
		}
		prevClose, prevIdx = close, ib.Close
	}
	return s
}

func TestDemoDefenseLeadersScoreHighOnOrders(t *testing.T) {
	d := loadDefense(t)
	s, err := ScoreCompanies(d.companies, DefaultCompanyOptions(d.truth.End))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) < 20 || len(d.truth.Rally.Leaders) == 0 {
		t.Fatalf("%d defense members, %d leaders", len(s.Rows), len(d.truth.Rally.Leaders))
	}
	t.Logf("%d members; median orders %.1f pipeline %.1f technology %.1f composite %.1f",
		len(s.Rows), s.Median.Orders, s.Median.Pipeline, s.Median.Technology, s.Median.Composite)
	for _, sym := range d.truth.Rally.Leaders {
		r, ok := s.Row(sym)
		if !ok {
			t.Errorf("leader %s is not a member on %s", sym, market.FormatDate(d.truth.End))
			continue
		}
		cl, _ := r.Metric(MetricContractLiabilitiesYoY)
		t.Logf("leader %s %s: contract liabilities %s → %s %.0f → %.0f (%+.0f%%, pct %.0f); orders %.1f, composite %.1f rank %d",
			sym, r.Ownership, market.FormatDate(cl.BasePeriod), market.FormatDate(cl.Period), cl.Base, cl.Current, 100*cl.Value, cl.Percentile, r.Orders, r.Composite, r.Rank)
		if !(r.Orders > s.Median.Orders) {
			t.Errorf("leader %s: orders %.1f not above the sector median %.1f", sym, r.Orders, s.Median.Orders)
		}
		// planted: +25% a quarter over the last three quarters vs +8% for other members
		if !(cl.Value > 0.5) || !(cl.Percentile >= 80) {
			t.Errorf("leader %s: contract-liability growth %.2f at percentile %.0f", sym, cl.Value, cl.Percentile)
		}
		if !cl.Period.After(d.truth.End.AddDate(0, -6, 0)) || len(cl.Used) != 2 {
			t.Errorf("leader %s: stale or unexplained contract liabilities: %+v", sym, cl)
		}
		for _, f := range cl.Used {
			if f.ReportDate.After(d.truth.End) {
				t.Errorf("leader %s: figure reported %s after the as-of date", sym, market.FormatDate(f.ReportDate))
			}
		}
	}
	if len(s.Groups) == 0 || s.Groups[0].Ownership != market.OwnershipState {
		t.Errorf("defense is mostly state-owned; groups %+v", s.Groups)
	}
}

func TestDemoDefenseETFTiers(t *testing.T) {
	d := loadDefense(t)
	var in []ETFSeries
	for _, e := range d.etfs {
		in = append(in, d.etfSeries(e, 250))
	}
	tab, err := ETFTiers(in, DefaultETFOptions())
	if err != nil {
		t.Fatal(err)
	}
	planted := map[market.Symbol]bool{}
	for _, s := range d.truth.Rally.ETFs {
		planted[s] = true
	}
	core := 0
	for _, r := range tab.Rows {
		t.Logf("%s %-10s tier %d %-11s beta %.2f vol %.1f%% amount %.3g net creation %.3g shares %+.1f%% TE %.2f%% — %s",
			r.Symbol, r.Name, r.Tier, r.Role, r.Beta, 100*r.Volatility, r.AvgAmount, r.NetCreation, 100*r.ShareChange, 100*r.TrackingError, r.Reason)
		if r.Role == RoleCore {
			core++
		}
		if planted[r.Symbol] {
			delete(planted, r.Symbol)
			if !(r.NetCreation > 0) || !(r.ShareChange > 0) {
				t.Errorf("%s: 20-day net creation %g, share change %g; want both positive", r.Symbol, r.NetCreation, r.ShareChange)
			}
			if !(r.Beta > 0.8 && r.Beta < 1.2) || !(r.TrackingError < 0.05) {
				t.Errorf("%s tracks its index: beta %.2f TE %.3f", r.Symbol, r.Beta, r.TrackingError)
			}
		}
	}
	for i := 1; i < len(tab.Rows); i++ {
		a, b := tab.Rows[i-1], tab.Rows[i]
		if a.Role.order() > b.Role.order() || a.Role == b.Role && a.AvgAmount < b.AvgAmount {
			t.Errorf("rows %d and %d out of order: %s %s %g, %s %s %g", i-1, i, a.Symbol, a.Role, a.AvgAmount, b.Symbol, b.Role, b.AvgAmount)
		}
	}
	if len(planted) > 0 {
		t.Errorf("planted ETFs missing from the table: %v", planted)
	}
	if core != 1 {
		t.Errorf("%d core ETFs, want 1", core)
	}
}
