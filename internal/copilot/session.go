package copilot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/research"
)

// session is one model conversation over one composed report.
type session struct {
	c    *Copilot
	plan Plan
	rep  *report.Report
}

// addCitation adds a passage found by a tool to the report's references
// (dropped again at the end when the prose does not cite it) and returns
// its number.
func (s *session) addCitation(d research.Document, p research.Passage) int {
	for _, ref := range s.rep.References {
		if c := ref.Citation; c != nil && c.DocID == d.ID && c.Seq == p.Seq {
			return ref.N
		}
	}
	id := fmt.Sprintf("C%d", len(s.rep.Citations)+1)
	c := research.Cite(id, d, p)
	s.rep.Citations = append(s.rep.Citations, c)
	n := len(s.rep.References) + 1
	s.rep.References = append(s.rep.References, report.Reference{N: n, ID: id, Kind: report.RefDocument, Citation: &c})
	return n
}

var refMark = regexp.MustCompile(`\[\[([CD]\d+)\]\]`)

// cites turns reference markup into the [n] the model sees.
func (s *session) cites(text string) string {
	return refMark.ReplaceAllStringFunc(text, func(m string) string {
		if ref, ok := s.rep.Reference(m[2 : len(m)-2]); ok {
			return fmt.Sprintf("[%d]", ref.N)
		}
		return m
	})
}

var (
	modelRef  = regexp.MustCompile(`\[(\d+)\]`)
	modelFact = regexp.MustCompile(`\{\{(F\d+)\}\}|\[(F\d+)\]|\((F\d+)\)`)
)

// markup turns the model's [n] and fact references into report markup.
// A number that is not a reference stays as written (the verifier has
// already removed sentences citing one).
func (s *session) markup(text string) string {
	text = modelFact.ReplaceAllStringFunc(text, func(m string) string {
		return report.FactMark(strings.Trim(m, "{}[]()"))
	})
	return modelRef.ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(m[1 : len(m)-1])
		for _, ref := range s.rep.References {
			if ref.N == n {
				return report.RefMark(ref.ID)
			}
		}
		return m
	})
}

// blockText is a block as markup text, tables as pipe rows.
func blockText(b report.Block) string {
	switch {
	case b.Table != nil:
		var sb strings.Builder
		cols := make([]string, len(b.Table.Columns))
		for i, c := range b.Table.Columns {
			cols[i] = c.Title
		}
		sb.WriteString("| " + strings.Join(cols, " | ") + " |\n")
		for _, r := range b.Table.Rows {
			sb.WriteString("| " + strings.Join(r, " | ") + " |\n")
		}
		return sb.String()
	case len(b.Items) > 0:
		return "- " + strings.Join(b.Items, "\n- ")
	case b.Chart != nil:
		return b.Chart.Title + ": " + b.Chart.Caption
	}
	return b.Text
}
