package compose

import (
	"fmt"

	"github.com/sextant-ai/sextant/internal/evidence"
)

// findings are the key findings: 3–6 bullets drawn from facts the other
// sections recorded, each with its reference.
func (sd *sectorData) findings(b *builder) []string {
	var out []string
	row := sd.row()
	src := sd.barsRef(b)
	if row != nil {
		ret := sd.lastFact(b, "return:"+string(row.Symbol)+":1m")
		ex := sd.lastFact(b, "excess:"+string(row.Symbol)+":1m")
		rank := sd.lastFact(b, "rank:"+string(row.Symbol)+":1m")
		if ret != "" && ex != "" {
			out = append(out, fmt.Sprintf(b.t.get("finding_perf"), sd.sector.Name, ret, ex, sd.rot.Benchmark, b.orMissing(rank), src))
		}
		out = append(out, fmt.Sprintf(b.t.get("finding_rotation"), b.t.quadrant(string(row.Quadrant)),
			b.orMissing(sd.lastFact(b, "rrg:"+string(row.Symbol)+":rs_ratio")), b.orMissing(sd.lastFact(b, "rrg:"+string(row.Symbol)+":rs_momentum")), src))
	}
	for _, m := range sd.flows.Measures {
		if m.Measure == "financing_balance" {
			continue
		}
		if s := sd.lastFact(b, fmt.Sprintf("flow:%s:%s:%d", m.Measure, m.Series.Name, 20)); s != "" {
			ref := b.dataRef(evidence.Input{Dataset: measureDataset[m.Measure], Symbols: sd.measureSymbols(m), Members: m.Members, From: sd.flows.From, To: sd.flows.AsOf}, b.t.measure(m.Measure))
			out = append(out, fmt.Sprintf(b.t.get("finding_flow"), b.t.measure(m.Measure), s, ref))
			break
		}
	}
	if score := sd.lastFact(b, "sustain:score"); score != "" {
		f := fmt.Sprintf(b.t.get("finding_sustain"), score, b.t.label(sd.scoreLabel()))
		if mean := sd.lastFact(b, "baserate:4:mean"); mean != "" {
			f += fmt.Sprintf(b.t.get("finding_baserate"), mean, b.orMissing(sd.lastFact(b, "baserate:4:hit")), b.orMissing(sd.lastFact(b, "baserate:4:n")))
		}
		out = append(out, f)
	}
	for _, topic := range []string{topicTechnology, topicPolicy, topicOrders} {
		if picks := firstN(sd.docs.byTopic[topic], 1, b.lang); len(picks) > 0 {
			p := picks[0]
			c := b.cite(p.doc, p.passage)
			out = append(out, fmt.Sprintf(b.t.get("finding_doc_"+topic), b.title(p, c), c))
			if len(out) >= 6 {
				break
			}
		}
	}
	return out
}
