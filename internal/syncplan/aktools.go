package syncplan

import (
	"context"
	"time"

	"github.com/sextant-ai/sextant"

	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/aktools"
)

// AKTools reaches every A-share dataset through a local AKTools server
// (AKShare's catalogue over HTTP): the alternative route of
// [sync] route = "aktools".
type AKTools struct{ Client *aktools.Client }

var _ CN = (*AKTools)(nil)

// Source is "aktools" for every dataset.
func (*AKTools) Source(string) string { return "aktools" }

// SharesHistory: AKShare's fund_etf_scale_szse answers only the current
// units, so Shenzhen ETF units are fetched for the latest day only.
func (*AKTools) SharesHistory(exchange string) bool { return exchange != market.VenueSZ }

// MarginByStock: the route reads member margin from the exchanges' detail.
func (*AKTools) MarginByStock() bool { return false }

// MarginHistory is not offered by this route.
func (*AKTools) MarginHistory(context.Context, market.Symbol, time.Time, time.Time) ([]market.Margin, error) {
	return nil, sextant.Errorf(sextant.EINVALID, "aktools: per-stock margin history is not on this route")
}

// SWIndices lists the Shenwan indices of a level.
func (a *AKTools) SWIndices(ctx context.Context, level int) ([]Named, error) {
	secs, err := a.Client.SWIndices(ctx, level)
	if err != nil {
		return nil, err
	}
	out := make([]Named, len(secs))
	for i, s := range secs {
		out[i] = Named{Symbol: s.IndexSymbol, Code: s.Code, Name: s.Name}
	}
	return out, nil
}

// SWComponents lists an index's constituents with their inclusion dates.
func (a *AKTools) SWComponents(ctx context.Context, code string) ([]Constituent, error) {
	ms, err := a.Client.SWComponents(ctx, code)
	if err != nil {
		return nil, err
	}
	out := make([]Constituent, len(ms))
	for i, m := range ms {
		out[i] = Constituent{Member: ingest.Member{Symbol: m.Symbol, Since: m.From, Weight: m.Weight}, Name: m.Symbol.Code()}
	}
	return out, nil
}

// SWHistory reads an index's daily bars.
func (a *AKTools) SWHistory(ctx context.Context, code string, from, to time.Time) ([]market.Bar, error) {
	return a.Client.SWIndexBars(ctx, code, from, to)
}

// Bars reads unadjusted bars and back-adjusted ones for the factors.
func (a *AKTools) Bars(ctx context.Context, in market.Instrument, from, to time.Time) ([]market.Bar, error) {
	switch in.Kind {
	case market.KindIndex, market.KindSector:
		return a.Client.IndexBars(ctx, in.Symbol, from, to)
	case market.KindETF, market.KindFund:
		raw, err := a.Client.ETFBars(ctx, in.Symbol, "", from, to)
		if err != nil || len(raw) == 0 {
			return raw, err
		}
		adj, err := a.Client.ETFBars(ctx, in.Symbol, "hfq", from, to)
		return withFactors(raw, adj), err
	}
	raw, err := a.Client.StockBars(ctx, in.Symbol, "", from, to)
	if err != nil || len(raw) == 0 {
		return raw, err
	}
	adj, err := a.Client.StockBars(ctx, in.Symbol, "hfq", from, to)
	return withFactors(raw, adj), err
}

// Boards lists the Eastmoney industry boards.
func (a *AKTools) Boards(ctx context.Context) ([]Named, error) {
	secs, err := a.Client.Boards(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Named, len(secs))
	for i, s := range secs {
		out[i] = Named{Symbol: s.IndexSymbol, Code: s.Code, Name: s.Name}
	}
	return out, nil
}

// BoardMembers lists a board's constituents (AKShare asks by name).
func (a *AKTools) BoardMembers(ctx context.Context, board Named) ([]Constituent, error) {
	ins, err := a.Client.BoardMembers(ctx, board.Name)
	if err != nil {
		return nil, err
	}
	out := make([]Constituent, len(ins))
	for i, in := range ins {
		out[i] = Constituent{Member: ingest.Member{Symbol: in.Symbol}, Name: in.Name}
	}
	return out, nil
}

// BoardBars reads a board's daily bars.
func (a *AKTools) BoardBars(ctx context.Context, board Named, from, to time.Time) ([]market.Bar, error) {
	return a.Client.BoardBars(ctx, board.Name, board.Symbol, from, to)
}

// Flows reads a stock's or a board's daily main-force flows.
func (a *AKTools) Flows(ctx context.Context, sym market.Symbol, board *Named, from, to time.Time) ([]market.CapitalFlow, error) {
	if board != nil {
		return a.Client.BoardFlows(ctx, board.Name, sym, from, to)
	}
	return a.Client.StockFlows(ctx, sym, from, to)
}

// ETFs lists the exchange-traded funds.
func (a *AKTools) ETFs(ctx context.Context) ([]Named, error) {
	ins, err := a.Client.ETFs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Named, len(ins))
	for i, in := range ins {
		out[i] = Named{Symbol: in.Symbol, Code: in.Symbol.Code(), Name: in.Name}
	}
	return out, nil
}

// ETFShares reads an exchange's ETF units of a day.
func (a *AKTools) ETFShares(ctx context.Context, exchange string, day time.Time) ([]market.FundShares, error) {
	return a.Client.ETFShares(ctx, exchange, day)
}

// MarginDetail reads an exchange's per-stock margin of a day.
func (a *AKTools) MarginDetail(ctx context.Context, exchange string, day time.Time) ([]market.Margin, error) {
	return a.Client.MarginDetail(ctx, exchange, day)
}

// MarginTotal reads an exchange's market total of a day.
func (a *AKTools) MarginTotal(ctx context.Context, exchange string, day time.Time) ([]market.Margin, error) {
	return a.Client.MarginTotal(ctx, exchange, day, day)
}
