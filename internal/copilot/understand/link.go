package understand

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sextant-ai/sextant/internal/market"
)

// Priorities of a surface form's readings: a name or code beats an alias,
// an alias beats a theme or a curated ambiguity.
const (
	prioTheme = 1
	prioAlias = 2
	prioName  = 3
)

// target is one reading of a surface form.
type target struct {
	sector *market.Sector
	inst   *market.Instrument
	via    string
	prio   int
	theme  bool   // a curated theme narrower than the sector
	exact  string // when set, the question must spell the form exactly so (IT, EV, bare tickers)
}

// form is a surface form: what a question may contain, folded.
type form struct {
	key     string
	targets []target
	amb     []*market.Sector // curated ambiguity: the candidates, most plausible first
	block   bool             // names nothing; holds its span
	weak    bool             // links only before a sector word
}

// dict is the catalog and the curated table as surface forms.
type dict struct {
	forms  map[string]*form
	first  map[byte][]*form // by first byte, longest first
	byName map[string]*market.Sector
	vocab  map[string]bool // words the speller corrects towards
}

// newDict builds the dictionary for one question (q, folded): sector and
// curated forms always, an instrument's forms only when their first
// characters occur in q, which keeps a catalog of thousands of
// instruments cheap.
func newDict(cat Catalog, q string) *dict {
	d := &dict{forms: map[string]*form{}, first: map[byte][]*form{}, byName: map[string]*market.Sector{}, vocab: map[string]bool{}}
	secs := make([]*market.Sector, len(cat.Sectors))
	bySym := map[market.Symbol]*market.Sector{}
	for i := range cat.Sectors {
		s := cat.Sectors[i]
		secs[i] = &s
		if s.IndexSymbol != "" {
			if o, ok := bySym[s.IndexSymbol]; !ok || betterSector(&s, o) {
				bySym[s.IndexSymbol] = &s
			}
		}
		if o, ok := d.byName[s.Name]; !ok || betterSector(&s, o) {
			d.byName[s.Name] = &s
		}
	}
	for _, s := range secs {
		d.add(s.Name, target{sector: s, via: ViaName, prio: prioName})
		d.add(s.NameEN, target{sector: s, via: ViaName, prio: prioName})
		d.add(s.Code, target{sector: s, via: ViaCode, prio: prioName})
		if s.IndexSymbol != "" {
			d.add(string(s.IndexSymbol), target{sector: s, via: ViaCode, prio: prioName})
			d.add(s.IndexSymbol.Code(), target{sector: s, via: ViaCode, prio: prioName})
		}
		for _, a := range s.Aliases {
			d.add(a, target{sector: s, via: ViaAlias, prio: prioAlias})
		}
	}
	for _, c := range curated {
		s := d.byName[c.sector]
		if s == nil {
			continue
		}
		for _, a := range c.aliases {
			d.add(a, target{sector: s, via: ViaCurated, prio: prioAlias})
		}
		for _, a := range c.themes {
			d.add(a, target{sector: s, via: ViaCurated, prio: prioTheme, theme: true})
		}
	}
	for _, a := range ambiguousTerms {
		var cands []*market.Sector
		for _, n := range a.sectors {
			if s := d.byName[n]; s != nil {
				cands = append(cands, s)
			}
		}
		for _, term := range a.terms {
			switch {
			case len(cands) == 1:
				d.add(term, target{sector: cands[0], via: ViaCurated, prio: prioTheme, theme: true})
			case len(cands) > 1:
				if f := d.formFor(term); f != nil {
					f.amb = cands
				}
			}
		}
	}
	for _, b := range blocked {
		if f := d.formFor(b); f != nil {
			f.block = true
		}
	}
	for i := range cat.Instruments {
		in := &cat.Instruments[i]
		d.addInstrument(in, bySym[in.Symbol], q)
	}
	for k, f := range d.forms {
		f.weak = weak[k]
		d.first[k[0]] = append(d.first[k[0]], f)
	}
	for _, fs := range d.first {
		sort.Slice(fs, func(i, j int) bool {
			if len(fs[i].key) != len(fs[j].key) {
				return len(fs[i].key) > len(fs[j].key)
			}
			return fs[i].key < fs[j].key
		})
	}
	for _, w := range spellVocabulary {
		d.vocab[w] = true
	}
	return d
}

// addInstrument adds those of an instrument's names, symbol spellings
// and codes that occur in the folded question q. An instrument that is a
// sector's index links as that sector.
func (d *dict) addInstrument(in *market.Instrument, sec *market.Sector, q string) {
	var c *market.Instrument
	add := func(surface, via string, prio int, exact string) {
		if surface == "" || !strings.ContainsRune(q, fold(firstRune(surface))) || !strings.Contains(q, foldString(surface)) {
			return
		}
		t := target{sector: sec, via: via, prio: prio, exact: exact}
		if sec == nil {
			if c == nil {
				cp := *in
				c = &cp
			}
			t.inst = c
		}
		d.add(surface, t)
	}
	if utf8.RuneCountInString(in.Name) >= 2 {
		add(in.Name, ViaName, prioName, "")
		if short := shortName(in.Name); short != "" && strings.ContainsRune(q, firstRune(short)) && d.forms[fold1(short)] == nil {
			add(short, ViaShort, prioAlias, "")
		}
	}
	if len(in.NameEN) >= 3 {
		add(in.NameEN, ViaName, prioName, "")
		if strings.ContainsRune(q, fold(firstRune(in.NameEN))) {
			if short := shortNameEN(in.NameEN); short != "" && short != in.NameEN {
				add(short, ViaShort, prioAlias, "")
			}
		}
	}
	for _, n := range []string{in.Name, in.NameEN} {
		// "CSI 300 (demo)" is also "CSI 300".
		n = strings.TrimSpace(n)
		if i := strings.LastIndexAny(n, "(（"); i > 0 && (strings.HasSuffix(n, ")") || strings.HasSuffix(n, "）")) {
			add(strings.TrimSpace(n[:i]), ViaName, prioName, "")
		}
	}
	sym := in.Symbol
	code, venue := sym.Code(), sym.Venue()
	via := ViaCode
	if isLetters(code) {
		via = ViaTicker
	}
	add(string(sym), via, prioName, "")
	if market.IsChinaEquityVenue(venue) {
		add(venue+code, via, prioName, "")
	}
	exact := ""
	if isLetters(code) && (len(code) <= 2 || commonWord[strings.ToLower(code)]) {
		exact = strings.ToUpper(code)
	}
	if len(code) >= 2 {
		add(code, via, prioName, exact)
	}
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return r
}

// formFor returns the form of a surface, making it when new.
func (d *dict) formFor(surface string) *form {
	k := fold1(surface)
	if k == "" || (utf8.RuneCountInString(k) < 2 && !isHan(k)) {
		return nil
	}
	f := d.forms[k]
	if f == nil {
		f = &form{key: k}
		d.forms[k] = f
	}
	return f
}

func (d *dict) add(surface string, t target) {
	f := d.formFor(surface)
	if f == nil {
		return
	}
	if t.exact == "" && len(surface) <= 2 && isLetters(surface) && strings.ToUpper(surface) == surface {
		t.exact = surface
	}
	for i, o := range f.targets {
		if o.sector == t.sector && o.inst == t.inst {
			if t.prio > o.prio {
				f.targets[i] = t
			} else if t.theme && o.prio < prioName {
				// A stored alias the curated table knows as a theme.
				f.targets[i].theme = true
			}
			return
		}
	}
	f.targets = append(f.targets, t)
}

// fold1 folds a surface form the way questions are folded.
func fold1(s string) string { return foldString(s) }

func isHan(s string) bool {
	for _, r := range s {
		if !isWide(r) {
			return false
		}
	}
	return s != ""
}

func isLetters(s string) bool {
	for _, r := range s {
		if !isLetter(r) {
			return false
		}
	}
	return s != ""
}

// betterSector prefers the broader sector, then the preferred taxonomy.
func betterSector(a, b *market.Sector) bool {
	if a.Level != b.Level {
		return a.Level < b.Level
	}
	return taxonomyRank(a.Taxonomy) < taxonomyRank(b.Taxonomy)
}

var preferTaxonomies = []string{"sw2021", "csi", "em-industry", "gics", "em-concept"}

func taxonomyRank(t string) int {
	for i, p := range preferTaxonomies {
		if p == t {
			return i
		}
	}
	return len(preferTaxonomies)
}

// placePrefixes are the place names A-share short names often start with;
// users drop them (茅台 for 贵州茅台).
var placePrefixes = []string{
	"贵州", "北京", "上海", "天津", "重庆", "广东", "广州", "深圳", "浙江", "江苏", "山东", "四川", "湖南",
	"湖北", "河南", "河北", "福建", "安徽", "江西", "云南", "陕西", "山西", "辽宁", "吉林", "黑龙江",
	"内蒙", "新疆", "西藏", "青海", "甘肃", "宁夏", "广西", "海南", "杭州", "南京", "苏州", "宁波", "厦门",
	"青岛", "大连", "武汉", "成都", "西安",
}

func shortName(name string) string {
	if utf8.RuneCountInString(name) < 4 {
		return ""
	}
	for _, p := range placePrefixes {
		if rest := strings.TrimPrefix(name, p); rest != name && utf8.RuneCountInString(rest) >= 2 && isHan(rest) {
			return rest
		}
	}
	return ""
}

// shortNameEN drops legal suffixes: "Kweichow Moutai Co., Ltd." → "Kweichow Moutai".
func shortNameEN(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == ',' })
	for len(words) > 1 && legalSuffix[strings.ToLower(strings.TrimRight(words[len(words)-1], "."))] {
		words = words[:len(words)-1]
	}
	if s := strings.Join(words, " "); len(s) >= 4 {
		return s
	}
	return ""
}

var legalSuffix = map[string]bool{
	"co": true, "ltd": true, "inc": true, "corp": true, "corporation": true, "limited": true, "plc": true,
	"company": true, "group": true, "holdings": true, "sa": true, "ag": true, "nv": true, "fund": true, "trust": true,
}

// commonWord are English words that are also tickers: as bare tickers
// they link only when written in capitals.
var commonWord = map[string]bool{
	"a": true, "all": true, "and": true, "are": true, "be": true, "big": true, "can": true, "car": true, "cat": true,
	"for": true, "fun": true, "go": true, "has": true, "hot": true, "it": true, "key": true, "low": true, "man": true,
	"new": true, "now": true, "on": true, "one": true, "out": true, "run": true, "see": true, "so": true, "the": true,
	"two": true, "up": true, "was": true, "well": true, "win": true, "yes": true, "you": true, "etf": true, "buy": true,
	"sell": true, "hold": true, "best": true, "good": true, "vs": true, "why": true, "how": true, "what": true, "any": true,
	"day": true, "week": true, "ytd": true, "next": true, "past": true, "last": true, "year": true, "cost": true,
	"grow": true, "safe": true, "bank": true, "coal": true, "gold": true, "oil": true, "auto": true, "tech": true,
}

// match is one form found in a question.
type match struct {
	at span
	f  *form
}

// link finds the entities and ambiguities of a question, outside the
// spans already taken (the time expression), and the spans they hold
// (blocked phrases included).
func (d *dict) link(t text, lang string, taken []span) ([]Entity, []Ambiguity, []span) {
	var ms []match
	n := t.norm
	for i := 0; i < len(n); i++ {
		if !utf8.RuneStart(n[i]) {
			continue
		}
		for _, f := range d.first[n[i]] {
			if !strings.HasPrefix(n[i:], f.key) {
				continue
			}
			e, ok := bounded(n, i, i+len(f.key))
			if !ok || overlapsAny(span{i, e}, taken) {
				continue
			}
			if f.weak && !f.block && !followedBySectorWord(n, e) {
				continue
			}
			ms = append(ms, match{span{i, e}, f})
		}
	}
	sort.SliceStable(ms, func(i, j int) bool {
		li, lj := ms[i].at.e-ms[i].at.s, ms[j].at.e-ms[j].at.s
		if li != lj {
			return li > lj
		}
		return ms[i].at.s < ms[j].at.s
	})
	var kept []match
	var spans []span
	for _, m := range ms {
		if !overlapsAny(m.at, spans) && d.reads(t, m) {
			kept = append(kept, m)
			spans = append(spans, m.at)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].at.s < kept[j].at.s })
	var ents []Entity
	var ambs []Ambiguity
	seen := map[string]bool{}
	for _, m := range kept {
		if m.f.block {
			continue
		}
		ts := d.best(t, m)
		if len(ts) == 0 && len(m.f.amb) > 0 {
			a := Ambiguity{Text: t.written(m.at)}
			a.Start, a.End = t.orig(m.at)
			for _, s := range m.f.amb {
				a.Candidates = append(a.Candidates, entityOf(t, m.at, target{sector: s, via: ViaCurated, prio: prioTheme}, lang))
			}
			ambs = append(ambs, a)
			continue
		}
		if len(ts) > 1 {
			a := Ambiguity{Text: t.written(m.at)}
			a.Start, a.End = t.orig(m.at)
			for _, tg := range ts {
				a.Candidates = append(a.Candidates, entityOf(t, m.at, tg, lang))
			}
			ambs = append(ambs, a)
			continue
		}
		if len(ts) == 0 {
			continue
		}
		e := entityOf(t, m.at, ts[0], lang)
		if k := entityKey(e); !seen[k] {
			seen[k] = true
			ents = append(ents, e)
		}
	}
	return ents, ambs, spans
}

// reads reports whether a match has a reading in this question (an exact
// spelling, when one is required).
func (d *dict) reads(t text, m match) bool {
	if m.f.block || len(m.f.amb) > 0 {
		return true
	}
	return len(d.best(t, m)) > 0
}

// best returns the readings of a match with the highest priority, the
// preferred sector first; several only when they tie.
func (d *dict) best(t text, m match) []target {
	w := t.written(m.at)
	var ts []target
	top := 0
	for _, tg := range m.f.targets {
		if tg.exact != "" && strings.TrimRight(w, "sS") != tg.exact && w != tg.exact {
			continue
		}
		switch {
		case tg.prio > top:
			top, ts = tg.prio, []target{tg}
		case tg.prio == top:
			ts = append(ts, tg)
		}
	}
	if len(ts) <= 1 {
		return ts
	}
	// Sectors: the broader, then the preferred taxonomy, wins a tie.
	var secs, insts []target
	for _, tg := range ts {
		if tg.sector != nil {
			secs = append(secs, tg)
		} else {
			insts = append(insts, tg)
		}
	}
	if len(secs) > 1 {
		sort.SliceStable(secs, func(i, j int) bool { return betterSector(secs[i].sector, secs[j].sector) })
		if betterSector(secs[0].sector, secs[1].sector) {
			secs = secs[:1]
		}
	}
	sort.SliceStable(insts, func(i, j int) bool { return kindRank(insts[i].inst.Kind) < kindRank(insts[j].inst.Kind) })
	return append(secs, insts...)
}

func kindRank(k market.Kind) int {
	switch k {
	case market.KindStock:
		return 0
	case market.KindETF:
		return 1
	case market.KindIndex:
		return 2
	}
	return 3
}

// bounded checks word boundaries around n[s:e] and extends e over an
// English plural "s". Letters must not touch letters, digits not digits.
func bounded(n string, s, e int) (int, bool) {
	if s > 0 {
		p, _ := utf8.DecodeLastRuneInString(n[:s])
		f, _ := utf8.DecodeRuneInString(n[s:])
		if touches(p, f) {
			return e, false
		}
	}
	if e < len(n) {
		l, _ := utf8.DecodeLastRuneInString(n[:e])
		x, _ := utf8.DecodeRuneInString(n[e:])
		if touches(l, x) {
			if isLetter(l) && x == 's' && e-s >= 4 && (e+1 == len(n) || !isAlnum(rune(n[e+1]))) {
				return e + 1, true
			}
			return e, false
		}
	}
	return e, true
}

func touches(a, b rune) bool {
	return isLetter(a) && isLetter(b) || isDigit(a) && isDigit(b)
}

func followedBySectorWord(n string, e int) bool {
	rest := strings.TrimLeft(n[e:], " ")
	for _, w := range sectorWords {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

func entityKey(e Entity) string {
	if e.Sector != nil {
		return "s:" + e.Sector.Taxonomy + ":" + e.Sector.Code
	}
	return "i:" + string(e.Symbol)
}
