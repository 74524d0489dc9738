package compose

import (
	"fmt"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
)

// styleSection writes "Style rotation": each stored pair's regime, its
// rotation window and relative returns.
func (sd *sectorData) styleSection(b *builder) report.Section {
	id := report.SecStyle
	st := sd.extra.style
	if st == nil || len(st.Pairs) == 0 {
		missing := b.t.get("no_style")
		return report.Section{ID: id, Title: b.t.get("sec_" + id), Missing: missing}
	}
	t := &report.Table{Columns: []report.Column{{Title: b.t.get("col_pair")}, {Title: b.t.get("col_regime")}, {Title: b.t.get("col_since")},
		{Title: "1M", Right: true}, {Title: "3M", Right: true}, {Title: "RS-Ratio", Right: true}}}
	var items []string
	for _, p := range st.Pairs {
		r := p.Reading
		if r == nil {
			continue
		}
		syms := []market.Symbol{p.Pair.A, p.Pair.B}
		in := b.withRuns(evidence.Input{Dataset: market.DatasetBars, Symbols: syms, From: p.From, To: p.To, Field: "adj_close"})
		k := "style:" + p.Pair.Name + ":"
		rel := func(w string) string {
			return b.fact(evidence.Fact{Key: k + w, Value: r.RelReturn[w], Unit: evidence.UnitPP, Signed: true,
				Label: fmt.Sprintf("%s relative return, %s", p.Pair.Name, w), LabelZH: fmt.Sprintf("%s相对收益（%s）", b.t.pair(p.Pair.Name), w),
				Symbols: syms, Formula: "relative_return", Method: "return of A − return of B over the same dates", Inputs: []evidence.Input{in}})
		}
		ratio := b.fact(evidence.Fact{Key: k + "rs_ratio", Value: r.Rotation.RSRatio, Unit: evidence.UnitPoints, Label: p.Pair.Name + " RS-Ratio",
			LabelZH: b.t.pair(p.Pair.Name) + " RS-Ratio", Symbols: syms, Formula: "relative_rotation", Inputs: []evidence.Input{in}})
		regime := b.t.regime(r.Leader)
		t.Rows = append(t.Rows, []string{b.t.pair(p.Pair.Name) + " (" + string(p.Pair.A) + " / " + string(p.Pair.B) + ")", regime,
			market.FormatDate(r.Since), b.orMissing(rel("1m")), b.orMissing(rel("3m")), b.orMissing(ratio)})
		weeks := b.fact(countFact(k+"samples", r.Samples, p.Pair.Name+": samples in the current regime", b.t.pair(p.Pair.Name)+"：当前风格持续周数"))
		items = append(items, fmt.Sprintf(b.t.get("style_item"), b.t.pair(p.Pair.Name), regime, market.FormatDate(r.Since), b.orMissing(weeks),
			b.dataRef(in, b.t.get("ref_style"))))
	}
	// The analysis notes (style pairs not stored, such as the US pairs in
	// an A-share store) are diagnostics of `sextant`'s defaults, not
	// findings: the table shows what is there.
	blocks := []report.Block{table(t), bullets(items)}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: blocks}
}

// related writes "Related instruments": the index, its ETFs and leaders.
func (sd *sectorData) related(b *builder) {
	rel := sd.extra.related
	if rel == nil || len(rel.Rows) == 0 {
		b.section(report.SecRelated, nil, b.t.get("no_related"))
		return
	}
	var syms []market.Symbol
	for _, r := range rel.Rows {
		syms = append(syms, r.Symbol)
	}
	ref := b.dataRef(evidence.Input{Dataset: market.DatasetBars, Symbols: syms, From: rel.From, To: rel.AsOf, Field: "close, adj_close, amount"}, b.t.get("ref_related"))
	t := &report.Table{Source: ref, Columns: []report.Column{{Title: b.t.get("col_role")}, {Title: b.t.get("col_symbol")}, {Title: b.t.get("col_name")},
		{Title: b.t.get("col_last"), Right: true}, {Title: "1D", Right: true}, {Title: "1M", Right: true}, {Title: b.t.get("col_amount20"), Right: true}}}
	for _, r := range rel.Rows {
		k := "related:" + string(r.Symbol) + ":"
		in := b.withRuns(evidence.Input{Dataset: market.DatasetBars, Symbols: []market.Symbol{r.Symbol}, From: rel.From, To: rel.AsOf})
		mk := func(sfx string, v float64, u evidence.Unit, signed bool, label, labelZH string) string {
			return b.fact(evidence.Fact{Key: k + sfx, Value: v, Unit: u, Signed: signed, Label: label + " of " + string(r.Symbol),
				LabelZH: string(r.Symbol) + labelZH, Symbols: []market.Symbol{r.Symbol}, Formula: sfx, Inputs: []evidence.Input{in}})
		}
		last := mk("close", r.Close, evidence.UnitPrice, false, "last close", "最新收盘价")
		d1 := mk("change_1d", r.Change1D, evidence.UnitPct, true, "1D change", "日涨跌幅")
		m1 := mk("change_1m", r.Change1M, evidence.UnitPct, true, "1M change", "近1月涨跌幅")
		amt := mk("amount_20d", r.Amount20, evidence.UnitCNY, false, "20-day amount", "近20日成交额")
		name := r.Name
		if b.lang == "en" && r.NameEN != "" {
			name = r.NameEN
		}
		t.Rows = append(t.Rows, []string{b.t.relatedRole(string(r.Role)), string(r.Symbol), name, b.orMissing(last), b.orMissing(d1), b.orMissing(m1), b.orMissing(amt)})
	}
	blocks := []report.Block{table(t)}
	if rel.LeaderBy != "" {
		blocks = append(blocks, note(b.t.get("leaders_by_"+rel.LeaderBy)))
	}
	b.section(report.SecRelated, blocks, "")
}
