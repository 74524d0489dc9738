package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// readingUnit is how a sustainability reading is shown.
var readingUnit = map[string]evidence.Unit{
	"excess_63d": evidence.UnitPP, "price_vs_ma60": evidence.UnitPct, "rs_ratio": evidence.UnitPoints, "rs_momentum": evidence.UnitPoints,
	"above_ma20": evidence.UnitPct, "above_ma60": evidence.UnitPct, "etf_flow_z20": evidence.UnitZ, "main_flow_z20": evidence.UnitZ,
	"margin_z20": evidence.UnitZ, "turnover_share_pct": evidence.UnitPct, "pe_pct_5y": evidence.UnitPct, "catalysts": evidence.UnitCount,
}

// readingFact records one reading of the score with its source.
func (sd *sectorData) readingFact(b *builder, name string, v float64) string {
	src, _ := sd.sustain.Source(name)
	u := readingUnit[name]
	f := evidence.Fact{Key: "reading:" + name + ":" + sd.sector.Code, Value: v, Unit: u,
		Signed: name == "excess_63d" || name == "price_vs_ma60", Label: b.t.readingEN(name), LabelZH: b.t.readingZH(name),
		Symbols: src.Symbols, Window: src.Window, From: src.From, Formula: name, Detail: src.Detail,
		Method: "sustainability reading (docs/methodology.md, Sustainability score)"}
	if ds := readingDataset(name); ds != "" {
		f.Inputs = []evidence.Input{b.withRuns(evidence.Input{Dataset: ds, Symbols: src.Symbols, Members: src.Members, From: src.From, To: src.Date})}
	}
	return b.fact(f)
}

func readingDataset(name string) market.Dataset {
	switch name {
	case "above_ma20", "above_ma60", "excess_63d", "price_vs_ma60", "rs_ratio", "rs_momentum", "turnover_share_pct":
		return market.DatasetBars
	case "etf_flow_z20":
		return market.DatasetShares
	case "margin_z20":
		return market.DatasetMargin
	case "main_flow_z20":
		return market.DatasetFlows
	case "pe_pct_5y":
		return market.DatasetValuation
	}
	return ""
}

// sustainSection writes "Sustainability": the dimension table, the
// composite, the base rate of similar setups and the signal audit.
func (sd *sectorData) sustainSection(b *builder) report.Section {
	id := report.SecSustain
	s := sd.sustain.Score
	tbl := &report.Table{Columns: []report.Column{{Title: b.t.get("col_dimension")}, {Title: b.t.get("col_readings")},
		{Title: b.t.get("col_score"), Right: true}, {Title: b.t.get("col_weight"), Right: true}, {Title: b.t.get("col_signal")}}}
	for _, d := range s.Dimensions {
		var rs []string
		for _, c := range d.Components {
			if m := sd.readingFact(b, c.Name, c.Reading); m != "" {
				rs = append(rs, b.t.reading(c.Name)+" "+m)
			}
		}
		if len(rs) == 0 {
			rs = []string{b.t.get("na")}
		}
		score := b.fact(evidence.Fact{Key: "dim:" + string(d.Dimension), Value: d.Score, Unit: evidence.UnitScore,
			Label: "sustainability: " + string(d.Dimension) + " score", LabelZH: "持续性：" + b.t.dimensionZH(d.Dimension) + "得分",
			Formula: "dimension_score", Method: "mean of the dimension's reading scores, each mapped by its documented curve"})
		w := b.fact(evidence.Fact{Key: "weight:" + string(d.Dimension), Value: d.Weight, Unit: evidence.UnitPct,
			Label: string(d.Dimension) + " weight", LabelZH: b.t.dimensionZH(d.Dimension) + "权重", Formula: "parameter"})
		tbl.Rows = append(tbl.Rows, []string{b.t.dimension(d.Dimension), strings.Join(rs, "; "), b.orMissing(score), b.orMissing(w), b.t.signal(d.Signal)})
	}
	blocks := []report.Block{table(tbl)}
	comp := b.fact(evidence.Fact{Key: "sustain:score", Value: s.Score, Unit: evidence.UnitScore, Label: "sustainability score",
		LabelZH: "持续性综合得分", Symbols: []market.Symbol{sd.sector.IndexSymbol}, Formula: "sustainability_score",
		Method: "weighted mean of the dimension scores with data, weights re-normalised over them"})
	cov := b.fact(evidence.Fact{Key: "sustain:coverage", Value: s.Coverage, Unit: evidence.UnitPct, Label: "share of weight with data",
		LabelZH: "有数据的权重占比", Formula: "coverage"})
	blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("sustain_text"), b.orMissing(comp), b.t.label(s.Label), b.orMissing(cov))))
	blocks = append(blocks, paragraph(sd.baseRateText(b)))
	if a := sd.auditText(b); a != "" {
		blocks = append(blocks, paragraph(a))
	}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: blocks}
}

// baseRateText states the historical base rate of the sector's state.
func (sd *sectorData) baseRateText(b *builder) string {
	br := sd.sustain.BaseRate
	if br == nil || br.Result == nil {
		return b.t.get("no_base_rate")
	}
	var parts []string
	for _, o := range br.Result.Outcomes {
		k := fmt.Sprintf("baserate:%d", o.Horizon)
		mk := func(sfx string, v float64, u evidence.Unit, signed bool, label, labelZH string) string {
			return b.fact(evidence.Fact{Key: k + ":" + sfx, Value: v, Unit: u, Signed: signed,
				Label: fmt.Sprintf("%s, %d-week horizon", label, o.Horizon), LabelZH: fmt.Sprintf("%d周%s", o.Horizon, labelZH),
				Symbols: []market.Symbol{sd.sector.IndexSymbol}, Window: fmt.Sprintf("%d weeks forward", o.Horizon),
				From: br.From, Formula: "base_rate", Detail: "state " + br.Result.Key,
				Method: "forward excess returns of past sector-weeks in the same state, non-overlapping episodes, bootstrap interval"})
		}
		n := mk("n", float64(o.N), evidence.UnitCount, false, "episodes", "样本数")
		mean := mk("mean", o.Mean, evidence.UnitPct, true, "mean forward excess return", "平均超额收益")
		hit := mk("hit", o.HitRate, evidence.UnitPct, false, "hit rate", "胜率")
		lo := mk("lo", o.Lo, evidence.UnitPct, true, "interval low", "区间下限")
		hi := mk("hi", o.Hi, evidence.UnitPct, true, "interval high", "区间上限")
		w := b.fact(evidence.Fact{Key: fmt.Sprintf("horizon:%d", o.Horizon), Value: float64(o.Horizon), Unit: evidence.UnitCount,
			Label: "base-rate horizon in weeks", LabelZH: "基准概率观察期（周）", Formula: "parameter"})
		p := fmt.Sprintf(b.t.get("baserate_outcome"), w, b.orMissing(mean), b.orMissing(hit), b.orMissing(lo), b.orMissing(hi), b.orMissing(n))
		if o.SmallSample {
			p += b.t.get("small_sample")
		}
		parts = append(parts, p)
	}
	state := sd.stateWords(b, br)
	s := fmt.Sprintf(b.t.get("baserate_text"), state, b.fact(countFact("baserate:sectors", br.Sectors, "peer sectors searched", "检索的同类行业数")),
		market.FormatDate(br.From), market.FormatDate(br.To), strings.Join(parts, b.t.get("list_sep")))
	if br.Relaxation != "" {
		s += " " + b.t.get("baserate_relaxed")
	}
	return s
}

func (sd *sectorData) stateWords(b *builder, br *analysis.SustainBaseRate) string {
	var parts []string
	for _, d := range br.Dims {
		v := br.State[d]
		if n, err := strconv.Atoi(v); err == nil {
			v = b.fact(evidence.Fact{Key: "state:" + d, Value: float64(n), Unit: evidence.UnitCount, Label: "base-rate state: " + d,
				LabelZH: "基准概率状态：" + d, Symbols: []market.Symbol{sd.sector.IndexSymbol}, AsOf: br.Week, Formula: d,
				Method: "decile (1–10) of the reading among the peer sectors that week"})
		}
		parts = append(parts, b.t.stateDim(d, v))
	}
	return strings.Join(parts, " × ")
}

// auditText says how well the score has worked: its rank IC.
func (sd *sectorData) auditText(b *builder) string {
	a := sd.sustain.Audit
	if a == nil || a.Audit == nil || a.N == 0 {
		return ""
	}
	mk := func(k string, v float64, u evidence.Unit, label, labelZH string) string {
		return b.fact(evidence.Fact{Key: "audit:" + k, Value: v, Unit: u, Label: label, LabelZH: labelZH, From: a.From,
			Formula: "signal_audit", Method: "Spearman rank IC of the score against forward excess returns across peer sectors, by date"})
	}
	ic := mk("ic", a.MeanIC, evidence.UnitRatio, "mean rank IC of the score", "得分的平均秩相关系数")
	t := mk("t", a.TStat, evidence.UnitRatio, "t-statistic of the mean IC", "平均IC的t统计量")
	n := mk("n", float64(a.N), evidence.UnitCount, "audit dates", "检验期数")
	verdict := b.t.get("audit_weak")
	if a.TStat >= 2 && a.MeanIC > 0 {
		verdict = b.t.get("audit_strong")
	}
	return fmt.Sprintf(b.t.get("audit_text"), ic, t, n, verdict)
}

// scoreLabel is the composite label, for findings and conclusion.
func (sd *sectorData) scoreLabel() scoring.Label { return sd.sustain.Score.Label }
