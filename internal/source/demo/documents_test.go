package demo

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// truthOf builds the Truth of o without generating the market (the truth
// is fixed before any row is drawn).
func truthOf(t *testing.T, o Options) *Truth {
	t.Helper()
	n, err := o.normalize()
	if err != nil {
		t.Fatal(err)
	}
	g, err := newGenerator(n)
	if err != nil {
		t.Fatal(err)
	}
	return g.truth
}

func placed(t *testing.T, tr *Truth) []placedDoc {
	t.Helper()
	ps, err := placeDocuments(tr)
	if err != nil {
		t.Fatalf("placeDocuments: %v", err)
	}
	return ps
}

// docTruths are the markets the document tests run on: the default one and
// a shorter one ending on another date, with another seed.
func docTruths(t *testing.T) map[string]*Truth {
	return map[string]*Truth{
		"seed 1":             truthOf(t, DefaultOptions()),
		"seed 7, 2025-06-30": truthOf(t, Options{Seed: 7, End: market.Day(2025, 6, 30), Years: 3}),
	}
}

func TestDocumentsDeterministic(t *testing.T) {
	encode := func(tr *Truth) []byte {
		docs, err := Documents(tr)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(docs)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := encode(truthOf(t, DefaultOptions())), encode(truthOf(t, DefaultOptions()))
	if string(a) != string(b) {
		t.Fatal("two truths of the same options give different documents")
	}
	if c := encode(truthOf(t, Options{Seed: 2})); string(c) == string(a) {
		t.Error("another seed (other leaders) gives the same documents")
	}
}

func TestDocumentsCounts(t *testing.T) {
	ps := placed(t, truthOf(t, DefaultOptions()))
	type key struct{ sector, lang string }
	perSector := map[key]int{}
	kinds := map[key]map[research.Kind]bool{}
	perLang := map[string]int{}
	for _, p := range ps {
		perLang[p.lang]++
		for _, s := range p.doc.Sectors {
			k := key{s.Code, p.lang}
			perSector[k]++
			if kinds[k] == nil {
				kinds[k] = map[research.Kind]bool{}
			}
			kinds[k][p.doc.Kind] = true
		}
	}
	// 22 on defense (4 milestones, 3 policies, 5 orders, 4 flow notes, 4
	// risks, 2 filings), 9 on Computers, 4 on style, 11 background.
	want := map[string]int{DefenseCode: 22, ComputersCode: 9}
	for _, lang := range []string{research.LangZH, research.LangEN} {
		if perLang[lang] != 46 {
			t.Errorf("%d %s documents, want 46", perLang[lang], lang)
		}
		for code, n := range want {
			if got := perSector[key{code, lang}]; got != n {
				t.Errorf("%s %s: %d documents, want %d", code, lang, got, n)
			}
			for _, k := range research.Kinds {
				if !kinds[key{code, lang}][k] {
					t.Errorf("%s %s: no %s document", code, lang, k)
				}
			}
		}
	}
	background := map[string]bool{}
	for _, p := range ps {
		if p.spec.topic == "background" {
			background[p.doc.Sectors[0].Code] = true
		}
	}
	if len(background) < 10 || background[DefenseCode] || background[ComputersCode] {
		t.Errorf("background sectors %v, want ≥ 10 others", background)
	}
}

func TestDocumentsValid(t *testing.T) {
	for name, tr := range docTruths(t) {
		t.Run(name, func(t *testing.T) {
			docs, err := Documents(tr)
			if err != nil {
				t.Fatal(err)
			}
			ids, urls := map[string]bool{}, map[string]bool{}
			for _, d := range docs {
				if err := d.Validate(); err != nil {
					t.Error(err)
				}
				if !d.Demo || d.Source != "demo" || !strings.Contains(d.Publisher, "DEMO") || !strings.Contains(d.Body, "DEMO") {
					t.Errorf("%s: Demo %v, source %q, publisher %q: not labelled DEMO", d.URL, d.Demo, d.Source, d.Publisher)
				}
				wantURL := "https://demo.sextant.invalid/" + d.Language + "/" + string(d.Kind) + "/" + market.FormatDate(d.PublishedAt) + "/"
				if !strings.HasPrefix(d.URL, wantURL) {
					t.Errorf("URL %s, want prefix %s", d.URL, wantURL)
				}
				if ids[d.ID] || urls[d.URL] {
					t.Errorf("duplicate document %s %s", d.ID, d.URL)
				}
				ids[d.ID], urls[d.URL] = true, true
				if len(d.Symbols) == 0 || len(d.Sectors) == 0 || len(d.Passages) == 0 || !slices.IsSorted(d.Symbols) {
					t.Errorf("%s: symbols %v sectors %v, %d passages", d.URL, d.Symbols, d.Sectors, len(d.Passages))
				}
				for _, s := range d.Sectors {
					if s.Taxonomy != tr.Taxonomy || !slices.Contains(tr.Sectors, sectorSymbol(s.Code)) {
						t.Errorf("%s: sector %s not in the demo taxonomy", d.URL, s)
					}
				}
			}
		})
	}
}

func TestDocumentsLanguage(t *testing.T) {
	for _, p := range placed(t, truthOf(t, DefaultOptions())) {
		d := p.doc
		if d.Language != p.lang || research.DetectLanguage(d.Title+"\n"+d.Body) != p.lang {
			t.Errorf("%s: language %q, detected %q, want %q", d.URL, d.Language, research.DetectLanguage(d.Title+"\n"+d.Body), p.lang)
		}
	}
}

// topicWindow is where the test expects documents of a topic to lie.
func topicWindow(t *testing.T, tr *Truth, p placedDoc) (from, to time.Time) {
	t.Helper()
	phase := func(st ScenarioTruth, name string) Phase {
		for _, ph := range st.Phases {
			if ph.Name == name {
				return ph
			}
		}
		t.Fatalf("no phase %s", name)
		return Phase{}
	}
	switch p.spec.topic {
	case "milestone", "policy", "order": // build-up and rally
		return phase(tr.Rally, "build-up").Start, phase(tr.Rally, "rally").End
	case "pipeline":
		return phase(tr.Rally, "rally").Start, phase(tr.Rally, "rally").End
	case "flows": // from the rally to the end
		return phase(tr.Rally, "rally").Start, tr.End
	case "risk": // near the end: pullback and breakout
		return phase(tr.Rally, "pullback").Start, tr.End
	case "runup":
		return phase(tr.Fading, "run-up").Start, phase(tr.Fading, "run-up").End
	case "blowoff":
		return phase(tr.Fading, "blow-off").Start, phase(tr.Fading, "blow-off").End
	case "reversal":
		return phase(tr.Fading, "roll-over").Start, tr.End
	case "growth":
		return tr.StyleShift.BeforeStart, tr.StyleShift.Start.AddDate(0, 0, -1)
	case "value":
		return tr.StyleShift.Start, tr.End
	case "background":
		return tr.End.AddDate(0, -6, 0), tr.End
	}
	t.Fatalf("%s: unknown topic %q", p.spec.slug, p.spec.topic)
	return
}

func TestDocumentDates(t *testing.T) {
	dates := map[string]map[string]time.Time{}
	for name, tr := range docTruths(t) {
		dates[name] = map[string]time.Time{}
		for _, p := range placed(t, tr) {
			d := p.doc.PublishedAt
			dates[name][p.spec.slug] = d
			if !tr.Calendar.IsTradingDay(d) || d.After(tr.End) || d.Before(tr.Start) {
				t.Errorf("%s %s: %s is not a trading day in %s–%s", name, p.spec.slug, market.FormatDate(d), market.FormatDate(tr.Start), market.FormatDate(tr.End))
			}
			if from, to := topicWindow(t, tr, p); d.Before(from) || d.After(to) {
				t.Errorf("%s %s (%s): %s outside %s–%s", name, p.spec.slug, p.spec.topic, market.FormatDate(d), market.FormatDate(from), market.FormatDate(to))
			}
		}
	}
	// The end date moves every document.
	a, b := dates["seed 1"], dates["seed 7, 2025-06-30"]
	for slug, d := range a {
		if !b[slug].Before(d) {
			t.Errorf("%s on %s with end 2025-06-30 and on %s with end 2026-11-20", slug, market.FormatDate(b[slug]), market.FormatDate(d))
		}
	}
	// Milestones come before risks.
	if !a["defense-constellation-launch"].Before(a["defense-risk-valuation"]) {
		t.Error("the first milestone is not before the first risk")
	}
}

func TestDocumentLeaderNames(t *testing.T) {
	c := defaultMarket(t)
	tr := c.truth
	instr := map[market.Symbol]market.Instrument{}
	for _, in := range c.ref.Instruments {
		instr[in.Symbol] = in
	}
	sectorOf := map[market.Symbol]string{}
	for _, m := range c.ref.Members {
		sectorOf[m.Symbol] = m.Sector
	}
	for _, st := range []ScenarioTruth{tr.Rally, tr.Fading} {
		if len(st.LeaderNames) != len(st.Leaders) || len(st.Leaders) != leadersPerSector {
			t.Fatalf("%s: %d leader names for %d leaders", st.Sector, len(st.LeaderNames), len(st.Leaders))
		}
		for i, ln := range st.LeaderNames {
			in := instr[ln.Symbol]
			if ln.Symbol != st.Leaders[i] || in.Kind != market.KindStock || in.Name != ln.Name || in.NameEN != ln.NameEN || in.Ownership != ln.Ownership || sectorOf[ln.Symbol] != st.Sector {
				t.Errorf("leader %d of %s = %+v, instrument %+v in sector %s", i, st.Sector, ln, in, sectorOf[ln.Symbol])
			}
		}
	}
	docs, err := Documents(tr)
	if err != nil {
		t.Fatal(err)
	}
	orders := 0
	for _, d := range docs {
		for _, sym := range d.Symbols {
			in, ok := instr[sym]
			if !ok {
				t.Errorf("%s links %s, not an instrument of the market", d.URL, sym)
				continue
			}
			if in.Kind != market.KindStock {
				continue
			}
			// A linked company is named in the document, in its language.
			name := in.Name
			if d.Language == research.LangEN {
				name = in.NameEN
			}
			if !strings.Contains(d.Body, name) {
				t.Errorf("%s links %s but does not name %q", d.URL, sym, name)
			}
			if d.Kind == research.KindAnnouncement && !strings.HasPrefix(d.Title, name+pick(d.Language == research.LangZH, "：", ":")) {
				t.Errorf("announcement %q is not titled with the company name %q", d.Title, name)
			}
		}
		if d.Kind == research.KindAnnouncement && slices.Contains(d.Symbols, tr.Rally.Index) {
			orders++
		}
		// And every leader named is linked.
		for _, ln := range append(append([]Company(nil), tr.Rally.LeaderNames...), tr.Fading.LeaderNames...) {
			if (strings.Contains(d.Body, ln.Name) || strings.Contains(d.Body, ln.NameEN)) && !slices.Contains(d.Symbols, ln.Symbol) {
				t.Errorf("%s names %s but does not link %s", d.URL, ln.Name, ln.Symbol)
			}
		}
	}
	if orders != 2*leadersPerSector {
		t.Errorf("%d defense order announcements, want one per leader and language", orders)
	}
}

// The rule for figures: documents make qualitative claims about markets
// and state only figures that a company or a government announces, never
// one a reader could take for a market statistic that the store computes
// (a return, a share of turnover, a flow, a valuation multiple). So no
// title or body contains a percentage or ratio ('%', '％', '‰', 百分,
// 基点, 倍, percent, per cent, percentage point, pp, bp, "N times", "Nx"),
// and every digit belongs to an allowed figure: a date (2026年9月2日,
// 2 September 2026), a symbol (600519.SH), a money amount of a contract,
// award or investment (12.6亿元, CNY 1.26 billion), a count of satellites
// (18颗, 18 satellites) or the name "6G".
var (
	ratioWords = regexp.MustCompile(`(?i)[%％‰]|百分|基点|倍|per ?cent|percentage|\bpp\b|\bbps?\b|\d\s*x\b|\d\s*times\b`)
	allowedNum = regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日|\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|\d{6}\.(SH|SZ|SI)\b|\d+(\.\d+)?亿元|CNY \d+(\.\d+)? billion|\d+颗|\d+ satellites|\b6G\b`)
)

func TestDocumentsStateNoMarketStatistics(t *testing.T) {
	for _, d := range mustDocuments(t, truthOf(t, DefaultOptions())) {
		text := d.Title + "\n" + d.Body
		if m := ratioWords.FindString(text); m != "" {
			t.Errorf("%s states a ratio: %q", d.URL, m)
		}
		if rest := []rune(allowedNum.ReplaceAllString(text, "")); slices.ContainsFunc(rest, unicode.IsDigit) {
			i := slices.IndexFunc(rest, unicode.IsDigit)
			t.Errorf("%s has a figure outside the allowed kinds: …%s…", d.URL, string(rest[max(0, i-20):min(len(rest), i+20)]))
		}
	}
	// The rule catches what it is meant to catch.
	for _, bad := range []string{"板块上涨12.5%", "up 3 pp", "PE of 80倍", "a 2x move", "净流入63亿", "up 12 percent"} {
		if !ratioWords.MatchString(bad) && !strings.ContainsAny(allowedNum.ReplaceAllString(bad, ""), "0123456789") {
			t.Errorf("rule misses %q", bad)
		}
	}
}

func mustDocuments(t *testing.T, tr *Truth) []research.Document {
	t.Helper()
	docs, err := Documents(tr)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestDocumentsNeedATruth(t *testing.T) {
	noLeaders := *truthOf(t, DefaultOptions())
	noLeaders.Rally.LeaderNames = nil
	for name, tr := range map[string]*Truth{"nil": nil, "empty": {}, "no leader names": &noLeaders} {
		if _, err := Documents(tr); sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("%s: error %v, want an invalid error", name, err)
		}
	}
}
