package compose

import (
	"fmt"
	"math"

	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// riskRule raises a flag when a reading crosses a documented threshold
// (docs/methodology.md, "Report risk flags").
type riskRule struct {
	reading string
	hit     func(v float64) bool
	key     string // phrase key
}

var riskRules = []riskRule{
	{"pe_pct_5y", func(v float64) bool { return v >= 0.8 }, "risk_valuation"},
	{"turnover_share_pct", func(v float64) bool { return v >= 0.9 }, "risk_crowding"},
	{"margin_z20", func(v float64) bool { return v >= 2 }, "risk_leverage"},
	{"above_ma20", func(v float64) bool { return v < 0.5 }, "risk_breadth"},
	{"etf_flow_z20", func(v float64) bool { return v <= -1 }, "risk_redemptions"},
}

// riskSection writes "Risks": flags raised by the data, then cited risks
// from documents.
func (sd *sectorData) riskSection(b *builder) report.Section {
	id := report.SecRisks
	var items []string
	for _, r := range riskRules {
		src, ok := sd.sustain.Source(r.reading)
		if !ok || math.IsNaN(src.Value) || !r.hit(src.Value) {
			continue
		}
		items = append(items, fmt.Sprintf(b.t.get(r.key), sd.readingFact(b, r.reading, src.Value)))
	}
	if row := sd.row(); row != nil && (row.Quadrant == rotation.Weakening || row.Quadrant == rotation.Lagging) {
		items = append(items, fmt.Sprintf(b.t.get("risk_momentum"), b.t.quadrant(string(row.Quadrant)), sd.lastFact(b, "rrg:"+string(row.Symbol)+":rs_momentum")))
	}
	if o := sd.baseOutcome(b); o != "" {
		items = append(items, o)
	}
	var blocks []report.Block
	if len(items) > 0 {
		blocks = append(blocks, paragraph(b.t.get("risks_data")), bullets(items))
	} else {
		blocks = append(blocks, paragraph(b.t.get("risks_none")))
	}
	if docs := sd.docBullets(b, id, topicRisk, 4); len(docs.Blocks) > 0 {
		blocks = append(blocks, paragraph(b.t.get("risks_docs")))
		blocks = append(blocks, docs.Blocks...)
	}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: blocks}
}

// baseOutcome flags an unfavourable base rate: similar setups were on
// average followed by underperformance.
func (sd *sectorData) baseOutcome(b *builder) string {
	br := sd.sustain.BaseRate
	if br == nil || br.Result == nil || len(br.Result.Outcomes) == 0 {
		return ""
	}
	o := br.Result.Outcomes[0]
	if math.IsNaN(o.Mean) || o.Mean >= 0 {
		return ""
	}
	mean := sd.lastFact(b, fmt.Sprintf("baserate:%d:mean", o.Horizon))
	if mean == "" {
		return ""
	}
	return fmt.Sprintf(b.t.get("risk_baserate"), mean)
}

// conclusion writes rule-based suggestions from the score, the base rate
// and the ETF roles — never stronger than the evidence.
func (sd *sectorData) conclusion(b *builder) {
	label := sd.scoreLabel()
	score := sd.lastFact(b, "sustain:score")
	key := "conclusion_" + string(label)
	if label == scoring.LabelUnknown || score == "" {
		b.section(report.SecConclusion, []report.Block{paragraph(b.t.get("conclusion_unknown"))}, "")
		return
	}
	text := fmt.Sprintf(b.t.get(key), sd.displayName(b.lang), score)
	var items []string
	if mean := sd.lastFact(b, "baserate:4:mean"); mean != "" {
		items = append(items, fmt.Sprintf(b.t.get("conclusion_baserate"), mean, b.orMissing(sd.lastFact(b, "baserate:4:hit")), b.orMissing(sd.lastFact(b, "baserate:4:n"))))
	}
	if e := sd.extra.etfs; e != nil && e.Table != nil && (label == scoring.LabelStrong || label == scoring.LabelModerate) {
		for _, r := range e.Table.Rows {
			if r.Role == scoring.RoleCore {
				items = append(items, fmt.Sprintf(b.t.get("conclusion_core"), string(r.Symbol)+" "+r.Name))
				break
			}
		}
	}
	if label == scoring.LabelStrong || label == scoring.LabelModerate {
		items = append(items, b.t.get("conclusion_watch"))
	} else {
		items = append(items, b.t.get("conclusion_watch_turn"))
	}
	b.section(report.SecConclusion, []report.Block{paragraph(text), bullets(items)}, "")
}
