package copilot

import (
	"context"
	"encoding/json"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/compose"
	"github.com/sextant-ai/sextant/internal/report"
)

// run composes the plan's report.
func (c *Copilot) run(ctx context.Context, question string, p Plan) (*report.Report, error) {
	switch p.Report {
	case ReportSector:
		s := p.Sectors[0]
		return compose.Sector(ctx, c.src, compose.SectorRequest{Sector: s.Code, Taxonomy: s.Taxonomy, AsOf: p.AsOf, Lang: p.Lang,
			Question: question, Generator: c.o.Generator, Now: c.o.Now, Resolved: true, Focus: p.Focus})
	case ReportCompare:
		req := compose.CompareRequest{AsOf: p.AsOf, Lang: p.Lang, Question: question, Generator: c.o.Generator, Now: c.o.Now}
		for _, s := range p.Sectors[:min(4, len(p.Sectors))] {
			req.Sectors = append(req.Sectors, s.Code)
			req.Taxonomy = s.Taxonomy
		}
		return compose.Compare(ctx, c.src, req)
	case ReportStock:
		return compose.Stock(ctx, c.src, compose.StockRequest{Symbol: string(p.Symbol), AsOf: p.AsOf, Lang: p.Lang,
			Question: question, Generator: c.o.Generator, Now: c.o.Now})
	case ReportMarket:
		return compose.Market(ctx, c.src, compose.MarketRequest{Focus: p.Focus, AsOf: p.AsOf, Lang: p.Lang,
			Question: question, Generator: c.o.Generator, Now: c.o.Now})
	}
	return nil, sextant.Errorf(sextant.EINTERNAL, "no composer for %s reports", p.Report)
}

func argsJSON(a map[string]any) string {
	b, err := json.Marshal(a)
	if err != nil {
		return "{}"
	}
	return string(b)
}
