package sse

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

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
	for _, s := range append(extra, "", "{}", "null", `cb({})`, `{"result":null,"pageHelp":null}`, `{"result":[],"pageHelp":{"pageCount":"0","total":0,"data":[{}]}}`) {
		f.Add([]byte(s))
	}
}

// decodePage decodes body as get does, JSONP wrapper included; ok is false
// when get would refuse it.
func decodePage(body []byte) (w pageResponse, ok bool) {
	trimmed := bytes.TrimSpace(body)
	if m := jsonp.FindSubmatch(trimmed); m != nil {
		trimmed = bytes.TrimSpace(m[1])
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return w, false
	}
	if json.Unmarshal(trimmed, &w) != nil {
		return w, false
	}
	// The paging block is read for every page; it must not panic either.
	_, _, _ = pageCount(w)
	return w, true
}

func FuzzETFShares(f *testing.F) {
	seedTestdata(f,
		`{"result":[{"SEC_CODE":"510050","SEC_NAME":"x","STAT_DATE":"2025-01-15","TOT_VOL":"1,234.5"}],"pageHelp":{"pageCount":1}}`,
		`{"result":[{"SEC_CODE":510050,"SEC_NAME":null,"STAT_DATE":20250115,"TOT_VOL":"-1"}]}`,
		`{"result":[{"SEC_CODE":"51005","SEC_NAME":"x","STAT_DATE":"2025-01-15","TOT_VOL":"--"}]}`,
	)
	day := market.Day(2025, 1, 15)
	f.Fuzz(func(t *testing.T, body []byte) {
		w, ok := decodePage(body)
		if !ok {
			return
		}
		items, err := etfFromWire(w, day)
		if err != nil {
			return
		}
		for i, e := range items {
			if err := e.Validate(); err != nil {
				t.Fatalf("row %d accepted but invalid: %v", i, err)
			}
			if !e.Date.Equal(day) || e.Symbol.Venue() != market.VenueSH {
				t.Fatalf("row %d: %s on %s, want a Shanghai fund on %s", i, e.Symbol, market.FormatDate(e.Date), market.FormatDate(day))
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

func FuzzMarginDetail(f *testing.F) {
	seedTestdata(f,
		`{"result":[{"opDate":"20230922","stockCode":"600519","rzye":"1","rzmre":"-","rzche":"","rqylje":null}]}`,
		`{"result":[{"opDate":"20230922","stockCode":"600519","rzye":"-","rzmre":"-","rzche":"--"}]}`,
		`{"result":[{"opDate":"20230922","stockCode":"600519","rzye":-5,"rzmre":1,"rzche":1}]}`,
	)
	day := market.Day(2023, 9, 22)
	f.Fuzz(func(t *testing.T, body []byte) {
		w, ok := decodePage(body)
		if !ok {
			return
		}
		items, err := detailFromWire(w, day)
		if err != nil {
			return
		}
		for i, m := range items {
			if err := m.Validate(); err != nil {
				t.Fatalf("row %d accepted but invalid: %v", i, err)
			}
			if !m.Date.Equal(day) {
				t.Fatalf("row %d: date %s, want %s", i, market.FormatDate(m.Date), market.FormatDate(day))
			}
		}
	})
}

func FuzzMarginTotal(f *testing.F) {
	seedTestdata(f,
		`{"result":[{"opDate":"20230922","rzye":"1","rzmre":"2"},{"opDate":"2023-09-21","rzye":"1","rzmre":"2"}]}`,
		`{"result":[{"opDate":"20230922","rzye":"1","rzmre":"2"},{"opDate":"20230922","rzye":"1","rzmre":"2"}]}`,
		`{"result":[{"opDate":"","rzye":"1","rzmre":"2"}]}`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		w, ok := decodePage(body)
		if !ok {
			return
		}
		items, err := totalFromWire(w)
		if err != nil {
			return
		}
		for i, m := range items {
			if err := m.Validate(); err != nil {
				t.Fatalf("row %d accepted but invalid: %v", i, err)
			}
			if m.Symbol != market.MarketTotal(market.VenueSH) {
				t.Fatalf("row %d: symbol %s", i, m.Symbol)
			}
		}
		if sortByDate(items) != nil {
			return
		}
		for i := 1; i < len(items); i++ {
			if !items[i-1].Date.Before(items[i].Date) {
				t.Fatalf("row %d: date %s does not follow %s", i, market.FormatDate(items[i].Date), market.FormatDate(items[i-1].Date))
			}
		}
	})
}
