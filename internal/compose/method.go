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

// verifyTemplates runs the claim verifier (evidence.Verify) over the
// composed prose, as it runs over a model's: the plain text of every
// block as Markdown (bullets, table rows), with the report's references
// as sources (document passages: title and quote; data: their label).
// Templates are not rewritten: the verifier runs in flag mode, so removed
// stays 0 and any problem (a composer bug) is listed. Markup naming an
// unknown fact or reference is a problem too. The summary is appended to
// the method section with its own figures as facts.
func verifyTemplates(b *builder) {
	r := b.rep
	var blocks []string
	var broken []string
	add := func(s string) {
		if s == "" {
			return
		}
		for _, t := range report.Tokens(s) {
			if _, ok := r.Fact(t.Fact); t.Fact != "" && !ok {
				broken = append(broken, "unresolved fact "+t.Fact)
			}
			if _, ok := r.Reference(t.Ref); t.Ref != "" && !ok {
				broken = append(broken, "unresolved reference "+t.Ref)
			}
		}
		blocks = append(blocks, report.Plain(r, s))
	}
	for _, a := range r.Assumptions {
		add(a)
	}
	for _, s := range r.Sections {
		add(s.Missing)
		for _, bl := range s.Blocks {
			add(bl.Text)
			if len(bl.Items) > 0 { // a bullet is one claim
				add("- " + strings.Join(bl.Items, "\n- "))
			}
			if t := bl.Table; t != nil {
				add(t.Caption)
				for _, row := range t.Rows {
					add("| " + strings.Join(row, " | ") + " |")
				}
				add(t.Source)
			}
			if c := bl.Chart; c != nil {
				add(c.Caption)
			}
		}
	}
	var sources []evidence.Source
	for _, ref := range r.References {
		src := evidence.Source{ID: ref.ID, N: ref.N, Kind: ref.Kind}
		switch {
		case ref.Citation != nil:
			src.Text = ref.Citation.Title + "\n" + ref.Citation.Quote
		case ref.Data != nil:
			src.Text = ref.Data.Label
		}
		sources = append(sources, src)
	}
	res := evidence.Verify(strings.Join(blocks, "\n\n"), evidence.LedgerOf(r.Facts), sources,
		evidence.VerifyOptions{Mode: evidence.ModeFlag, Lang: r.Lang})
	v := &report.Verification{Mode: "templates", Figures: res.Figures, Traced: res.Traced, Markers: res.Markers,
		Claims: res.Checked, Removed: res.Removed, Flagged: res.Flagged, Problems: append(broken, res.Problems...)}
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
