package compose

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/scoring"
	"github.com/sextant-ai/sextant/internal/series"
)

// The side-by-side sections of the comparison: flows, sustainability,
// core ETFs and risks, each a row or a column per sector.

// sideMeasure returns a sector's flow measure by name.
func (sd *sectorData) sideMeasure(name string) (analysis.FlowMeasure, bool) {
	for _, m := range sd.flows.Measures {
		if m.Measure == name {
			return m, true
		}
	}
	return analysis.FlowMeasure{}, false
}

// cmpMeasures are the flow measures compared, in column order.
var cmpMeasures = []string{"etf_net_creation", "margin_net_purchase", "main_net_flow"}

// sideFlowCells records a measure's 20-day sum and z-score for a sector and
// returns them with the measure's data reference ("" when missing).
func (sd *sectorData) sideFlowCells(b *builder, name string) (sum, z, ref string) {
	m, ok := sd.sideMeasure(name)
	if !ok || m.Series == nil {
		return "", "", ""
	}
	syms := sd.measureSymbols(m)
	sums, zs := sd.flowFacts(b, m, syms)
	if sums[20] == "" {
		return "", "", ""
	}
	ref = b.dataRef(evidence.Input{Dataset: measureDataset[m.Measure], Symbols: syms, Members: m.Members, From: sd.flows.From, To: sd.flows.AsOf}, b.t.measure(m.Measure))
	return sums[20], zs[20], ref
}

// flows writes the flows side by side: a row per sector with each
// measure's 20-day sum and z-score.
func (cd *compareData) flows(b *builder) report.Section {
	cols := []report.Column{{Title: b.t.get("cmp_col_sector")}}
	for _, m := range cmpMeasures {
		cols = append(cols, report.Column{Title: fmt.Sprintf(b.t.get("cmp_col_sum20"), b.t.measure(m)), Right: true},
			report.Column{Title: b.t.get("col_z20"), Right: true})
	}
	tbl := &report.Table{Columns: cols}
	have := false
	for _, sd := range cd.sectors {
		row := []string{sd.sideName(b.lang)}
		var refs []string
		for _, m := range cmpMeasures {
			sum, z, ref := sd.sideFlowCells(b, m)
			if sum != "" {
				have = true
				refs = append(refs, ref)
			}
			row = append(row, b.orMissing(sum), b.orMissing(z))
		}
		row[0] += " " + strings.Join(refs, "")
		tbl.Rows = append(tbl.Rows, row)
	}
	if !have {
		return titled(b, report.SecFlows, "cmp_sec_flows", nil, b.t.get("no_flows"))
	}
	blocks := []report.Block{table(tbl)}
	for _, m := range cmpMeasures {
		if s := cd.flowLeader(b, m); s != "" {
			blocks = append(blocks, paragraph(s))
		}
	}
	return titled(b, report.SecFlows, "cmp_sec_flows", blocks, "")
}

// flowLeader says which sector leads a measure over twenty days.
func (cd *compareData) flowLeader(b *builder, name string) string {
	type cell struct {
		sd  *sectorData
		v   float64
		sum string
	}
	var cells []cell
	for _, sd := range cd.sectors {
		m, ok := sd.sideMeasure(name)
		if !ok || m.Series == nil {
			continue
		}
		sum, _, _ := sd.sideFlowCells(b, name)
		if sum == "" {
			continue
		}
		cells = append(cells, cell{sd, m.Snap.Windows[len(m.Snap.Windows)-1].Sum, sum})
	}
	if len(cells) < 2 {
		return ""
	}
	slices.SortStableFunc(cells, func(x, y cell) int { return series.CompareDesc(x.v, y.v) })
	var rest []string
	for _, c := range cells[1:] {
		rest = append(rest, c.sd.sideName(b.lang)+" "+c.sum)
	}
	return fmt.Sprintf(b.t.get("cmp_flow_leader"), b.t.measure(name), cells[0].sd.sideName(b.lang), cells[0].sum, strings.Join(rest, b.t.get("list_sep")))
}

// sideScoreFacts records a sector's composite score and the base-rate outcome
// of its first horizon, keyed by the sector so that several can share a
// ledger.
func (sd *sectorData) sideScoreFacts(b *builder) (score, mean, hit, n, horizon string) {
	code := sd.sector.Code
	sym := []market.Symbol{sd.sector.IndexSymbol}
	if s := sd.sustain.Score; s != nil {
		score = b.fact(evidence.Fact{Key: "sustain:" + code + ":score", Value: s.Score, Unit: evidence.UnitScore, Label: "sustainability score of " + code,
			LabelZH: sd.sector.Name + "持续性综合得分", Symbols: sym, Formula: "sustainability_score",
			Method: "weighted mean of the dimension scores with data, weights re-normalised over them"})
	}
	br := sd.sustain.BaseRate
	if br == nil || br.Result == nil || len(br.Result.Outcomes) == 0 {
		return score, "", "", "", ""
	}
	o := br.Result.Outcomes[0]
	k := fmt.Sprintf("baserate:%s:%d", code, o.Horizon)
	mk := func(sfx string, v float64, u evidence.Unit, signed bool, label, labelZH string) string {
		return b.fact(evidence.Fact{Key: k + ":" + sfx, Value: v, Unit: u, Signed: signed,
			Label: fmt.Sprintf("%s of %s, %d-week horizon", label, code, o.Horizon), LabelZH: fmt.Sprintf("%s %d周%s", sd.sector.Name, o.Horizon, labelZH),
			Symbols: sym, Window: fmt.Sprintf("%d weeks forward", o.Horizon), From: br.From, Formula: "base_rate", Detail: "state " + br.Result.Key,
			Method: "forward excess returns of past sector-weeks in the same state, non-overlapping episodes, bootstrap interval"})
	}
	mean = mk("mean", o.Mean, evidence.UnitPct, true, "mean forward excess return", "平均超额收益")
	hit = mk("hit", o.HitRate, evidence.UnitPct, false, "hit rate", "胜率")
	n = mk("n", float64(o.N), evidence.UnitCount, false, "episodes", "样本数")
	horizon = b.fact(evidence.Fact{Key: fmt.Sprintf("horizon:%d", o.Horizon), Value: float64(o.Horizon), Unit: evidence.UnitCount,
		Label: "base-rate horizon in weeks", LabelZH: "基准概率观察期（周）", Formula: "parameter"})
	return score, mean, hit, n, horizon
}

// sideLabel is the sector's sustainability label.
func (sd *sectorData) sideLabel() scoring.Label {
	if sd.sustain == nil || sd.sustain.Score == nil {
		return scoring.LabelUnknown
	}
	return sd.sustain.Score.Label
}

// sustainability writes the composite, label and base rate of each sector,
// then the dimension scores side by side.
func (cd *compareData) sustainability(b *builder) report.Section {
	tbl := &report.Table{Columns: []report.Column{{Title: b.t.get("cmp_col_sector")}, {Title: b.t.get("col_score"), Right: true},
		{Title: b.t.get("cmp_col_label")}, {Title: b.t.get("cmp_col_br_mean"), Right: true}, {Title: b.t.get("cmp_col_br_hit"), Right: true},
		{Title: b.t.get("cmp_col_br_n"), Right: true}}}
	horizon := ""
	for _, sd := range cd.sectors {
		score, mean, hit, n, h := sd.sideScoreFacts(b)
		horizon = cmpOr(horizon, h)
		tbl.Rows = append(tbl.Rows, []string{sd.sideName(b.lang), b.orMissing(score), b.t.label(sd.sideLabel()), b.orMissing(mean), b.orMissing(hit), b.orMissing(n)})
	}
	if horizon != "" {
		tbl.Caption = fmt.Sprintf(b.t.get("cmp_sustain_caption"), horizon)
	}
	blocks := []report.Block{table(tbl)}
	dims := &report.Table{Caption: b.t.get("cmp_dims_caption"), Columns: []report.Column{{Title: b.t.get("col_dimension")}}}
	for _, sd := range cd.sectors {
		dims.Columns = append(dims.Columns, report.Column{Title: sd.sideName(b.lang), Right: true})
	}
	for _, d := range cd.dimensions() {
		row := []string{b.t.dimension(d)}
		for _, sd := range cd.sectors {
			row = append(row, b.orMissing(sd.sideDimFact(b, d)))
		}
		dims.Rows = append(dims.Rows, row)
	}
	blocks = append(blocks, table(dims), paragraph(b.t.get("cmp_sustain_text")))
	return titled(b, report.SecSustain, "cmp_sec_sustain", blocks, "")
}

// dimensions are the sustainability dimensions, in the score's order.
func (cd *compareData) dimensions() []scoring.Dimension {
	for _, sd := range cd.sectors {
		if s := sd.sustain.Score; s != nil && len(s.Dimensions) > 0 {
			out := make([]scoring.Dimension, len(s.Dimensions))
			for i, d := range s.Dimensions {
				out[i] = d.Dimension
			}
			return out
		}
	}
	return nil
}

// sideDimFact records a sector's score on one dimension ("" when missing).
func (sd *sectorData) sideDimFact(b *builder, d scoring.Dimension) string {
	if sd.sustain.Score == nil {
		return ""
	}
	for _, ds := range sd.sustain.Score.Dimensions {
		if ds.Dimension == d {
			return b.fact(evidence.Fact{Key: "dim:" + sd.sector.Code + ":" + string(d), Value: ds.Score, Unit: evidence.UnitScore,
				Label: "sustainability: " + string(d) + " score of " + sd.sector.Code, LabelZH: sd.sector.Name + "持续性：" + b.t.dimensionZH(d) + "得分",
				Symbols: []market.Symbol{sd.sector.IndexSymbol}, Formula: "dimension_score",
				Method: "mean of the dimension's reading scores, each mapped by its documented curve"})
		}
	}
	return ""
}

// sideCorePick is a sector's core ETF: the row with the core role, else the
// first row of its tiers table.
func (sd *sectorData) sideCorePick() (scoring.ETFRow, bool) {
	e := sd.extra.etfs
	if e == nil || e.Table == nil || len(e.Table.Rows) == 0 {
		return scoring.ETFRow{}, false
	}
	for _, r := range e.Table.Rows {
		if r.Role == scoring.RoleCore {
			return r, true
		}
	}
	return e.Table.Rows[0], true
}

// etfPicks writes each sector's core ETF with its elasticity, liquidity
// and flows.
func (cd *compareData) etfPicks(b *builder) report.Section {
	tbl := &report.Table{Caption: b.t.get("cmp_etf_caption"), Columns: []report.Column{{Title: b.t.get("cmp_col_sector")}, {Title: b.t.get("col_etf")},
		{Title: b.t.get("col_role")}, {Title: b.t.get("col_beta"), Right: true}, {Title: b.t.get("col_amount"), Right: true}, {Title: b.t.get("col_creation"), Right: true}}}
	var syms []market.Symbol
	for _, sd := range cd.sectors {
		r, ok := sd.sideCorePick()
		if !ok {
			tbl.Rows = append(tbl.Rows, []string{sd.sideName(b.lang), b.t.get("na"), "", "", "", ""})
			continue
		}
		syms = append(syms, r.Symbol)
		k := "etftier:" + string(r.Symbol) + ":"
		mk := func(sfx string, v float64, u evidence.Unit, signed bool, label, labelZH, method string) string {
			return b.orMissing(b.fact(evidence.Fact{Key: k + sfx, Value: v, Unit: u, Signed: signed, Label: label + " of " + string(r.Symbol),
				LabelZH: string(r.Symbol) + labelZH, Symbols: []market.Symbol{r.Symbol}, Formula: "etf_" + sfx, Method: method}))
		}
		tbl.Rows = append(tbl.Rows, []string{sd.sideName(b.lang), string(r.Symbol) + " " + r.Name, b.t.role(r.Role),
			mk("beta", r.Beta, evidence.UnitRatio, false, "beta to the sector index", "相对行业指数的贝塔", "cov(ETF, index) / var(index) of daily returns"),
			mk("amount", r.AvgAmount, evidence.UnitCNY, false, "average daily amount", "日均成交额", "mean daily traded amount"),
			mk("creation", r.NetCreation, evidence.UnitCNY, true, "net creation", "净申购", "Σ Δshares × NAV (close when NAV is missing)")})
	}
	if len(syms) == 0 {
		return titled(b, report.SecOpportunities, "cmp_sec_etfs", nil, b.t.get("no_opportunities"))
	}
	tbl.Source = b.dataRef(evidence.Input{Dataset: market.DatasetBars, Symbols: syms, To: cd.asOf, Field: "close, amount"}, b.t.get("ref_etf_bars"))
	return titled(b, report.SecOpportunities, "cmp_sec_etfs", []report.Block{table(tbl), paragraph(b.t.get("etf_roles_text"))}, "")
}

// sideFlags are a sector's data-driven risk flags (docs/methodology.md,
// "Report risk flags"), with facts keyed by the sector.
func (sd *sectorData) sideFlags(b *builder) []string {
	var items []string
	for _, r := range riskRules {
		src, ok := sd.sustain.Source(r.reading)
		if !ok || math.IsNaN(src.Value) || !r.hit(src.Value) {
			continue
		}
		items = append(items, fmt.Sprintf(b.t.get(r.key), sd.readingFact(b, r.reading, src.Value)))
	}
	if row := sd.row(); row != nil && (row.Quadrant == rotation.Weakening || row.Quadrant == rotation.Lagging) {
		_, mom := rrgFacts(b, sd.rot, row)
		items = append(items, fmt.Sprintf(b.t.get("risk_momentum"), b.t.quadrant(string(row.Quadrant)), b.orMissing(mom)))
	}
	if br := sd.sustain.BaseRate; br != nil && br.Result != nil && len(br.Result.Outcomes) > 0 && br.Result.Outcomes[0].Mean < 0 {
		if _, mean, _, _, _ := sd.sideScoreFacts(b); mean != "" {
			items = append(items, fmt.Sprintf(b.t.get("risk_baserate"), mean))
		}
	}
	return items
}

// risks writes each sector's flags, then the risks its documents name.
func (cd *compareData) risks(b *builder) report.Section {
	var items []string
	var docs []report.Block
	for _, sd := range cd.sectors {
		fl := sd.sideFlags(b)
		if len(fl) == 0 {
			items = append(items, fmt.Sprintf(b.t.get("cmp_risk_none"), sd.sideName(b.lang)))
		}
		for _, f := range fl {
			items = append(items, fmt.Sprintf(b.t.get("cmp_risk_item"), sd.sideName(b.lang), f))
		}
		if d := sd.docBullets(b, report.SecRisks, topicRisk, 2); len(d.Blocks) > 0 {
			docs = append(docs, paragraph(fmt.Sprintf(b.t.get("cmp_risks_docs"), sd.sideName(b.lang))))
			docs = append(docs, d.Blocks...)
		}
	}
	blocks := append([]report.Block{paragraph(b.t.get("risks_data")), bullets(items)}, docs...)
	return report.Section{ID: report.SecRisks, Title: b.t.get("sec_" + report.SecRisks), Blocks: blocks}
}
