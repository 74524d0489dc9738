package docfile

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/ledongthuc/pdf"
)

// run is a piece of text shown at one place of a page, in page space.
type run struct {
	x, y, end float64 // start and end of the baseline; end-x is the width
	size      float64 // font size in page space
	text      string
}

// affine is a PDF matrix [a b c d e f].
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// mul returns m×n (apply m, then n).
func (m affine) mul(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// textState is the part of the graphics state text showing depends on.
type textState struct {
	ctm                  affine
	font                 *pdfFont
	size, tc, tw, th, tl float64
	tm, tlm              affine
}

// textWalker follows the text operators of a content stream.
type textWalker struct {
	fontDict pdf.Value
	fonts    map[string]*pdfFont
	st       textState
	stack    []textState // saved by q, restored by Q
	runs     []run
}

// pageRuns interprets a page's content stream and returns the text it
// shows, one run per shown string, with positions. Form XObjects are not
// entered.
func pageRuns(p pdf.Page) []run {
	w := &textWalker{
		fontDict: p.Resources().Key("Font"),
		fonts:    map[string]*pdfFont{},
		st:       textState{ctm: identity, th: 1, tm: identity, tlm: identity},
	}
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		w.do(op, args)
	})
	return w.runs
}

// do runs one operator.
func (w *textWalker) do(op string, args []pdf.Value) {
	st := &w.st
	num := func(i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	matrix := func() affine { return affine{num(0), num(1), num(2), num(3), num(4), num(5)} }
	switch op {
	case "q":
		w.stack = append(w.stack, *st)
	case "Q":
		if n := len(w.stack); n > 0 {
			*st, w.stack = w.stack[n-1], w.stack[:n-1]
		}
	case "cm":
		if len(args) == 6 {
			st.ctm = matrix().mul(st.ctm)
		}
	case "BT":
		st.tm, st.tlm = identity, identity
	case "Tf":
		if len(args) == 2 {
			st.font, st.size = w.font(args[0].Name()), num(1)
		}
	case "Tc":
		st.tc = num(0)
	case "Tw":
		st.tw = num(0)
	case "Tz":
		st.th = num(0) / 100
	case "TL":
		st.tl = num(0)
	case "Td", "TD":
		if op == "TD" {
			st.tl = -num(1)
		}
		st.tlm = affine{1, 0, 0, 1, num(0), num(1)}.mul(st.tlm)
		st.tm = st.tlm
	case "Tm":
		if len(args) == 6 {
			st.tlm = matrix()
			st.tm = st.tlm
		}
	case "T*":
		w.nextLine()
	case "Tj":
		if len(args) == 1 {
			w.show(args[0].RawString())
		}
	case "'", "\"":
		if op == "\"" && len(args) == 3 {
			st.tw, st.tc = num(0), num(1)
			args = args[2:]
		}
		w.nextLine()
		if len(args) == 1 {
			w.show(args[0].RawString())
		}
	case "TJ":
		if len(args) == 1 {
			w.showArray(args[0])
		}
	}
}

func (w *textWalker) font(name string) *pdfFont {
	f, ok := w.fonts[name]
	if !ok {
		f = newPDFFont(pdf.Font{V: w.fontDict.Key(name)})
		w.fonts[name] = f
	}
	return f
}

func (w *textWalker) nextLine() {
	w.st.tlm = affine{1, 0, 0, 1, 0, -w.st.tl}.mul(w.st.tlm)
	w.st.tm = w.st.tlm
}

// show records a shown string as a run and advances the text matrix by
// its width.
func (w *textWalker) show(raw string) {
	st := &w.st
	if st.font == nil {
		return
	}
	start := st.tm.mul(st.ctm)
	var b strings.Builder
	var adv float64
	for _, g := range st.font.decode(raw) {
		b.WriteString(g.text)
		adv += (g.width/1000*st.size + st.tc) * st.th
		if g.space {
			adv += st.tw * st.th
		}
	}
	st.tm = affine{1, 0, 0, 1, adv, 0}.mul(st.tm)
	end := st.tm.mul(st.ctm)
	size := st.size * math.Hypot(start[2], start[3])
	w.runs = append(w.runs, run{x: start[4], y: start[5], end: end[4], size: size, text: b.String()})
}

// showArray shows a TJ array: strings, and numbers that move the next
// one left by thousandths of an em.
func (w *textWalker) showArray(a pdf.Value) {
	for i := 0; i < a.Len(); i++ {
		switch v := a.Index(i); v.Kind() {
		case pdf.String:
			w.show(v.RawString())
		case pdf.Integer, pdf.Real:
			shift := -v.Float64() / 1000 * w.st.size * w.st.th
			w.st.tm = affine{1, 0, 0, 1, shift, 0}.mul(w.st.tm)
		}
	}
}

// line is a row of runs on one baseline.
type line struct {
	y, size float64
	text    string
}

// lines groups runs into lines, top to bottom, each read left to right.
// Runs whose baselines differ by less than a third of their size share a
// line; a gap wider than a fifth of the size between runs is a space.
func lines(runs []run) []line {
	runs = slices.Clone(runs)
	slices.SortStableFunc(runs, func(a, b run) int {
		switch {
		case a.y > b.y:
			return -1
		case a.y < b.y:
			return 1
		}
		return 0
	})
	var out []line
	for i := 0; i < len(runs); {
		j := i + 1
		size := max(runs[i].size, 1)
		for j < len(runs) && runs[i].y-runs[j].y < size/3 {
			size = max(size, runs[j].size)
			j++
		}
		row := runs[i:j]
		slices.SortStableFunc(row, func(a, b run) int {
			switch {
			case a.x < b.x-0.01:
				return -1
			case a.x > b.x+0.01:
				return 1
			}
			return 0
		})
		var b strings.Builder
		for k, r := range row {
			if k > 0 && r.x-row[k-1].end > size/5 && !endsSpace(b.String()) && !startsSpace(r.text) {
				b.WriteByte(' ')
			}
			b.WriteString(r.text)
		}
		if t := strings.Join(strings.Fields(b.String()), " "); t != "" {
			out = append(out, line{y: runs[i].y, size: size, text: t})
		}
		i = j
	}
	return out
}

// paragraphs joins lines into paragraphs: a line starts a new paragraph
// when the gap above it is clearly wider than the page's usual line pitch,
// or when the size changes (a heading).
func paragraphs(ls []line) []string {
	if len(ls) == 0 {
		return nil
	}
	var pitches []float64
	for i := 1; i < len(ls); i++ {
		if d := ls[i-1].y - ls[i].y; d > 0 && similar(ls[i-1].size, ls[i].size) {
			pitches = append(pitches, d/ls[i].size)
		}
	}
	// The usual pitch is the lower quartile (most pitches are within
	// paragraphs), capped for pages of one-line paragraphs.
	usual := 1.2 // in units of the font size
	if len(pitches) > 0 {
		slices.Sort(pitches)
		usual = min(pitches[len(pitches)/4], 2.0)
	}
	var out []string
	cur := ls[0].text
	for i := 1; i < len(ls); i++ {
		gap := (ls[i-1].y - ls[i].y) / ls[i].size
		if gap <= 0 || gap > usual*1.3+0.05 || !similar(ls[i-1].size, ls[i].size) {
			out = append(out, cur)
			cur = ls[i].text
			continue
		}
		cur = joinLine(cur, ls[i].text)
	}
	return append(out, cur)
}

func similar(a, b float64) bool { return math.Abs(a-b) <= 0.15*max(a, b) }

// joinLine joins a wrapped line to the text before it: nothing between
// CJK characters or after a hyphen, else a space.
func joinLine(a, b string) string {
	ra, rb := lastRune(a), firstRune(b)
	if isCJKRune(ra) && isCJKRune(rb) || ra == '-' && unicode.IsLower(rb) {
		return a + b
	}
	return a + " " + b
}

func isCJKRune(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func endsSpace(s string) bool   { return s == "" || unicode.IsSpace(lastRune(s)) }
func startsSpace(s string) bool { return s == "" || unicode.IsSpace(firstRune(s)) }
