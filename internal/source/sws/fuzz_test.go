package sws

import (
	"encoding/json"
	"math"
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
	for _, s := range append(extra, "", "{}", "null", `{"code":"200","data":null}`, `{"code":500,"message":"x"}`, `{"data":{"results":null}}`) {
		f.Add([]byte(s))
	}
}

// decodeEnvelope decodes body as get does; ok is false when get would
// refuse it.
func decodeEnvelope(body []byte) (env envelope, ok bool) {
	return env, json.Unmarshal(body, &env) == nil
}

func FuzzIndices(f *testing.F) {
	seedTestdata(f,
		`{"code":"200","data":{"count":1,"results":[{"swindexcode":"801010","swindexname":"农林牧渔"}]}}`,
		`{"code":"200","data":{"count":-1,"results":[{"swindexcode":"80101","swindexname":""}]}}`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		env, ok := decodeEnvelope(body)
		if !ok {
			return
		}
		p, err := pageFromWire(env)
		if err != nil {
			return
		}
		if p.Count != nil && *p.Count < 0 {
			t.Fatalf("count %d accepted", *p.Count)
		}
		out, err := indicesFromWire(p, 1, 0)
		if err != nil {
			return
		}
		for i, x := range out {
			if !isIndexCode(x.Code) || x.Name == "" || x.Symbol != IndexSymbol(x.Code) {
				t.Fatalf("index %d accepted but invalid: %+v", i, x)
			}
		}
	})
}

func FuzzComponents(f *testing.F) {
	seedTestdata(f,
		`{"code":"200","data":{"count":1,"results":[{"stockcode":"600519","stockname":"贵州茅台","newweight":"1.5","beginningdate":"2021-12-13"}]}}`,
		`{"code":"200","data":{"count":1,"results":[{"stockcode":"100519","stockname":"x","newweight":101}]}}`,
		`{"code":"200","data":{"count":1,"results":[{"stockcode":"000001","stockname":"x","newweight":"-","beginningdate":"2021-13-01"}]}}`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		env, ok := decodeEnvelope(body)
		if !ok {
			return
		}
		p, err := pageFromWire(env)
		if err != nil {
			return
		}
		out, err := componentsFromWire(p, 0)
		if err != nil {
			return
		}
		for i, c := range out {
			if _, ok := StockSymbol(c.Symbol.Code()); !ok {
				t.Fatalf("component %d: symbol %q accepted", i, c.Symbol)
			}
			if !math.IsNaN(c.Weight) && (c.Weight < 0 || c.Weight > 1) {
				t.Fatalf("component %d: weight %g accepted", i, c.Weight)
			}
		}
	})
}

func FuzzHistory(f *testing.F) {
	seedTestdata(f,
		`{"code":"200","data":[{"swindexcode":"801740","bargaindate":"2024-01-02","openindex":1,"maxindex":2,"minindex":0.5,"closeindex":1,"bargainamount":null,"bargainsum":"-"}]}`,
		`{"code":"200","data":[{"swindexcode":"801740","bargaindate":"2024-01-02","openindex":1,"maxindex":0.5,"minindex":2,"closeindex":1,"bargainamount":1,"bargainsum":1}]}`,
		`{"code":"200","data":[{"bargaindate":"2024-01-02","openindex":1,"maxindex":1,"minindex":1,"closeindex":"1e999","bargainamount":1,"bargainsum":1}]}`,
	)
	from, to := market.Day(2020, 1, 1), time.Time{}
	f.Fuzz(func(t *testing.T, body []byte) {
		env, ok := decodeEnvelope(body)
		if !ok {
			return
		}
		bars, err := barsFromWire(env, "801740", from, to)
		if err != nil {
			return
		}
		for i, b := range bars {
			if b.Symbol != IndexSymbol("801740") {
				t.Fatalf("bar %d: symbol %s", i, b.Symbol)
			}
			if err := b.Validate(); err != nil {
				t.Fatalf("bar %d accepted but invalid: %v", i, err)
			}
			if b.Date.Before(from) {
				t.Fatalf("bar %d: date %s before the window", i, market.FormatDate(b.Date))
			}
			if i > 0 && !bars[i-1].Date.Before(b.Date) {
				t.Fatalf("bar %d: date %s does not follow %s", i, market.FormatDate(b.Date), market.FormatDate(bars[i-1].Date))
			}
		}
	})
}
