package syncplan

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/eastmoney"
	"github.com/sextant-ai/sextant/internal/source/sse"
	"github.com/sextant-ai/sextant/internal/source/sws"
	"github.com/sextant-ai/sextant/internal/source/szse"
)

// Direct reaches the A-share datasets at their publishers: Eastmoney
// (bars, boards, flows, the ETF list), Shenwan (classification and index
// history) and the two exchanges (ETF units, margin).
type Direct struct {
	EM   *eastmoney.Client
	SW   *sws.Client
	SSE  *sse.Client
	SZSE *szse.Client
}

var _ CN = (*Direct)(nil)

// Source names the publisher of each kind of data; per-day disclosures
// ("shares:SH", "margin:SZ") are the exchange's.
func (d *Direct) Source(kind string) string {
	switch {
	case kind == "sw":
		return "sws"
	case strings.HasSuffix(kind, ":"+market.VenueSH):
		return "sse"
	case strings.HasSuffix(kind, ":"+market.VenueSZ):
		return "szse"
	case kind == "margin":
		return "eastmoney"
	}
	return "eastmoney"
}

// SharesHistory: both exchanges publish units outstanding by day.
func (d *Direct) SharesHistory(string) bool { return true }

// SWIndices lists the Shenwan indices of a level.
func (d *Direct) SWIndices(ctx context.Context, level int) ([]Named, error) {
	idx, err := d.SW.Indices(ctx, level)
	if err != nil {
		return nil, err
	}
	out := make([]Named, len(idx))
	for i, x := range idx {
		out[i] = Named{Symbol: x.Symbol, Code: x.Code, Name: x.Name}
	}
	return out, nil
}

// SWComponents lists an index's constituents with their inclusion dates.
func (d *Direct) SWComponents(ctx context.Context, code string) ([]Constituent, error) {
	cs, err := d.SW.Components(ctx, code)
	if err != nil {
		return nil, err
	}
	out := make([]Constituent, len(cs))
	for i, c := range cs {
		w := c.Weight
		if math.IsNaN(w) {
			w = 0
		}
		out[i] = Constituent{Member: ingest.Member{Symbol: c.Symbol, Since: c.Since, Weight: w}, Name: c.Name}
	}
	return out, nil
}

// SWHistory reads an index's daily bars.
func (d *Direct) SWHistory(ctx context.Context, code string, from, to time.Time) ([]market.Bar, error) {
	return d.SW.History(ctx, code, from, to)
}

// Bars reads unadjusted klines and, for stocks and funds, back-adjusted
// ones for the factors.
func (d *Direct) Bars(ctx context.Context, in market.Instrument, from, to time.Time) ([]market.Bar, error) {
	raw, err := d.EM.Klines(ctx, in.Symbol, eastmoney.AdjustNone, from, to)
	if err != nil || in.Kind == market.KindIndex || in.Kind == market.KindSector || len(raw) == 0 {
		return raw, err
	}
	adj, err := d.EM.Klines(ctx, in.Symbol, eastmoney.AdjustBackward, from, to)
	if err != nil {
		return nil, err
	}
	return withFactors(raw, adj), nil
}

// MarginByStock: Eastmoney's data center serves each stock's history.
func (d *Direct) MarginByStock() bool { return true }

// MarginHistory reads one stock's margin history (Eastmoney data center).
func (d *Direct) MarginHistory(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Margin, error) {
	return d.EM.MarginHistory(ctx, sym, from, to)
}

// Boards lists the Eastmoney industry boards.
func (d *Direct) Boards(ctx context.Context) ([]Named, error) {
	ls, err := d.EM.Boards(ctx, eastmoney.BoardIndustry)
	return named(ls), err
}

// BoardMembers lists a board's constituents.
func (d *Direct) BoardMembers(ctx context.Context, board Named) ([]Constituent, error) {
	ls, err := d.EM.BoardMembers(ctx, board.Symbol)
	if err != nil {
		return nil, err
	}
	out := make([]Constituent, len(ls))
	for i, l := range ls {
		out[i] = Constituent{Member: ingest.Member{Symbol: l.Symbol}, Name: l.Name}
	}
	return out, nil
}

// BoardBars reads a board's daily bars.
func (d *Direct) BoardBars(ctx context.Context, board Named, from, to time.Time) ([]market.Bar, error) {
	return d.EM.Klines(ctx, board.Symbol, eastmoney.AdjustNone, from, to)
}

// Flows reads the daily main-force flows of a stock or board.
func (d *Direct) Flows(ctx context.Context, sym market.Symbol, _ *Named, from, to time.Time) ([]market.CapitalFlow, error) {
	return d.EM.Flows(ctx, sym, from, to)
}

// ETFs lists the exchange-traded funds.
func (d *Direct) ETFs(ctx context.Context) ([]Named, error) {
	ls, err := d.EM.ETFs(ctx)
	return named(ls), err
}

// ETFShares reads an exchange's ETF units outstanding on a day.
func (d *Direct) ETFShares(ctx context.Context, exchange string, day time.Time) ([]market.FundShares, error) {
	var out []market.FundShares
	switch exchange {
	case market.VenueSH:
		rows, err := d.SSE.ETFShares(ctx, day)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, r.FundShares)
		}
	case market.VenueSZ:
		rows, err := d.SZSE.ETFShares(ctx, day)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, r.FundShares)
		}
	default:
		return nil, fmt.Errorf("no exchange %q", exchange)
	}
	return out, nil
}

// MarginDetail reads an exchange's per-stock margin disclosure of a day.
func (d *Direct) MarginDetail(ctx context.Context, exchange string, day time.Time) ([]market.Margin, error) {
	if exchange == market.VenueSH {
		return d.SSE.MarginDetail(ctx, day)
	}
	return d.SZSE.MarginDetail(ctx, day)
}

// MarginTotal reads an exchange's market margin total of a day.
func (d *Direct) MarginTotal(ctx context.Context, exchange string, day time.Time) ([]market.Margin, error) {
	if exchange == market.VenueSH {
		return d.SSE.MarginTotal(ctx, day, day)
	}
	return d.SZSE.MarginTotal(ctx, day)
}

func named(ls []eastmoney.Listing) []Named {
	out := make([]Named, len(ls))
	for i, l := range ls {
		out[i] = Named{Symbol: l.Symbol, Code: l.Symbol.Code(), Name: l.Name}
	}
	return out
}
