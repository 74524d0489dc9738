package research

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitOptions bound passage sizes, in runes.
type SplitOptions struct {
	MaxRunes int // a longer paragraph is cut at sentence ends into pieces of at most this size
	MinRunes int // a shorter paragraph (a heading, a dateline) is joined to the next one
}

// DefaultSplitOptions: passages of 40–600 runes, about one paragraph.
func DefaultSplitOptions() SplitOptions { return SplitOptions{MaxRunes: 600, MinRunes: 40} }

// Split cuts a normalised body into passages: one per paragraph (blank-line
// separated); short paragraphs are joined to the following one, and long
// paragraphs are cut after sentence ends (。！？.!? followed by a space or
// CJK text) so that no passage exceeds MaxRunes unless a single sentence
// does. Offsets index into body.
func Split(body string, o SplitOptions) []Passage {
	if o.MaxRunes <= 0 {
		o = DefaultSplitOptions()
	}
	var out []Passage
	start := -1 // start of a pending short paragraph run
	emit := func(s, e int) {
		for _, piece := range cutSentences(body, s, e, o.MaxRunes) {
			out = append(out, Passage{Text: body[piece[0]:piece[1]], Start: piece[0], End: piece[1]})
		}
	}
	for _, para := range paragraphs(body) {
		s, e := para[0], para[1]
		if start >= 0 {
			s = start
		}
		if utf8.RuneCountInString(body[s:e]) < o.MinRunes {
			start = s
			continue
		}
		start = -1
		emit(s, e)
	}
	if start >= 0 {
		if len(out) > 0 && utf8.RuneCountInString(body[start:]) < o.MinRunes {
			last := &out[len(out)-1]
			last.End = len(strings.TrimRight(body, "\n"))
			last.Text = body[last.Start:last.End]
		} else {
			emit(start, len(strings.TrimRight(body, "\n")))
		}
	}
	for i := range out {
		out[i].Seq = i
	}
	return out
}

// paragraphs returns the [start, end) byte ranges of blank-line separated
// paragraphs.
func paragraphs(body string) [][2]int {
	var out [][2]int
	i := 0
	for i < len(body) {
		for i < len(body) && body[i] == '\n' {
			i++
		}
		if i >= len(body) {
			break
		}
		j := strings.Index(body[i:], "\n\n")
		end := len(body)
		if j >= 0 {
			end = i + j
		}
		out = append(out, [2]int{i, end})
		i = end
	}
	return out
}

// cutSentences splits [s, e) into pieces of at most max runes, cutting
// only after sentence ends.
func cutSentences(body string, s, e, max int) [][2]int {
	if utf8.RuneCountInString(body[s:e]) <= max {
		return [][2]int{{s, e}}
	}
	var ends []int // byte offsets just after each sentence end
	for i, r := range body[s:e] {
		if !isSentenceEnd(r) {
			continue
		}
		j := s + i + utf8.RuneLen(r)
		next, _ := utf8.DecodeRuneInString(body[j:min(j+4, e)])
		if j == e || unicode.IsSpace(next) || r == '。' || r == '！' || r == '？' || isHan(next) {
			ends = append(ends, j)
		}
	}
	var out [][2]int
	cur, runes := s, 0
	last := s
	for _, end := range ends {
		n := utf8.RuneCountInString(body[last:end])
		if runes > 0 && runes+n > max {
			out = append(out, [2]int{cur, trimEnd(body, last)})
			cur, runes = skipSpace(body, last, e), 0
			n = utf8.RuneCountInString(body[cur:end])
		}
		runes += n
		last = end
	}
	if cur < e {
		out = append(out, [2]int{cur, e})
	}
	return out
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '.', '!', '?', '；':
		return true
	}
	return false
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func trimEnd(body string, i int) int {
	for i > 0 && (body[i-1] == ' ' || body[i-1] == '\n' || body[i-1] == '\t') {
		i--
	}
	return i
}

func skipSpace(body string, i, e int) int {
	for i < e && (body[i] == ' ' || body[i] == '\n' || body[i] == '\t') {
		i++
	}
	return i
}

// DetectLanguage returns "zh" when Han characters make up at least a fifth
// of the letters of s, else "en". Enough for routing a document to the
// right analyzer; not a general language identifier.
func DetectLanguage(s string) string {
	han, letters := 0, 0
	for _, r := range s {
		switch {
		case isHan(r):
			han++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters > 0 && han*5 >= letters {
		return LangZH
	}
	return LangEN
}
