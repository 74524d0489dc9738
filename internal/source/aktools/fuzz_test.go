package aktools

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/transport"
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
	for _, s := range append(extra, "", "[]", "[null]", "[{}]", "{}", `{"error":"x"}`, "null", "[1]") {
		f.Add([]byte(s))
	}
}

// decodeTable runs body through decode as a 200 answer of fn; ok is false
// when decode refuses it.
func decodeTable(fn string, body []byte) (table, bool) {
	rows, err := decode(fn, &transport.Response{Status: 200, ContentType: "application/json", Body: body})
	if err != nil {
		return table{}, false
	}
	return table{fn: fn, rows: rows}, true
}

// ascending fails t unless dates are strictly ascending and non-zero.
func ascending(t *testing.T, dates []time.Time) {
	t.Helper()
	for i, d := range dates {
		if d.IsZero() {
			t.Fatalf("row %d: zero date accepted", i)
		}
		if i > 0 && !dates[i-1].Before(d) {
			t.Fatalf("row %d: date %s does not follow %s", i, market.FormatDate(d), market.FormatDate(dates[i-1]))
		}
	}
}

func FuzzBars(f *testing.F) {
	seedTestdata(f,
		`[{"日期":"2024-01-02","开盘":1,"收盘":1,"最高":1,"最低":1,"成交量":"1,000","成交额":1,"换手率":null}]`,
		`[{"日期":20240102,"开盘":"-","收盘":1,"最高":0.5,"最低":2,"成交量":1,"成交额":1,"换手率":-1}]`,
		`[{"日期":1704153600000,"开盘":1,"收盘":1e308,"最高":1e308,"最低":1,"成交量":1e308,"成交额":1e308,"换手率":1}]`,
	)
	sym := market.Symbol("600519.SH")
	w := window{from: market.Day(2000, 1, 1)}
	f.Fuzz(func(t *testing.T, body []byte) {
		tb, ok := decodeTable("stock_zh_a_hist", body)
		if !ok {
			return
		}
		for _, spec := range []barSpec{emBars, swBars} {
			bars, err := toBars(tb, sym, spec, w)
			if err != nil {
				continue
			}
			dates := make([]time.Time, len(bars))
			for i, b := range bars {
				if err := b.Validate(); err != nil {
					t.Fatalf("bar %d accepted but invalid: %v", i, err)
				}
				if b.Symbol != sym || !w.has(b.Date) {
					t.Fatalf("bar %d: %s on %s, want %s inside the window", i, b.Symbol, market.FormatDate(b.Date), sym)
				}
				dates[i] = b.Date
			}
			ascending(t, dates)
		}
	})
}

func FuzzFlows(f *testing.F) {
	seedTestdata(f,
		`[{"日期":"2024-01-02","主力净流入-净额":"-","超大单净流入-净额":null,"大单净流入-净额":"","中单净流入-净额":"--","小单净流入-净额":null}]`,
		`[{"日期":"2024-01-02","主力净流入-净额":1,"超大单净流入-净额":1,"大单净流入-净额":1,"中单净流入-净额":1,"小单净流入-净额":1},{"日期":"2024-01-02","主力净流入-净额":1,"超大单净流入-净额":1,"大单净流入-净额":1,"中单净流入-净额":1,"小单净流入-净额":1}]`,
	)
	sym := market.Symbol("600519.SH")
	f.Fuzz(func(t *testing.T, body []byte) {
		tb, ok := decodeTable("stock_individual_fund_flow", body)
		if !ok {
			return
		}
		flows, err := toFlows(tb, sym, window{})
		if err != nil {
			return
		}
		dates := make([]time.Time, len(flows))
		for i, c := range flows {
			if err := c.Validate(); err != nil {
				t.Fatalf("flow %d accepted but invalid: %v", i, err)
			}
			dates[i] = c.Date
		}
		ascending(t, dates)
	})
}

func FuzzFundShares(f *testing.F) {
	seedTestdata(f,
		`[{"基金代码":"510050","基金份额":"1,000","统计日期":"2025-01-15"}]`,
		`[{"基金代码":"159915","基金份额":-1,"净值":0}]`,
		`[{"基金代码":"15991","基金份额":1e308,"净值":"-"}]`,
	)
	date := market.Day(2025, 1, 15)
	f.Fuzz(func(t *testing.T, body []byte) {
		tb, ok := decodeTable("fund_etf_scale_sse", body)
		if !ok {
			return
		}
		for _, ex := range []string{market.VenueSH, market.VenueSZ} {
			out, err := toFundShares(tb, ex, date)
			if err != nil {
				continue
			}
			for i, s := range out {
				if err := s.Validate(); err != nil {
					t.Fatalf("%s row %d accepted but invalid: %v", ex, i, err)
				}
				if s.Symbol.Venue() != ex {
					t.Fatalf("%s row %d: symbol %s", ex, i, s.Symbol)
				}
			}
		}
	})
}

func FuzzMargins(f *testing.F) {
	seedTestdata(f,
		`[{"信用交易日期":"20240102","融资余额":1,"融资买入额":1,"融券余量金额":null},{"信用交易日期":"20240103","融资余额":"-","融资买入额":null,"融券余量金额":"--"}]`,
		`[{"证券代码":"000001","融资余额":-1,"融资买入额":1,"融券余额":1}]`,
		`[{"融资余额":1e300,"融资买入额":1,"融券余额":1}]`,
	)
	day := market.Day(2024, 1, 2)
	specs := []struct {
		name string
		spec marginSpec
		ex   string
		date time.Time
		w    window
	}{
		{"sse detail", sseDetail, market.VenueSH, day, window{}},
		{"szse detail", szDetail, market.VenueSZ, day, window{}},
		{"sse total", sseTotal, market.VenueSH, time.Time{}, window{from: market.Day(2000, 1, 1)}},
		{"szse total", szTotal, market.VenueSZ, day, window{from: day, to: day}},
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tb, ok := decodeTable("stock_margin_sse", body)
		if !ok {
			return
		}
		for _, s := range specs {
			out, err := toMargins(tb, s.spec, s.ex, s.date, s.w)
			if err != nil {
				continue
			}
			dates := make([]time.Time, len(out))
			for i, m := range out {
				if err := m.Validate(); err != nil {
					t.Fatalf("%s row %d accepted but invalid: %v", s.name, i, err)
				}
				if m.Symbol.Venue() != s.ex {
					t.Fatalf("%s row %d: symbol %s", s.name, i, m.Symbol)
				}
				dates[i] = m.Date
			}
			if s.spec.code == "" {
				ascending(t, dates)
			}
		}
	})
}

func FuzzSectors(f *testing.F) {
	seedTestdata(f,
		`[{"板块名称":"银行","板块代码":"BK0475"}]`,
		`[{"行业代码":"801016.SI","行业名称":"种植业","上级行业":"农林牧渔"}]`,
		`[{"证券代码":"600598","最新权重":1,"计入日期":null}]`,
		`[{"代码":"510050","名称":"x"},{"代码":"510050","名称":""}]`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		tb, ok := decodeTable("stock_board_industry_name_em", body)
		if !ok {
			return
		}
		if out, err := toBoards(tb); err == nil {
			for i, s := range out {
				if err := s.Validate(); err != nil {
					t.Fatalf("board %d accepted but invalid: %v", i, err)
				}
			}
		}
		for _, level := range []int{1, 2} {
			if out, err := toSWSectors(tb, level, map[string]string{"农林牧渔": "801010"}); err == nil {
				for i, s := range out {
					if err := s.Validate(); err != nil {
						t.Fatalf("level %d sector %d accepted but invalid: %v", level, i, err)
					}
				}
			}
		}
		if out, err := toComponents(tb, "801010"); err == nil {
			for i, m := range out {
				if err := m.Validate(); err != nil {
					t.Fatalf("component %d accepted but invalid: %v", i, err)
				}
			}
		}
		for _, kind := range []market.Kind{market.KindStock, market.KindETF} {
			if out, err := toInstruments(tb, "代码", "名称", kind); err == nil {
				for i, in := range out {
					if err := in.Validate(); err != nil {
						t.Fatalf("%v instrument %d accepted but invalid: %v", kind, i, err)
					}
				}
			}
		}
	})
}
