package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/sextant-ai/sextant/internal/evidence"
)

// TermOptions configure the terminal renderer. The caller decides Color:
// only on a TTY and never when NO_COLOR is set.
type TermOptions struct {
	Width int  // wrap width in terminal cells; 0 = 100
	Color bool // ANSI styles
}

// ansi styles.
const (
	sBold  = "\x1b[1m"
	sDim   = "\x1b[2m"
	sCyan  = "\x1b[36m"
	sGreen = "\x1b[32m"
	sRed   = "\x1b[31m"
	sReset = "\x1b[0m"
)

// Terminal renders the report for a terminal: wrapped paragraphs, aligned
// tables (widths count cells, so Chinese lines up), figures highlighted
// when colour is on (green up, red down — A-share readers may prefer the
// reverse; the sign is always printed).
func Terminal(r *Report, o TermOptions) []byte {
	if o.Width <= 20 {
		o.Width = 100
	}
	t := &termWriter{r: r, rs: newResolver(r), o: o, l: labelsFor(r.Lang)}
	t.header()
	for i, s := range r.Sections {
		t.line(t.style(sBold+sCyan, fmt.Sprintf("%d. %s", i+1, s.Title)))
		t.b.WriteString("\n")
		if s.Missing != "" {
			t.para(t.l.missing+": "+t.text(s.Missing), "  ", sDim)
		}
		for _, bl := range s.Blocks {
			t.block(bl)
		}
	}
	t.line(t.style(sBold+sCyan, t.l.references))
	for _, ref := range r.References {
		t.para(fmt.Sprintf("[%d] %s", ref.N, referenceText(r, ref)), "  ", "")
	}
	return t.b.Bytes()
}

type termWriter struct {
	b  bytes.Buffer
	r  *Report
	rs *resolver
	o  TermOptions
	l  labels
}

func (t *termWriter) style(s, text string) string {
	if !t.o.Color {
		return text
	}
	return s + text + sReset
}

func (t *termWriter) text(s string) string {
	return t.rs.render(s, func(s string) string { return s },
		func(f evidence.Fact, v string) string {
			switch {
			case !t.o.Color:
				return v
			case f.Signed && f.Value > 0:
				return sGreen + v + sReset
			case f.Signed && f.Value < 0:
				return sRed + v + sReset
			}
			return sBold + v + sReset
		},
		func(n int) string { return t.style(sDim, fmt.Sprintf("[%d]", n)) })
}

func (t *termWriter) line(s string) { t.b.WriteString(s + "\n") }

func (t *termWriter) header() {
	t.line(t.style(sBold, t.r.Title))
	if t.r.Demo {
		t.line(t.style(sBold+sRed, t.l.demo))
	}
	t.para(fmt.Sprintf("%s %s · %s", t.l.asOf, date(t.r.AsOf), t.r.Generator), "", sDim)
	t.para(t.l.health+": "+healthLine(t.r), "", sDim)
	for _, a := range t.r.Assumptions {
		t.para(t.l.assumptions+": "+t.text(a), "", sDim)
	}
	t.b.WriteString("\n")
}

// para wraps text at the width with a hanging indent.
func (t *termWriter) para(s, indent, style string) {
	for _, l := range wrap(s, t.o.Width-uniseg.StringWidth(indent)) {
		if style != "" {
			l = t.style(style, l)
		}
		t.line(indent + l)
	}
	t.b.WriteString("\n")
}

func (t *termWriter) block(bl Block) {
	switch bl.Kind {
	case BlockParagraph:
		t.para(t.text(bl.Text), "  ", "")
	case BlockNote:
		t.para(t.text(bl.Text), "  ", sDim)
	case BlockBullets:
		for _, it := range bl.Items {
			ls := wrap(t.text(it), t.o.Width-4)
			for i, l := range ls {
				prefix := "    "
				if i == 0 {
					prefix = "  • "
				}
				t.line(prefix + l)
			}
		}
		t.b.WriteString("\n")
	case BlockTable:
		t.table(bl.Table)
	case BlockChart:
		c := bl.Chart
		s := t.l.chart + ": " + c.Title
		if c.Caption != "" {
			s += " — " + t.text(c.Caption)
		}
		t.para(s, "  ", sDim)
	}
}

func (t *termWriter) table(tb *Table) {
	if tb.Caption != "" {
		t.line("  " + t.style(sBold, t.text(tb.Caption)))
	}
	rows := make([][]string, 0, len(tb.Rows)+1)
	head := make([]string, len(tb.Columns))
	for i, c := range tb.Columns {
		head[i] = c.Title
	}
	rows = append(rows, head)
	for _, r := range tb.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = t.text(c)
		}
		rows = append(rows, cells)
	}
	widths := make([]int, len(head))
	for _, r := range rows {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], visibleWidth(c))
			}
		}
	}
	for ri, r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range r {
			if i >= len(widths) {
				break
			}
			pad := strings.Repeat(" ", widths[i]-visibleWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if tb.Columns[i].Right {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		line := strings.TrimRight(b.String(), " ")
		if ri == 0 {
			line = t.style(sBold, line)
		}
		t.line(line)
	}
	if tb.Source != "" {
		t.line("  " + t.style(sDim, t.text(tb.Source)))
	}
	t.b.WriteString("\n")
}

// visibleWidth is the terminal width of s without ANSI escapes.
func visibleWidth(s string) int { return uniseg.StringWidth(stripANSI(s)) }

func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := strings.IndexByte(s[i:], 'm')
			if j > 0 {
				i += j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// wrap breaks s into lines of at most width cells, at spaces for
// alphabetic text and between any two CJK characters.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	curW := 0
	g := uniseg.NewGraphemes(s)
	var word strings.Builder
	wordW := 0
	flush := func() {
		if curW+wordW > width && curW > 0 {
			lines = append(lines, strings.TrimRight(cur.String(), " "))
			cur.Reset()
			curW = 0
			w := strings.TrimLeft(word.String(), " ")
			wordW = visibleWidth(w)
			word.Reset()
			word.WriteString(w)
		}
		cur.WriteString(word.String())
		curW += wordW
		word.Reset()
		wordW = 0
	}
	inEsc := false
	for g.Next() {
		c := g.Str()
		w := g.Width()
		switch {
		case strings.HasPrefix(c, "\x1b"):
			inEsc, w = true, 0
		case inEsc:
			inEsc, w = c != "m", 0
		}
		word.WriteString(c)
		wordW += w
		if c == " " || w == 2 {
			flush()
		}
	}
	flush()
	if cur.Len() > 0 {
		lines = append(lines, strings.TrimRight(cur.String(), " "))
	}
	return lines
}
