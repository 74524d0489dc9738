package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/scoring"
	"github.com/sextant-ai/sextant/internal/series"
)

// ETFTiersRequest asks for the tier table of a sector's ETFs (DESIGN §1
// "Opportunities": elasticity, certainty, liquidity, flows, allocation role).
type ETFTiersRequest struct {
	Sector    string // code, index symbol, name or alias
	Taxonomy  string // narrows Sector; "" = any
	Benchmark string // its trading days are the rows; "" = the first stored of DefaultBenchmarks
	AsOf      time.Time
	Options   scoring.ETFOptions // zero → scoring.DefaultETFOptions()
}

// ETFInput is what one ETF's tier row was computed from: the datasets are
// the ETF's bars (adjusted closes for its daily returns, closes and amounts),
// its fund shares (units outstanding and NAV) and the adjusted closes of the
// indices it is measured against, all on the benchmark's trading days From …
// To; the windows are the report's Options.
type ETFInput struct {
	Symbol     market.Symbol
	Name       string
	Tracks     market.Symbol // the index the ETF says it tracks ("" = none)
	By         string        // how it maps to the sector: "tracks" or "theme"
	BetaVs     market.Symbol // the index beta is measured against: the sector index (the benchmark when the index has no bars)
	TrackedVs  market.Symbol // the index tracking is measured against: Tracks when it has bars, else BetaVs
	From, To   time.Time     // first and last day of the daily series (To = the as-of day)
	Days       int           // daily returns in the series
	ReturnDays int           // days with a daily return of the ETF
	AmountDays int           // days with a traded amount
	ShareDays  int           // days with units outstanding
	NAVDays    int           // days with a NAV (creations are valued at the close on the others)
}

// ETFTiersReport is the answer to an ETFTiersRequest.
type ETFTiersReport struct {
	AsOf      time.Time
	Sector    market.Sector
	Benchmark market.Symbol
	Options   scoring.ETFOptions
	Table     *scoring.ETFTable // tiers and roles with each ETF's metrics and rule
	Inputs    []ETFInput        // one per row of Table, in the same order
	Demo      bool
	Notes     []string // what was missing and why
}

// Input returns the inputs of sym's row.
func (r *ETFTiersReport) Input(sym market.Symbol) (ETFInput, bool) {
	for _, in := range r.Inputs {
		if in.Symbol == sym {
			return in, true
		}
	}
	return ETFInput{}, false
}

func (r *ETFTiersReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// RunETFTiers measures the sector's ETFs (those mapped to it by tracked
// index or theme and listed on the as-of day) over the trailing windows of
// the options and assigns tiers and roles with scoring.ETFTiers. Beta is
// measured against the sector index, tracking against the index each ETF
// tracks. A sector without ETFs gives an empty table and a note.
func RunETFTiers(ctx context.Context, d Data, req ETFTiersRequest) (*ETFTiersReport, error) {
	if req.Options == (scoring.ETFOptions{}) {
		req.Options = scoring.DefaultETFOptions()
	}
	if err := req.Options.Validate(); err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "%v", err)
	}
	s, err := resolveScope(ctx, d, req.Sector, req.Taxonomy, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	rep := &ETFTiersReport{AsOf: s.AsOf, Sector: s.Sector, Benchmark: s.Bench, Options: req.Options, Demo: s.demo(ctx, d)}
	etfs, assign, notes, err := sectorETFsAsOf(ctx, d, s)
	if err != nil {
		return nil, err
	}
	rep.Notes = append(rep.Notes, notes...)
	if len(etfs) == 0 {
		rep.note("no ETF in the store tracks %s (%s) on %s (ETFs map by their tracked index or theme)", s.Sector.Code, s.Sector.Name, market.FormatDate(s.AsOf))
		rep.Table = &scoring.ETFTable{Options: req.Options}
		return rep, nil
	}
	rep.Demo = rep.Demo || anyDemo(etfs)
	o := req.Options
	n := max(o.BetaDays, o.TrackingDays, o.LiquidityDays, o.FlowDays+1)
	dates, err := s.days(ctx, d, n+1)
	if err != nil {
		return nil, err
	}
	dates = dates[max(0, len(dates)-n-1):]
	if len(dates) < 2 {
		return nil, sextant.Errorf(sextant.ENOTFOUND, "%s has a single trading day on or before %s: no daily returns", s.Bench, market.FormatDate(s.AsOf))
	}
	in, err := readETFInputs(ctx, d, s, etfs, dates)
	if err != nil {
		return nil, err
	}
	if in.betaVs != s.Sector.IndexSymbol {
		rep.note("the sector index %s has no bars from %s to %s: beta is measured against the benchmark %s",
			s.Sector.IndexSymbol, market.FormatDate(dates[0]), market.FormatDate(s.AsOf), s.Bench)
	}
	ss := make([]scoring.ETFSeries, len(etfs))
	inputs := map[market.Symbol]ETFInput{}
	for i, e := range etfs {
		ss[i], inputs[e.Symbol] = in.series(e, assign[e.Symbol].By, rep)
	}
	rep.Table, err = scoring.ETFTiers(ss, o)
	if err != nil {
		return nil, sextant.Errorf(sextant.EINTERNAL, "ETF tiers: %v", err)
	}
	for _, r := range rep.Table.Rows {
		rep.Inputs = append(rep.Inputs, inputs[r.Symbol])
	}
	return rep, nil
}

// etfInputs are the aligned reads the ETF series are cut from: rows are
// the benchmark's trading days, the first one only a base for returns.
type etfInputs struct {
	dates          []time.Time
	betaVs         market.Symbol
	adj, px, amt   *market.Matrix
	shares, navs   map[market.Symbol][]float64
	indexReturns   []float64
	trackedReturns map[market.Symbol][]float64
}

func readETFInputs(ctx context.Context, d Data, s scope, etfs []market.Instrument, dates []time.Time) (*etfInputs, error) {
	in := &etfInputs{dates: dates, betaVs: s.Sector.IndexSymbol, trackedReturns: map[market.Symbol][]float64{}}
	syms := make([]market.Symbol, len(etfs))
	idx := []market.Symbol{s.Bench, s.Sector.IndexSymbol}
	for i, e := range etfs {
		syms[i] = e.Symbol
		idx = append(idx, e.Tracks)
	}
	idx = unique(idx)
	var err error
	if in.adj, err = readOn(ctx, d, unique(append(idx, syms...)), dates, market.FieldAdjClose); err != nil {
		return nil, err
	}
	if in.px, err = readOn(ctx, d, syms, dates, market.FieldClose); err != nil {
		return nil, err
	}
	if in.amt, err = readOn(ctx, d, syms, dates, market.FieldAmount); err != nil {
		return nil, err
	}
	rows, err := d.FundShares(ctx, syms, dates[0], dates[len(dates)-1])
	if err != nil {
		return nil, err
	}
	pos := dayRows(dates)
	in.shares, in.navs = map[market.Symbol][]float64{}, map[market.Symbol][]float64{}
	for _, r := range rows {
		i, ok := pos[market.DayOf(r.Date).Unix()]
		if !ok {
			continue
		}
		if in.shares[r.Symbol] == nil {
			in.shares[r.Symbol], in.navs[r.Symbol] = nanColumn(len(dates)), nanColumn(len(dates))
		}
		in.shares[r.Symbol][i], in.navs[r.Symbol][i] = r.Shares, r.NAV
	}
	for _, sym := range idx {
		if r := series.Returns(column(in.adj, sym)); series.Valid(r) > 0 {
			in.trackedReturns[sym] = r[1:]
		}
	}
	in.indexReturns = in.trackedReturns[s.Sector.IndexSymbol]
	if in.indexReturns == nil {
		in.betaVs, in.indexReturns = s.Bench, in.trackedReturns[s.Bench]
		if in.indexReturns == nil {
			in.indexReturns = nanColumn(len(dates) - 1)
		}
	}
	return in, nil
}

// series cuts one ETF's daily series and records what it was cut from;
// missing data become notes on rep.
func (in *etfInputs) series(e market.Instrument, by string, rep *ETFTiersReport) (scoring.ETFSeries, ETFInput) {
	n := len(in.dates) - 1
	cut := func(xs []float64) []float64 { return xs[1:] }
	ret := series.Returns(column(in.adj, e.Symbol))[1:]
	es := scoring.ETFSeries{
		Symbol: e.Symbol, Name: e.Name, Tracks: e.Tracks,
		Returns: ret, Benchmark: in.indexReturns,
		Amount: cut(column(in.amt, e.Symbol)), Close: cut(column(in.px, e.Symbol)),
		Shares: nanColumn(n),
	}
	if sh, ok := in.shares[e.Symbol]; ok {
		es.Shares, es.NAV = cut(sh), cut(in.navs[e.Symbol])
	}
	inp := ETFInput{
		Symbol: e.Symbol, Name: e.Name, Tracks: e.Tracks, By: by, BetaVs: in.betaVs, TrackedVs: in.betaVs,
		From: in.dates[1], To: in.dates[n], Days: n,
		ReturnDays: series.Valid(ret), AmountDays: series.Valid(es.Amount), ShareDays: series.Valid(es.Shares),
	}
	if es.NAV != nil {
		inp.NAVDays = series.Valid(es.NAV)
	}
	if e.Tracks != "" && e.Tracks != in.betaVs {
		if tr, ok := in.trackedReturns[e.Tracks]; ok {
			es.Tracked, inp.TrackedVs = tr, e.Tracks
		} else {
			rep.note("%s tracks %s, which has no bars in the window: tracking is measured against %s", e.Symbol, e.Tracks, in.betaVs)
		}
	}
	window := fmt.Sprintf("%s … %s", market.FormatDate(inp.From), market.FormatDate(inp.To))
	switch {
	case series.Valid(column(in.px, e.Symbol)) == 0:
		rep.note("%s: no bars in %s: no returns, liquidity or price, so it is on watch", e.Symbol, window)
	case inp.ReturnDays < rep.Options.MinObs:
		rep.note("%s: %d daily returns in %s, fewer than the %d beta and tracking need", e.Symbol, inp.ReturnDays, window, rep.Options.MinObs)
	}
	switch {
	case inp.ShareDays == 0:
		rep.note("%s: no units outstanding stored in %s: net creation and share change are unknown", e.Symbol, window)
	case inp.NAVDays == 0:
		rep.note("%s: no NAV stored in %s: creations are valued at the close", e.Symbol, window)
	}
	return es, inp
}
