package compose

import (
	"fmt"
	"slices"
	"time"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
)

// measureDataset is the dataset a flow measure is read from.
var measureDataset = map[string]market.Dataset{
	"etf_net_creation": market.DatasetShares, "margin_net_purchase": market.DatasetMargin,
	"financing_balance": market.DatasetMargin, "main_net_flow": market.DatasetFlows, "board_main_net_flow": market.DatasetFlows,
}

// flowFacts records a measure's 5- and 20-day sums and z-scores; it
// returns the markup by window length ("" when missing).
func (sd *sectorData) flowFacts(b *builder, m analysis.FlowMeasure, syms []market.Symbol) (sums, zs map[int]string) {
	sums, zs = map[int]string{}, map[int]string{}
	in := b.withRuns(evidence.Input{Dataset: measureDataset[m.Measure], Symbols: syms, Members: m.Members, From: sd.flows.From, To: sd.flows.AsOf})
	for _, w := range m.Snap.Windows {
		base := evidence.Fact{Symbols: syms, Window: fmt.Sprintf("%d-day sum", w.Days), Formula: m.Measure,
			Inputs: []evidence.Input{in}, AsOf: m.Snap.Date}
		f := base
		f.Key = fmt.Sprintf("flow:%s:%s:%d", m.Measure, m.Series.Name, w.Days)
		f.Value, f.Unit, f.Signed = w.Sum, evidence.UnitCNY, true
		f.Label = fmt.Sprintf("%s, %d-day sum", m.Label, w.Days)
		f.LabelZH = fmt.Sprintf("%s近%d日合计", flowLabelZH[m.Measure], w.Days)
		f.Method = flowMethod[m.Measure]
		f.Detail = fmt.Sprintf("%d contributing instruments on the last day", m.Snap.Contributors)
		sums[w.Days] = b.fact(f)
		z := base
		z.Key = f.Key + ":z"
		z.Value, z.Unit = w.Z, evidence.UnitZ
		z.Label = fmt.Sprintf("%s: z-score of the %d-day sum against the trailing year", m.Label, w.Days)
		z.LabelZH = fmt.Sprintf("%s近%d日合计相对过去一年的z值", flowLabelZH[m.Measure], w.Days)
		z.Formula = "zscore"
		z.Method = "(sum − mean of the trailing 252 sums) / their sample sd, the current sum excluded"
		zs[w.Days] = b.fact(z)
	}
	return sums, zs
}

var flowLabelZH = map[string]string{
	"etf_net_creation": "ETF净申购", "margin_net_purchase": "融资净买入", "financing_balance": "融资余额",
	"main_net_flow": "主力净流入", "board_main_net_flow": "板块主力净流入",
}

var flowMethod = map[string]string{
	"etf_net_creation":    "Σ Δshares × NAV (close when NAV is missing) over the sector's themed ETFs",
	"margin_net_purchase": "Σ (financing buy − financing repay), or Δ financing balance, over point-in-time members",
	"main_net_flow":       "Σ main-force (large + extra-large order) net inflow over point-in-time members",
	"board_main_net_flow": "main-force net inflow published for the board",
}

// flowSection writes "Drivers: capital flows": the measures table, the
// ETF table and a daily flow chart.
func (sd *sectorData) flowSection(b *builder) report.Section {
	id := report.SecFlows
	fr := sd.flows
	if len(fr.Measures) == 0 {
		return report.Section{ID: id, Title: b.t.get("sec_" + id), Missing: b.t.notes(fr.Notes, "no_flows")}
	}
	tbl := &report.Table{Columns: []report.Column{{Title: b.t.get("col_measure")}, {Title: b.t.get("col_sum5"), Right: true},
		{Title: b.t.get("col_sum20"), Right: true}, {Title: b.t.get("col_z20"), Right: true}, {Title: b.t.get("col_members"), Right: true}}}
	var items []string
	for _, m := range fr.Measures {
		if m.Measure == "financing_balance" {
			continue
		}
		syms := sd.measureSymbols(m)
		sums, zs := sd.flowFacts(b, m, syms)
		ref := b.dataRef(evidence.Input{Dataset: measureDataset[m.Measure], Symbols: syms, Members: m.Members, From: fr.From, To: fr.AsOf}, b.t.measure(m.Measure))
		n := b.fact(countFact("members:"+m.Measure+":"+m.Series.Name, m.Members, m.Label+": contributing instruments", flowLabelZH[m.Measure]+"：贡献标的数"))
		tbl.Rows = append(tbl.Rows, []string{b.t.measure(m.Measure) + " " + ref, b.orMissing(sums[5]), b.orMissing(sums[20]), b.orMissing(zs[20]), b.orMissing(n)})
		if s := sums[20]; s != "" {
			items = append(items, fmt.Sprintf(b.t.get("flow_item"), b.t.measure(m.Measure), s, b.orMissing(zs[20]), ref))
		}
	}
	blocks := []report.Block{table(tbl)}
	if t := sd.etfFlowTable(b); t != nil {
		blocks = append(blocks, table(t))
	}
	if len(items) > 0 {
		blocks = append(blocks, bullets(items))
	}
	if c := sd.flowChart(b); c != nil {
		blocks = append(blocks, chartBlock(c))
	}
	if b.lang == "en" { // the analysis notes are English diagnostics
		for _, n := range fr.Notes {
			blocks = append(blocks, note(b.t.noteText(n)))
		}
	}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: blocks}
}

// measureSymbols are the instruments a measure sums over.
func (sd *sectorData) measureSymbols(m analysis.FlowMeasure) []market.Symbol {
	if m.Measure == "etf_net_creation" {
		syms := make([]market.Symbol, 0, len(sd.flows.ETFs))
		for _, e := range sd.flows.ETFs {
			syms = append(syms, e.Symbol)
		}
		return syms
	}
	if m.Measure == "board_main_net_flow" {
		return []market.Symbol{market.Symbol(m.Series.Name)}
	}
	return sd.extra.members // the sector's members over the window; Members counts those that contributed
}

// etfFlowTable lists the themed ETFs' returns, share change and net
// creations.
func (sd *sectorData) etfFlowTable(b *builder) *report.Table {
	if len(sd.flows.ETFs) == 0 {
		return nil
	}
	t := &report.Table{Caption: b.t.get("etf_flows_caption"), Columns: []report.Column{{Title: b.t.get("col_etf")},
		{Title: "1W", Right: true}, {Title: "1M", Right: true}, {Title: b.t.get("col_share_chg20"), Right: true}, {Title: b.t.get("col_creation20"), Right: true}}}
	for _, e := range sd.flows.ETFs {
		in := b.withRuns(evidence.Input{Dataset: market.DatasetShares, Symbols: []market.Symbol{e.Symbol}, From: e.Last20.From, To: e.Last20.To})
		mk := func(k string, v float64, u evidence.Unit, label, labelZH, method string) string {
			return b.fact(evidence.Fact{Key: "etf:" + string(e.Symbol) + ":" + k, Value: v, Unit: u, Signed: true,
				Label: label + " of " + string(e.Symbol), LabelZH: string(e.Symbol) + labelZH, Symbols: []market.Symbol{e.Symbol},
				Window: "20 trading days", From: e.Last20.From, Formula: k, Method: method, Inputs: []evidence.Input{in}})
		}
		r1w := mk("return_1w", e.Returns["1w"], evidence.UnitPct, "1W return", "近1周涨跌幅", "adj_close(as-of) / adj_close(5 trading days before) − 1")
		r1m := mk("return_1m", e.Returns["1m"], evidence.UnitPct, "1M return", "近1月涨跌幅", "adj_close(as-of) / adj_close(21 trading days before) − 1")
		chg := mk("share_change_20d", e.Last20.ShareChangePct, evidence.UnitPct, "20-day change in units outstanding", "近20日份额变化", "shares(last day) / shares(day before the window) − 1")
		cr := mk("net_creation_20d", e.Last20.NetCreation, evidence.UnitCNY, "20-day net creation", "近20日净申购", "Σ Δshares × NAV (close when NAV is missing)")
		t.Rows = append(t.Rows, []string{string(e.Symbol) + " " + e.Name, b.orMissing(r1w), b.orMissing(r1m), b.orMissing(chg), b.orMissing(cr)})
	}
	return t
}

// flowChart draws the daily series of the first measure with data over
// the last 60 trading days.
func (sd *sectorData) flowChart(b *builder) *report.Chart {
	for _, m := range sd.flows.Measures {
		if m.Series == nil || m.Measure == "financing_balance" || !m.Snap.Valid {
			continue
		}
		dates, vals := lastN(m.Series, 60, sd.flows.AsOf)
		if len(dates) == 0 {
			continue
		}
		c := &report.Chart{Kind: report.ChartBars, Title: fmt.Sprintf(b.t.get("chart_flows"), b.t.measure(m.Measure)),
			Unit: evidence.UnitCNY, Dates: dates}
		c.Series = []report.Series{{Name: b.t.measure(m.Measure), Role: "sector", Values: vals}}
		c.Caption = b.lastFact(m)
		return c
	}
	return nil
}

// lastFact is the caption of a flow chart: the 20-day sum fact.
func (b *builder) lastFact(m analysis.FlowMeasure) string {
	key := fmt.Sprintf("flow:%s:%s:%d", m.Measure, m.Series.Name, 20)
	for _, f := range b.ledger.Facts() {
		if f.Key == key {
			return fmt.Sprintf(b.t.get("chart_flows_caption"), report.FactMark(f.ID))
		}
	}
	return ""
}

// lastN is the last n rows of a series up to the as-of date.
func lastN(s *flows.Series, n int, asOf time.Time) ([]time.Time, report.Floats) {
	end := len(s.Dates)
	for end > 0 && s.Dates[end-1].After(asOf) {
		end--
	}
	start := max(0, end-n)
	return slices.Clone(s.Dates[start:end]), slices.Clone(report.Floats(s.Values[start:end]))
}
