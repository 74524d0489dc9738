package understand

import (
	"os"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

func TestIntents(t *testing.T) {
	cat := demoCatalog(t)
	for _, c := range []struct {
		q    string
		want string // intents, primary first
	}{
		{"Why is the aerospace & defense sector leading the rally, and is the sector rotation sustainable?", "drivers,sustainability"},
		{"Is the defense rally sustainable, and why?", "sustainability,drivers"},
		{"军工板块领涨的驱动因素是什么？板块轮动能否持续？", "drivers,sustainability"},
		{"军工", "sector_overview"},                   // a sector alone
		{"", "market_overview"},                     // nothing at all
		{"600519", "stock"},                         // a stock alone
		{"512660", "etf_selection"},                 // an ETF alone
		{"沪深300", "market_overview"},                // an index alone
		{"Why is 600519 falling?", "stock,drivers"}, // a stock is the primary subject
		{"贵州茅台怎么样", "stock"},
		{"Is defense worth buying?", "sector_overview"},
		{"512660的资金流入", "flows"},
		{"Which sectors saw ETF creations this week?", "market_overview,flows"},
		{"What drove defense ETF flows?", "drivers,flows"},
		{"growth vs value", "style"},
		{"large caps vs small caps", "style"},
		{"defense vs computers", "compare"},
		{"国证价值指数怎么样", "market_overview"}, // 价值 inside a name is not a style cue
		{"大盘", "market_overview"},
		{"大盘股和小盘股", "style"},
		{"How does defense compare with the market?", "compare"},
		{"defense flows and margin", "flows"},
		{"600519 gross margin", "stock"}, // a profit margin is not margin financing
		{"Which ETF do you recommend?", "etf_selection"},
		{"给我推荐几只军工股", "sector_overview"},
		{"Is the rotation into value over?", "style,sustainability"},
	} {
		u := Understand(c.q, cat)
		var got []string
		for _, in := range u.Intents {
			got = append(got, string(in))
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("%q: intents %v, want %s (cues %v)", c.q, got, c.want, u.Cues)
		}
	}
}

func TestWithContext(t *testing.T) {
	cat := demoCatalog(t)
	turns := func(qs ...string) Understanding {
		u := Understand(qs[0], cat)
		for _, q := range qs[1:] {
			u = Understand(q, cat).WithContext(u)
		}
		return u
	}
	for _, c := range []struct {
		turns               []string
		intents, entities   string
		time, lang          string
		inherited, followUp bool
	}{
		{[]string{"Why is the defense sector up in the past month?", "and what about satellites?"}, "drivers", "801740", "2026-10-20", "en", false, true},
		{[]string{"军工板块近一个月为什么涨？", "那半导体呢？"}, "drivers", "801080", "2026-10-20", "zh", false, true},
		{[]string{"How did defense do over the past 3 months?", "compare it with computers"}, "compare", "801740,801750", "2026-08-20", "en", true, true},
		{[]string{"Why are chips rallying?", "is it sustainable?"}, "sustainability", "801080", "", "en", true, true},
		{[]string{"Why are chips rallying?", "What about the past week?"}, "drivers", "801080", "2026-11-13", "en", true, true},
		{[]string{"贵州茅台近一个月表现", "宁德时代呢？"}, "stock", "300750.SZ", "2026-10-20", "zh", false, true},
		{[]string{"How is the defense sector doing?", "and 600519?"}, "stock", "600519.SH", "", "en", false, true},
		{[]string{"600519怎么样", "那军工呢"}, "sector_overview", "801740", "", "zh", false, true},
		{[]string{"Why are chips rallying?", "How is the market doing today?"}, "market_overview", "", "2026-11-20", "en", false, false},
		{[]string{"Why are chips rallying?", "Is the banking sector doing well?"}, "sector_overview", "801780", "", "en", false, false},
		{[]string{"军工为什么涨", "资金面呢？"}, "flows", "801740", "", "zh", true, true},
		{[]string{"军工为什么涨", "XLK?"}, "drivers", "XLK.US", "", "zh", false, true},
		{[]string{"Why is defense up?", "is it sustainable?", "compare it with computers"}, "compare", "801740,801750", "", "en", true, true},
	} {
		u := turns(c.turns...)
		var ins, ents []string
		for _, in := range u.Intents {
			ins = append(ins, string(in))
		}
		inherited := false
		for _, e := range u.Entities {
			ents = append(ents, entityCode(e))
			inherited = inherited || e.Inherited
		}
		tm := ""
		if u.Time != nil {
			tm = market.FormatDate(u.Time.From)
		}
		got := []string{strings.Join(ins, ","), strings.Join(ents, ","), tm, u.Lang}
		want := []string{c.intents, c.entities, c.time, c.lang}
		if strings.Join(got, " | ") != strings.Join(want, " | ") || inherited != c.inherited || u.FollowUp != c.followUp {
			t.Errorf("%q:\n\tgot  %s inherited=%v follow-up=%v\n\twant %s inherited=%v follow-up=%v",
				c.turns, strings.Join(got, " | "), inherited, u.FollowUp, strings.Join(want, " | "), c.inherited, c.followUp)
		}
	}
}

func TestAssume(t *testing.T) {
	cat := demoCatalog(t)
	u := Understand("How are tech stocks doing?", cat)
	if len(u.Ambiguities) != 1 || len(u.Entities) != 0 {
		t.Fatalf("tech stocks: %v, %v", entityNames(u), u.Ambiguities)
	}
	a := u.Assume()
	if len(a.Ambiguities) != 0 || len(a.Entities) != 1 || a.Entities[0].Sector.Code != "801080" {
		t.Fatalf("assumed: %v, %v", entityNames(a), a.Ambiguities)
	}
	want := `interpreted "tech stocks" as Shenwan 电子 (Electronics, sw2021 801080); it could also mean 计算机, 通信`
	if got := a.Entities[0].Assumption; got != want {
		t.Errorf("assumption %q, want %q", got, want)
	}
	z := Understand("科技股怎么样", cat).Assume()
	if want := "将“科技股”理解为申万一级行业电子（sw2021 801080）；也可能指计算机、通信"; len(z.Entities) != 1 || z.Entities[0].Assumption != want {
		t.Errorf("zh: %v", z.Assumptions())
	}
	if len(u.Ambiguities) != 1 {
		t.Error("Assume changed its receiver")
	}
}

func TestSpelling(t *testing.T) {
	cat := demoCatalog(t)
	for _, c := range []struct{ q, want string }{
		{"semicondutors", "801080"},
		{"aerospce and defence", "801740"},
		{"pharmaceuticls", "801150"},
		{"telecomunications", "801770"},
		{"the ranking of sectors", ""}, // a real word is never corrected
		{"banking", "801780"},
	} {
		u := Understand(c.q, cat)
		got := ""
		if len(u.Entities) > 0 {
			got = entityCode(u.Entities[0])
		}
		if got != c.want {
			t.Errorf("%q: %q, want %q", c.q, got, c.want)
		}
	}
	if u := Understand("is the rally sustainble?", cat); len(u.Intents) == 0 || u.Intents[0] != IntentSustainability { //nolint:misspell // a typo on purpose
		t.Errorf("misspelt sustainable: %v", u.Intents)
	}
}

// TestSpellerLeavesEnglishWords runs the speller over an English word
// list (Debian's wamerican, when installed): it must correct none.
func TestSpellerLeavesEnglishWords(t *testing.T) {
	b, err := os.ReadFile("/usr/share/dict/words")
	if err != nil {
		t.Skip("no /usr/share/dict/words (apt-get install wamerican)")
	}
	d := newDict(demoCatalog(t), "")
	for _, w := range strings.Fields(string(b)) {
		if strings.ToLower(w) == w && isLetters(w) {
			if g, ok := d.spell(w); ok {
				t.Errorf("the English word %q is corrected to %q", w, g)
			}
		}
	}
}
