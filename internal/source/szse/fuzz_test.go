package szse

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// seedTestdata adds every file of testdata/ and the hand-made bodies to
// the corpus.
func seedTestdata(f *testing.F, extra ...string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			continue // a directory such as testdata/fuzz
		}
		f.Add(b)
	}
	for _, s := range append(extra, "", "[]", "{}", "null", `[null,{}]`, `[{"metadata":{}},{"metadata":{"tabkey":"tab2"},"data":null}]`, `[{"metadata":{"tabkey":"tab1"},"error":"系统繁忙"}]`) {
		f.Add([]byte(s))
	}
}

// decodeReport decodes body as get does; ok is false when get would refuse
// it.
func decodeReport(body []byte) (r report, ok bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '[' {
		return nil, false
	}
	if json.Unmarshal(trimmed, &r) != nil {
		return nil, false
	}
	// The paging counts are read for every page; they must not panic either.
	_, _, _ = counts(r, "tab1", 0)
	_, _, _ = counts(r, "tab2", 1)
	return r, true
}

func FuzzETFShares(f *testing.F) {
	seedTestdata(f,
		`[{"metadata":{"tabkey":"tab1","cols":{"size_date":"日期","fund_code":"代码","current_size":"规模(万份)"}},"data":[{"size_date":"2026-04-01","fund_code":"159915","security_short_name":"<u>x</u>","current_size":"1e300"}]}]`,
		`[{"metadata":{"tabkey":"tab1","cols":{"size_date":"日期","fund_code":"代码","current_size":"规模（亿股/万份）"}},"data":[{"size_date":"2026-04-01","fund_code":"159915","security_short_name":"x","current_size":"-1"}]}]`,
	)
	day := market.Day(2026, 4, 1)
	f.Fuzz(func(t *testing.T, body []byte) {
		r, ok := decodeReport(body)
		if !ok {
			return
		}
		items, err := etfFromWire(r, day)
		if err != nil {
			return
		}
		for i, e := range items {
			if err := e.Validate(); err != nil {
				t.Fatalf("row %d accepted but invalid: %v", i, err)
			}
			if !e.Date.Equal(day) {
				t.Fatalf("row %d: date %s, want %s", i, market.FormatDate(e.Date), market.FormatDate(day))
			}
		}
		if sortBySymbol(items, func(e ETFShare) market.Symbol { return e.Symbol }) == nil {
			for i := 1; i < len(items); i++ {
				if items[i-1].Symbol >= items[i].Symbol {
					t.Fatalf("row %d: %s after %s", i, items[i].Symbol, items[i-1].Symbol)
				}
			}
		}
	})
}

// checkMargins fails t when a returned row is invalid or not of day.
func checkMargins(t *testing.T, items []market.Margin, day time.Time) {
	t.Helper()
	for i, m := range items {
		if err := m.Validate(); err != nil {
			t.Fatalf("row %d accepted but invalid: %v", i, err)
		}
		if !m.Date.Equal(day) {
			t.Fatalf("row %d: date %s, want %s", i, market.FormatDate(m.Date), market.FormatDate(day))
		}
	}
}

func FuzzMarginDetail(f *testing.F) {
	seedTestdata(f,
		`[{"metadata":{"tabkey":"tab1"}},{"metadata":{"tabkey":"tab2","subname":"2024-04-11","cols":{"zqdm":"代码","jrrzmr":"买入(元)","jrrzye":"余额(元)","jrrjye":"融券(元)"}},"data":[{"zqdm":"000001","jrrzmr":"1e308","jrrzye":"-","jrrjye":"--"}]}]`,
		`[{"metadata":{}},{"metadata":{"subname":"x","cols":{"zqdm":"代码","jrrzmr":"(千元)","jrrzye":"(万元)","jrrjye":"(亿元)"}},"data":[{"zqdm":"000001","jrrzmr":"","jrrzye":"","jrrjye":""}]}]`,
	)
	day := market.Day(2024, 4, 11)
	f.Fuzz(func(t *testing.T, body []byte) {
		r, ok := decodeReport(body)
		if !ok {
			return
		}
		items, err := detailFromWire(r, day)
		if err != nil {
			return
		}
		checkMargins(t, items, day)
	})
}

func FuzzMarginTotal(f *testing.F) {
	seedTestdata(f,
		`[{"metadata":{"tabkey":"tab1","subname":"2024-04-11","cols":{"jrrzmr":"(亿元)","jrrzye":"(亿元)","jrrjye":"(亿元)"}},"data":[{"jrrzmr":"1e301","jrrzye":"1","jrrjye":"1"}]}]`,
		`[{"metadata":{"tabkey":"tab1","cols":{"jrrzmr":"(亿元)","jrrzye":"(亿元)","jrrjye":"(亿元)"}},"data":[{"jrrzmr":"-","jrrzye":null,"jrrjye":""}]}]`,
	)
	day := market.Day(2024, 4, 11)
	f.Fuzz(func(t *testing.T, body []byte) {
		r, ok := decodeReport(body)
		if !ok {
			return
		}
		items, err := totalFromWire(r, day)
		if err != nil {
			return
		}
		if len(items) > 1 {
			t.Fatalf("%d market totals for one day", len(items))
		}
		checkMargins(t, items, day)
	})
}
