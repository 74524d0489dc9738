package compose

import (
	"context"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/market"
)

// extras are the analyses behind related instruments, opportunities and
// style, and the bars that provenance rows are read from.
type extras struct {
	calendar  []time.Time // the benchmark's trading days over the last two years
	bars      map[market.Symbol][]market.Bar
	etfs      *analysis.ETFTiersReport
	companies *analysis.CompaniesReport
	style     *analysis.StyleReport
	related   *analysis.RelatedReport
	excess    *analysis.ExcessPath
	members   []market.Symbol // every member of the sector in the last two years
}

// runExtras runs them concurrently.
func runExtras(ctx context.Context, d analysis.Data, req SectorRequest, sec market.Sector, bench market.Symbol) (extras, error) {
	var x extras
	g, gctx := errgroup.WithContext(ctx)
	from := req.AsOf.AddDate(-2, 0, 0)
	syms := []market.Symbol{sec.IndexSymbol, bench}
	bars := make([][]market.Bar, len(syms))
	for i, s := range syms {
		g.Go(func() (err error) {
			bars[i], err = d.Bars(gctx, s, from, req.AsOf)
			return err
		})
	}
	g.Go(func() error {
		hist, err := d.MembershipHistory(gctx, sec.Taxonomy, sec.Code)
		for _, m := range hist {
			if (m.To.IsZero() || m.To.After(from)) && !m.From.After(req.AsOf) && !slices.Contains(x.members, m.Symbol) {
				x.members = append(x.members, m.Symbol)
			}
		}
		slices.Sort(x.members)
		return err
	})
	g.Go(func() (err error) {
		x.calendar, err = d.TradingDays(gctx, bench, from, req.AsOf)
		return err
	})
	g.Go(func() (err error) {
		x.etfs, err = analysis.RunETFTiers(gctx, d, analysis.ETFTiersRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: req.Benchmark, AsOf: req.AsOf})
		return err
	})
	g.Go(func() (err error) {
		x.companies, err = analysis.RunCompanies(gctx, d, analysis.CompaniesRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: req.Benchmark, AsOf: req.AsOf})
		return err
	})
	g.Go(func() (err error) {
		x.style, err = analysis.RunStyle(gctx, d, analysis.StyleRequest{AsOf: req.AsOf})
		return err
	})
	g.Go(func() (err error) {
		x.related, err = analysis.RunRelated(gctx, d, analysis.RelatedRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: req.Benchmark, AsOf: req.AsOf})
		return err
	})
	g.Go(func() (err error) {
		x.excess, err = analysis.RunExcessPath(gctx, d, analysis.ExcessPathRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: req.Benchmark, AsOf: req.AsOf})
		return err
	})
	if err := g.Wait(); err != nil {
		return x, err
	}
	x.bars = map[market.Symbol][]market.Bar{}
	for i, s := range syms {
		x.bars[s] = bars[i]
	}
	return x, nil
}
