package compose

import (
	"fmt"
	"strings"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/report"
)

// paramFact records a parameter of the method so that it is traceable
// like any figure.
func paramFact(b *builder, key string, v float64, label, labelZH string) string {
	return b.fact(evidence.Fact{Key: "param:" + key, Value: v, Unit: evidence.UnitCount, Label: label, LabelZH: labelZH,
		Formula: "parameter", Method: "a parameter of the method (docs/methodology.md)"})
}

// method writes "Method & disclaimer": the formulas in words with their
// parameters, the verifier summary (added by verifyTemplates) and the
// disclaimer.
func (sd *sectorData) method(b *builder) {
	p := sd.rot.Params
	n := paramFact(b, "rotation.window", float64(p.Window), "rolling window of relative rotation, in weekly samples", "相对轮动滚动窗口（周）")
	tail := paramFact(b, "rotation.tail", float64(p.Tail), "tail length of the rotation chart, in samples", "轮动图轨迹点数")
	blocks := []report.Block{
		paragraph(b.t.get("method_perf")),
		paragraph(fmt.Sprintf(b.t.get("method_rotation"), n, tail)),
		paragraph(b.t.get("method_flows")),
		paragraph(b.t.get("method_sustain")),
		paragraph(b.t.get("method_evidence")),
	}
	if sd.rot.Demo {
		blocks = append(blocks, note(b.t.get("method_demo")))
	}
	blocks = append(blocks, note(b.t.get("disclaimer")))
	b.section(report.SecMethod, blocks, "")
}

// verifyTemplates checks the composed prose as the LLM verifier would:
// every figure must state a fact of the ledger and every reference marker
// must resolve. Problems are listed; the summary is appended to the method
// section with its own figures as facts.
func verifyTemplates(b *builder) {
	r := b.rep
	ledger := evidence.LedgerOf(r.Facts)
	v := &report.Verification{Mode: "templates"}
	check := func(s string) {
		if s == "" {
			return
		}
		v.Claims++
		for _, t := range report.Tokens(s) {
			if t.Ref != "" {
				v.Markers++
				if _, ok := r.Reference(t.Ref); !ok {
					v.Problems = append(v.Problems, "unresolved reference "+t.Ref)
				}
			}
		}
		for _, num := range evidence.Numbers(report.Plain(r, s)) {
			v.Figures++
			if _, ok := ledger.Match(num); ok {
				v.Traced++
			} else {
				v.Problems = append(v.Problems, fmt.Sprintf("figure %q in %q traces to no fact", num.Text, truncate(report.Plain(r, s), 80)))
			}
		}
	}
	for _, a := range r.Assumptions {
		check(a)
	}
	for _, s := range r.Sections {
		check(s.Missing)
		for _, bl := range s.Blocks {
			visitBlock(bl, check)
		}
	}
	r.Verifier = v
	figs := paramFact(b, "verifier.figures", float64(v.Figures), "figures checked by the verifier", "校验的数字数")
	traced := paramFact(b, "verifier.traced", float64(v.Traced), "figures traced to a fact", "可追溯到事实的数字数")
	markers := paramFact(b, "verifier.markers", float64(v.Markers), "reference markers checked", "校验的引用标记数")
	text := fmt.Sprintf(b.t.get("method_verifier"), figs, traced, markers)
	for i := range r.Sections {
		if r.Sections[i].ID == report.SecMethod {
			blocks := r.Sections[i].Blocks
			at := len(blocks) - 1 // before the disclaimer
			r.Sections[i].Blocks = append(blocks[:at:at], append([]report.Block{paragraph(text)}, blocks[at:]...)...)
		}
	}
	r.Facts = b.ledger.Facts()
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return strings.TrimSpace(s)
}
