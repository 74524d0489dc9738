package compose

import (
	"fmt"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// pillarFact records one pillar score of a company.
func pillarFact(b *builder, sym market.Symbol, pillar string, v float64) string {
	return b.fact(evidence.Fact{Key: "company:" + string(sym) + ":" + pillar, Value: v, Unit: evidence.UnitScore,
		Label: pillar + " score of " + string(sym), LabelZH: string(sym) + " " + pillarZH[pillar] + "得分",
		Symbols: []market.Symbol{sym}, Formula: "company_" + pillar,
		Method: "mean percentile within the sector of the pillar's metrics (docs/methodology.md, Company scoring)",
		Inputs: []evidence.Input{b.withRuns(evidence.Input{Dataset: market.DatasetFundamentals, Symbols: []market.Symbol{sym}})}})
}

var pillarZH = map[string]string{"orders": "订单", "pipeline": "产能管线", "technology": "技术", "composite": "综合"}

// companyTable ranks the leading companies on Orders + Pipeline +
// Technology.
func (sd *sectorData) companyTable(b *builder, n int) *report.Table {
	c := sd.extra.companies
	if c == nil || len(c.Top) == 0 {
		return nil
	}
	ref := b.dataRef(evidence.Input{Dataset: market.DatasetFundamentals, Symbols: c.Members, To: c.AsOf}, b.t.get("ref_fundamentals"))
	t := &report.Table{Caption: b.t.get("companies_caption"), Source: ref, Columns: []report.Column{{Title: b.t.get("col_company")},
		{Title: b.t.get("col_ownership")}, {Title: b.t.get("col_orders"), Right: true}, {Title: b.t.get("col_pipeline"), Right: true},
		{Title: b.t.get("col_technology"), Right: true}, {Title: b.t.get("col_composite"), Right: true}}}
	for _, r := range c.Top[:min(n, len(c.Top))] {
		t.Rows = append(t.Rows, []string{string(r.Symbol) + " " + r.Name, b.t.ownership(r.Ownership),
			b.orMissing(pillarFact(b, r.Symbol, "orders", r.Orders)), b.orMissing(pillarFact(b, r.Symbol, "pipeline", r.Pipeline)),
			b.orMissing(pillarFact(b, r.Symbol, "technology", r.Technology)), b.orMissing(pillarFact(b, r.Symbol, "composite", r.Composite))})
	}
	return t
}

// groupTable compares state-owned and private companies.
func (sd *sectorData) groupTable(b *builder) *report.Table {
	c := sd.extra.companies
	if c == nil || len(c.Groups) < 2 {
		return nil
	}
	t := &report.Table{Caption: b.t.get("groups_caption"), Columns: []report.Column{{Title: b.t.get("col_ownership")},
		{Title: b.t.get("col_companies"), Right: true}, {Title: b.t.get("col_orders"), Right: true}, {Title: b.t.get("col_pipeline"), Right: true},
		{Title: b.t.get("col_technology"), Right: true}, {Title: b.t.get("col_composite"), Right: true}}}
	for _, g := range c.Groups {
		k := "group:" + string(g.Ownership)
		mk := func(p string, v float64) string {
			return b.fact(evidence.Fact{Key: k + ":" + p, Value: v, Unit: evidence.UnitScore, Label: "median " + p + " score, " + string(g.Ownership) + " companies",
				LabelZH: b.t.ownership(g.Ownership) + "企业" + pillarZH[p] + "得分中位数", Formula: "median", Method: "median of the group's pillar scores"})
		}
		n := b.fact(countFact(k, len(g.Symbols), string(g.Ownership)+" companies", b.t.ownership(g.Ownership)+"企业数"))
		t.Rows = append(t.Rows, []string{b.t.ownership(g.Ownership), n, b.orMissing(mk("orders", g.Median.Orders)),
			b.orMissing(mk("pipeline", g.Median.Pipeline)), b.orMissing(mk("technology", g.Median.Technology)), b.orMissing(mk("composite", g.Median.Composite))})
	}
	return t
}

// etfTierTable is the ETF tiers table with allocation roles.
func (sd *sectorData) etfTierTable(b *builder) *report.Table {
	e := sd.extra.etfs
	if e == nil || e.Table == nil || len(e.Table.Rows) == 0 {
		return nil
	}
	var syms []market.Symbol
	for _, r := range e.Table.Rows {
		syms = append(syms, r.Symbol)
	}
	ref := b.dataRef(evidence.Input{Dataset: market.DatasetBars, Symbols: syms, To: e.AsOf, Field: "close, amount"}, b.t.get("ref_etf_bars"))
	t := &report.Table{Caption: b.t.get("etf_tiers_caption"), Source: ref, Columns: []report.Column{{Title: b.t.get("col_etf")},
		{Title: b.t.get("col_tier"), Right: true}, {Title: b.t.get("col_role")}, {Title: b.t.get("col_beta"), Right: true},
		{Title: b.t.get("col_vol"), Right: true}, {Title: b.t.get("col_amount"), Right: true}, {Title: b.t.get("col_creation"), Right: true}}}
	for _, r := range e.Table.Rows {
		k := "etftier:" + string(r.Symbol) + ":"
		mk := func(sfx string, v float64, u evidence.Unit, signed bool, label, labelZH, method string) string {
			return b.fact(evidence.Fact{Key: k + sfx, Value: v, Unit: u, Signed: signed, Label: label + " of " + string(r.Symbol),
				LabelZH: string(r.Symbol) + labelZH, Symbols: []market.Symbol{r.Symbol}, Formula: "etf_" + sfx, Method: method})
		}
		tier := mk("tier", float64(r.Tier), evidence.UnitCount, false, "tier", "层级", "tier of the role assigned by the documented rules")
		beta := mk("beta", r.Beta, evidence.UnitRatio, false, "beta to the sector index", "相对行业指数的贝塔", "cov(ETF, index) / var(index) of daily returns")
		vol := mk("vol", r.Volatility, evidence.UnitPct, false, "annualised volatility", "年化波动率", "annualised sample sd of daily returns")
		amt := mk("amount", r.AvgAmount, evidence.UnitCNY, false, "average daily amount", "日均成交额", "mean daily traded amount")
		cr := mk("creation", r.NetCreation, evidence.UnitCNY, true, "net creation", "净申购", "Σ Δshares × NAV (close when NAV is missing)")
		t.Rows = append(t.Rows, []string{string(r.Symbol) + " " + r.Name, tier, b.t.role(r.Role), b.orMissing(beta), b.orMissing(vol), b.orMissing(amt), b.orMissing(cr)})
	}
	return t
}

// opportunities writes "Opportunities": ETF tiers, company scores and
// ownership groups.
func (sd *sectorData) opportunities(b *builder) report.Section {
	id := report.SecOpportunities
	var blocks []report.Block
	if t := sd.etfTierTable(b); t != nil {
		blocks = append(blocks, table(t), paragraph(b.t.get("etf_roles_text")))
	}
	if t := sd.companyTable(b, 8); t != nil {
		blocks = append(blocks, table(t))
	}
	if t := sd.groupTable(b); t != nil {
		blocks = append(blocks, table(t))
	}
	missing := ""
	if len(blocks) == 0 {
		missing = b.t.get("no_opportunities")
	}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: blocks, Missing: missing}
}

// ordersSection writes "Drivers: orders & fundamentals": the Orders pillar
// metrics of the leaders and cited order announcements.
func (sd *sectorData) ordersSection(b *builder) report.Section {
	id := report.SecOrders
	var blocks []report.Block
	if c := sd.extra.companies; c != nil && len(c.Top) > 0 {
		t := &report.Table{Caption: b.t.get("orders_caption"), Columns: []report.Column{{Title: b.t.get("col_company")},
			{Title: b.t.get("col_contract_liab"), Right: true}, {Title: b.t.get("col_revenue"), Right: true}, {Title: b.t.get("col_orders"), Right: true}}}
		for _, r := range c.Top[:min(5, len(c.Top))] {
			t.Rows = append(t.Rows, []string{string(r.Symbol) + " " + r.Name, sd.metricFact(b, r, "contract_liabilities_yoy"),
				sd.metricFact(b, r, "revenue_ttm_yoy"), b.orMissing(pillarFact(b, r.Symbol, "orders", r.Orders))})
		}
		t.Source = b.dataRef(evidence.Input{Dataset: market.DatasetFundamentals, Symbols: c.Members, To: c.AsOf}, b.t.get("ref_fundamentals"))
		blocks = append(blocks, table(t))
	}
	docs := sd.docBullets(b, id, topicOrders, 5)
	blocks = append(blocks, docs.Blocks...)
	missing := ""
	if len(blocks) == 0 {
		missing = b.t.get("no_orders")
	}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: blocks, Missing: missing}
}

// metricFact records a company metric (a year-on-year growth).
func (sd *sectorData) metricFact(b *builder, r scoring.CompanyRow, name string) string {
	m, ok := r.Metric(name)
	if !ok {
		return b.t.get("na")
	}
	f := evidence.Fact{Key: "metric:" + string(r.Symbol) + ":" + name, Value: m.Value, Unit: evidence.UnitPct, Signed: true,
		Label: name + " of " + string(r.Symbol), LabelZH: string(r.Symbol) + b.t.metricZH(name), Symbols: []market.Symbol{r.Symbol},
		From: m.BasePeriod, AsOf: m.Period, Formula: name, Method: "current / base − 1 (a year apart)",
		Detail: fmt.Sprintf("%g / %g − 1", m.Current, m.Base)}
	for _, u := range m.Used {
		f.Rows = append(f.Rows, evidence.Row{Dataset: market.DatasetFundamentals, Symbol: r.Symbol, Date: u.PeriodEnd, Field: u.Field, Value: u.Value})
	}
	return b.orMissing(b.fact(f))
}
