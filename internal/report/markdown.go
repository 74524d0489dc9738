package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/sextant-ai/sextant/internal/evidence"
)

// Markdown renders the report as CommonMark with pipe tables. Figures are
// plain values, references "[n]" linking to the numbered list; charts are
// described by their caption (the HTML report draws them).
func Markdown(r *Report) []byte {
	rs := newResolver(r)
	l := labelsFor(r.Lang)
	esc := func(s string) string { return s }
	fact := func(_ evidence.Fact, v string) string { return v }
	ref := func(n int) string { return fmt.Sprintf("[%d]", n) }
	text := func(s string) string { return rs.render(s, esc, fact, ref) }
	cell := func(s string) string { return strings.ReplaceAll(text(s), "|", "\\|") }

	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	if r.Demo {
		fmt.Fprintf(&b, "> **%s**\n\n", l.demo)
	}
	fmt.Fprintf(&b, "*%s %s · %s · %s*\n\n", l.asOf, date(r.AsOf), r.Subject.Name, r.Generator)
	fmt.Fprintf(&b, "**%s:** %s\n\n", l.health, healthLine(r))
	if len(r.Assumptions) > 0 {
		fmt.Fprintf(&b, "**%s:**\n\n", l.assumptions)
		for _, a := range r.Assumptions {
			fmt.Fprintf(&b, "- %s\n", text(a))
		}
		b.WriteString("\n")
	}
	for i, s := range r.Sections {
		fmt.Fprintf(&b, "## %d. %s\n\n", i+1, s.Title)
		if s.Missing != "" {
			fmt.Fprintf(&b, "*%s: %s*\n\n", l.missing, text(s.Missing))
		}
		for _, bl := range s.Blocks {
			markdownBlock(&b, bl, text, cell, l)
		}
	}
	fmt.Fprintf(&b, "## %s\n\n", l.references)
	for _, ref := range r.References {
		fmt.Fprintf(&b, "%d. %s\n", ref.N, referenceText(r, ref))
	}
	return b.Bytes()
}

func markdownBlock(b *bytes.Buffer, bl Block, text, cell func(string) string, l labels) {
	switch bl.Kind {
	case BlockParagraph:
		fmt.Fprintf(b, "%s\n\n", text(bl.Text))
	case BlockNote:
		fmt.Fprintf(b, "> %s\n\n", text(bl.Text))
	case BlockBullets:
		for _, it := range bl.Items {
			fmt.Fprintf(b, "- %s\n", text(it))
		}
		b.WriteString("\n")
	case BlockTable:
		t := bl.Table
		if t.Caption != "" {
			fmt.Fprintf(b, "**%s**\n\n", text(t.Caption))
		}
		head, rule := make([]string, len(t.Columns)), make([]string, len(t.Columns))
		for i, c := range t.Columns {
			head[i] = cell(c.Title)
			rule[i] = "---"
			if c.Right {
				rule[i] = "---:"
			}
		}
		fmt.Fprintf(b, "| %s |\n| %s |\n", strings.Join(head, " | "), strings.Join(rule, " | "))
		for _, row := range t.Rows {
			cells := make([]string, len(row))
			for i, c := range row {
				cells[i] = cell(c)
			}
			fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
		}
		b.WriteString("\n")
		if t.Source != "" {
			fmt.Fprintf(b, "*%s*\n\n", text(t.Source))
		}
	case BlockChart:
		c := bl.Chart
		fmt.Fprintf(b, "*%s: %s*", l.chart, c.Title)
		if c.Caption != "" {
			fmt.Fprintf(b, " — %s", text(c.Caption))
		}
		b.WriteString("\n\n")
	}
}
