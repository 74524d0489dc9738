package copilot

import (
	"fmt"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/report"
)

// llmVerification adds the model prose's verification to the template's.
func llmVerification(tmpl *report.Verification, v evidence.Verification) *report.Verification {
	out := &report.Verification{Mode: "llm"}
	if tmpl != nil {
		*out = *tmpl
		out.Mode = "llm"
	}
	out.Claims += v.Checked
	out.Figures += v.Figures
	out.Traced += v.Traced
	out.Removed += v.Removed
	out.Flagged += v.Flagged
	for _, c := range v.Claims {
		out.Markers += len(c.Refs)
	}
	out.Problems = append(out.Problems, v.Problems...)
	return out
}

// summarize states the model verifier's counts in the method section, as
// facts like every other figure.
func (s *session) summarize(l *evidence.Ledger, v evidence.Verification) {
	rep := s.rep
	add := func(key string, n int, label, labelZH string) string {
		id, err := l.Add(evidence.Fact{Key: "llm_verifier:" + key, Value: float64(n), Unit: evidence.UnitCount, Label: label,
			LabelZH: labelZH, AsOf: rep.AsOf, Formula: "verifier", Method: "claims of the model's prose checked by the verifier (docs/copilot.md)"})
		if err != nil {
			return fmt.Sprint(n)
		}
		return report.FactMark(id)
	}
	checked := add("checked", v.Checked, "model sentences checked", "核查的模型语句数")
	removed := add("removed", v.Removed, "model sentences removed as unsupported", "因缺乏依据而删除的模型语句数")
	flagged := add("flagged", v.Flagged, "model sentences flagged", "被标记的模型语句数")
	text := fmt.Sprintf("Model prose verifier: %s sentences checked, %s removed as unsupported, %s flagged.", checked, removed, flagged)
	if rep.Lang == "zh" {
		text = fmt.Sprintf("模型文字校验：共核查%s句，因缺乏依据删除%s句，标记%s句。", checked, removed, flagged)
	}
	for i := range rep.Sections {
		if rep.Sections[i].ID == report.SecMethod {
			blocks := rep.Sections[i].Blocks
			at := max(len(blocks)-1, 0) // before the disclaimer
			rep.Sections[i].Blocks = append(blocks[:at:at], append([]report.Block{{Kind: report.BlockParagraph, Text: text}}, blocks[at:]...)...)
		}
	}
	rep.Facts = l.Facts()
}

// dropUncited removes references no text cites (passages a search found
// but the prose did not use) and renumbers the rest in order.
func dropUncited(rep *report.Report) {
	used := map[string]bool{}
	visit := func(s string) {
		for _, t := range report.Tokens(s) {
			if t.Ref != "" {
				used[t.Ref] = true
			}
		}
	}
	for _, a := range rep.Assumptions {
		visit(a)
	}
	for _, sec := range rep.Sections {
		visit(sec.Missing)
		for _, b := range sec.Blocks {
			visit(b.Text)
			for _, it := range b.Items {
				visit(it)
			}
			if b.Table != nil {
				visit(b.Table.Caption)
				visit(b.Table.Source)
				for _, r := range b.Table.Rows {
					for _, c := range r {
						visit(c)
					}
				}
			}
			if b.Chart != nil {
				visit(b.Chart.Caption)
			}
		}
	}
	var refs []report.Reference
	for _, r := range rep.References {
		if used[r.ID] {
			r.N = len(refs) + 1
			refs = append(refs, r)
		}
	}
	rep.References = refs
}
