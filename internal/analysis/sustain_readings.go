package analysis

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/scoring"
	"github.com/sextant-ai/sextant/internal/series"
)

var nan = math.NaN()

// readingOrder is the scoring component order of the sources.
var readingOrder = []string{"excess_63d", "price_vs_ma60", "rs_ratio", "rs_momentum", "above_ma20", "above_ma60",
	"etf_flow_z20", "main_flow_z20", "margin_z20", "turnover_share_pct", "pe_pct_5y", "catalysts"}

// valuationDays is how much valuation history the PE percentile reads:
// five years of trading days plus room for holidays.
const valuationDays = 2010

// readings fills rep.Readings and rep.Sources for the sector as of rep.AsOf.
func (rep *SustainReport) readings(ctx context.Context, d Data, sd *sustainData, pre func() (*FlowsReport, error)) error {
	r := scoring.UnknownReadings()
	src := map[string]ReadingSource{}
	add := func(s ReadingSource) { src[s.Reading] = s }
	if err := rep.trend(&r, sd, add); err != nil {
		return err
	}
	rep.momentum(&r, sd, add)
	if err := rep.breadth(&r, sd, add); err != nil {
		return err
	}
	if err := rep.flowReadings(ctx, d, pre, &r, add); err != nil {
		return err
	}
	if err := rep.crowding(&r, sd, add); err != nil {
		return err
	}
	if err := rep.valuation(ctx, d, &r, sd, add); err != nil {
		return err
	}
	add(rep.catalystReading(&r))
	rep.Readings = r
	for _, name := range readingOrder {
		rep.Sources = append(rep.Sources, src[name])
	}
	return nil
}

func (rep *SustainReport) trend(r *scoring.Readings, sd *sustainData, add func(ReadingSource)) error {
	sym, end := rep.Sector.IndexSymbol, len(sd.dates)-1
	syms := []market.Symbol{sym, rep.Benchmark}
	perf, err := rotation.Performance(sd.idx, rep.Benchmark, rep.AsOf, []rotation.Window{{Name: "3m", Days: 63}})
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "performance: %v", err)
	}
	ex := ReadingSource{Reading: "excess_63d", Value: nan, Symbols: syms, Window: "63 trading days", Date: rep.AsOf}
	for _, row := range perf.Rows {
		if row.Symbol == sym {
			ex.Value = row.Excess["3m"]
			ex.Detail = fmt.Sprintf("%s %+.2f%%, %s %+.2f%%", sym, 100*row.Returns["3m"], rep.Benchmark, 100*perf.BenchRet["3m"])
		}
	}
	if end >= 63 {
		ex.From = sd.dates[end-63]
	}
	if math.IsNaN(ex.Value) {
		ex.Note = "no adjusted close 63 trading days back (short history) for the sector index or the benchmark"
	}
	r.Excess63 = ex.Value
	add(ex)
	col, _ := sd.idx.Column(sym)
	ma := series.RollingMean(col, 60)
	pm := ReadingSource{Reading: "price_vs_ma60", Value: nan, Symbols: []market.Symbol{sym}, Window: "60 trading days", Date: rep.AsOf}
	if end >= 59 {
		pm.From = sd.dates[end-59]
	}
	if ma[end] > 0 && col[end] > 0 {
		pm.Value = col[end]/ma[end] - 1
		pm.Detail = fmt.Sprintf("close %.2f, 60-day mean %.2f", col[end], ma[end])
	} else {
		pm.Note = "the sector index lacks a close on one of the last 60 trading days"
	}
	r.PriceVsMA60 = pm.Value
	add(pm)
	return nil
}

func (rep *SustainReport) momentum(r *scoring.Readings, sd *sustainData, add func(ReadingSource)) {
	p := rotation.DefaultRotationParams()
	syms := []market.Symbol{rep.Sector.IndexSymbol, rep.Benchmark}
	window := fmt.Sprintf("weekly closes, N = %d", p.Window)
	ratio := ReadingSource{Reading: "rs_ratio", Value: nan, Symbols: syms, Window: window, Date: rep.AsOf}
	mom := ratio
	mom.Reading = "rs_momentum"
	row := sd.rotationRow(rep.Sector.IndexSymbol)
	if row != nil && row.Quadrant != rotation.None {
		ratio.Value, mom.Value = row.RSRatio, row.RSMomentum
		r.RSRatio, r.RSMomentum, r.Quadrant = row.RSRatio, row.RSMomentum, string(row.Quadrant)
		detail := fmt.Sprintf("quadrant %s", row.Quadrant)
		if !math.IsNaN(row.HeadingDeg) {
			detail += fmt.Sprintf(", heading %.0f°", row.HeadingDeg)
		}
		ratio.Detail, mom.Detail = detail, detail
		ratio.Date, mom.Date = sd.rot.AsOf, sd.rot.AsOf
		if n := len(sd.rot.Dates); n > 2*p.Window {
			ratio.From, mom.From = sd.rot.Dates[n-2*p.Window], sd.rot.Dates[n-2*p.Window]
		}
	} else {
		ratio.Note = fmt.Sprintf("fewer than %d weekly closes of the sector index and the benchmark", 2*p.Window)
		mom.Note = ratio.Note
	}
	add(ratio)
	add(mom)
}

func (rep *SustainReport) breadth(r *scoring.Readings, sd *sustainData, add func(ReadingSource)) error {
	p := rotation.DefaultBreadthParams()
	ms := sd.members[rep.Sector.Code]
	a20 := ReadingSource{Reading: "above_ma20", Value: nan, Window: "20 trading days", Date: rep.AsOf}
	a60 := ReadingSource{Reading: "above_ma60", Value: nan, Window: "60 trading days", Date: rep.AsOf}
	if len(ms) == 0 {
		a20.Note = "the sector has no memberships in the store"
		a60.Note = a20.Note
		add(a20)
		add(a60)
		return nil
	}
	pt, err := rotation.BreadthAt(sd.px, ms, sd.bench, rep.AsOf, p)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "breadth: %v", err)
	}
	a20.Value, a60.Value = pt.AboveShortMA, pt.AboveLongMA
	a20.Members, a60.Members = pt.Members, pt.Members
	a20.Detail = fmt.Sprintf("%s of %d members with a full 20-day window (%d point-in-time members, %d traded)", shareOf(pt.AboveShortMA, pt.NShortMA), pt.NShortMA, pt.Members, pt.Traded)
	a60.Detail = fmt.Sprintf("%s of %d members with a full 60-day window", shareOf(pt.AboveLongMA, pt.NLongMA), pt.NLongMA)
	if math.IsNaN(pt.AboveShortMA) {
		a20.Note = "no member has 20 consecutive closes"
	}
	if math.IsNaN(pt.AboveLongMA) {
		a60.Note = "no member has 60 consecutive closes"
	}
	r.AboveMA20, r.AboveMA60 = pt.AboveShortMA, pt.AboveLongMA
	add(a20)
	add(a60)
	return nil
}

func shareOf(share float64, n int) string {
	if math.IsNaN(share) {
		return "—"
	}
	return fmt.Sprintf("%.0f", share*float64(n))
}

// flowReadings takes the ETF, main-force and margin z-scores from RunFlows,
// or from the caller's answer when it is for the same sector and day.
func (rep *SustainReport) flowReadings(ctx context.Context, d Data, pre func() (*FlowsReport, error), r *scoring.Readings, add func(ReadingSource)) error {
	var fr *FlowsReport
	if pre != nil {
		var err error
		if fr, err = pre(); err != nil {
			return err
		}
	}
	if !rep.sameFlows(fr) {
		var err error
		fr, err = RunFlows(ctx, d, FlowsRequest{Sector: rep.Sector.Code, Taxonomy: rep.Sector.Taxonomy, Benchmark: string(rep.Benchmark), AsOf: rep.AsOf})
		if err != nil {
			return err
		}
	}
	var etfSyms []market.Symbol
	for _, e := range fr.ETFs {
		etfSyms = append(etfSyms, e.Symbol)
	}
	specs := []struct {
		reading, measure, what string
		dst                    *float64
		syms                   []market.Symbol
	}{
		{"etf_flow_z20", "etf_net_creation", "themed-ETF net creations", &r.ETFFlowZ, etfSyms},
		{"main_flow_z20", "main_net_flow", "members' main-force net flows", &r.MainFlowZ, nil},
		{"margin_z20", "margin_net_purchase", "members' margin net purchases", &r.MarginZ, nil},
	}
	for _, s := range specs {
		rs := ReadingSource{Reading: s.reading, Value: nan, Symbols: s.syms, From: fr.From, Date: rep.AsOf,
			Window: "20-day sum, z-score vs the trailing 252 trading days"}
		var found bool
		for _, m := range fr.Measures {
			if m.Measure != s.measure {
				continue
			}
			found = true
			rs.Members, rs.Date = m.Members, m.Snap.Date
			for _, w := range m.Snap.Windows {
				if w.Days == 20 {
					rs.Value = w.Z
					rs.Detail = fmt.Sprintf("20-day sum of %s %+.4g (currency units) from %d instruments", s.what, w.Sum, m.Members)
				}
			}
		}
		switch {
		case !found:
			rs.Note = "no data for the " + s.what
			for _, n := range fr.Notes {
				rs.Note += "; " + n
			}
		case math.IsNaN(rs.Value):
			rs.Note = "the z-score needs 126 known 20-day sums in the trailing year and a full 20-day window"
		}
		*s.dst = rs.Value
		add(rs)
	}
	return nil
}

func (rep *SustainReport) crowding(r *scoring.Readings, sd *sustainData, add func(ReadingSource)) error {
	p := rotation.DefaultCrowdingParams()
	rs := ReadingSource{Reading: "turnover_share_pct", Value: nan, Date: rep.AsOf,
		Window: fmt.Sprintf("%d-day turnover share, percentile in the trailing %d days", p.Window, p.Lookback)}
	ms := sd.members[rep.Sector.Code]
	sector, total, what := sd.crowdingInputs(rep.Sector, rep.Benchmark)
	if sector == nil {
		rs.Note = "the sector has no memberships and its index has no amounts in the store"
		add(rs)
		return nil
	}
	c, err := rotation.CrowdingAt(sd.dates, sector, total, rep.AsOf, p)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "crowding: %v", err)
	}
	rs.Value, rs.Date = c.Percentile, c.AsOf
	rs.Members = activeMembers(ms, rep.AsOf)
	if end := len(sd.dates) - 1; end >= p.Lookback+p.Window-1 {
		rs.From = sd.dates[end-p.Lookback-p.Window+2]
	}
	rs.Detail = fmt.Sprintf("%s %.2f%%, %d valid shares in the lookback", what, 100*c.Share, c.History)
	if math.IsNaN(c.Percentile) {
		rs.Note = fmt.Sprintf("the percentile needs %d valid 20-day shares in the trailing year (%d known)", p.MinHistory, c.History)
	}
	r.TurnoverPct = rs.Value
	add(rs)
	return nil
}

// crowdingInputs are the daily amounts whose ratio is a sector's turnover
// share: its point-in-time members' amount over all stocks' amount; without
// memberships, its index's own amount over all stocks' amount, or over the
// benchmark's amount when the store holds no stocks. nil when neither
// exists; what says which was used.
func (sd *sustainData) crowdingInputs(sec market.Sector, bench market.Symbol) (sector, total []float64, what string) {
	total = sd.marketAmount()
	if len(sd.members[sec.Code]) > 0 {
		return sd.sectorAmount(sec.Code), total, fmt.Sprintf("members' share of the turnover of all %d stocks", len(sd.stocks))
	}
	sector, _ = sd.idxAmt.Column(sec.IndexSymbol)
	what = fmt.Sprintf("index %s amount as a share of all %d stocks' amount", sec.IndexSymbol, len(sd.stocks))
	if !anyValid(total) {
		total, what = sd.idxAmt.Values[0], fmt.Sprintf("index %s amount relative to benchmark %s amount", sec.IndexSymbol, bench)
	}
	if !anyValid(sector) || !anyValid(total) {
		return nil, nil, ""
	}
	return sector, total, what
}

func anyValid(xs []float64) bool {
	for _, v := range xs {
		if !math.IsNaN(v) {
			return true
		}
	}
	return false
}

// valuation reads the members' PE TTM and market caps over the last five
// and a half years and takes the percentile of the sector PE.
func (rep *SustainReport) valuation(ctx context.Context, d Data, r *scoring.Readings, sd *sustainData, add func(ReadingSource)) error {
	p := rotation.DefaultValuationParams()
	rs := ReadingSource{Reading: "pe_pct_5y", Value: nan, Date: rep.AsOf,
		Window: fmt.Sprintf("sector PE TTM, percentile in the trailing %d trading days", p.Lookback)}
	from := rep.AsOf.AddDate(0, 0, -valuationDays)
	var ms []market.Membership
	var syms []market.Symbol
	seen := map[market.Symbol]bool{}
	for _, m := range sd.members[rep.Sector.Code] {
		if m.From.After(rep.AsOf) || !m.To.IsZero() && !m.To.After(from) {
			continue
		}
		ms = append(ms, m)
		if !seen[m.Symbol] {
			seen[m.Symbol] = true
			syms = append(syms, m.Symbol)
		}
	}
	lo := series.RowOnOrBefore(sd.dates, from.AddDate(0, 0, -1)) + 1
	dates := sd.dates[lo:]
	// The trading days from the window's first one: a member's valuation
	// rows on the days between from and the first trading day (a weekend
	// or a holiday) are not read.
	vals := &market.SeriesPanel{}
	if len(syms) > 0 {
		var err error
		if vals, err = d.SeriesMatrix(ctx, market.DatasetValuation, []market.SeriesField{market.FieldPETTM, market.FieldTotalMV}, syms, dates); err != nil {
			return err
		}
	}
	if _, rows := observed(vals, nil); rows == 0 {
		return rep.indexValuation(r, sd, rs, add)
	}
	spe, err := rotation.SectorPE(vals.Values[1], vals.Values[0], ms)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "sector PE: %v", err)
	}
	v, err := rotation.ValuationAt(dates, spe, rep.AsOf, p)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "valuation: %v", err)
	}
	rs.Value, rs.Date, rs.From, rs.Members = v.Percentile, v.AsOf, dates[0], activeMembers(ms, rep.AsOf)
	rs.Detail = fmt.Sprintf("sector PE %.1f (Σ cap / Σ cap÷PE over members with PE > 0), %d valid PEs in the lookback", v.PE, v.History)
	if math.IsNaN(v.Percentile) {
		rs.Note = fmt.Sprintf("the percentile needs %d valid sector PEs (%d known)", p.MinHistory, v.History)
	}
	r.PEPct = rs.Value
	add(rs)
	return nil
}

func activeMembers(ms []market.Membership, d time.Time) int {
	seen := map[market.Symbol]bool{}
	for _, m := range ms {
		if m.Active(d) {
			seen[m.Symbol] = true
		}
	}
	return len(seen)
}

// indexValuation is the valuation reading from the sector index's own PE
// TTM, used when the members have no valuation rows.
func (rep *SustainReport) indexValuation(r *scoring.Readings, sd *sustainData, rs ReadingSource, add func(ReadingSource)) error {
	pe := sd.indexPE[rep.Sector.IndexSymbol]
	if !anyValid(pe) {
		rs.Note = "no valuation rows (PE TTM, market cap) for the members or the sector index"
		add(rs)
		return nil
	}
	p := rotation.DefaultValuationParams()
	v, err := rotation.ValuationAt(sd.dates, pe, rep.AsOf, p)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "valuation: %v", err)
	}
	rs.Value, rs.Date, rs.Symbols = v.Percentile, v.AsOf, []market.Symbol{rep.Sector.IndexSymbol}
	rs.Detail = fmt.Sprintf("index %s PE TTM %.1f (the members have no valuation rows), %d valid PEs in the lookback", rep.Sector.IndexSymbol, v.PE, v.History)
	if math.IsNaN(v.Percentile) {
		rs.Note = fmt.Sprintf("the percentile needs %d valid PEs (%d known)", p.MinHistory, v.History)
	}
	r.PEPct = rs.Value
	add(rs)
	return nil
}

// catalystReading is the catalysts reading from the caller's count of
// cited catalysts, or missing when no documents were searched.
func (rep *SustainReport) catalystReading(r *scoring.Readings) ReadingSource {
	c := rep.catalysts
	if c == nil {
		return ReadingSource{Reading: "catalysts", Value: math.NaN(), Note: "no documents were searched; the weight is spread over the other dimensions"}
	}
	r.Catalysts = float64(c.Count)
	return ReadingSource{Reading: "catalysts", Value: r.Catalysts, Window: c.Window, From: c.From, Date: rep.AsOf,
		Detail: c.Detail, Members: len(c.Docs)}
}
