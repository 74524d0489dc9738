package understand

import (
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

func TestDetectLang(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"军工板块为什么领涨？", "zh"},
		{"512660最近资金流入多吗", "zh"},
		{"XLK最近表现如何", "zh"},
		{"Kweichow Moutai最近怎么样", "zh"},
		{"ＸＬＫ最近怎么样", "zh"},
		{"A&D ETF推荐", "zh"},
		{"Why is the aerospace & defense sector leading the rally?", "en"},
		{"Why is 国防军工 leading?", "en"},
		{"贵州茅台 should I buy it?", "en"},
		{"COMPARE BANKS VS BROKERS", "en"},
		{"600519", "en"},
		{"", "en"},
	} {
		if got := detectLang(c.q); got != c.want {
			t.Errorf("detectLang(%q) = %s, want %s", c.q, got, c.want)
		}
	}
}

// TestCuratedTable checks the alias table against the demo catalog: every
// Shenwan level-1 sector has names in both languages, and every alias and
// theme links to its sector alone (a weak one before "板块" or "sector").
func TestCuratedTable(t *testing.T) {
	cat := demoCatalog(t)
	names := map[string]bool{}
	for _, s := range cat.Sectors {
		names[s.Name] = true
	}
	covered := map[string]bool{}
	for _, c := range curated {
		if !names[c.sector] {
			t.Errorf("curated sector %q is not a demo (Shenwan level-1) sector", c.sector)
			continue
		}
		covered[c.sector] = true
		zh, en := 0, 0
		for _, a := range append(append([]string(nil), c.aliases...), c.themes...) {
			if isLetters(strings.ReplaceAll(strings.ReplaceAll(a, " ", ""), "&", "")) || strings.ContainsAny(a, "0123456789") {
				en++
			} else {
				zh++
			}
			q := a
			if weak[fold1(a)] {
				q = a + " sector"
				if detectLang(a) == "zh" {
					q = a + "板块"
				}
			}
			u := Understand(q, cat)
			if len(u.Entities) != 1 || u.Entities[0].Sector == nil || u.Entities[0].Sector.Name != c.sector {
				t.Errorf("%q: entities %v, ambiguities %d; want sector %s", q, entityNames(u), len(u.Ambiguities), c.sector)
			}
		}
		if zh == 0 || en == 0 {
			t.Errorf("curated sector %s: %d Chinese and %d English names; want both", c.sector, zh, en)
		}
	}
	if len(covered) != 31 {
		t.Errorf("curated table covers %d of the 31 Shenwan level-1 sectors", len(covered))
	}
	for _, a := range ambiguousTerms {
		for _, term := range a.terms {
			u := Understand(term, cat)
			if len(u.Entities) != 0 || len(u.Ambiguities) != 1 || len(u.Ambiguities[0].Candidates) != len(a.sectors) {
				t.Errorf("%q: entities %v, ambiguities %v; want one ambiguity with %d candidates", term, entityNames(u), u.Ambiguities, len(a.sectors))
				continue
			}
			if got := u.Ambiguities[0].Candidates[0].Sector.Name; got != a.sectors[0] {
				t.Errorf("%q: first candidate %s, want %s", term, got, a.sectors[0])
			}
		}
	}
}

func entityNames(u Understanding) []string {
	var out []string
	for _, e := range u.Entities {
		out = append(out, e.Name+"("+entityCode(e)+")")
	}
	return out
}

func TestEntities(t *testing.T) {
	cat := demoCatalog(t)
	for _, c := range []struct {
		q    string
		want []string // sector codes or symbols, in order
		amb  []string // candidates of the first ambiguity
	}{
		{q: "Why is the aerospace & defense sector leading?", want: []string{"801740"}},
		{q: "A&D and a&d", want: []string{"801740"}}, // one entity per sector
		{q: "军工ETF和国防军工ETF", want: []string{"512660.SH", "512810.SH"}},
		{q: "军工龙头ETF", want: []string{"512680.SH"}}, // longest match
		{q: "申万国防军工指数", want: []string{"801740"}},   // the sector's index links as the sector
		{q: "801740 and 801740.SI", want: []string{"801740"}},
		{q: "512660, 512660.SH, sh512660?", want: []string{"512660.SH"}},
		{q: "XLK vs xlk.us vs SPY", want: []string{"XLK.US", "SPY.US"}},
		{q: "XLKS and 20260051900", want: nil},
		{q: "600519怎么样", want: []string{"600519.SH"}},
		{q: "茅台", want: []string{"600519.SH"}},
		{q: "Kweichow Moutai", want: []string{"600519.SH"}},
		{q: "compare it with computers", want: []string{"801750"}}, // "it" is not IT
		{q: "IT stocks", want: []string{"801750"}},
		{q: "central bank policy and banks", want: []string{"801780"}},
		{q: "央行降准利好银行吗", want: []string{"801780"}},
		{q: "blue chips", want: nil},
		{q: "retail investors are buying chips", want: []string{"801080"}},
		{q: "2025-12-01 to 20251201", want: nil},
		{q: "综合来看哪个板块好", want: nil}, // 综合 is weak: only 综合板块 is the sector
		{q: "综合板块", want: []string{"801230"}},
		{q: "沪深300和上证50", want: []string{"000300.SH", "000016.SH"}},
		{q: "000001", amb: []string{"000001.SZ", "000001.SH"}},
		{q: "科技股", amb: []string{"801080", "801750", "801770"}},
		{q: "國防軍工", want: []string{"801740"}},
		{q: "卫 星 互 联 网", want: []string{"801740"}}, // spaces next to Chinese are dropped
		{q: "satellite  internet", want: []string{"801740"}},
		{q: "defense-stocks and non-bank financials", want: []string{"801740", "801790"}},
		{q: "semiconductors, satellites and banks", want: []string{"801080", "801740", "801780"}},
	} {
		u := Understand(c.q, cat)
		var got []string
		for _, e := range u.Entities {
			got = append(got, entityCode(e))
			if c.q[e.Start:e.End] != e.Text {
				t.Errorf("%q: entity text %q at [%d,%d) reads %q", c.q, e.Text, e.Start, e.End, c.q[e.Start:e.End])
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: entities %v, want %v", c.q, got, c.want)
		}
		var amb []string
		if len(u.Ambiguities) > 0 {
			for _, e := range u.Ambiguities[0].Candidates {
				amb = append(amb, entityCode(e))
			}
		}
		if strings.Join(amb, ",") != strings.Join(c.amb, ",") {
			t.Errorf("%q: ambiguous %v, want %v", c.q, amb, c.amb)
		}
	}
}

func TestAssumptions(t *testing.T) {
	cat := demoCatalog(t)
	for _, c := range []struct{ q, want string }{
		{"Is defense sustainable?", `interpreted "defense" as Shenwan 国防军工 (Defense & Aerospace, sw2021 801740)`},
		{"what about satellites?", `interpreted "satellites" as Shenwan 国防军工 (Defense & Aerospace, sw2021 801740), the level-1 sector that covers it`},
		{"军工怎么样", "将“军工”理解为申万一级行业国防军工（sw2021 801740）"},
		{"卫星怎么样", "将“卫星”归入其所属的申万一级行业国防军工（sw2021 801740）"},
		{"半导体为什么涨", "将“半导体”归入其所属的申万一级行业电子（sw2021 801080）"},
		{"国防军工为什么涨", ""},
		{"Defense & Aerospace", ""},
		{"801740", ""},
		{"茅台", "将“茅台”理解为贵州茅台（600519.SH）"},
		{"is the semicondutor rally over?", `read "semicondutor" as "semiconductor"; interpreted "semicondutor" as Shenwan 电子 (Electronics, sw2021 801080), the level-1 sector that covers it`},
	} {
		u := Understand(c.q, cat)
		if len(u.Entities) != 1 {
			t.Errorf("%q: entities %v, want one", c.q, entityNames(u))
			continue
		}
		if got := u.Entities[0].Assumption; got != c.want {
			t.Errorf("%q: assumption\n\t%s\nwant\n\t%s", c.q, got, c.want)
		}
		if c.want != "" && (len(u.Assumptions()) != 1 || u.Assumptions()[0] != c.want) {
			t.Errorf("%q: Assumptions() = %v", c.q, u.Assumptions())
		}
	}
}

// TestCatalogNames: curated aliases resolve by sector name, whatever the
// code, and the catalog's own aliases win over the table.
func TestCatalogNames(t *testing.T) {
	cat := Catalog{
		Sectors: []market.Sector{
			{Taxonomy: "sw2021", Code: "X1", Level: 1, Name: "国防军工", NameEN: "Defense"},
			{Taxonomy: "em-industry", Code: "BK0480", Level: 1, Name: "国防军工"},
			{Taxonomy: "sw2021", Code: "X2", Level: 1, Name: "计算机", Aliases: []string{"tech"}},
			{Taxonomy: "sw2021", Code: "X3", Level: 2, Parent: "X1", Name: "航天装备"},
		},
		AsOf: market.Day(2026, time.November, 20),
	}
	for _, c := range []struct{ q, code string }{
		{"military stocks", "X1"}, // sw2021 preferred over em-industry
		{"BK0480", "BK0480"},
		{"tech", "X2"}, // a stored alias beats the curated ambiguity
		{"航天装备", "X3"},
		{"商业航天", "X1"},
	} {
		u := Understand(c.q, cat)
		if len(u.Entities) != 1 || u.Entities[0].Sector.Code != c.code {
			t.Errorf("%q: %v, want %s", c.q, entityNames(u), c.code)
		}
	}
	if u := Understand("banks", cat); len(u.Entities) != 0 {
		t.Errorf("banks without a 银行 sector: %v", entityNames(u))
	}
}

func TestEmptyCatalog(t *testing.T) {
	u := Understand("Why is defense up in the past month, since 2025-12-01?", Catalog{})
	if len(u.Entities) != 0 || len(u.Intents) == 0 || u.Intents[0] != IntentDrivers {
		t.Errorf("empty catalog: %+v", u)
	}
	if u.Time == nil || market.FormatDate(u.Time.From) != "2025-12-01" {
		t.Errorf("absolute date without as-of: %+v", u.Time)
	}
	if u := Understand("past month", Catalog{}); u.Time != nil {
		t.Errorf("relative time without as-of: %+v", u.Time)
	}
}

func TestOffsets(t *testing.T) {
	cat := demoCatalog(t)
	for _, q := range []string{
		"Why is the AEROSPACE  &  DEFENSE sector leading, since December 1, 2025?",
		"國防軍工 近 一 个 月 为什么 领涨？",
		"ＸＬＫ和 512660．ＳＨ 近１个月对比",
		"is the semicondutor rally sustainble over the past 3 months?", //nolint:misspell // a typo on purpose
	} {
		u := Understand(q, cat)
		for _, e := range u.Entities {
			if q[e.Start:e.End] != e.Text {
				t.Errorf("%q: entity %q at [%d,%d)", q, e.Text, e.Start, e.End)
			}
		}
		for _, c := range u.Cues {
			if q[c.Start:c.End] != c.Text {
				t.Errorf("%q: cue %q at [%d,%d)", q, c.Text, c.Start, c.End)
			}
		}
		if u.Time == nil || !strings.Contains(q, u.Time.Text) {
			t.Errorf("%q: time %+v", q, u.Time)
		}
		if len(u.Entities) == 0 || len(u.Cues) == 0 {
			t.Errorf("%q: entities %v cues %v", q, entityNames(u), u.Cues)
		}
	}
}
