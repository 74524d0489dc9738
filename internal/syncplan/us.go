package syncplan

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/stooq"
	"github.com/sextant-ai/sextant/internal/source/yahoo"
)

// US is how a us preset reaches daily bars of global listings.
type US interface {
	Source() string
	Daily(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Bar, error)
}

// Yahoo reads the v8 chart API: bars as traded (split-adjusted) with
// AdjFactor = adjusted close / close.
type Yahoo struct{ Client *yahoo.Client }

// Source is "yahoo".
func (Yahoo) Source() string { return "yahoo" }

// Daily fetches sym's bars (TICKER.US → TICKER).
func (y Yahoo) Daily(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Bar, error) {
	res, err := y.Client.Daily(ctx, yahooTicker(sym), from, to)
	if err != nil {
		return nil, err
	}
	return res.Bars, nil
}

func yahooTicker(sym market.Symbol) string {
	switch sym.Venue() {
	case market.VenueUS:
		return sym.Code()
	case market.VenueSH:
		return sym.Code() + ".SS"
	}
	return sym.Code() + "." + sym.Venue()
}

// Stooq reads Stooq's CSV: adjusted prices, AdjFactor 1.
type Stooq struct{ Client *stooq.Client }

// Source is "stooq".
func (Stooq) Source() string { return "stooq" }

// Daily fetches sym's bars (TICKER.US → ticker.us).
func (s Stooq) Daily(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Bar, error) {
	res, err := s.Client.Daily(ctx, strings.ToLower(sym.Code()+"."+sym.Venue()), from, to)
	if err != nil {
		return nil, err
	}
	return res.Bars, nil
}

// usStages: the sector taxonomy of the tickers, then every ticker's bars.
func (p *Plan) usStages() []ingest.Stage {
	tax := p.Preset.Taxonomy
	if tax == "" {
		tax = "us-sectors"
	}
	classify := stage("sectors", func(ctx context.Context, _ *ingest.Runner) ([]ingest.Task, error) {
		return []ingest.Task{{Source: p.US.Source(), Dataset: market.DatasetSectors, Name: "taxonomy " + tax, Input: "preset " + p.Name,
			Fetch: func(ctx context.Context, _ ingest.Window) (*market.Batch, error) {
				b := &market.Batch{Taxonomies: []market.Taxonomy{{ID: tax, Name: "Sectors of preset " + p.Name, Levels: 1}}}
				var ins []market.Instrument
				for _, kv := range parsePairs(p.Preset.Tickers) {
					sym := market.Symbol(kv[0])
					b.Sectors = append(b.Sectors, market.Sector{Taxonomy: tax, Code: sym.Code(), Level: 1, Name: kv[1], NameEN: kv[1], IndexSymbol: sym})
					ins = append(ins, market.Instrument{Symbol: sym, Kind: market.KindETF, Name: sym.Code(), NameEN: kv[1], Currency: "USD", Theme: kv[1]})
				}
				for _, sym := range symbolsOf(p.Preset.Benchmarks) {
					ins = append(ins, market.Instrument{Symbol: sym, Kind: market.KindETF, Name: sym.Code(), Currency: "USD"})
				}
				var err error
				b.Instruments, err = p.newInstruments(ctx, ins)
				return b, err
			}}}, nil
	})
	bars := stage("bars", func(ctx context.Context, _ *ingest.Runner) ([]ingest.Task, error) {
		var tasks []ingest.Task
		syms := symbolsOf(p.Preset.Benchmarks)
		for _, kv := range parsePairs(p.Preset.Tickers) {
			syms = append(syms, market.Symbol(kv[0]))
		}
		for _, sym := range syms {
			tasks = append(tasks, ingest.Task{Source: p.US.Source(), Dataset: market.DatasetBars, Name: "bars " + string(sym),
				Input: p.US.Source() + " daily " + string(sym), Symbols: []market.Symbol{sym},
				Fetch: func(ctx context.Context, w ingest.Window) (*market.Batch, error) {
					got, err := p.US.Daily(ctx, sym, w.From, w.To)
					if err != nil || w.First || len(got) == 0 {
						return &market.Batch{Bars: got}, err
					}
					rebased, err := p.rebased(ctx, got)
					if err != nil || !rebased {
						return &market.Batch{Bars: got}, err
					}
					all, err := p.US.Daily(ctx, sym, p.Start, w.To)
					return &market.Batch{Bars: all}, err
				}})
		}
		return tasks, nil
	})
	return []ingest.Stage{classify, bars}
}

// rebased reports whether the source's adjusted closes of the overlap
// differ from the stored ones: a distribution since the last sync rebased
// the whole adjusted history, which must then be fetched again.
func (p *Plan) rebased(ctx context.Context, got []market.Bar) (bool, error) {
	stored, err := p.Store.Bars(ctx, got[0].Symbol, got[0].Date, got[len(got)-1].Date)
	if err != nil {
		return false, err
	}
	byDay := make(map[time.Time]float64, len(stored))
	for _, b := range stored {
		byDay[b.Date] = b.AdjClose()
	}
	for _, b := range got {
		if old, ok := byDay[b.Date]; ok && math.Abs(b.AdjClose()-old) > 1e-6*math.Abs(old) {
			return true, nil
		}
	}
	return false, nil
}
