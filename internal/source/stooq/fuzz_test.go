package stooq

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

func FuzzFromWire(f *testing.F) {
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
	for _, s := range []string{
		"", "\n", "No data", "<html>",
		"Date,Open,High,Low,Close,Volume\n",
		"Date,Open,High,Low,Close\r\n2024-01-02,1,2,0.5,1\r\n2024-01-03,,,,1\r\n",
		"Date,Open,High,Low,Close,Volume\n2024-01-03,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n",
		"Date,Open,High,Low,Close,Volume\n2024-01-02,NaN,Inf,-Inf,NaN,-1\n",
		"Close,Low,High,Open,Date\n1,1,1,1,2024-01-02",
	} {
		f.Add([]byte(s))
	}
	sym := market.Symbol("XLK.US")
	f.Fuzz(func(t *testing.T, body []byte) {
		bars, _, err := fromWire(body, sym)
		if err != nil {
			return
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
	})
}
