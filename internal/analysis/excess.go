package analysis

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// DefaultExcessDays is the window of the excess path: 126 trading days (6M).
const DefaultExcessDays = 126

// ExcessPathRequest asks for the daily path of a sector's cumulative excess
// return over the benchmark, for a chart.
type ExcessPathRequest struct {
	Sector    string // code, index symbol, name or alias
	Taxonomy  string // narrows Sector; "" = any
	Benchmark string // "" = the first stored of DefaultBenchmarks
	AsOf      time.Time
	Days      int  // trading days back from the as-of day; 0 → DefaultExcessDays
	ETFs      bool // also the path of each of the sector's ETFs
}

// ExcessLine is one instrument's path on the dates of the ExcessPath:
// Cum[t] = P(t) / P(start) − 1 and Excess[t] = Cum[t] − the benchmark's
// Cum[t], P being the last valid adjusted close at or before the day (the
// performance engine's returns, so the last Excess is its excess over the
// window). NaN where there is no price.
type ExcessLine struct {
	Symbol market.Symbol
	Name   string
	Role   RelatedRole // RoleIndex or RoleETF
	Cum    []float64
	Excess []float64
}

// ExcessPath is the cumulative return of the sector index, of the
// benchmark and their difference on every trading day of the benchmark
// from Start (the base, where every path is 0) to AsOf.
type ExcessPath struct {
	AsOf      time.Time
	Start     time.Time
	Days      int // trading days from Start to AsOf (len(Dates) − 1)
	Sector    market.Sector
	Benchmark market.Symbol
	Dates     []time.Time
	BenchCum  []float64
	Index     ExcessLine
	ETFs      []ExcessLine // when asked, by symbol
	Demo      bool
	Notes     []string
}

func (p *ExcessPath) note(format string, args ...any) {
	p.Notes = append(p.Notes, fmt.Sprintf(format, args...))
}

// RunExcessPath computes the path over the last Days trading days of the
// benchmark up to the as-of day. With a shorter history the path starts on
// the first stored day and a note says so.
func RunExcessPath(ctx context.Context, d Data, req ExcessPathRequest) (*ExcessPath, error) {
	if req.Days < 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "excess path of %d days is negative", req.Days)
	}
	if req.Days == 0 {
		req.Days = DefaultExcessDays
	}
	s, err := resolveScope(ctx, d, req.Sector, req.Taxonomy, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	if err := s.needIndex(); err != nil {
		return nil, err
	}
	dates, err := s.days(ctx, d, req.Days+1)
	if err != nil {
		return nil, err
	}
	p := &ExcessPath{AsOf: s.AsOf, Sector: s.Sector, Benchmark: s.Bench, Demo: s.demo(ctx, d),
		Index: ExcessLine{Symbol: s.Sector.IndexSymbol, Name: s.Sector.Name, Role: RoleIndex}}
	syms := []market.Symbol{s.Bench, s.Sector.IndexSymbol}
	if req.ETFs {
		etfs, _, notes, err := sectorETFsAsOf(ctx, d, s)
		if err != nil {
			return nil, err
		}
		p.Notes = append(p.Notes, notes...)
		if len(etfs) == 0 {
			p.note("no ETF in the store tracks %s (%s) on %s", s.Sector.Code, s.Sector.Name, market.FormatDate(s.AsOf))
		}
		for _, e := range etfs {
			p.ETFs = append(p.ETFs, ExcessLine{Symbol: e.Symbol, Name: e.Name, Role: RoleETF})
			syms = append(syms, e.Symbol)
			p.Demo = p.Demo || e.Demo
		}
	}
	adj, err := readOn(ctx, d, unique(syms), dates, market.FieldAdjClose)
	if err != nil {
		return nil, err
	}
	end := len(dates) - 1
	start := end - req.Days
	if start < 0 {
		start = 0
		p.note("only %d trading days of %s up to %s: the path covers %d days, not %d", len(dates), s.Bench, market.FormatDate(s.AsOf), end, req.Days)
	}
	p.Dates, p.Start, p.Days = dates[start:], dates[start], end-start
	p.BenchCum = cumulative(column(adj, s.Bench), start)
	if series.Valid(p.BenchCum) == 0 {
		p.note("the benchmark %s has no adjusted close on or before %s: no excess", s.Bench, market.FormatDate(p.Start))
	}
	for _, l := range append([]*ExcessLine{&p.Index}, ptrs(p.ETFs)...) {
		l.Cum = cumulative(column(adj, l.Symbol), start)
		l.Excess = make([]float64, len(l.Cum))
		for i := range l.Cum {
			l.Excess[i] = l.Cum[i] - p.BenchCum[i]
		}
		if math.IsNaN(l.Cum[len(l.Cum)-1]) {
			p.note("%s (%s): no adjusted close on or before %s or on the window's days: its path is incomplete", l.Symbol, l.Role, market.FormatDate(p.Start))
		}
	}
	return p, nil
}

// cumulative is the return from row start to every later row, each end
// being the last valid value at or before it (series.ReturnBetween).
func cumulative(xs []float64, start int) []float64 {
	out := make([]float64, len(xs)-start)
	for i := range out {
		out[i] = series.ReturnBetween(xs, start, start+i)
	}
	return out
}

func ptrs(ls []ExcessLine) []*ExcessLine {
	out := make([]*ExcessLine, len(ls))
	for i := range ls {
		out[i] = &ls[i]
	}
	return out
}
