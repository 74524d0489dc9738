package analysis

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// sustainData is what the sustainability assessment reads for the sector
// and its peers, aligned on the benchmark's trading days (oldest first, up
// to the as-of date). Each dataset is read once for all symbols.
type sustainData struct {
	dates   []time.Time
	bench   []float64      // benchmark adjusted closes
	idx     *market.Matrix // benchmark and peer index adjusted closes
	idxAmt  *market.Matrix // benchmark and peer index amounts (crowding without members)
	stocks  []market.Symbol
	px, amt *market.Matrix                 // every stock: adjusted closes and amounts (the market)
	members map[string][]market.Membership // peer code → its membership history
	margin  *flows.SectorFlows             // members' margin net purchases per peer; nil without data
	main    *flows.SectorFlows             // members' main-force flows (read only as the flow-sign fallback)
	etf     *flows.SectorFlows             // themed-ETF net creations per peer; nil without data
	etfs    map[string][]market.Symbol     // peer code → the ETFs mapped to it
	indexPE map[market.Symbol][]float64    // peer index PE TTM (the index's own valuation rows)
	rot     *rotation.RotationTable        // weekly relative rotation of every peer (default parameters)
	total   []float64                      // the market's daily amount (all stocks)
	amounts map[string][]float64           // peer code → its members' daily amount
	demo    bool

	// Background work, started by loadSustain: the margin read, and each
	// peer's daily breadth over the whole history for the audit.
	stop        func() // cancels and waits for the background work
	marginDone  chan struct{}
	marginPanel *flows.MarginPanel
	marginRows  int // margin rows in the date range (0 = no margin data)
	marginErr   error
	breadthDone chan struct{}
	breadth     []map[int]rotation.BreadthPoint // per peer, on the audit's rows (nil without members)
	breadthErr  error
}

// rotationRow returns the rotation row of an index symbol, or nil.
func (sd *sustainData) rotationRow(sym market.Symbol) *rotation.RotationRow {
	for i := range sd.rot.Rows {
		if sd.rot.Rows[i].Symbol == sym {
			return &sd.rot.Rows[i]
		}
	}
	return nil
}

// marketAmount is the daily amount summed over every stock.
func (sd *sustainData) marketAmount() []float64 {
	if sd.total == nil {
		sd.total = rotation.MemberSum(sd.amt, nil)
	}
	return sd.total
}

// sectorAmount is the daily amount summed over a peer's point-in-time members.
func (sd *sustainData) sectorAmount(code string) []float64 {
	if a, ok := sd.amounts[code]; ok {
		return a
	}
	if sd.amounts == nil {
		sd.amounts = map[string][]float64{}
	}
	a := rotation.MemberSum(sd.amt, sd.members[code])
	sd.amounts[code] = a
	return a
}

// loadSustain reads the sector's and its peers' data. The slowest reads,
// every stock's closes, amounts and margin over the whole history, are
// columnar (SeriesMatrix) and run concurrently with the memberships, the
// ETFs and the valuations. The margin read and, once the closes are in,
// the peers' breadth histories continue in the background: finish and
// audit wait for them (the current readings need neither). The caller
// calls sd.stop when done.
func loadSustain(ctx context.Context, d Data, rep *SustainReport) (*sustainData, error) {
	sd := &sustainData{members: map[string][]market.Membership{}, etfs: map[string][]market.Symbol{},
		marginDone: make(chan struct{}), breadthDone: make(chan struct{})}
	if err := sd.loadIndices(ctx, d, rep); err != nil {
		return nil, err
	}
	stocks, err := d.Instruments(ctx, market.InstrumentFilter{Kinds: []market.Kind{market.KindStock}})
	if err != nil {
		return nil, err
	}
	for _, s := range stocks {
		sd.stocks = append(sd.stocks, s.Symbol)
	}
	ctx, cancel := context.WithCancel(ctx)
	var bg sync.WaitGroup
	sd.stop = func() {
		cancel()
		bg.Wait()
	}
	bg.Go(func() {
		defer close(sd.marginDone)
		sd.marginPanel, sd.marginRows, sd.marginErr = readMarginPanel(ctx, d, sd.stocks, sd.dates)
	})
	if err := sd.loadRest(ctx, d, rep); err != nil {
		sd.stop()
		return nil, err
	}
	bg.Go(func() {
		defer close(sd.breadthDone)
		sd.breadth, sd.breadthErr = sd.peerBreadths(rep, sd.auditRows(rep.AsOf))
	})
	return sd, nil
}

// peerBreadths computes every peer's daily breadth on the given rows (the
// whole-history values on those rows), two peers at a time; the error is
// the first peer's in peer order.
func (sd *sustainData) peerBreadths(rep *SustainReport, rows []int) ([]map[int]rotation.BreadthPoint, error) {
	out := make([]map[int]rotation.BreadthPoint, len(rep.Peers))
	errs := make([]error, len(rep.Peers))
	var g errgroup.Group
	g.SetLimit(2)
	bp := rotation.DefaultBreadthParams()
	for k, p := range rep.Peers {
		ms := sd.members[p.Code]
		if len(ms) == 0 {
			continue
		}
		g.Go(func() error {
			pts, err := rotation.BreadthRows(sd.px, ms, sd.bench, rows, bp)
			if err != nil {
				errs[k] = sextant.Errorf(sextant.EINVALID, "breadth of %s: %v", p.Code, err)
				return nil
			}
			out[k] = make(map[int]rotation.BreadthPoint, len(rows))
			for j, r := range rows {
				out[k][r] = pts[j]
			}
			return nil
		})
	}
	_ = g.Wait() // the goroutines report through errs
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// finish waits for the margin rows and aggregates them per peer; without
// margin data it reads main-force flows as the flow-sign fallback.
func (sd *sustainData) finish(ctx context.Context, d Data, rep *SustainReport) error {
	<-sd.marginDone
	if sd.marginErr != nil {
		return sd.marginErr
	}
	var all []market.Membership
	for _, p := range rep.Peers {
		all = append(all, sd.members[p.Code]...)
	}
	var err error
	if sd.marginRows > 0 {
		panel := sd.marginPanel
		sd.marginPanel = nil
		if sd.margin, _, err = flows.SectorMargin(panel, all, flows.DefaultParams()); err != nil {
			return sextant.Errorf(sextant.EINVALID, "margin flows: %v", err)
		}
		return nil
	}
	panel, rows, err := readFlowPanel(ctx, d, sd.stocks, sd.dates)
	if err != nil {
		return err
	}
	if rows > 0 {
		if sd.main, err = flows.SectorMainFlows(panel, all, flows.DefaultParams()); err != nil {
			return sextant.Errorf(sextant.EINVALID, "main-force flows: %v", err)
		}
	}
	return nil
}

// loadIndices reads the benchmark's and the peer indices' adjusted closes;
// the benchmark's trading days up to the as-of date become the rows.
func (sd *sustainData) loadIndices(ctx context.Context, d Data, rep *SustainReport) error {
	syms := []market.Symbol{rep.Benchmark}
	for _, p := range rep.Peers {
		if p.IndexSymbol != rep.Benchmark {
			syms = append(syms, p.IndexSymbol)
		}
	}
	m, err := d.BarMatrix(ctx, syms, time.Time{}, rep.AsOf, market.FieldAdjClose)
	if err != nil {
		return err
	}
	for i, v := range m.Values[0] {
		if v == v { // not NaN: the benchmark traded
			sd.dates = append(sd.dates, m.Dates[i])
		}
	}
	if len(sd.dates) == 0 {
		return sextant.Errorf(sextant.ENOTFOUND, "no bars for %s on or before %s", rep.Benchmark, market.FormatDate(rep.AsOf))
	}
	sd.idx = onDates(m, sd.dates)
	sd.bench = sd.idx.Values[0]
	amt, err := d.BarMatrix(ctx, syms, time.Time{}, rep.AsOf, market.FieldAmount)
	if err != nil {
		return err
	}
	sd.idxAmt = onDates(amt, sd.dates)
	if sd.rot, err = rotation.Rotation(sd.idx, rep.Benchmark, rep.AsOf, rotation.DefaultRotationParams()); err != nil {
		return sextant.Errorf(sextant.EINVALID, "rotation: %v", err)
	}
	for _, s := range []market.Symbol{rep.Sector.IndexSymbol, rep.Benchmark} {
		if ins, err := d.Instrument(ctx, s); err == nil && ins.Demo {
			sd.demo = true
		}
	}
	return nil
}

// loadRest reads, concurrently, memberships, the stocks' closes and
// amounts, the themed ETFs' creations and the peer indices' valuations.
func (sd *sustainData) loadRest(ctx context.Context, d Data, rep *SustainReport) error {
	g, ctx := errgroup.WithContext(ctx)
	members := make([][]market.Membership, len(rep.Peers))
	g.Go(func() error {
		for k, p := range rep.Peers {
			ms, err := d.MembershipHistory(ctx, p.Taxonomy, p.Code)
			if err != nil {
				return err
			}
			members[k] = ms
		}
		return nil
	})
	g.Go(func() error {
		bars, err := d.SeriesMatrix(ctx, market.DatasetBars, []market.SeriesField{market.SeriesField(market.FieldAdjClose), market.SeriesField(market.FieldAmount)}, sd.stocks, sd.dates)
		if err != nil {
			return err
		}
		sd.px, sd.amt = bars.Values[0], bars.Values[1]
		return nil
	})
	g.Go(func() error { return sd.loadETFs(ctx, d, rep) })
	g.Go(func() error {
		syms := make([]market.Symbol, len(rep.Peers))
		for i, p := range rep.Peers {
			syms[i] = p.IndexSymbol
		}
		pe, err := d.SeriesMatrix(ctx, market.DatasetValuation, []market.SeriesField{market.FieldPETTM}, syms, sd.dates)
		if err != nil {
			return err
		}
		sd.indexPE = map[market.Symbol][]float64{}
		for j, s := range pe.Symbols {
			if pe.Rows[j] > 0 {
				sd.indexPE[s] = pe.Values[0].Values[j]
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return err
	}
	for k, p := range rep.Peers {
		sd.members[p.Code] = members[k]
	}
	return nil
}

// loadETFs computes the net creations of the ETFs mapped to the peers.
func (sd *sustainData) loadETFs(ctx context.Context, d Data, rep *SustainReport) error {
	all, err := d.Instruments(ctx, market.InstrumentFilter{Kinds: []market.Kind{market.KindETF}})
	if err != nil {
		return err
	}
	assign := flows.MapETFs(all, rep.Peers)
	var syms []market.Symbol
	for _, e := range all {
		if a, ok := assign[e.Symbol]; ok {
			syms = append(syms, e.Symbol)
			sd.etfs[a.Sector.Code] = append(sd.etfs[a.Sector.Code], e.Symbol)
		}
	}
	if len(syms) == 0 {
		return nil
	}
	shares, err := d.SeriesMatrix(ctx, market.DatasetShares, []market.SeriesField{market.FieldShares, market.FieldNAV}, sortedSymbols(syms), sd.dates)
	if err != nil {
		return err
	}
	cols, rows := observed(shares, nil)
	if rows == 0 {
		return nil
	}
	panel := &flows.ETFPanel{Dates: sd.dates, Symbols: pickSymbols(shares, cols), Shares: pickColumns(shares, 0, cols), NAV: pickColumns(shares, 1, cols)}
	closes, err := d.SeriesMatrix(ctx, market.DatasetBars, []market.SeriesField{market.SeriesField(market.FieldClose)}, panel.Symbols, sd.dates)
	if err != nil {
		return err
	}
	panel.Close = closes.Values[0].Values
	ef, err := flows.ETFCreations(panel, flows.DefaultParams())
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "ETF creations: %v", err)
	}
	sd.etf = flows.SectorCreations(ef, assign)
	return nil
}

// sectorSeries returns the flow series of a peer in f, or nil.
func sectorSeries(f *flows.SectorFlows, sec market.Sector) *flows.Series {
	if f == nil {
		return nil
	}
	if s := f.Sector(flows.SectorKey{Taxonomy: sec.Taxonomy, Code: sec.Code}); s != nil {
		return &s.Series
	}
	return nil
}

// window20 returns the 20-day window of a flow series, or nil.
func window20(s *flows.Series) *flows.Window {
	if s == nil {
		return nil
	}
	for i := range s.Windows {
		if s.Windows[i].Days == 20 {
			return &s.Windows[i]
		}
	}
	return nil
}

// onDates places m's rows on dates (NaN where m has no row); m itself when
// its rows already are dates.
func onDates(m *market.Matrix, dates []time.Time) *market.Matrix {
	if sameDates(m.Dates, dates) {
		return m
	}
	pos := dayRows(dates)
	out := market.NewMatrix(dates, m.Symbols)
	for i, d := range m.Dates {
		k, ok := pos[d.Unix()]
		if !ok {
			continue
		}
		for j := range m.Symbols {
			out.Values[j][k] = m.Values[j][i]
		}
	}
	return out
}

func sameDates(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

func dayRows(dates []time.Time) map[int64]int {
	pos := make(map[int64]int, len(dates))
	for i, d := range dates {
		pos[d.Unix()] = i
	}
	return pos
}

func nanColumn(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = nan
	}
	return xs
}
