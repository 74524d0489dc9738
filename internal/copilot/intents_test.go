package copilot

import (
	"context"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/report"
)

// TestEveryIntentAnswers: each intent gets a complete, verified report of
// the right kind without an LLM.
func TestEveryIntentAnswers(t *testing.T) {
	cp := newCopilot(t, nil)
	for _, c := range []struct {
		q, kind, subject string
	}{
		{"compare defense and computers over the past month", ReportCompare, ""},
		{"军工和计算机哪个更值得配置？", ReportCompare, ""},
		{"what about 600208?", ReportStock, "600208.SH"},
		{"Which sectors are leading the market?", ReportMarket, ""},
		{"成长和价值风格哪个占优？", ReportMarket, ""},
		{"哪个军工ETF最值得买？", ReportSector, "801740"},
		{"How are margin and ETF flows into computers?", ReportSector, "801750"},
	} {
		ans, err := cp.Ask(context.Background(), Request{Question: c.q}, nil)
		if err != nil {
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		r := ans.Report
		if ans.Plan.Report != c.kind || r.Kind != c.kind {
			t.Errorf("%s: plan %s, report %s, want %s", c.q, ans.Plan.Report, r.Kind, c.kind)
		}
		if c.subject != "" && r.Subject.Code != c.subject && string(r.Subject.Symbol) != c.subject {
			t.Errorf("%s: subject %+v, want %s", c.q, r.Subject, c.subject)
		}
		v := r.Verifier
		if v == nil || v.Figures == 0 || v.Traced != v.Figures || v.Removed != 0 {
			t.Errorf("%s: verifier %+v", c.q, v)
		}
		md := string(report.Markdown(r))
		if !strings.Contains(md, "DEMO") || len(r.Sections) < 5 {
			t.Errorf("%s: %d sections", c.q, len(r.Sections))
		}
	}
}
