package evidence

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is one unit of prose the verifier judges: a sentence of a
// paragraph, or a whole bullet, table row or heading.
type span struct {
	start, end int // the unit, trimmed of surrounding space
	body       int // where a flag is inserted: after a bullet marker or the first "| "
	region     int // the paragraph or line the unit belongs to
}

// region is a paragraph run or a single line, with its lines' extent: a
// region all of whose units are removed is removed with its lines.
type region struct{ start, end int } // end includes the final newline, if any

var (
	bulletRE   = regexp.MustCompile(`^\s*(?:[-*+•]|\d{1,3}[.)、])\s+`)
	headingRE  = regexp.MustCompile(`^\s*#{1,6}\s+(?:\d+(?:\.\d+)*[.)、]?\s+)?`) // section numbers are structure
	quoteRE    = regexp.MustCompile(`^\s*(?:>\s?)+`)
	tableSepRE = regexp.MustCompile(`^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$`)
)

// splitUnits cuts Markdown prose into units: bullets (with their indented
// continuation lines), table rows and headings are units of their own;
// paragraphs (consecutive other lines, a blockquote line on its own) are
// cut into sentences. Fenced code and table separator rows are skipped.
func splitUnits(text string) ([]span, []region) {
	var units []span
	var regions []region
	type line struct{ a, b, next int } // [a, b) without the newline; next is the start of the next line
	var lines []line
	for a := 0; a < len(text); {
		b := strings.IndexByte(text[a:], '\n')
		if b < 0 {
			lines = append(lines, line{a, len(text), len(text)})
			break
		}
		lines = append(lines, line{a, a + b, a + b + 1})
		a += b + 1
	}
	para := -1 // index of the first line of the current paragraph
	var paraEnd line
	flush := func() {
		if para < 0 {
			return
		}
		regions = append(regions, region{lines[para].a, paraEnd.next})
		units = append(units, sentences(text, lines[para].a, paraEnd.b, len(regions)-1)...)
		para = -1
	}
	lineUnit := func(ln line, body int) {
		regions = append(regions, region{ln.a, ln.next})
		if u, ok := trimSpan(text, body, ln.b); ok {
			u.body, u.region = u.start, len(regions)-1
			units = append(units, u)
		}
	}
	fence, inBullet := false, false
	for i, ln := range lines {
		s := text[ln.a:ln.b]
		t := strings.TrimSpace(s)
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush()
			fence, inBullet = !fence, false
		case fence:
		case t == "":
			flush()
			inBullet = false
		case tableSepRE.MatchString(s):
			flush()
			inBullet = false
		case strings.HasPrefix(t, "|"):
			flush()
			body := ln.a + strings.Index(s, "|") + 1
			for body < ln.b && text[body] == ' ' {
				body++
			}
			lineUnit(ln, body)
			inBullet = false
		case headingRE.MatchString(s) || bulletRE.MatchString(s):
			flush()
			loc := headingRE.FindStringIndex(s)
			if loc == nil {
				loc = bulletRE.FindStringIndex(s)
			}
			lineUnit(ln, ln.a+loc[1])
			inBullet = bulletRE.MatchString(s)
		case inBullet && (s[0] == ' ' || s[0] == '\t') && len(units) > 0:
			// an indented continuation of the bullet above
			u := &units[len(units)-1]
			u.end = ln.a + len(strings.TrimRight(s, " \t\r"))
			regions[u.region].end = ln.next
		case quoteRE.MatchString(s):
			flush()
			loc := quoteRE.FindStringIndex(s)
			regions = append(regions, region{ln.a, ln.next})
			units = append(units, sentences(text, ln.a+loc[1], ln.b, len(regions)-1)...)
			inBullet = false
		default:
			if para < 0 {
				para = i
			}
			paraEnd = ln
			inBullet = false
		}
	}
	flush()
	return units, regions
}

// sentences cuts text[a:b] into sentences at 。！？!? and at full stops
// that end a sentence (see sentenceDot). Closing quotes and brackets and
// the reference markers that follow a terminator stay with its sentence:
// "… grow. [10]" and "…需求。 [9]" are one sentence each.
func sentences(text string, a, b, reg int) []span {
	var out []span
	add := func(s, e int) {
		if u, ok := trimSpan(text, s, e); ok {
			u.body, u.region = u.start, reg
			out = append(out, u)
		}
	}
	s := a
	for i := a; i < b; {
		r, w := utf8.DecodeRuneInString(text[i:b])
		end := -1
		switch r {
		case '。', '！', '？', '!', '?':
			end = i + w
		case '.':
			if sentenceDot(text, a, b, i) {
				end = i + 1
			}
		}
		if end < 0 {
			i += w
			continue
		}
		end = absorb(text, end, b)
		add(s, end)
		s, i = end, end
	}
	add(s, b)
	return out
}

// absorb extends a sentence end over further terminators, closing quotes
// and brackets, and reference markers that follow after spaces.
func absorb(text string, i, b int) int {
	for i < b {
		r, w := utf8.DecodeRuneInString(text[i:b])
		if strings.ContainsRune(`。！？!?."'”’」』）)】》…`, r) {
			i += w
			continue
		}
		j := i
		for j < b && (text[j] == ' ' || text[j] == '\t') {
			j++
		}
		if loc := markerRE.FindStringIndex(text[j:b]); loc != nil && loc[0] == 0 {
			i = j + loc[1]
			continue
		}
		break
	}
	return i
}

// abbrev are abbreviations whose full stop does not end a sentence.
var abbrev = setOf(`e.g i.e cf vs mr mrs ms dr prof fig figs approx est st al co jr sr inc corp ltd no nos vol ed eds resp`)

// sentenceDot reports whether the full stop at i ends a sentence: it is
// followed by space, a closing mark, a marker, Chinese or the end; it does
// not close an abbreviation (e.g., approx., Inc. before a lower-case
// word); and the next word does not start in lower case. Decimals
// (13.8), symbols (801740.SI) and file names are never cut.
func sentenceDot(text string, a, b, i int) bool {
	if i+1 < b {
		r, _ := utf8.DecodeRuneInString(text[i+1 : b])
		if !unicode.IsSpace(r) && !strings.ContainsRune(`"'”’」』）)】》[{（【`, r) && !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	// the word before the stop
	j := i
	for j > a && (isASCIILetter(text[j-1]) || text[j-1] == '.') {
		j--
	}
	word := strings.ToLower(text[j:i])
	next := strings.TrimLeft(text[i+1:b], " \t\n\r")
	nextLower := next != "" && next[0] >= 'a' && next[0] <= 'z'
	switch {
	case word == "" && i > a && text[i-1] >= '0' && text[i-1] <= '9' && next != "" && next[0] >= '0' && next[0] <= '9':
		return false // "No. 5." style numbering: "… 3. 4 …" is rare, keep it whole
	case abbrev[word] || (len(word) == 1 && i+1 < b && !nextLower && word != "" && text[j] >= 'A' && text[j] <= 'Z'):
		// an abbreviation or an initial (J. Smith)
		return next == "" && !abbrev[word]
	case nextLower:
		return false
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// trimSpan trims space around text[s:e] and reports whether anything
// worth judging (a letter, digit or Han character) is left.
func trimSpan(text string, s, e int) (span, bool) {
	for s < e {
		r, w := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += w
	}
	for e > s {
		r, w := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= w
	}
	for _, r := range text[s:e] {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return span{start: s, end: e}, true
		}
	}
	return span{}, false
}

// rewrite applies the verdicts: removed units are cut (a paragraph or
// line left empty goes with its lines), flagged units get a mark.
func rewrite(prose string, units []span, regions []region, claims []Claim, o VerifyOptions) string {
	type edit struct {
		start, end int
		with       string
	}
	var edits []edit
	left := make([]int, len(regions)) // units kept per region
	for _, u := range units {
		left[u.region]++
	}
	for i, cl := range claims {
		if cl.Status == StatusRemoved {
			left[units[i].region]--
		}
	}
	for i, cl := range claims {
		u := units[i]
		switch cl.Status {
		case StatusFlagged:
			edits = append(edits, edit{u.body, u.body, flagMark(o.Lang, cl.Sentence)})
		case StatusRemoved:
			if left[u.region] == 0 {
				continue // the region goes whole
			}
			end := u.end
			for end < len(prose) && (prose[end] == ' ' || prose[end] == '\t') {
				end++
			}
			edits = append(edits, edit{u.start, end, ""})
		}
	}
	for i, r := range regions {
		if left[i] == 0 && hasUnits(units, i) {
			edits = append(edits, edit{r.start, r.end, ""})
		}
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		b.WriteString(prose[at:e.start])
		b.WriteString(e.with)
		at = e.end
	}
	b.WriteString(prose[at:])
	out := b.String()
	if len(edits) > 0 {
		out = blankLines.ReplaceAllString(out, "\n\n")
		out = trailingSpace.ReplaceAllString(out, "\n")
	}
	return out
}

var (
	blankLines    = regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`)
	trailingSpace = regexp.MustCompile(`[ \t]+\n`)
)

// flagMark is the mark of a flagged claim in lang ("" for the claim's
// own script).
func flagMark(lang, claim string) string {
	if strings.HasPrefix(lang, "zh") || lang == "" && strings.ContainsFunc(claim, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return "⚠ 未经核实："
	}
	return "⚠ unverified: "
}

func hasUnits(units []span, region int) bool {
	for _, u := range units {
		if u.region == region {
			return true
		}
	}
	return false
}
