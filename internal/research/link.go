package research

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sextant-ai/sextant/internal/market"
)

// Linker finds the instruments and sectors a text mentions, by name, alias
// and code. It is built once from the reference data and is safe for
// concurrent use.
//
// Matching rules:
//   - a name with Han characters (国防军工, 军工ETF) matches as a substring,
//     ignoring ASCII case; it needs at least two Han characters or, when it
//     mixes in Latin letters, at least three letters and digits in all;
//   - an English name or alias (Defense & Aerospace, aerospace) matches
//     case-insensitively on word boundaries and needs three letters, except
//     an all-caps alias such as A&D, IT or 5G, which matches only as
//     written;
//   - a symbol (600519.SH, XLK.US) and a bare code matches as written on
//     word boundaries; bare codes are six-digit codes (600519) and
//     upper-case tickers of three or more characters (XLK, BK0480). A
//     six-digit code shared by several instruments (000001: 平安银行 and
//     上证指数) links only the one its prefix implies (ParseSymbol).
//
// Wherever matches overlap, the longest wins: 国防军工 hides the 军工 inside
// it. A matched instrument that is a sector's index also links the sector.
type Linker struct {
	fold  dict // keys lower-cased (ASCII): names and aliases
	exact dict // keys as written: codes, symbols, all-caps aliases
	// sectorOf maps an index instrument to the sectors it represents.
	sectorOf map[market.Symbol][]SectorRef
}

// target is what a matched name refers to: one symbol or one sector.
type target struct {
	symbol market.Symbol
	sector SectorRef
}

// dict maps keys to targets and remembers, per first rune, the byte
// lengths of its keys (longest first), so a scan tries only plausible keys.
type dict struct {
	keys map[string][]target
	lens map[rune][]int
}

func (d *dict) add(key string, t target) {
	if d.keys == nil {
		d.keys = map[string][]target{}
		d.lens = map[rune][]int{}
	}
	if slices.Contains(d.keys[key], t) {
		return
	}
	d.keys[key] = append(d.keys[key], t)
	r, _ := utf8.DecodeRuneInString(key)
	if !slices.Contains(d.lens[r], len(key)) {
		d.lens[r] = append(d.lens[r], len(key))
		slices.SortFunc(d.lens[r], func(a, b int) int { return b - a })
	}
}

// NewLinker builds a linker over sectors and instruments.
func NewLinker(sectors []market.Sector, instruments []market.Instrument) *Linker {
	l := &Linker{sectorOf: map[market.Symbol][]SectorRef{}}
	for _, s := range sectors {
		ref := SectorRef{Taxonomy: s.Taxonomy, Code: s.Code}
		t := target{sector: ref}
		l.addName(s.Name, t)
		l.addName(s.NameEN, t)
		for _, a := range s.Aliases {
			l.addName(a, t)
		}
		if s.IndexSymbol != "" {
			l.sectorOf[s.IndexSymbol] = append(l.sectorOf[s.IndexSymbol], ref)
		}
	}
	byCode := map[string][]market.Symbol{}
	for _, in := range instruments {
		t := target{symbol: in.Symbol}
		l.addName(in.Name, t)
		l.addName(in.NameEN, t)
		if in.Symbol.Venue() != "" {
			l.exact.add(string(in.Symbol), t)
		}
		if code := in.Symbol.Code(); bareCode(code) {
			byCode[code] = append(byCode[code], in.Symbol)
		}
	}
	for code, syms := range byCode {
		if len(syms) == 1 {
			l.exact.add(code, target{symbol: syms[0]})
			continue
		}
		if implied, err := market.ParseSymbol(code, ""); err == nil && slices.Contains(syms, implied) {
			l.exact.add(code, target{symbol: implied})
		}
	}
	return l
}

// addName files a name or alias under the dictionary its rules put it in,
// or drops it when it is too short to match safely.
func (l *Linker) addName(name string, t target) {
	name = strings.Join(strings.Fields(name), " ")
	han, alnum, lower := 0, 0, false
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < utf8.RuneSelf && (isASCIILetter(byte(r)) || isDigit(byte(r))):
			alnum++
			lower = lower || ('a' <= r && r <= 'z')
		}
	}
	switch {
	case han >= 2, han == 1 && alnum >= 2:
		l.fold.add(asciiLower(name), t)
	case han > 0:
		// a single Han character (钢) matches too much
	case alnum >= 3:
		l.fold.add(asciiLower(name), t)
	case alnum >= 2 && !lower && countLetters(name) > 0:
		l.exact.add(name, t) // A&D, IT, 5G: only as written
	}
}

// Link adds to d.Symbols and d.Sectors what its title and body mention,
// keeping those already set; both end sorted and deduplicated. A nil
// Linker links nothing.
func (l *Linker) Link(d *Document) {
	if l == nil {
		return
	}
	syms, secs := l.Match(d.Title + "\n" + d.Body)
	d.Symbols = mergeSymbols(d.Symbols, syms)
	d.Sectors = mergeSectors(d.Sectors, secs)
}

// Match returns the symbols and sectors text mentions, sorted and
// deduplicated.
func (l *Linker) Match(text string) ([]market.Symbol, []SectorRef) {
	if l == nil || text == "" {
		return nil, nil
	}
	type hit struct {
		start, end int
		targets    []target
	}
	var hits []hit
	folded := asciiLower(text)
	for i, r := range text {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		for _, n := range l.fold.lens[r] {
			if ts, ok := l.fold.keys[sub(folded, i, n)]; ok && bounded(text, i, i+n) {
				hits = append(hits, hit{i, i + n, ts})
			}
		}
		r, _ = utf8.DecodeRuneInString(text[i:])
		for _, n := range l.exact.lens[r] {
			if ts, ok := l.exact.keys[sub(text, i, n)]; ok && bounded(text, i, i+n) {
				hits = append(hits, hit{i, i + n, ts})
			}
		}
	}
	// Longest first, then leftmost; accept hits that overlap none accepted.
	slices.SortStableFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(b.end-b.start, a.end-a.start); c != 0 {
			return c
		}
		return cmp.Compare(a.start, b.start)
	})
	taken := make([]bool, len(text))
	var syms []market.Symbol
	var secs []SectorRef
	for _, h := range hits {
		if slices.Contains(taken[h.start:h.end], true) {
			continue
		}
		for k := h.start; k < h.end; k++ {
			taken[k] = true
		}
		for _, t := range h.targets {
			if t.symbol != "" {
				syms = append(syms, t.symbol)
				secs = append(secs, l.sectorOf[t.symbol]...)
			} else {
				secs = append(secs, t.sector)
			}
		}
	}
	return mergeSymbols(nil, syms), mergeSectors(nil, secs)
}

// sub is s[i:i+n], or "" when that runs past the end.
func sub(s string, i, n int) string {
	if i+n > len(s) {
		return ""
	}
	return s[i : i+n]
}

// bounded reports whether text[i:j] starts and ends on word boundaries
// where it starts or ends with an ASCII letter or digit. Han edges need no
// boundary.
func bounded(text string, i, j int) bool {
	if isWordByte(text[i]) && i > 0 && isWordByte(text[i-1]) {
		return false
	}
	if isWordByte(text[j-1]) && j < len(text) && isWordByte(text[j]) {
		return false
	}
	return true
}

// bareCode reports whether an instrument code is distinctive enough to
// match on its own: six digits, or three or more upper-case letters and
// digits with at least one letter.
func bareCode(code string) bool {
	if len(code) == 6 && strings.Trim(code, "0123456789") == "" {
		return true
	}
	if len(code) < 3 || strings.ToUpper(code) != code {
		return false
	}
	letters := 0
	for i := 0; i < len(code); i++ {
		switch {
		case isASCIILetter(code[i]):
			letters++
		case !isDigit(code[i]):
			return false
		}
	}
	return letters > 0
}

func mergeSymbols(have, add []market.Symbol) []market.Symbol {
	if len(have)+len(add) == 0 {
		return have
	}
	out := append(slices.Clone(have), add...)
	slices.Sort(out)
	return slices.Compact(out)
}

func mergeSectors(have, add []SectorRef) []SectorRef {
	if len(have)+len(add) == 0 {
		return have
	}
	out := append(slices.Clone(have), add...)
	slices.SortFunc(out, func(a, b SectorRef) int {
		return cmp.Or(cmp.Compare(a.Taxonomy, b.Taxonomy), cmp.Compare(a.Code, b.Code))
	})
	return slices.Compact(out)
}

// asciiLower lower-cases ASCII letters only, so byte offsets are kept.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func countLetters(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isASCIILetter(s[i]) {
			n++
		}
	}
	return n
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool       { return '0' <= c && c <= '9' }
func isWordByte(c byte) bool    { return isASCIILetter(c) || isDigit(c) }
