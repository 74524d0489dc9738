package research

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

func testLinker() *Linker {
	sectors := []market.Sector{
		{Taxonomy: "sw2021", Code: "801740", Level: 1, Name: "国防军工", NameEN: "Defense & Aerospace", IndexSymbol: "801740.SI",
			Aliases: []string{"军工", "A&D", "defense", "商业航天", "航天", "钢", "ai", "aerospace and defense"}},
		{Taxonomy: "sw2021", Code: "801750", Level: 1, Name: "计算机", NameEN: "Computers", IndexSymbol: "801750.SI", Aliases: []string{"IT", "5G"}},
		{Taxonomy: "sw2021", Code: "801741", Level: 2, Parent: "801740", Name: "航天装备", NameEN: "Aerospace Equipment", IndexSymbol: "801741.SI", Aliases: []string{"卫星"}},
		{Taxonomy: "em-industry", Code: "BK0480", Level: 1, Name: "航天航空", NameEN: "Aerospace", IndexSymbol: "BK0480.EM", Aliases: []string{"军工"}},
	}
	instruments := []market.Instrument{
		{Symbol: "600519.SH", Kind: market.KindStock, Name: "贵州茅台", NameEN: "Kweichow Moutai"},
		{Symbol: "600118.SH", Kind: market.KindStock, Name: "中国卫星", NameEN: "China Spacesat"},
		{Symbol: "512660.SH", Kind: market.KindETF, Name: "军工ETF"},
		{Symbol: "000001.SZ", Kind: market.KindStock, Name: "平安银行"},
		{Symbol: "000001.SH", Kind: market.KindIndex, Name: "上证指数"},
		{Symbol: "XLK.US", Kind: market.KindETF, Name: "Technology Select Sector SPDR Fund"},
		{Symbol: "BA.US", Kind: market.KindStock, Name: "Boeing"},
		{Symbol: "801740.SI", Kind: market.KindSector, Name: "申万国防军工"},
		{Symbol: "000852.SH", Kind: market.KindIndex, Name: "中证1000"},
	}
	return NewLinker(sectors, instruments)
}

func TestLinkerMatch(t *testing.T) {
	l := testLinker()
	tests := []struct {
		name    string
		text    string
		symbols string
		sectors string
	}{
		{"chinese name", "国防军工板块今日领涨", "", "sw2021:801740"},
		{"longest wins over the alias inside it", "国防军工", "", "sw2021:801740"},
		{"bare alias in two taxonomies", "军工股走强", "", "em-industry:BK0480 sw2021:801740"},
		{"instrument name hides sector alias", "中国卫星发布公告", "600118.SH", ""},
		{"sector alias alone", "卫星互联网加速建设", "", "sw2021:801741"},
		{"longest of 航天装备 and 航天", "航天装备订单饱满", "", "sw2021:801741"},
		{"mixed name with latin end", "军工ETF份额增加", "512660.SH", ""},
		{"mixed name needs a boundary", "中证10000点", "", ""},
		{"mixed name at a boundary", "中证1000指数", "000852.SH", ""},
		{"english case-insensitive", "DEFENSE stocks rallied", "", "sw2021:801740"},
		{"english longest", "the Aerospace and Defense sector", "", "sw2021:801740"},
		{"english word boundary", "defenseless aerospaced", "", ""},
		{"english multiword name", "shares of kweichow moutai fell", "600519.SH", ""},
		{"all-caps alias as written", "A&D names led; IT lagged", "", "sw2021:801740 sw2021:801750"},
		{"all-caps alias not in lower case", "it was a&d", "", ""},
		{"digit alias", "5G base stations", "", "sw2021:801750"},
		{"short lower-case alias dropped", "ai chips", "", ""},
		{"single han alias dropped", "钢", "", ""},
		{"six-digit code", "600519 rose", "600519.SH", ""},
		{"code inside a longer number", "1600519 and 6005190", "", ""},
		{"ambiguous code picks the implied venue", "000001 收涨", "000001.SZ", ""},
		{"full symbol", "000001.SH fell", "000001.SH", ""},
		{"ticker as written", "XLK gained, xlk did not count", "XLK.US", ""},
		{"ticker on boundaries", "XLKS", "", ""},
		{"two-letter ticker only as a symbol", "BA or BA.US", "BA.US", ""},
		{"index instrument links its sector", "801740 指数", "801740.SI", "sw2021:801740"},
		{"several", "贵州茅台与中国卫星; XLK", "600118.SH 600519.SH XLK.US", ""},
		{"nothing", "今天天气很好 the weather is fine", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			syms, secs := l.Match(tc.text)
			if got := joinStrings(syms); got != tc.symbols {
				t.Errorf("symbols = %q, want %q", got, tc.symbols)
			}
			if got := joinStrings(secs); got != tc.sectors {
				t.Errorf("sectors = %q, want %q", got, tc.sectors)
			}
		})
	}
}

func TestLinkerLinkKeepsAndSorts(t *testing.T) {
	l := testLinker()
	d := &Document{
		Title:   "商业航天: XLK and A&D",
		Body:    "贵州茅台 600519 公告。",
		Symbols: []market.Symbol{"XLK.US", "000002.SZ"},
		Sectors: []SectorRef{{"zz", "1"}, {"sw2021", "801740"}},
	}
	l.Link(d)
	if got, want := joinStrings(d.Symbols), "000002.SZ 600519.SH XLK.US"; got != want {
		t.Errorf("symbols = %q, want %q", got, want)
	}
	if got, want := joinStrings(d.Sectors), "sw2021:801740 zz:1"; got != want {
		t.Errorf("sectors = %q, want %q", got, want)
	}

	var nilLinker *Linker
	d2 := &Document{Title: "军工", Body: "x"}
	nilLinker.Link(d2)
	if d2.Symbols != nil || d2.Sectors != nil {
		t.Errorf("nil linker linked %v %v", d2.Symbols, d2.Sectors)
	}
}

func TestLinkerEmpty(t *testing.T) {
	l := NewLinker(nil, nil)
	d := &Document{Title: "国防军工", Body: "XLK 600519"}
	l.Link(d)
	if d.Symbols != nil || d.Sectors != nil {
		t.Errorf("empty linker linked %v %v", d.Symbols, d.Sectors)
	}
}

func joinStrings[T fmt.Stringer](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, " ")
}

func BenchmarkLinkerMatch(b *testing.B) {
	var sectors []market.Sector
	var instruments []market.Instrument
	for i := range 5000 {
		instruments = append(instruments, market.Instrument{
			Symbol: market.Symbol(fmt.Sprintf("%06d.SZ", i)), Kind: market.KindStock,
			Name: fmt.Sprintf("测试%d号", i), NameEN: fmt.Sprintf("Test Company %d", i),
		})
	}
	for i := range 300 {
		sectors = append(sectors, market.Sector{Taxonomy: "t", Code: fmt.Sprint(i), Level: 1, Name: fmt.Sprintf("板块%d", i), Aliases: []string{fmt.Sprintf("alias%d", i)}})
	}
	l := NewLinker(sectors, instruments)
	text := strings.Repeat("国防军工板块今日领涨，测试12号公告订单。Test Company 42 rose 3%. ", 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		syms, _ := l.Match(text)
		if !slices.Contains(syms, "000042.SZ") {
			b.Fatal("missed")
		}
	}
}
