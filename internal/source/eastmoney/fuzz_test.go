package eastmoney

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// fuzzSymbols are the symbols the recorded bodies are for; each input is
// translated for all of them so that the code check does not stop every
// mutation at the first field.
var fuzzSymbols = []market.Symbol{"600519.SH", "000001.SZ", "BK0480.EM"}

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
	for _, s := range append(extra, "", "{}", "null", `{"data":null}`, `{"data":{}}`, `{"rc":102}`, `[`) {
		f.Add([]byte(s))
	}
}

func FuzzKlines(f *testing.F) {
	seedTestdata(f,
		`{"rc":0,"data":{"code":"600519","klines":["2024-01-02,1,1,1,1,1,1,0,0,0,-"]}}`,
		`{"rc":0,"data":{"code":"600519","klines":["2024-01-02,1,1,0.5,2,1,1,0,0,0,1","2024-01-02,1,1,1,1,1,1,0,0,0,1"]}}`,
		`{"rc":0,"data":{"code":"600519","klines":["2024-01-02,NaN,1e400,1,1,-1,1,0,0,0,1"]}}`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		var w klineResponse
		if json.Unmarshal(body, &w) != nil {
			return
		}
		for _, sym := range fuzzSymbols {
			bars, err := fromWire(w, sym)
			if err != nil {
				continue
			}
			for i, b := range bars {
				if b.Symbol != sym {
					t.Fatalf("bar %d: symbol %s, want %s", i, b.Symbol, sym)
				}
				if err := b.Validate(); err != nil {
					t.Fatalf("bar %d accepted but invalid: %v", i, err)
				}
				if i > 0 && !bars[i-1].Date.Before(b.Date) {
					t.Fatalf("bar %d: date %s does not follow %s", i, market.FormatDate(b.Date), market.FormatDate(bars[i-1].Date))
				}
			}
		}
	})
}

func FuzzFlows(f *testing.F) {
	seedTestdata(f,
		`{"rc":0,"data":{"code":"600519","klines":["2024-01-02,-,-,-,-,-,0,0,0,0,0,1,0,0,0"]}}`,
		`{"rc":0,"data":{"code":"600519","klines":["2024-01-02,1,,,,,0,0,0,0,0,1,0,0,0","2024-01-01,1,,,,,0,0,0,0,0,1,0,0,0"]}}`,
		`{"rc":0,"data":{"code":"600519","klines":["2024-01-02,Inf,1,1,1,1,0,0,0,0,0,1,0,0,0"]}}`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		var w klineResponse
		if json.Unmarshal(body, &w) != nil {
			return
		}
		for _, sym := range fuzzSymbols {
			flows, err := flowsFromWire(w, sym, market.Day(2024, 1, 3), market.Day(2024, 6, 30))
			if err != nil {
				continue
			}
			for i, c := range flows {
				if c.Symbol != sym {
					t.Fatalf("flow %d: symbol %s, want %s", i, c.Symbol, sym)
				}
				if err := c.Validate(); err != nil {
					t.Fatalf("flow %d accepted but invalid: %v", i, err)
				}
				if c.Date.Before(market.Day(2024, 1, 3)) || c.Date.After(market.Day(2024, 6, 30)) {
					t.Fatalf("flow %d: date %s outside the window", i, market.FormatDate(c.Date))
				}
				if i > 0 && !flows[i-1].Date.Before(c.Date) {
					t.Fatalf("flow %d: date %s does not follow %s", i, market.FormatDate(c.Date), market.FormatDate(flows[i-1].Date))
				}
			}
		}
	})
}

func FuzzList(f *testing.F) {
	seedTestdata(f,
		`{"rc":0,"data":{"total":1,"diff":[{"f12":"BK0480","f13":90,"f14":"航天航空"}]}}`,
		`{"rc":0,"data":{"total":1,"diff":[{"f12":"600519","f13":1,"f14":" - "}]}}`,
		`{"rc":0,"data":{"total":-1,"diff":{"0":{"f12":"600519","f13":1,"f14":"x"}}}}`,
	)
	mappers := map[string]rowMapper{"board": boardRow, "stock": stockRow, "fund": fundRow}
	f.Fuzz(func(t *testing.T, body []byte) {
		var w clistResponse
		if json.Unmarshal(body, &w) != nil {
			return
		}
		for kind, mapRow := range mappers {
			page, err := listFromWire(w, mapRow)
			if err != nil {
				continue
			}
			if page.Total < 0 {
				t.Fatalf("%s: total %d accepted", kind, page.Total)
			}
			for i, l := range page.Rows {
				if _, err := SecID(l.Symbol); err != nil {
					t.Fatalf("%s row %d: symbol %q accepted: %v", kind, i, l.Symbol, err)
				}
				if l.Name == "" || l.Name == "-" {
					t.Fatalf("%s row %d: empty name accepted", kind, i)
				}
			}
		}
	})
}

func FuzzMargin(f *testing.F) {
	seedTestdata(f,
		`{"success":true,"result":{"pages":1,"data":[{"DATE":"2024-01-02","SCODE":"600519","RZYE":"-","RZMRE":null,"RZCHE":"","RQYE":null}]}}`,
		`{"success":true,"result":{"pages":1,"data":[{"DATE":"2024-01-02","SCODE":"600519","RZYE":-1,"RZMRE":1,"RZCHE":1,"RQYE":1}]}}`,
		`{"success":true,"result":{"pages":1,"data":[{"DATE":"2024-01-02","SCODE":"600519","RZYE":"1e999","RZMRE":1e999,"RZCHE":1,"RQYE":1}]}}`,
		`{"success":false,"code":9201,"result":null}`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		var w dataResponse
		if json.Unmarshal(body, &w) != nil {
			return
		}
		for _, sym := range fuzzSymbols {
			page, err := marginFromWire(w, sym)
			if err != nil {
				continue
			}
			if page.Empty && len(page.Rows) > 0 {
				t.Fatalf("empty page with %d rows", len(page.Rows))
			}
			for i, m := range page.Rows {
				if m.Symbol != sym {
					t.Fatalf("row %d: symbol %s, want %s", i, m.Symbol, sym)
				}
				if err := m.Validate(); err != nil {
					t.Fatalf("row %d accepted but invalid: %v", i, err)
				}
			}
			rows := marginWindow(page.Rows, market.Day(2024, 1, 3), time.Time{})
			for i, m := range rows {
				if i > 0 && !rows[i-1].Date.Before(m.Date) {
					t.Fatalf("window row %d: date %s does not follow %s", i, market.FormatDate(m.Date), market.FormatDate(rows[i-1].Date))
				}
			}
		}
	})
}
