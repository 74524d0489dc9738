package evidence

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Mode says what the verifier does with an unsupported sentence.
type Mode string

// Modes. The zero Mode removes.
const (
	ModeRemove Mode = "remove" // drop the sentence from the text
	ModeFlag   Mode = "flag"   // keep it behind a visible "⚠ unverified:" mark
)

// DefaultMinSupport is the share of a sentence's content terms a cited
// passage must contain for the passage to support it (see Support). On
// the demo corpus the template sentences reach ≥ 0.89 against their own
// passage and paraphrases ≥ 0.5, while 95% of (sentence, other passage)
// pairs of the same sector stay below 0.3 (docs/methodology.md).
const DefaultMinSupport = 0.3

// Source kinds.
const (
	SourceDocument = "document"
	SourceData     = "data"
)

// Source is a reference the prose may cite as [n].
type Source struct {
	ID    string   // C3 or D1: the report's reference id, also accepted as [[C3]]
	N     int      // the [n] the prose uses
	Kind  string   // SourceDocument or SourceData
	Text  string   // the cited passage (documents; title and quote) or a description (data)
	Facts []string // fact ids a data source backs; empty: any fact
}

// VerifyOptions configure Verify.
type VerifyOptions struct {
	Mode       Mode
	MinSupport float64 // 0: DefaultMinSupport
	Lang       string  // "zh" or "en" for the flag mark; "": each sentence's own script
}

// Status is the verdict on one claim.
type Status string

// Statuses.
const (
	StatusOK      Status = "ok"
	StatusRemoved Status = "removed"
	StatusFlagged Status = "flagged"
)

// Claim is one sentence (or bullet, or table row) of the prose.
type Claim struct {
	Sentence   string
	Start, End int      // byte offsets in the prose given to Verify
	Figures    []Number // offsets in the prose
	Refs       []int    // the [n] cited ([[C3]] is resolved to its n; 0 when unknown)
	FactIDs    []string // facts named by markup ({{F12}}, [F12], (F12))
	Traced     []string // facts the figures state
	Checked    bool     // false for unchecked prose: no figure, reference or cue
	Status     Status
	Problems   []string
}

// Verification is the verifier's result.
type Verification struct {
	Text      string // the prose after removals, with flags marked
	Claims    []Claim
	Checked   int // sentences with a figure, a reference or a fact marker (or a problem)
	Unchecked int // sentences with none: counted, kept
	Figures   int // figures checked (fact markers standing for a figure included)
	Traced    int // figures that state a fact
	Markers   int // reference markers checked
	Removed   int
	Flagged   int
	Problems  []string // every problem, with the sentence it is in
}

// markerRE matches reference and fact markers: [[C3]] / [[D1]] (report
// markup), {{F12}}, [F12] / (F12) / （F12） / 【F12】 (lists allowed:
// [F1, F2]), and [3] / [1, 2] / [2–4] / 【3】.
var markerRE = regexp.MustCompile(`\[\[([CD]\d+)\]\]|\{\{(F\d+)\}\}|[\[(（【［]\s*(F\d+(?:\s*[,，、;；]\s*F\d+)*)\s*[\])）】］]|[\[【［]\s*(\d{1,3}(?:\s*[-–,，、]\s*\d{1,3})*)\s*[\]】］]`)

var listSep = regexp.MustCompile(`\s*[,，、;；]\s*`)

// Verify checks prose against the fact ledger and the sources, sentence
// by sentence (see the package documentation for the rules), and removes
// or flags the unsupported ones. It never acts on what the prose or the
// sources say: both are data.
func Verify(prose string, l *Ledger, sources []Source, o VerifyOptions) Verification {
	if l == nil {
		l = NewLedger()
	}
	if o.MinSupport <= 0 {
		o.MinSupport = DefaultMinSupport
	}
	if o.Mode == "" {
		o.Mode = ModeRemove
	}
	c := newChecker(l, sources, o)
	units, regions := splitUnits(prose)
	var v Verification
	for _, u := range units {
		cl, marks, traced := c.check(prose, u)
		v.Figures += len(cl.Figures) + marks
		v.Traced += len(cl.Traced) + traced
		v.Markers += len(cl.Refs)
		if cl.Checked {
			v.Checked++
		} else {
			v.Unchecked++
		}
		if len(cl.Problems) > 0 {
			if o.Mode == ModeFlag {
				cl.Status = StatusFlagged
				v.Flagged++
			} else {
				cl.Status = StatusRemoved
				v.Removed++
			}
			for _, p := range cl.Problems {
				v.Problems = append(v.Problems, fmt.Sprintf("%s, in %q", p, clip(cl.Sentence, 80)))
			}
		}
		v.Claims = append(v.Claims, cl)
	}
	v.Text = rewrite(prose, units, regions, v.Claims, o)
	return v
}

// checker holds what every sentence is checked against.
type checker struct {
	l          *Ledger
	o          VerifyOptions
	byN        map[int]Source
	byID       map[string]Source
	docs       map[int]termSet
	common     map[string]bool // terms in more than half of ≥ 3 documents: they say what all are about, not which
	injections [][]string      // terms of instructions planted in documents (see echoes)
}

func newChecker(l *Ledger, sources []Source, o VerifyOptions) *checker {
	c := &checker{l: l, o: o, byN: map[int]Source{}, byID: map[string]Source{}, docs: map[int]termSet{},
		common: map[string]bool{}}
	df := map[string]int{}
	ndocs := 0
	for _, s := range sources {
		c.byN[s.N] = s
		if s.ID != "" {
			c.byID[s.ID] = s
		}
		if s.Kind != SourceDocument {
			continue
		}
		ts := terms(s.Text)
		c.docs[s.N] = newTermSet(ts)
		ndocs++
		for _, t := range ts {
			df[t]++
		}
		if find(injection, s.Text, strings.ToLower(s.Text)) == nil {
			continue
		}
		units, _ := splitUnits(s.Text)
		for _, u := range units {
			// the payload: from the instruction to the end of its sentence
			sent := s.Text[u.start:u.end]
			if loc := find(injection, sent, strings.ToLower(sent)); loc != nil {
				c.injections = append(c.injections, terms(sent[loc[0]:]))
			}
		}
	}
	if ndocs >= 3 {
		for t, n := range df {
			if 2*n > ndocs {
				c.common[t] = true
			}
		}
	}
	return c
}

// check judges one unit. Fact markers that stand for a figure (not
// right after one) count as figures: marks of them, traced to a fact.
func (c *checker) check(prose string, u span) (cl Claim, marks, traced int) {
	text := prose[u.start:u.end]
	cl = Claim{Sentence: text, Start: u.start, End: u.end, Status: StatusOK}
	j := &judgement{c: c, cl: &cl, text: text, lower: strings.ToLower(text), facts: map[string]bool{}}
	j.markers()
	j.figures = Numbers(string(j.masked))
	marks, traced = j.factMarks()
	j.checkFigures()
	for i := range cl.Figures {
		cl.Figures[i].Start += u.start
		cl.Figures[i].End += u.start
	}
	j.terms = terms(blankFigures(string(j.masked), j.figures))
	j.checkRefs()
	j.checkCues()
	cl.Checked = len(j.figures) > 0 || len(cl.Refs) > 0 || len(cl.FactIDs) > 0 || len(cl.Problems) > 0
	return cl, marks, traced
}

// judgement is the state of one claim's check.
type judgement struct {
	c           *checker
	cl          *Claim
	text, lower string
	masked      []byte          // text with markers blanked out, so that their digits are not figures
	refs        []string        // the references as written, for messages, parallel to cl.Refs
	marks       []factMark      // fact markers
	figures     []Number        // offsets in text
	bound       map[int]string  // figure index → the fact marker right after it
	facts       map[string]bool // facts the claim states or names
	terms       []string        // content terms, figures and markers left out
	supported   bool            // a cited document supports the claim
}

type factMark struct {
	id    string
	start int
}

func (j *judgement) problem(format string, args ...any) {
	j.cl.Problems = append(j.cl.Problems, fmt.Sprintf(format, args...))
}

// markers collects reference and fact markers and blanks them out.
func (j *judgement) markers() {
	text, cl := j.text, j.cl
	j.masked = []byte(text)
	for _, m := range markerRE.FindAllStringSubmatchIndex(text, -1) {
		for i := m[0]; i < m[1]; i++ {
			j.masked[i] = ' '
		}
		switch {
		case m[2] >= 0: // [[C3]]
			n := 0
			if s, ok := j.c.byID[text[m[2]:m[3]]]; ok {
				n = s.N
			}
			cl.Refs = append(cl.Refs, n)
			j.refs = append(j.refs, text[m[0]:m[1]])
		case m[4] >= 0: // {{F12}}
			j.marks = append(j.marks, factMark{text[m[4]:m[5]], m[0]})
		case m[6] >= 0: // [F12], (F1, F2)
			for _, id := range listSep.Split(text[m[6]:m[7]], -1) {
				j.marks = append(j.marks, factMark{id, m[0]})
			}
		default: // [3], [1, 2], [2–4]
			for _, s := range listSep.Split(text[m[8]:m[9]], -1) {
				from, to, isRange := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
				a, _ := strconv.Atoi(strings.TrimSpace(from))
				b := a
				if isRange {
					b, _ = strconv.Atoi(strings.TrimSpace(to))
				}
				if b < a || b-a > 20 {
					b = a // not a range a reader would follow: check its first number only
				}
				for n := a; n <= b; n++ {
					cl.Refs = append(cl.Refs, n)
					j.refs = append(j.refs, "["+strconv.Itoa(n)+"]")
				}
			}
		}
	}
}

// factMarks checks that fact markers name facts and binds each to the
// figure written right before it, if any.
func (j *judgement) factMarks() (marks, traced int) {
	j.bound = map[int]string{}
	for _, fm := range j.marks {
		j.cl.FactIDs = append(j.cl.FactIDs, fm.id)
		_, exists := j.c.l.Get(fm.id)
		if !exists {
			j.problem("%s is not a fact", fm.id)
		} else {
			j.facts[fm.id] = true
		}
		standalone := true
		for i, n := range j.figures {
			if n.End <= fm.start && strings.TrimSpace(string(j.masked[n.End:fm.start])) == "" {
				if _, taken := j.bound[i]; !taken && exists {
					j.bound[i] = fm.id
					standalone = false
				}
				break
			}
		}
		if standalone {
			marks++
			if exists {
				traced++
			}
		}
	}
	return marks, traced
}

// checkFigures traces every figure to a fact.
func (j *judgement) checkFigures() {
	c, cl := j.c, j.cl
	prevEnd := 0
	for i, n := range j.figures {
		n = c.direct(string(j.masked), n, prevEnd)
		prevEnd = n.End
		var ids []string
		var why string
		if id, ok := j.bound[i]; ok {
			f, _ := c.l.Get(id)
			if states(n, f) {
				ids = []string{id}
			} else {
				why = fmt.Sprintf("figure %s does not state %s (%s)", n.Text, id, Format(f, c.lang(j.text)))
			}
		} else {
			ids, why = c.trace(n, j.text)
		}
		if len(ids) > 0 {
			cl.Traced = append(cl.Traced, ids[0])
			for _, id := range ids {
				j.facts[id] = true
			}
		} else {
			if loc := find(forward, j.text, j.lower); loc != nil {
				why = fmt.Sprintf("forward-looking claim (%q) without evidence: %s", j.text[loc[0]:loc[1]], why)
			}
			j.problem("%s", why)
		}
		cl.Figures = append(cl.Figures, n)
	}
}

// checkRefs checks that every reference exists and supports the claim.
func (j *judgement) checkRefs() {
	c := j.c
	for i, n := range j.cl.Refs {
		s, ok := c.byN[n]
		if !ok || n == 0 {
			j.problem("%s is not a reference", j.refs[i])
			continue
		}
		if s.Kind == SourceDocument {
			sup, _ := support(j.terms, c.docs[n], c.common)
			if sup < c.o.MinSupport {
				j.problem("[%d] does not support the sentence (support %.2f < %.2f)", n, sup, c.o.MinSupport)
			} else {
				j.supported = true
			}
			continue
		}
		switch {
		case len(j.facts) > 0:
			if len(s.Facts) > 0 && !slices.ContainsFunc(s.Facts, func(id string) bool { return j.facts[id] }) {
				j.problem("[%d] does not back the sentence's figures (%s)", n, strings.Join(sortedKeys(j.facts), ", "))
			}
		case len(j.figures) > 0:
			// the figures matched nothing: already a problem
		case len(j.terms) > 0:
			if sup, _ := support(j.terms, newTermSet(terms(s.Text)), nil); sup == 0 {
				j.problem("[%d] does not support the sentence (data, and the sentence states none of its figures)", n)
			}
		}
	}
}

// checkCues looks for what no citation of data can make good: digitless
// quantitative forecasts and instructions echoed from documents.
func (j *judgement) checkCues() {
	text := j.text
	if loc := find(quantCue, text, j.lower); loc != nil && !negated(text, loc) && !j.supported {
		j.problem("quantitative forward-looking claim without evidence (%q)", text[loc[0]:loc[1]])
	}
	if loc := find(injection, text, j.lower); loc != nil {
		j.problem("repeats an instruction planted in a document (injection echo: %q)", text[loc[0]:loc[1]])
		return
	}
	if len(j.terms) < 3 {
		return
	}
	for _, inj := range j.c.injections {
		if s, n := support(j.terms, newTermSet(inj), nil); s >= 0.5 && s*float64(n) >= 3 {
			j.problem("echoes an instruction planted in a document (injection echo, overlap %.2f)", s)
			return
		}
	}
}

// trace finds the facts a figure states; when there is none it says why:
// the wrong sign, the wrong unit, or the nearest fact.
func (c *checker) trace(n Number, text string) ([]string, string) {
	var ids []string
	for _, f := range c.l.facts {
		if states(n, f) {
			ids = append(ids, f.ID)
		}
	}
	if len(ids) > 0 {
		return ids, ""
	}
	lang := c.lang(text)
	if n.Signed {
		flip := n
		flip.Value = -n.Value
		for _, f := range c.l.facts {
			if states(flip, f) {
				return nil, fmt.Sprintf("figure %s has the wrong sign (%s is %s)", n.Text, f.ID, Format(f, lang))
			}
		}
	}
	for _, f := range c.l.facts {
		if n.Unit == UnitPP && f.Unit == UnitPct && Matches(n, f) {
			return nil, fmt.Sprintf("figure %s is in percentage points but %s is a percentage (%s)", n.Text, f.ID, Format(f, lang))
		}
		if n.Unit == "" && writtenMagnitude(n) == 1 {
			as := n
			as.Unit = f.Unit
			as.Value = n.Value / unitScale(f.Unit)
			if f.Unit != UnitPoints && f.Unit != UnitScore && f.Unit != UnitCount && f.Unit != UnitPrice && f.Unit != UnitRatio && Matches(as, f) {
				return nil, fmt.Sprintf("figure %s has no unit (%s is %s)", n.Text, f.ID, Format(f, lang))
			}
		}
	}
	why := fmt.Sprintf("figure %s matches no fact", n.Text)
	best, dist := -1, math.Inf(1)
	for i, f := range c.l.facts {
		if !f.Valid() || family(n.Unit) != family(f.Unit) {
			continue
		}
		d := math.Abs(n.Value*unitScale(n.Unit) - f.Value*unitScale(f.Unit))
		if !n.Signed {
			d = math.Abs(math.Abs(n.Value)*unitScale(n.Unit) - math.Abs(f.Value)*unitScale(f.Unit))
		}
		if d < dist {
			best, dist = i, d
		}
	}
	if best >= 0 {
		f := c.l.facts[best]
		why += fmt.Sprintf(" (nearest: %s %s)", f.ID, Format(f, lang))
	}
	return nil, why
}

// states reports whether a stated figure states a fact: Matches, with the
// unit confusions the verifier tolerates and the one it refuses:
//   - a fact in percentage points may be written in % ("outperformed by
//     19.2%"), but a percentage is never written in pp: a return or a
//     level is not a difference;
//   - a bare 亿/万 or bn/m figure states money or fund units of that value
//     (the noun says which), never a percentage;
//   - σ and ° may be left out of z-scores and angles;
//   - a figure in 元/yuan without a magnitude may state a price.
//
// Money is never units (亿元 ≠ 亿份), and a bare figure never states a
// percentage, money or units.
func states(n Number, f Fact) bool {
	if !f.Valid() {
		return false
	}
	switch {
	case n.Unit == UnitPP && f.Unit == UnitPct:
		return false
	case n.Unit == "" && writtenMagnitude(n) > 1 && (f.Unit == UnitCNY || f.Unit == UnitShares):
		n.Unit = f.Unit
	case n.Unit == "" && (f.Unit == UnitZ || f.Unit == UnitDeg):
		n.Unit = f.Unit
	case n.Unit == UnitCNY && writtenMagnitude(n) == 1 && f.Unit == UnitPrice:
		n.Unit = ""
	}
	return Matches(n, f)
}

// direct gives an unsigned figure the sign its wording states: "fell
// 5.4%", "net outflows of CNY 2 bn", "下跌5.4%", "a 13.8% gain". The verb
// must come right before the figure (or the noun right after it): "fell
// to 13.8%" states a level, not a change. Only percentages, money, units
// and bare magnitudes have a direction.
func (c *checker) direct(masked string, n Number, from int) Number {
	if n.Signed {
		return n
	}
	switch {
	case family(n.Unit) == "percent", n.Unit == UnitCNY, n.Unit == UnitShares, n.Unit == "" && writtenMagnitude(n) > 1:
	default:
		return n
	}
	before := masked[from:n.Start]
	if strings.HasSuffix(before, "涨跌") || strings.HasSuffix(before, "涨跌幅") {
		return n
	}
	after := masked[n.End:]
	dir := 0
	switch {
	case downBefore.MatchString(before), downAfter.MatchString(after):
		dir = -1
	case upBefore.MatchString(before), upAfter.MatchString(after):
		dir = 1
	}
	if dir != 0 {
		n.Value = float64(dir) * math.Abs(n.Value)
		n.Signed = true
	}
	return n
}

const fillers = `(?:\s+(?:by|of|some|about|around|roughly|nearly|almost|over|another|a\s+further|as\s+much\s+as))*\s*(?:了|约|近|超|逾|达|共|合计)?\s*$`

var (
	downBefore = regexp.MustCompile(`(?i)(?:\b(?:fell|fall|falls|falling|dropped|drop|drops|declined|decline|declines|down|lost|lose|loses|loss|losses|shed|slid|slipped|sank|shrank|decreased|decrease|underperformed|lagged|outflows?|redemptions?)|下跌|跌幅|降幅|跌|回落|下降|减少|流出|净赎回|赎回|亏损|跑输|缩水|下滑|走低)` + fillers)
	upBefore   = regexp.MustCompile(`(?i)(?:\b(?:rose|rise|rises|rising|gained|gain|gains|up|climbed|jumped|surged|rallied|grew|grow|grows|increased|increase|advanced|outperformed|inflows?|creations?|purchases?)|上涨|涨幅|增幅|涨|上升|增长|增加|流入|净申购|申购|净买入|跑赢|走高|攀升|盈利)` + fillers)
	downAfter  = regexp.MustCompile(`(?i)^\s*(?:(?:drop|decline|fall|loss|outflow|redemption)s?\b|的?(?:跌幅|降幅|流出|赎回))`)
	upAfter    = regexp.MustCompile(`(?i)^\s*(?:(?:gain|rise|increase|jump|advance|inflow|creation)s?\b|的?(?:涨幅|增幅|流入|申购))`)
)

// lang is the language of flags and formatted facts for a sentence.
func (c *checker) lang(text string) string {
	if c.o.Lang != "" {
		return c.o.Lang
	}
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return "en"
}

// blankFigures replaces the figures of s with spaces.
func blankFigures(s string, figures []Number) string {
	b := []byte(s)
	for _, n := range figures {
		for i := n.Start; i < n.End; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, _ := strconv.Atoi(strings.TrimPrefix(out[i], "F"))
		b, _ := strconv.Atoi(strings.TrimPrefix(out[j], "F"))
		return a < b
	})
	return out
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
