package yahoo

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
	for _, s := range append(extra, "", "{}", "null", `{"chart":null}`, `{"chart":{"result":[]}}`, `{"chart":{"result":[{}]}}`, `{"chart":{"error":{"code":"Not Found"}}}`) {
		f.Add([]byte(s))
	}
}

func FuzzFromWire(f *testing.F) {
	seedTestdata(f,
		`{"chart":{"result":[{"meta":{"symbol":"XLK","instrumentType":"ETF","gmtoffset":-18000,"dataGranularity":"1d"},"timestamp":[1577975400,1578061800],"events":{"splits":{"1577975400":{"numerator":2,"denominator":1}},"dividends":{"x":{"amount":1}}},"indicators":{"quote":[{"open":[1,1],"high":[1,1],"low":[1,1],"close":[1,1],"volume":[1,1]}],"adjclose":[{"adjclose":[-1,1e308]}]}}]}}`,
		`{"chart":{"result":[{"meta":{"instrumentType":"EQUITY","exchangeTimezoneName":"Asia/Shanghai","dataGranularity":"1d"},"timestamp":[1578061800,1577975400],"indicators":{"quote":[{"open":[2,1],"high":[1,1],"low":[2,1],"close":[1,1],"volume":[-1,1]}]}}]}}`,
		`{"chart":{"result":[{"meta":{"instrumentType":"ETF","exchangeTimezoneName":"Nowhere/../../etc","dataGranularity":"1d"},"timestamp":[],"indicators":{"quote":[{"close":[1]}]}}]}}`,
	)
	syms := []market.Symbol{"XLK.US", "600519.SH"}
	f.Fuzz(func(t *testing.T, body []byte) {
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) == 0 || trimmed[0] != '{' {
			return // get refuses it before decoding
		}
		var w chartResponse
		if json.Unmarshal(trimmed, &w) != nil {
			return
		}
		for _, sym := range syms {
			res, err := fromWire(w, sym)
			if err != nil {
				continue
			}
			if res.Symbol != sym {
				t.Fatalf("result for %s, want %s", res.Symbol, sym)
			}
			for i, b := range res.Bars {
				if b.Symbol != sym {
					t.Fatalf("bar %d: symbol %s, want %s", i, b.Symbol, sym)
				}
				if err := b.Validate(); err != nil {
					t.Fatalf("bar %d accepted but invalid: %v", i, err)
				}
				if i > 0 && !res.Bars[i-1].Date.Before(b.Date) {
					t.Fatalf("bar %d: date %s does not follow %s", i, market.FormatDate(b.Date), market.FormatDate(res.Bars[i-1].Date))
				}
			}
			for i, d := range res.Dividends {
				if i > 0 && d.Date.Before(res.Dividends[i-1].Date) {
					t.Fatalf("dividend %d out of date order", i)
				}
			}
			for i, s := range res.Splits {
				if s.Denominator == 0 {
					t.Fatalf("split %d with a zero denominator accepted", i)
				}
				if i > 0 && s.Date.Before(res.Splits[i-1].Date) {
					t.Fatalf("split %d out of date order", i)
				}
			}
		}
	})
}
