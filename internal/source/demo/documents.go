package demo

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// DocumentHost is the reserved domain (RFC 2606 .invalid) under which
// every demo document's URL lies.
const DocumentHost = "demo.sextant.invalid"

// Documents returns the DEMO document corpus of the market described by t:
// news, research notes, policy notices, company announcements and filings
// about the planted scenarios — the Defense & Aerospace rally (milestones,
// policy initiatives and their impact, orders of the named leaders, flows,
// risks), the fading Computers rally (blow-off, redemptions, reversal risk,
// policy) and the growth → value style shift — plus background items on
// other sectors, each in Chinese and in English (written as pairs, not
// word-for-word translations).
//
// Each document is published on a trading day placed relative to the
// planted phases (Truth.Rally.Phases, Truth.Fading.Phases,
// Truth.StyleShift), so that a different end date moves them, and never
// after t.End. Documents make qualitative claims and state only figures a
// company or a government would announce (contract values, launch counts),
// never market statistics: every figure about prices, flows or valuations
// in a report is computed from the store. Every document has Demo set,
// Source "demo", a DEMO publisher and a URL under DocumentHost, and is
// finished and validated. The same Truth always gives byte-identical
// documents, in the same order (by date, then language, then URL).
func Documents(t *Truth) ([]research.Document, error) {
	ps, err := placeDocuments(t)
	if err != nil {
		return nil, err
	}
	out := make([]research.Document, len(ps))
	for i, p := range ps {
		out[i] = p.doc
	}
	return out, nil
}

// Scenarios a document spec is anchored to.
const (
	scenRally  = "rally"  // Truth.Rally phases
	scenFading = "fading" // Truth.Fading phases
	scenStyle  = "style"  // "before" or "after" Truth.StyleShift.Start
	scenEnd    = "end"    // the whole calendar, counted back from its end
)

// anchor places a document on a trading day: the day-th trading day of a
// window (0 = its first day; negative counts back from its last, −1 = the
// last), clamped to the window.
type anchor struct {
	scen  string
	phase string // phase name; for scenStyle "before" or "after"
	day   int
}

// docSpec is one document written in both languages.
type docSpec struct {
	slug    string // URL slug, unique within the corpus
	topic   string // milestone, policy, order, flows, risk, … (for tests and docs)
	at      anchor
	kind    research.Kind
	sectors []string        // sector codes; the first one's scenario supplies leaders and ETFs
	etfs    bool            // link the first sector's ETFs
	leaders []int           // positions in the scenario's LeaderNames named in the text
	extra   []market.Symbol // more linked symbols
	zh, en  docText
}

// docText is a title and a body with placeholders ({DATE}, {SECTOR},
// {ETFS}, {L0}…, {C0}…, {P0}…; see replacer).
type docText struct{ title, body string }

// placedDoc is a finished document with the spec it came from.
type placedDoc struct {
	spec docSpec
	lang string
	doc  research.Document
}

// placeDocuments builds every spec in both languages.
func placeDocuments(t *Truth) ([]placedDoc, error) {
	if t == nil || len(t.Calendar.Days) == 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "demo documents: the truth has no calendar")
	}
	if len(t.Rally.LeaderNames) == 0 || len(t.Fading.LeaderNames) == 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "demo documents: the truth names no scenario leaders")
	}
	var out []placedDoc
	for _, s := range corpusSpecs(t) {
		day, err := s.at.resolve(t)
		if err != nil {
			return nil, fmt.Errorf("demo document %s: %w", s.slug, err)
		}
		for _, lang := range []string{research.LangZH, research.LangEN} {
			d, err := buildDocument(t, s, lang, day)
			if err != nil {
				return nil, err
			}
			out = append(out, placedDoc{spec: s, lang: lang, doc: d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].doc, out[j].doc
		if !a.PublishedAt.Equal(b.PublishedAt) {
			return a.PublishedAt.Before(b.PublishedAt)
		}
		if a.Language != b.Language {
			return a.Language > b.Language // zh first
		}
		return a.URL < b.URL
	})
	return out, nil
}

// corpusSpecs lists every document spec.
func corpusSpecs(t *Truth) []docSpec {
	var specs []docSpec
	specs = append(specs, defenseSpecs()...)
	specs = append(specs, orderSpecs(len(t.Rally.LeaderNames))...)
	specs = append(specs, computersSpecs()...)
	specs = append(specs, styleSpecs()...)
	specs = append(specs, backgroundSpecs()...)
	return specs
}

// resolve returns the anchored trading day.
func (a anchor) resolve(t *Truth) (time.Time, error) {
	from, to, err := a.window(t)
	if err != nil {
		return time.Time{}, err
	}
	days := t.Calendar.Between(from, to)
	if len(days) == 0 {
		return time.Time{}, fmt.Errorf("no trading day in %s–%s", market.FormatDate(from), market.FormatDate(to))
	}
	i := a.day
	if i < 0 {
		i += len(days)
	}
	return days[max(0, min(i, len(days)-1))], nil
}

// window returns the first and last day of the anchor's window.
func (a anchor) window(t *Truth) (from, to time.Time, err error) {
	switch a.scen {
	case scenRally, scenFading:
		st := t.Rally
		if a.scen == scenFading {
			st = t.Fading
		}
		for _, p := range st.Phases {
			if p.Name == a.phase {
				return p.Start, p.End, nil
			}
		}
		return from, to, fmt.Errorf("no %s phase %q", a.scen, a.phase)
	case scenStyle:
		if a.phase == "before" {
			return t.StyleShift.BeforeStart, t.StyleShift.Start.AddDate(0, 0, -1), nil
		}
		return t.StyleShift.Start, t.End, nil
	case scenEnd:
		return t.Start, t.End, nil
	}
	return from, to, fmt.Errorf("unknown anchor %q", a.scen)
}

// buildDocument fills one language version of a spec.
func buildDocument(t *Truth, s docSpec, lang string, day time.Time) (research.Document, error) {
	text := s.en
	if lang == research.LangZH {
		text = s.zh
	}
	sc := scenarioOf(t, s.sectors)
	r := replacer(sc, s.sectors, lang, day)
	d := research.Document{
		Title:       r.Replace(text.title),
		Publisher:   publisher(s.kind, lang),
		URL:         fmt.Sprintf("https://%s/%s/%s/%s/%s", DocumentHost, lang, s.kind, market.FormatDate(day), s.slug),
		PublishedAt: day,
		Language:    lang,
		Kind:        s.kind,
		Symbols:     specSymbols(s, sc),
		Sectors:     specSectors(t, s),
		Body:        r.Replace(text.body) + "\n\n" + demoNotice[lang],
		Source:      Source,
		Origin:      Source,
		Demo:        true,
	}
	if strings.Contains(d.Title+d.Body, "{") {
		return d, fmt.Errorf("demo document %s (%s): unfilled placeholder", s.slug, lang)
	}
	d.Finish()
	if err := d.Validate(); err != nil {
		return d, fmt.Errorf("demo document %s (%s): %w", s.slug, lang, err)
	}
	return d, nil
}

// demoNotice ends every body.
var demoNotice = map[string]string{
	research.LangZH: "（DEMO 演示内容：本文由 Sextant 演示市场合成，公司、事件与机构均为虚构，不构成投资建议。）",
	research.LangEN: "(DEMO content: synthesised by the Sextant demo market; companies, events and institutions are fictional. Not investment advice.)",
}

// publisher names the DEMO publisher of a kind of document.
func publisher(k research.Kind, lang string) string {
	zh := lang == research.LangZH
	switch k {
	case research.KindResearch:
		return pick(zh, "DEMO 证券研究所", "DEMO Securities Research")
	case research.KindPolicy:
		return pick(zh, "DEMO 政策公报", "DEMO Policy Bulletin")
	case research.KindAnnouncement:
		return pick(zh, "DEMO 上市公司公告", "DEMO Company Announcements")
	case research.KindFiling:
		return pick(zh, "DEMO 交易所信息披露", "DEMO Exchange Disclosures")
	}
	return pick(zh, "DEMO 日报", "DEMO Daily")
}

func pick(zh bool, a, b string) string {
	if zh {
		return a
	}
	return b
}

// scenarioOf returns the planted scenario of a spec's first sector, or nil.
func scenarioOf(t *Truth, sectors []string) *ScenarioTruth {
	if len(sectors) == 0 {
		return nil
	}
	switch sectors[0] {
	case t.Rally.Sector:
		return &t.Rally
	case t.Fading.Sector:
		return &t.Fading
	}
	return nil
}

// specSymbols links the sector indices, the ETFs and the named leaders,
// sorted and without duplicates.
func specSymbols(s docSpec, sc *ScenarioTruth) []market.Symbol {
	var out []market.Symbol
	for _, code := range s.sectors {
		out = append(out, sectorSymbol(code))
	}
	if s.etfs && len(s.sectors) > 0 {
		out = append(out, sectorETFs(s.sectors[0])...)
	}
	if sc != nil {
		for _, i := range s.leaders {
			out = append(out, sc.LeaderNames[i%len(sc.LeaderNames)].Symbol)
		}
	}
	out = append(out, s.extra...)
	slices.Sort(out)
	return slices.Compact(out)
}

// specSectors returns the spec's sectors in the truth's taxonomy, sorted.
func specSectors(t *Truth, s docSpec) []research.SectorRef {
	var out []research.SectorRef
	for _, code := range s.sectors {
		out = append(out, research.SectorRef{Taxonomy: t.Taxonomy, Code: code})
	}
	slices.SortFunc(out, func(a, b research.SectorRef) int { return strings.Compare(a.String(), b.String()) })
	return slices.CompactFunc(out, func(a, b research.SectorRef) bool { return a == b })
}

// sectorETFs returns the ETFs tracking a sector, in etfSpecs order.
func sectorETFs(code string) []market.Symbol {
	var out []market.Symbol
	for _, e := range etfSpecs {
		if e.sector == code {
			out = append(out, e.symbol)
		}
	}
	return out
}

// replacer fills a text's placeholders: {DATE} the publication day,
// {SECTOR} the first sector's name, {ETFS} its ETFs with their codes, and
// for a planted scenario {Li}, {Ci} and {Pi} the i-th leader's name, symbol
// and product line (0 ≤ i < leadersPerSector; fewer leaders wrap around).
func replacer(sc *ScenarioTruth, sectors []string, lang string, day time.Time) *strings.Replacer {
	zh := lang == research.LangZH
	kv := []string{"{DATE}", pick(zh, fmt.Sprintf("%d年%d月%d日", day.Year(), day.Month(), day.Day()), day.Format("2 January 2006"))}
	if len(sectors) > 0 {
		spec := swSectors[sectorIndex(sectors[0])]
		kv = append(kv, "{SECTOR}", pick(zh, spec.name, spec.nameEN), "{ETFS}", etfList(sectors[0], zh))
	}
	if sc != nil {
		for i := range leadersPerSector {
			c := sc.LeaderNames[i%len(sc.LeaderNames)]
			pzh, pen := productOf(c.Name)
			kv = append(kv,
				fmt.Sprintf("{L%d}", i), pick(zh, c.Name, c.NameEN),
				fmt.Sprintf("{C%d}", i), string(c.Symbol),
				fmt.Sprintf("{P%d}", i), pick(zh, pzh, pen))
		}
	}
	return strings.NewReplacer(kv...)
}

// etfList names a sector's ETFs with their codes: "军工ETF（512660.SH）、…和…".
func etfList(code string, zh bool) string {
	var parts []string
	for _, e := range etfSpecs {
		if e.sector == code {
			parts = append(parts, pick(zh, e.name+"（"+string(e.symbol)+"）", e.nameEN+" ("+string(e.symbol)+")"))
		}
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	last := parts[len(parts)-1]
	return strings.Join(parts[:len(parts)-1], pick(zh, "、", ", ")) + pick(zh, "和", " and ") + last
}

// productLines maps the industry word that ends a synthetic company name to
// the product line its announcements talk about.
var productLines = []struct{ word, zh, en string }{
	{"航电", "机载航电系统", "airborne avionics systems"},
	{"军工", "装备配套分系统", "equipment subsystems"},
	{"航天", "卫星载荷与结构件", "satellite payloads and structures"},
	{"防务", "防务系统集成", "defense systems integration"},
	{"精机", "航空发动机精密零部件", "precision aero-engine parts"},
	{"软件", "行业应用软件", "industry application software"},
	{"信息", "信创系统集成", "domestic IT systems integration"},
	{"数科", "政务云与数据平台", "government cloud and data platforms"},
	{"智能", "大模型行业应用", "AI model applications"},
}

// productOf returns the product line of a company named name.
func productOf(name string) (zh, en string) {
	for _, p := range productLines {
		if strings.HasSuffix(name, p.word) {
			return p.zh, p.en
		}
	}
	return "主营产品", "core products"
}
