package report

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sextant-ai/sextant/internal/evidence"
)

// marker matches the inline markup: {{F12}} or [[C3]] / [[D1]].
var marker = regexp.MustCompile(`\{\{(F\d+)\}\}|\[\[([CD]\d+)\]\]`)

// Token is a piece of inline markup: literal text, a fact or a reference.
type Token struct {
	Text string // literal text
	Fact string // fact id
	Ref  string // reference id
}

// Tokens splits inline markup.
func Tokens(s string) []Token {
	var out []Token
	last := 0
	for _, m := range marker.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			out = append(out, Token{Text: s[last:m[0]]})
		}
		if m[2] >= 0 {
			out = append(out, Token{Fact: s[m[2]:m[3]]})
		} else {
			out = append(out, Token{Ref: s[m[4]:m[5]]})
		}
		last = m[1]
	}
	if last < len(s) {
		out = append(out, Token{Text: s[last:]})
	}
	return out
}

// FactMark is the inline markup of a fact.
func FactMark(id string) string { return "{{" + id + "}}" }

// RefMark is the inline markup of a reference.
func RefMark(id string) string { return "[[" + id + "]]" }

// resolver renders inline markup against a report.
type resolver struct {
	r      *Report
	facts  map[string]evidence.Fact
	refs   map[string]int
	broken []string
}

func newResolver(r *Report) *resolver {
	rs := &resolver{r: r, facts: map[string]evidence.Fact{}, refs: map[string]int{}}
	for _, f := range r.Facts {
		rs.facts[f.ID] = f
	}
	for _, ref := range r.References {
		rs.refs[ref.ID] = ref.N
	}
	return rs
}

// render turns markup into text: literal text through esc, facts through
// fact, references through ref. Unknown ids render visibly as "[?F9]" and
// are recorded in broken (a renderer bug or a tampered report).
func (rs *resolver) render(s string, esc func(string) string, fact func(evidence.Fact, string) string, ref func(n int) string) string {
	var b strings.Builder
	for _, t := range Tokens(s) {
		switch {
		case t.Fact != "":
			f, ok := rs.facts[t.Fact]
			if !ok {
				rs.broken = append(rs.broken, t.Fact)
				b.WriteString(esc("[?" + t.Fact + "]"))
				continue
			}
			b.WriteString(fact(f, evidence.Format(f, rs.r.Lang)))
		case t.Ref != "":
			n, ok := rs.refs[t.Ref]
			if !ok {
				rs.broken = append(rs.broken, t.Ref)
				b.WriteString(esc("[?" + t.Ref + "]"))
				continue
			}
			b.WriteString(ref(n))
		default:
			b.WriteString(esc(t.Text))
		}
	}
	return b.String()
}

// plain renders markup as plain text: "+13.8% [2]".
func (rs *resolver) plain(s string) string {
	return rs.render(s, func(s string) string { return s },
		func(_ evidence.Fact, v string) string { return v },
		func(n int) string { return fmt.Sprintf("[%d]", n) })
}

// Plain renders inline markup as plain text against a report.
func Plain(r *Report, s string) string { return newResolver(r).plain(s) }
