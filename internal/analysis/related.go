package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/series"
)

// DefaultLeaders is how many leading constituents the related-instruments
// table lists when the request does not say.
const DefaultLeaders = 5

// RelatedRole is what an instrument is to the sector in the
// related-instruments table.
type RelatedRole string

// Related roles, in table order.
const (
	RoleIndex  RelatedRole = "index"
	RoleETF    RelatedRole = "etf"
	RoleLeader RelatedRole = "leader"
)

func (r RelatedRole) order() int {
	return slices.Index([]RelatedRole{RoleIndex, RoleETF, RoleLeader}, r)
}

// Leader bases: what leading constituents are ranked by, the first one the
// members have data for.
const (
	ByFloatMV  = "float_mv"   // latest free-float market cap (valuations)
	ByTotalMV  = "total_mv"   // latest total market cap (valuations)
	ByWeight   = "weight"     // index weight of the membership
	ByAmount20 = "amount_20d" // traded amount over the last 20 trading days
)

// relatedWindows are the change windows of the table.
var relatedWindows = []rotation.Window{{Name: "1d", Days: 1}, {Name: "1m", Days: 21}}

// capDays is how far back the latest market cap may be (calendar days).
const capDays = 31

// RelatedRequest asks for the related-instruments table of a sector.
type RelatedRequest struct {
	Sector    string // code, index symbol, name or alias
	Taxonomy  string // narrows Sector; "" = any
	Benchmark string // its trading days are the rows; "" = the first stored of DefaultBenchmarks
	AsOf      time.Time
	Leaders   int // leading constituents listed; 0 → DefaultLeaders
}

// RelatedRow is one instrument of the table. Close is the last unadjusted
// close on or before the as-of day (CloseDate); the changes are returns of
// adjusted closes over 1 and 21 trading days of the benchmark (the
// performance engine's 1D and 1M, last valid close at or before each end);
// Amount20 is the traded amount summed over the last 20 trading days on
// the AmountDays of them with a bar. NaN = no data.
type RelatedRow struct {
	Symbol     market.Symbol
	Name       string
	NameEN     string
	Role       RelatedRole
	Close      float64
	CloseDate  time.Time
	Change1D   float64
	Change1M   float64
	Amount20   float64
	AmountDays int
	// Leaders only: the value they were ranked by (the report's LeaderBy),
	// the day it was read on (zero for an index weight) and the rank.
	Size     float64
	SizeDate time.Time
	Rank     int
}

// RelatedReport is the related-instruments table of DESIGN §1: the sector
// index, its ETFs (by 20-day amount) and its leading constituents (by
// LeaderBy), as of a trading day.
type RelatedReport struct {
	AsOf      time.Time
	From      time.Time // first trading day read (1M needs 21 trading days before AsOf)
	Sector    market.Sector
	Benchmark market.Symbol
	Rows      []RelatedRow
	Members   int    // the sector's members on AsOf
	LeaderBy  string // ByFloatMV, ByTotalMV, ByWeight or ByAmount20; "" without members
	Demo      bool
	Notes     []string
}

// Row returns the row of sym.
func (r *RelatedReport) Row(sym market.Symbol) (RelatedRow, bool) {
	for _, row := range r.Rows {
		if row.Symbol == sym {
			return row, true
		}
	}
	return RelatedRow{}, false
}

func (r *RelatedReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// RunRelated builds the related-instruments table. Leaders are the top
// members on the as-of day by the latest free-float market cap within 31
// days, else the total market cap, else the index weight, else the 20-day
// amount — the first basis any member has; members without it are not
// ranked.
func RunRelated(ctx context.Context, d Data, req RelatedRequest) (*RelatedReport, error) {
	if req.Leaders < 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "%d leaders is negative", req.Leaders)
	}
	if req.Leaders == 0 {
		req.Leaders = DefaultLeaders
	}
	s, err := resolveScope(ctx, d, req.Sector, req.Taxonomy, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	if err := s.needIndex(); err != nil {
		return nil, err
	}
	dates, err := s.days(ctx, d, 22)
	if err != nil {
		return nil, err
	}
	rep := &RelatedReport{AsOf: s.AsOf, From: dates[0], Sector: s.Sector, Benchmark: s.Bench, Demo: s.demo(ctx, d)}
	etfs, _, notes, err := sectorETFsAsOf(ctx, d, s)
	if err != nil {
		return nil, err
	}
	rep.Notes = append(rep.Notes, notes...)
	ms, err := d.Members(ctx, s.Sector.Taxonomy, s.Sector.Code, s.AsOf)
	if err != nil {
		return nil, err
	}
	rep.Members = len(ms)
	rows := []RelatedRow{{Symbol: s.Sector.IndexSymbol, Role: RoleIndex, Name: s.Sector.Name, NameEN: s.Sector.NameEN}}
	for _, e := range etfs {
		rows = append(rows, RelatedRow{Symbol: e.Symbol, Role: RoleETF, Name: e.Name, NameEN: e.NameEN})
	}
	leaders, err := rep.leaders(ctx, d, ms, dates, req.Leaders)
	if err != nil {
		return nil, err
	}
	rows = append(rows, leaders...)
	if err := rep.fill(ctx, d, rows, dates); err != nil {
		return nil, err
	}
	return rep, nil
}

// leaders ranks the members and returns the top n rows (names are filled
// later).
func (rep *RelatedReport) leaders(ctx context.Context, d Data, ms []market.Membership, dates []time.Time, n int) ([]RelatedRow, error) {
	if len(ms) == 0 {
		rep.note("%s (%s) has no members on %s: no leading constituents", rep.Sector.Code, rep.Sector.Name, market.FormatDate(rep.AsOf))
		return nil, nil
	}
	syms := make([]market.Symbol, len(ms))
	for i, m := range ms {
		syms[i] = m.Symbol
	}
	sizes, err := rep.sizes(ctx, d, ms, syms, dates)
	if err != nil {
		return nil, err
	}
	var ranked []RelatedRow
	for _, sym := range syms {
		if sz, ok := sizes[sym]; ok {
			ranked = append(ranked, RelatedRow{Symbol: sym, Role: RoleLeader, Size: sz.value, SizeDate: sz.date})
		}
	}
	slices.SortFunc(ranked, func(a, b RelatedRow) int {
		if c := cmp.Compare(b.Size, a.Size); c != 0 {
			return c
		}
		return cmp.Compare(a.Symbol, b.Symbol)
	})
	ranked = ranked[:min(n, len(ranked))]
	for i := range ranked {
		ranked[i].Rank = i + 1
	}
	if len(ranked) < len(ms) && len(ranked) < n {
		rep.note("only %d of %d members have a %s: %d leaders listed", len(ranked), len(ms), rep.LeaderBy, len(ranked))
	}
	return ranked, nil
}

type size struct {
	value float64
	date  time.Time
}

// sizes are the members' values of the first basis any member has, and
// sets rep.LeaderBy.
func (rep *RelatedReport) sizes(ctx context.Context, d Data, ms []market.Membership, syms []market.Symbol, dates []time.Time) (map[market.Symbol]size, error) {
	vals, err := d.Valuations(ctx, syms, rep.AsOf.AddDate(0, 0, -capDays), rep.AsOf)
	if err != nil {
		return nil, err
	}
	for _, basis := range []string{ByFloatMV, ByTotalMV} {
		out := map[market.Symbol]size{}
		for _, v := range vals { // sorted by symbol, then date: the last one wins
			x := v.FloatMV
			if basis == ByTotalMV {
				x = v.TotalMV
			}
			if x > 0 && !v.Date.After(rep.AsOf) {
				out[v.Symbol] = size{x, v.Date}
			}
		}
		if len(out) > 0 {
			rep.LeaderBy = basis
			return out, nil
		}
	}
	out := map[market.Symbol]size{}
	for _, m := range ms {
		if m.Weight > 0 {
			out[m.Symbol] = size{value: m.Weight}
		}
	}
	rep.note("no market caps of the members in the %d days to %s", capDays, market.FormatDate(rep.AsOf))
	if len(out) > 0 {
		rep.LeaderBy = ByWeight
		return out, nil
	}
	rep.LeaderBy = ByAmount20
	amt, err := readOn(ctx, d, syms, dates, market.FieldAmount)
	if err != nil {
		return nil, err
	}
	for _, sym := range syms {
		if sum, days := amount20(column(amt, sym)); days > 0 {
			out[sym] = size{sum, rep.AsOf}
		}
	}
	rep.note("no index weights either: leaders are ranked by their 20-day traded amount")
	return out, nil
}

// fill reads names, closes, changes and amounts for rows and sets
// rep.Rows.
func (rep *RelatedReport) fill(ctx context.Context, d Data, rows []RelatedRow, dates []time.Time) error {
	syms := make([]market.Symbol, len(rows))
	for i, r := range rows {
		syms[i] = r.Symbol
	}
	ins, err := d.Instruments(ctx, market.InstrumentFilter{Symbols: syms})
	if err != nil {
		return err
	}
	for _, in := range ins {
		i := slices.Index(syms, in.Symbol)
		rows[i].Name, rows[i].NameEN = cmp.Or(rows[i].Name, in.Name), cmp.Or(rows[i].NameEN, in.NameEN)
		rep.Demo = rep.Demo || in.Demo
	}
	all := unique(append([]market.Symbol{rep.Benchmark}, syms...))
	adj, err := readOn(ctx, d, all, dates, market.FieldAdjClose)
	if err != nil {
		return err
	}
	px, err := readOn(ctx, d, syms, dates, market.FieldClose)
	if err != nil {
		return err
	}
	amt, err := readOn(ctx, d, syms, dates, market.FieldAmount)
	if err != nil {
		return err
	}
	perf, err := rotation.Performance(adj, rep.Benchmark, rep.AsOf, relatedWindows)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "related instruments: %v", err)
	}
	for i := range rows {
		r := &rows[i]
		r.Change1D, r.Change1M = math.NaN(), math.NaN()
		if r.Role != RoleLeader {
			r.Size = math.NaN()
		}
		if k := slices.IndexFunc(perf.Rows, func(p rotation.PerfRow) bool { return p.Symbol == r.Symbol }); k >= 0 {
			r.Change1D, r.Change1M = perf.Rows[k].Returns["1d"], perf.Rows[k].Returns["1m"]
		}
		col := column(px, r.Symbol)
		r.Close = math.NaN()
		if j := series.LastValid(col, len(col)-1); j >= 0 {
			r.Close, r.CloseDate = col[j], dates[j]
		}
		r.Amount20, r.AmountDays = amount20(column(amt, r.Symbol))
		if r.AmountDays == 0 {
			rep.note("%s (%s): no bars from %s to %s", r.Symbol, r.Role, market.FormatDate(dates[0]), market.FormatDate(rep.AsOf))
		}
	}
	if len(dates) < 22 {
		rep.note("only %d trading days of %s up to %s: the 1M change needs 22", len(dates), rep.Benchmark, market.FormatDate(rep.AsOf))
	}
	slices.SortStableFunc(rows, func(a, b RelatedRow) int {
		if c := cmp.Compare(a.Role.order(), b.Role.order()); c != 0 || a.Role != RoleETF {
			return c // leaders keep their rank order
		}
		if c := series.CompareDesc(a.Amount20, b.Amount20); c != 0 {
			return c
		}
		return cmp.Compare(a.Symbol, b.Symbol)
	})
	rep.Rows = rows
	return nil
}

// amount20 sums the last 20 values of xs that are known, and counts them.
func amount20(xs []float64) (float64, int) {
	sum, n := 0.0, 0
	for _, x := range xs[max(0, len(xs)-20):] {
		if !math.IsNaN(x) {
			sum += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return sum, n
}
