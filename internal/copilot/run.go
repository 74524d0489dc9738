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
			Question: question, Generator: c.o.Generator, Now: c.o.Now})
	}
	return nil, sextant.Errorf(sextant.EINVALID, "no composer for %s reports", p.Report)
}

func argsJSON(a map[string]any) string {
	b, err := json.Marshal(a)
	if err != nil {
		return "{}"
	}
	return string(b)
}
