package compose

import (
	"fmt"
	"math"
	"strings"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// write fills the stock report in section order.
func (st *stockData) write(b *builder) {
	r := b.rep
	r.Kind = "stock"
	r.AsOf = st.asOf
	r.Demo = b.demo
	r.Generator = st.req.Generator
	r.Question = st.req.Question
	r.Subject = report.Subject{Name: st.ins.Name, NameEN: st.ins.NameEN, Symbol: st.sym, Benchmark: st.bench}
	if st.sector != nil {
		r.Subject.Taxonomy, r.Subject.Code = st.sector.Taxonomy, st.sector.Code
	}
	r.Title = strings.TrimSpace(st.req.Question)
	if r.Title == "" {
		r.Title = fmt.Sprintf(b.t.get("stock_title"), st.name(b.lang), st.sym)
	}
	r.Health = health(st.status, st.req.Now())
	tax, _, _ := strings.Cut(st.req.Taxonomy, ":")
	r.Assumptions = []string{fmt.Sprintf(b.t.get("stock_assume"), st.req.Symbol, st.ins.Name, st.sym),
		fmt.Sprintf(b.t.get("stock_assume_sector"), tax),
		fmt.Sprintf(b.t.get("assume_bench"), st.bench, market.FormatDate(st.asOf))}
	perf := st.position(b)
	sec := st.sectorSection(b)
	comp := st.companySection(b)
	fl := st.flowSection(b)
	docs := st.docSection(b)
	risks := st.riskSection(b)
	b.section(report.SecFindings, []report.Block{bullets(st.findings(b))}, "")
	b.rep.Sections = append(b.rep.Sections, perf, sec, comp, fl, docs, risks)
	st.conclusion(b)
	methodOf(b, st.rot, b.t.get("method_flows"), b.t.get("method_sustain"), b.t.get("stock_method"))
}

// name is the instrument's name in the report's language.
func (st *stockData) name(lang string) string {
	if lang == "en" && st.ins.NameEN != "" {
		return st.ins.NameEN
	}
	return st.ins.Name
}

// sectorWords is the sector's name in prose: both names in English.
func (st *stockData) sectorWords(lang string) string {
	if st.sector == nil {
		return ""
	}
	return st.view.displayName(lang)
}

// barsRef cites the bars behind the performance figures.
func (st *stockData) barsRef(b *builder) string {
	syms := []market.Symbol{st.sym}
	if st.hasIndex() {
		syms = append(syms, st.sector.IndexSymbol)
	}
	syms = append(syms, st.bench)
	from := windowStart(st.view.extra.calendar, st.asOf, rotation.Window{Name: "1y", Days: 252})
	return b.dataRef(evidence.Input{Dataset: market.DatasetBars, Symbols: syms, From: from, To: st.asOf, Field: "adj_close"}, b.t.get("ref_bars"))
}

// hasIndex reports whether the sector index is a separate instrument with
// a performance row.
func (st *stockData) hasIndex() bool {
	if st.sector == nil || st.sector.IndexSymbol == "" || st.sector.IndexSymbol == st.sym {
		return false
	}
	_, ok := st.perfRow(st.sector.IndexSymbol)
	return ok
}

// excessFacts are the instrument's excess over the benchmark and over its
// sector index for a window ("" when missing).
func (st *stockData) excessFacts(b *builder, w rotation.Window) (vsBench, vsSector string) {
	row, ok := st.perfRow(st.sym)
	if !ok {
		return "", ""
	}
	from := windowStart(st.view.extra.calendar, st.asOf, w)
	ret, bench := row.Returns[w.Name], st.perf.BenchRet[w.Name]
	vsBench = b.fact(evidence.Fact{Key: "excess:" + string(st.sym) + ":" + w.Name, Value: row.Excess[w.Name], Unit: evidence.UnitPP, Signed: true,
		Label: windowLabel(w) + " excess return of " + string(st.sym) + " over " + string(st.bench), LabelZH: string(st.sym) + windowLabel(w) + "相对基准超额收益",
		Symbols: []market.Symbol{st.sym, st.bench}, Window: windowWords(w), From: from, Formula: "excess_return",
		Method: "instrument return − benchmark return over the same dates", Detail: fmtPct(row.Excess[w.Name]) + " = " + fmtPct(ret) + " − " + fmtPct(bench)})
	if st.hasIndex() {
		idx, _ := st.perfRow(st.sector.IndexSymbol)
		v := ret - idx.Returns[w.Name]
		vsSector = b.fact(evidence.Fact{Key: "excess_sector:" + string(st.sym) + ":" + w.Name, Value: v, Unit: evidence.UnitPP, Signed: true,
			Label:   windowLabel(w) + " excess return of " + string(st.sym) + " over its sector index " + string(st.sector.IndexSymbol),
			LabelZH: string(st.sym) + windowLabel(w) + "相对行业指数超额收益", Symbols: []market.Symbol{st.sym, st.sector.IndexSymbol},
			Window: windowWords(w), From: from, Formula: "excess_return",
			Method: "instrument return − sector index return over the same dates", Detail: fmtPct(v) + " = " + fmtPct(ret) + " − " + fmtPct(idx.Returns[w.Name])})
	}
	return vsBench, vsSector
}

// position writes the performance table against the sector index and the
// benchmark, and the cumulative return chart over three months.
func (st *stockData) position(b *builder) report.Section {
	row, ok := st.perfRow(st.sym)
	if !ok {
		return titled(b, report.SecPosition, "stock_sec_performance", nil, fmt.Sprintf(b.t.get("no_board_row"), st.sym))
	}
	src := st.barsRef(b)
	cols := []report.Column{{Title: b.t.get("col_window")}, {Title: st.name(b.lang), Right: true}}
	if st.hasIndex() {
		cols = append(cols, report.Column{Title: sectorName(b.lang, *st.sector), Right: true})
	}
	own := st.sym == st.bench // the benchmark itself: no benchmark columns
	if !own {
		cols = append(cols, report.Column{Title: string(st.bench), Right: true})
	}
	if st.hasIndex() {
		cols = append(cols, report.Column{Title: b.t.get("stock_col_vs_sector"), Right: true})
	}
	if !own {
		cols = append(cols, report.Column{Title: b.t.get("stock_col_vs_bench"), Right: true})
	}
	tbl := &report.Table{Columns: cols, Source: src}
	for _, w := range st.perf.Windows {
		if math.IsNaN(row.Returns[w.Name]) && (w.Name == "1y" || w.Name == "6m") {
			continue
		}
		cells := []string{windowLabel(w), b.orMissing(st.view.returnFact(b, st.sym, w, row.Returns[w.Name]))}
		if st.hasIndex() {
			idx, _ := st.perfRow(st.sector.IndexSymbol)
			cells = append(cells, b.orMissing(st.view.returnFact(b, st.sector.IndexSymbol, w, idx.Returns[w.Name])))
		}
		if !own {
			cells = append(cells, b.orMissing(st.view.returnFact(b, st.bench, w, st.perf.BenchRet[w.Name])))
		}
		vsBench, vsSector := st.excessFacts(b, w)
		if st.hasIndex() {
			cells = append(cells, b.orMissing(vsSector))
		}
		if !own {
			cells = append(cells, b.orMissing(vsBench))
		}
		tbl.Rows = append(tbl.Rows, cells)
	}
	blocks := []report.Block{table(tbl)}
	if c := st.chart(b); c != nil {
		blocks = append(blocks, chartBlock(c))
	}
	return titled(b, report.SecPosition, "stock_sec_performance", blocks, "")
}

// chart draws the cumulative returns of the instrument, its sector index
// and the benchmark over the three-month window; the last points are the
// three-month return facts.
func (st *stockData) chart(b *builder) *report.Chart {
	w, ok := window(st.rot, "3m")
	cal := st.view.extra.calendar
	from := windowStart(cal, st.asOf, w)
	if !ok || from.IsZero() {
		return nil
	}
	c := &report.Chart{Kind: report.ChartLines, Title: b.t.get("stock_chart"), Unit: evidence.UnitPct}
	for _, d := range cal {
		if !d.Before(from) && !d.After(st.asOf) {
			c.Dates = append(c.Dates, d)
		}
	}
	line := func(sym market.Symbol, name, role string, ret float64) {
		bars := st.view.extra.bars[sym]
		b0, ok := closeOn(bars, from)
		if !ok {
			return
		}
		s := report.Series{Name: name, Symbol: sym, Role: role, Facts: make([]string, len(c.Dates))}
		for _, d := range c.Dates {
			v := math.NaN()
			if bar, ok := closeOn(bars, d); ok {
				v = bar.AdjClose()/b0.AdjClose() - 1
			}
			s.Values = append(s.Values, v)
		}
		if n := len(s.Values); n > 0 && math.Abs(s.Values[n-1]-ret) < 1e-9 {
			s.Facts[n-1] = strings.Trim(st.view.returnFact(b, sym, w, ret), "{}")
		}
		c.Series = append(c.Series, s)
	}
	row, _ := st.perfRow(st.sym)
	line(st.sym, st.name(b.lang), "stock", row.Returns[w.Name])
	if st.hasIndex() {
		idx, _ := st.perfRow(st.sector.IndexSymbol)
		line(st.sector.IndexSymbol, sectorName(b.lang, *st.sector), "sector", idx.Returns[w.Name])
	}
	if st.sym != st.bench {
		line(st.bench, string(st.bench), "benchmark", st.perf.BenchRet[w.Name])
	}
	if len(c.Series) == 0 {
		return nil
	}
	c.Caption = fmt.Sprintf(b.t.get("stock_chart_caption"), market.FormatDate(from))
	return c
}

// sectorSection writes the sector: how the instrument belongs to it, its
// rotation reading and its sustainability with the base rate.
func (st *stockData) sectorSection(b *builder) report.Section {
	if st.sector == nil {
		tax, _, _ := strings.Cut(st.req.Taxonomy, ":")
		return titled(b, secSector, "stock_sec_sector", nil, fmt.Sprintf(b.t.get("stock_no_sector"), st.name(b.lang), tax))
	}
	sec := *st.sector
	var blocks []report.Block
	switch st.by {
	case "member":
		ref := b.dataRef(evidence.Input{Dataset: market.DatasetMembers, Symbols: []market.Symbol{st.sym}, To: st.asOf}, b.t.get("stock_ref_members"))
		blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("stock_member"), st.name(b.lang), st.sectorWords(b.lang), sec.Taxonomy, sec.Code,
			market.FormatDate(st.member.From), ref)))
	case "index":
		blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("stock_is_index"), st.sym, st.sectorWords(b.lang), sec.Taxonomy, sec.Code)))
	default: // an ETF, by tracked index or theme
		blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("stock_etf_"+st.by), st.name(b.lang), st.sectorWords(b.lang), sec.Taxonomy, sec.Code)))
	}
	if row := st.view.row(); row != nil {
		blocks = append(blocks, paragraph(rotationLine(b, st.view, row, st.view.barsRef(b))))
	}
	if s := st.sustainText(b); s != "" {
		blocks = append(blocks, paragraph(s))
	}
	return titled(b, secSector, "stock_sec_sector", blocks, "")
}

// sustainText states the sector's composite, label and base rate.
func (st *stockData) sustainText(b *builder) string {
	if st.view.sustain == nil {
		return ""
	}
	score, mean, hit, n, h := st.view.sideScoreFacts(b)
	if score == "" {
		return b.t.get("conclusion_unknown")
	}
	s := fmt.Sprintf(b.t.get("stock_sector_sustain"), score, b.t.label(st.view.sideLabel()))
	if mean != "" {
		s += b.t.get("sentence_sep") + fmt.Sprintf(b.t.get("stock_sector_baserate"), h, mean, b.orMissing(hit), b.orMissing(n))
	}
	return s
}

// metricNames are the company metrics in both languages.
var metricNames = map[string][2]string{
	scoring.MetricContractLiabilitiesYoY: {"Contract liabilities YoY", "合同负债同比"},
	scoring.MetricRevenueTTMYoY:          {"Revenue (TTM) YoY", "营收(TTM)同比"},
	scoring.MetricBacklogYoY:             {"Order backlog YoY", "在手订单同比"},
	scoring.MetricCapexTTMYoY:            {"Capex (TTM) YoY", "资本开支(TTM)同比"},
	scoring.MetricCIPYoY:                 {"Construction in progress YoY", "在建工程同比"},
	scoring.MetricRDIntensity:            {"R&D intensity (TTM R&D / revenue)", "研发强度（TTM研发/营收）"},
	scoring.MetricRDTTMYoY:               {"R&D (TTM) YoY", "研发投入(TTM)同比"},
}

// companyRow is the instrument's company-score row.
func (st *stockData) companyRow() (scoring.CompanyRow, bool) {
	if st.companies == nil || st.companies.Scores == nil {
		return scoring.CompanyRow{}, false
	}
	return st.companies.Scores.Row(st.sym)
}

// companySection writes the Orders + Pipeline + Technology scores with
// the sector medians, and the metrics behind them with their percentiles.
func (st *stockData) companySection(b *builder) report.Section {
	row, ok := st.companyRow()
	if !ok {
		key := "stock_no_company"
		if st.companies != nil {
			key = "stock_not_scored"
		}
		return titled(b, secCompany, "stock_sec_company", nil, b.t.get(key))
	}
	c := st.companies
	ref := b.dataRef(evidence.Input{Dataset: market.DatasetFundamentals, Symbols: c.Members, To: c.AsOf}, b.t.get("ref_fundamentals"))
	pillars := &report.Table{Source: ref, Columns: []report.Column{{Title: b.t.get("stock_col_pillar")}, {Title: b.t.get("col_score"), Right: true},
		{Title: b.t.get("stock_col_median"), Right: true}}}
	for _, p := range []struct {
		key      string
		v, med   float64
		titleKey string
	}{{"orders", row.Orders, c.Scores.Median.Orders, "col_orders"}, {"pipeline", row.Pipeline, c.Scores.Median.Pipeline, "col_pipeline"},
		{"technology", row.Technology, c.Scores.Median.Technology, "col_technology"}, {"composite", row.Composite, c.Scores.Median.Composite, "col_composite"}} {
		med := b.fact(evidence.Fact{Key: "company_median:" + c.Sector.Code + ":" + p.key, Value: p.med, Unit: evidence.UnitScore,
			Label: "median " + p.key + " score of the sector's companies", LabelZH: "行业公司" + pillarZH[p.key] + "得分中位数",
			Symbols: []market.Symbol{c.Sector.IndexSymbol}, Formula: "median", Method: "median of the sector's pillar scores"})
		pillars.Rows = append(pillars.Rows, []string{b.t.get(p.titleKey), b.orMissing(pillarFact(b, st.sym, p.key, p.v)), b.orMissing(med)})
	}
	blocks := []report.Block{table(pillars)}
	if row.Rank > 0 {
		n := 0
		for _, r := range c.Scores.Rows {
			if r.Rank > 0 {
				n++
			}
		}
		rank := b.fact(evidence.Fact{Key: "company_rank:" + string(st.sym), Value: float64(row.Rank), Unit: evidence.UnitCount,
			Label: "rank of " + string(st.sym) + " by composite company score (1 = best)", LabelZH: string(st.sym) + "公司综合得分排名",
			Symbols: []market.Symbol{st.sym}, Formula: "rank", Method: "descending rank of the composite among the sector's scored companies"})
		total := b.fact(countFact("scored:"+c.Sector.Code, n, "companies with a composite score", "有综合得分的公司数"))
		blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("stock_company_rank"), rank, total, b.t.ownership(row.Ownership))))
	}
	metrics := &report.Table{Caption: b.t.get("stock_metrics_caption"), Columns: []report.Column{{Title: b.t.get("stock_col_metric")},
		{Title: b.t.get("stock_col_pillar")}, {Title: b.t.get("stock_col_value"), Right: true}, {Title: b.t.get("stock_col_percentile"), Right: true},
		{Title: b.t.get("stock_col_period")}}}
	for _, m := range row.Metrics {
		v := st.metricFact(b, m)
		if v == "" {
			continue
		}
		pct := b.fact(evidence.Fact{Key: "metric_pct:" + string(st.sym) + ":" + m.Name, Value: m.Percentile, Unit: evidence.UnitScore,
			Label: m.Name + " percentile of " + string(st.sym) + " within the sector", LabelZH: string(st.sym) + metricNames[m.Name][1] + "行业内分位",
			Symbols: []market.Symbol{st.sym}, AsOf: m.Period, Formula: "percentile", Method: "percentile rank of the metric among the sector's companies, 0–100"})
		metrics.Rows = append(metrics.Rows, []string{b.t.pick(metricNames[m.Name][0], metricNames[m.Name][1]), b.t.get("col_" + string(m.Pillar)),
			v, b.orMissing(pct), market.FormatDate(m.Period)})
	}
	if len(metrics.Rows) > 0 {
		blocks = append(blocks, table(metrics))
	}
	return titled(b, secCompany, "stock_sec_company", blocks, "")
}

// metricFact records a company metric with the fundamentals it was
// computed from ("" when missing).
func (st *stockData) metricFact(b *builder, m scoring.Metric) string {
	method, detail := "current / base − 1 (a year apart)", fmt.Sprintf("%g / %g − 1", m.Current, m.Base)
	if m.Name == scoring.MetricRDIntensity {
		method, detail = "TTM R&D / TTM revenue", fmt.Sprintf("%g / %g", m.Current, m.Base)
	}
	f := evidence.Fact{Key: "metric:" + string(st.sym) + ":" + m.Name, Value: m.Value, Unit: evidence.UnitPct, Signed: m.Name != scoring.MetricRDIntensity,
		Label: m.Name + " of " + string(st.sym), LabelZH: string(st.sym) + metricNames[m.Name][1], Symbols: []market.Symbol{st.sym},
		From: m.BasePeriod, AsOf: m.Period, Formula: m.Name, Method: method, Detail: detail}
	for _, u := range m.Used {
		f.Rows = append(f.Rows, evidence.Row{Dataset: market.DatasetFundamentals, Symbol: st.sym, Date: u.PeriodEnd, Field: u.Field, Value: u.Value})
	}
	return b.fact(f)
}

// flowSection writes the instrument's own flows through the sector
// report's flow writer.
func (st *stockData) flowSection(b *builder) report.Section {
	if st.view.flows == nil || len(st.view.flows.Measures) == 0 {
		return titled(b, report.SecFlows, "stock_sec_flows", nil, b.t.get("stock_no_flows"))
	}
	s := st.view.flowSection(b)
	s.Title = b.t.get("stock_sec_flows")
	if len(s.Blocks) == 0 {
		s.Missing = b.t.get("stock_no_flows")
	}
	return s
}

// docSection lists the documents linked to the instrument, newest first.
func (st *stockData) docSection(b *builder) report.Section {
	if len(st.docs) == 0 {
		key := "stock_no_docs"
		if st.view.docs != nil && st.view.docs.reason == "no_doc_store" {
			key = "no_doc_store"
		}
		return titled(b, secDocuments, "stock_sec_documents", nil, b.t.get(key))
	}
	var items []string
	for _, p := range st.docs {
		items = append(items, docItem(b, p))
	}
	return titled(b, secDocuments, "stock_sec_documents", []report.Block{bullets(items)}, "")
}

// peFacts records the PE TTM and its five-year percentile.
func (st *stockData) peFacts(b *builder) (pe, pct string) {
	if st.pe == nil {
		return "", ""
	}
	in := b.withRuns(evidence.Input{Dataset: market.DatasetValuation, Symbols: []market.Symbol{st.sym}, From: st.peFrom, To: st.pe.AsOf, Field: "pe_ttm"})
	pe = b.fact(evidence.Fact{Key: "valuation:" + string(st.sym) + ":pe_ttm", Value: st.pe.PE, Unit: evidence.UnitRatio, Decimals: 1,
		Label: "PE TTM of " + string(st.sym), LabelZH: string(st.sym) + "市盈率(TTM)", Symbols: []market.Symbol{st.sym}, AsOf: st.pe.AsOf,
		Formula: "pe_ttm", Method: "price / trailing-twelve-month earnings per share, as stored", Inputs: []evidence.Input{in}})
	pct = b.fact(evidence.Fact{Key: "valuation:" + string(st.sym) + ":pe_pct_5y", Value: st.pe.Percentile, Unit: evidence.UnitPct,
		Label: "PE TTM percentile of " + string(st.sym) + " in its five-year history", LabelZH: string(st.sym) + "市盈率五年分位",
		Symbols: []market.Symbol{st.sym}, AsOf: st.pe.AsOf, From: st.peFrom, Window: fmt.Sprintf("%d trading days", st.pe.Params.Lookback),
		Formula: "percentile", Method: "share of the trailing PEs ≤ the current one (current included; non-positive PEs skipped)",
		Detail: fmt.Sprintf("%d valid PEs in the lookback", st.pe.History), Inputs: []evidence.Input{in}})
	return pe, pct
}

// riskSection writes the instrument's valuation, its sector's data flags
// and the risks its sector's documents name.
func (st *stockData) riskSection(b *builder) report.Section {
	var blocks []report.Block
	var items []string
	if pe, pct := st.peFacts(b); pct != "" {
		blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("stock_valuation_text"), st.name(b.lang), pe, pct)))
		if st.pe.Percentile >= 0.8 {
			items = append(items, fmt.Sprintf(b.t.get("stock_risk_valuation"), pct))
		}
	} else if st.ins.Kind == market.KindStock {
		blocks = append(blocks, paragraph(b.t.get("stock_no_valuation")))
	}
	if st.view.sustain != nil {
		for _, f := range st.view.sideFlags(b) {
			items = append(items, fmt.Sprintf(b.t.get("cmp_risk_item"), sectorName(b.lang, *st.sector), f))
		}
	}
	if len(items) > 0 {
		blocks = append(blocks, paragraph(b.t.get("risks_data")), bullets(items))
	} else {
		blocks = append(blocks, paragraph(b.t.get("risks_none")))
	}
	var own []string
	for _, p := range st.docs {
		if topic, _ := classify(p.doc); topic == topicRisk {
			own = append(own, docItem(b, p))
		}
	}
	if len(own) > 0 {
		blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("cmp_risks_docs"), st.name(b.lang))), bullets(own))
	}
	if st.sector != nil {
		if d := st.view.docBullets(b, report.SecRisks, topicRisk, 3); len(d.Blocks) > 0 {
			blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("cmp_risks_docs"), st.sectorWords(b.lang))))
			blocks = append(blocks, d.Blocks...)
		}
	}
	return report.Section{ID: report.SecRisks, Title: b.t.get("sec_" + report.SecRisks), Blocks: blocks}
}

// relative is the instrument's one-month excess over its sector index
// (NaN without one).
func (st *stockData) relative() float64 {
	if !st.hasIndex() {
		return math.NaN()
	}
	row, _ := st.perfRow(st.sym)
	idx, _ := st.perfRow(st.sector.IndexSymbol)
	return row.Returns["1m"] - idx.Returns["1m"]
}

// conclusion writes the verdict from the sector's label and the
// instrument's relative performance, then the supporting and cautioning
// evidence — never a target or a recommendation the data did not produce.
func (st *stockData) conclusion(b *builder) {
	label := scoring.LabelUnknown
	if st.view.sustain != nil {
		label = st.view.sideLabel()
	}
	sectorOK := label == scoring.LabelStrong || label == scoring.LabelModerate
	rel := st.relative()
	ahead := rel >= 0
	name := st.name(b.lang)
	var verdict string
	switch {
	case label == scoring.LabelUnknown || math.IsNaN(rel):
		verdict = fmt.Sprintf(b.t.get("stock_verdict_unknown"), name)
	case sectorOK && ahead:
		verdict = fmt.Sprintf(b.t.get("stock_verdict_supportive"), name, b.t.label(label))
	case sectorOK:
		verdict = fmt.Sprintf(b.t.get("stock_verdict_laggard"), name, b.t.label(label))
	case ahead:
		verdict = fmt.Sprintf(b.t.get("stock_verdict_alone"), name, b.t.label(label))
	default:
		verdict = fmt.Sprintf(b.t.get("stock_verdict_weak"), b.t.label(label), name)
	}
	var items []string
	if w, ok := window(st.rot, "1m"); ok && !math.IsNaN(rel) {
		_, vs := st.excessFacts(b, w)
		key := "stock_conclusion_ahead"
		if !ahead {
			key = "stock_conclusion_behind"
		}
		items = append(items, fmt.Sprintf(b.t.get(key), b.orMissing(vs)))
	}
	if s := st.sustainText(b); s != "" {
		items = append(items, s)
	}
	if row, ok := st.companyRow(); ok && !math.IsNaN(row.Composite) && !math.IsNaN(st.companies.Scores.Median.Composite) {
		key := "stock_conclusion_company_above"
		if row.Composite < st.companies.Scores.Median.Composite {
			key = "stock_conclusion_company_below"
		}
		items = append(items, fmt.Sprintf(b.t.get(key), pillarFact(b, st.sym, "composite", row.Composite),
			b.orMissing(st.medianFact(b))))
	}
	if st.pe != nil && st.pe.Percentile >= 0.8 {
		_, pct := st.peFacts(b)
		items = append(items, fmt.Sprintf(b.t.get("stock_conclusion_valuation"), pct))
	}
	items = append(items, b.t.get("stock_conclusion_close"))
	b.section(report.SecConclusion, []report.Block{paragraph(verdict), bullets(items)}, "")
}

// medianFact is the sector's median composite company score.
func (st *stockData) medianFact(b *builder) string {
	c := st.companies
	return b.fact(evidence.Fact{Key: "company_median:" + c.Sector.Code + ":composite", Value: c.Scores.Median.Composite, Unit: evidence.UnitScore,
		Label: "median composite score of the sector's companies", LabelZH: "行业公司" + pillarZH["composite"] + "得分中位数",
		Symbols: []market.Symbol{c.Sector.IndexSymbol}, Formula: "median", Method: "median of the sector's pillar scores"})
}

// findings are the key findings, drawn from facts the sections recorded.
func (st *stockData) findings(b *builder) []string {
	var out []string
	name := st.name(b.lang)
	if w, ok := window(st.rot, "1m"); ok {
		if row, ok := st.perfRow(st.sym); ok {
			ret := st.view.returnFact(b, st.sym, w, row.Returns["1m"])
			vsBench, vsSector := st.excessFacts(b, w)
			src := st.barsRef(b)
			switch {
			case ret == "":
			case st.sym == st.bench:
				out = append(out, fmt.Sprintf(b.t.get("stock_finding_perf_own"), name, st.sym, ret, src))
			case vsSector != "":
				out = append(out, fmt.Sprintf(b.t.get("stock_finding_perf"), name, st.sym, ret, vsSector, st.sector.IndexSymbol, b.orMissing(vsBench), st.bench, src))
			default:
				out = append(out, fmt.Sprintf(b.t.get("stock_finding_perf_nosector"), name, st.sym, ret, b.orMissing(vsBench), st.bench, src))
			}
		}
	}
	if st.sector != nil {
		quad := b.t.get("na")
		if row := st.view.row(); row != nil {
			quad = b.t.quadrant(string(row.Quadrant))
		}
		score := ""
		if st.view.sustain != nil {
			score, _, _, _, _ = st.view.sideScoreFacts(b)
		}
		label := scoring.LabelUnknown
		if st.view.sustain != nil {
			label = st.view.sideLabel()
		}
		out = append(out, fmt.Sprintf(b.t.get("stock_finding_sector"), st.sectorWords(b.lang), quad, b.orMissing(score), b.t.label(label)))
	}
	if row, ok := st.companyRow(); ok {
		out = append(out, fmt.Sprintf(b.t.get("stock_finding_company"), b.orMissing(pillarFact(b, st.sym, "orders", row.Orders)),
			b.orMissing(pillarFact(b, st.sym, "pipeline", row.Pipeline)), b.orMissing(pillarFact(b, st.sym, "technology", row.Technology)),
			b.orMissing(pillarFact(b, st.sym, "composite", row.Composite))))
	}
	if fr := st.view.flows; fr != nil {
		for _, m := range fr.Measures {
			if m.Series == nil || m.Measure == "financing_balance" {
				continue
			}
			if s := st.view.lastFact(b, fmt.Sprintf("flow:%s:%s:%d", m.Measure, m.Series.Name, 20)); s != "" {
				ref := b.dataRef(evidence.Input{Dataset: measureDataset[m.Measure], Symbols: st.view.measureSymbols(m), Members: m.Members, From: fr.From, To: fr.AsOf}, b.t.measure(m.Measure))
				out = append(out, fmt.Sprintf(b.t.get("finding_flow"), b.t.measure(m.Measure), s, ref))
				break
			}
		}
	}
	if _, pct := st.peFacts(b); pct != "" {
		out = append(out, fmt.Sprintf(b.t.get("stock_finding_valuation"), pct))
	}
	if len(st.docs) > 0 {
		p := st.docs[0]
		c := b.cite(p.doc, p.passage)
		out = append(out, fmt.Sprintf(b.t.get("stock_finding_doc"), market.FormatDate(p.doc.PublishedAt), b.title(p, c), c))
	}
	return out
}
