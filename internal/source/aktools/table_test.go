package aktools

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// rows decodes a JSON array the way call does (numbers as json.Number).
func rows(t *testing.T, fn, body string) table {
	t.Helper()
	resp := (&testResponse{200, body}).resp()
	r, err := decode(fn, &resp)
	if err != nil {
		t.Fatalf("test body: %v", err)
	}
	return table{fn: fn, rows: r}
}

func TestParseDay(t *testing.T) {
	tests := []struct {
		in   any
		want string // "" for an error
	}{
		{"2024-01-02", "2024-01-02"},
		{"20240102", "2024-01-02"},
		{"2024/01/02", "2024-01-02"},
		{"2024-01-02T00:00:00.000", "2024-01-02"},
		{"2024-01-02T00:00:00", "2024-01-02"},
		{"2024-01-02 00:00:00", "2024-01-02"},
		{"2024-01-01T16:00:00.000Z", "2024-01-02"}, // midnight in China, written in UTC
		{"2024-01-02T00:00:00.000+08:00", "2024-01-02"},
		{json.Number("1704153600000"), "2024-01-02"}, // epoch ms of 2024-01-02 00:00 UTC
		{"1704153600000", "2024-01-02"},
		{json.Number("20240102"), "2024-01-02"},
		{1704153600000.0, "2024-01-02"},
		{"2024-13-01", ""}, {"02/01/2024", ""}, {"yesterday", ""}, {json.Number("20241301"), ""},
		{json.Number("1704153600"), ""}, // epoch seconds are not a form AKTools sends
		{json.Number("1.5"), ""}, {true, ""},
	}
	for _, tt := range tests {
		got, err := parseDay(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseDay(%#v) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(day(tt.want)) || got.Location() != time.UTC {
			t.Errorf("parseDay(%#v) = %v, %v; want %s UTC", tt.in, got, err, tt.want)
		}
	}
}

func TestTableNum(t *testing.T) {
	tb := rows(t, "f", `[{"a":1.5,"b":null,"c":"","d":"-","e":"1,234.5","f":"abc","g":"NaN","h":true,"i":"--","j":-2}]`)
	for col, want := range map[string]float64{"a": 1.5, "b": math.NaN(), "c": math.NaN(), "d": math.NaN(), "e": 1234.5, "i": math.NaN(), "j": -2} {
		if got, err := tb.num(0, col); err != nil || !near(got, want) {
			t.Errorf("num(%s) = %v, %v; want %v", col, got, err, want)
		}
	}
	for _, col := range []string{"f", "g", "h"} {
		if _, err := tb.num(0, col); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "aktools: f: row 0: column "+col) {
			t.Errorf("num(%s) err = %v", col, err)
		}
	}
	if _, err := tb.need(0, "b"); err == nil || !strings.Contains(err.Error(), "column b has no value") {
		t.Errorf("need(b) err = %v", err)
	}
	tc := rows(t, "f", `[{"code":1},{"code":"000001"},{"code":600519},{"code":null}]`)
	for i, want := range []string{"000001", "000001", "600519"} {
		if got, err := tc.code(i, "code"); err != nil || got != want {
			t.Errorf("code(%d) = %q, %v; want %q", i, got, err, want)
		}
	}
	if _, err := tc.code(3, "code"); err == nil {
		t.Error("a null code read without an error")
	}
}

const klineRow = `{"日期":"2024-01-02","开盘":10,"收盘":11,"最高":12,"最低":9,"成交量":7,"成交额":77.5,"换手率":1.25}`

func TestToBarsTranslates(t *testing.T) {
	tests := []struct {
		name string
		body string
		spec barSpec
		want market.Bar
	}{
		{"eastmoney units", "[" + klineRow + "]", emBars,
			market.Bar{Symbol: "X.SH", Date: day("2024-01-02"), Open: 10, Close: 11, High: 12, Low: 9, Volume: 700, Amount: 77.5, Turnover: 0.0125, AdjFactor: 1}},
		{"null turnover and open", `[{"日期":"2024-01-02","开盘":null,"收盘":11,"最高":12,"最低":9,"成交量":0,"成交额":0,"换手率":null}]`, emBars,
			market.Bar{Symbol: "X.SH", Date: day("2024-01-02"), Open: math.NaN(), Close: 11, High: 12, Low: 9, Volume: 0, Amount: 0, Turnover: math.NaN(), AdjFactor: 1}},
		{"shenwan units, no turnover column", `[{"日期":"2024-01-02","开盘":10,"收盘":11,"最高":12,"最低":9,"成交量":1.5,"成交额":20}]`, swBars,
			market.Bar{Symbol: "X.SH", Date: day("2024-01-02"), Open: 10, Close: 11, High: 12, Low: 9, Volume: 1.5e8, Amount: 20e8, Turnover: math.NaN(), AdjFactor: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := toBars(rows(t, "f", tt.body), "X.SH", tt.spec, window{})
			if err != nil || len(bars) != 1 || !sameBar(bars[0], tt.want) {
				t.Fatalf("bars %+v, err %v\nwant %+v", bars, err, tt.want)
			}
		})
	}
}

func TestToBarsDrift(t *testing.T) {
	r := func(old, new string) string { return "[" + strings.Replace(klineRow, old, new, 1) + "]" }
	tests := []struct {
		name, body, want string
	}{
		{"renamed close", r(`"收盘"`, `"收盘价"`), "column 收盘 missing (row 0)"},
		{"missing turnover column", r(`,"换手率":1.25`, ``), "column 换手率 missing"},
		{"second row lacks volume", "[" + klineRow + `,{"日期":"2024-01-03","开盘":10,"收盘":11,"最高":12,"最低":9,"成交额":1,"换手率":1}]`, "column 成交量 missing (row 1)"},
		{"null close", r(`"收盘":11`, `"收盘":null`), "row 0: column 收盘 has no value"},
		{"null volume", r(`"成交量":7`, `"成交量":null`), "column 成交量 has no value"},
		{"dash amount", r(`"成交额":77.5`, `"成交额":"-"`), "column 成交额 has no value"},
		{"text close", r(`"收盘":11`, `"收盘":"abc"`), "column 收盘: \"abc\" is not a number"},
		{"null date", r(`"日期":"2024-01-02"`, `"日期":null`), "column 日期 has no value"},
		{"bad date", r(`"日期":"2024-01-02"`, `"日期":"02.01.2024"`), "column 日期"},
		{"high below low", r(`"最高":12`, `"最高":8`), "high"},
		{"zero close", r(`"收盘":11`, `"收盘":0`), "close"},
		{"negative volume", r(`"成交量":7`, `"成交量":-7`), "volume"},
		{"duplicate day", "[" + klineRow + "," + klineRow + "]", "two rows for 2024-01-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := toBars(rows(t, "stock_zh_a_hist", tt.body), "X.SH", emBars, window{})
			if bars != nil || sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "aktools: stock_zh_a_hist: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("bars %v, err %v; want EINVALID naming the function and %q", bars, err, tt.want)
			}
		})
	}
}

func TestToBarsWindow(t *testing.T) {
	body := `[` + klineRow + `,` + strings.Replace(klineRow, "2024-01-02", "2024-01-05", 1) + `,` + strings.Replace(klineRow, "2024-01-02", "2024-01-03", 1) + `]`
	w, err := newWindow(day("2024-01-03"), day("2024-01-05"))
	if err != nil {
		t.Fatal(err)
	}
	bars, err := toBars(rows(t, "f", body), "X.SH", emBars, w)
	if err != nil || len(bars) != 2 || !bars[0].Date.Equal(day("2024-01-03")) || !bars[1].Date.Equal(day("2024-01-05")) {
		t.Fatalf("bars %+v, err %v", bars, err)
	}
	if w.start() != "20240103" || w.end() != "20240105" || (window{}).start() != "19700101" || (window{}).end() != "20500101" {
		t.Errorf("window bounds %s..%s", w.start(), w.end())
	}
}

func TestToFlowsAndMarginsDrift(t *testing.T) {
	_, err := toFlows(rows(t, "stock_individual_fund_flow", `[{"日期":"2024-01-02","主力净流入-净额":1,"超大单净流入-净额":1,"大单净流入-净额":1,"中单净流入-净额":1}]`), "X.SH", window{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "stock_individual_fund_flow: column 小单净流入-净额 missing") {
		t.Errorf("flows err = %v", err)
	}
	_, err = toFlows(rows(t, "f", `[{"日期":"2024-01-02","主力净流入-净额":null,"超大单净流入-净额":null,"大单净流入-净额":null,"中单净流入-净额":null,"小单净流入-净额":null}]`), "X.SH", window{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "no flow value") {
		t.Errorf("all-null flows err = %v", err)
	}
	_, err = toMargins(rows(t, "stock_margin_szse", `[{"融资买入额":1,"融资余额":2}]`), szTotal, "SZ", day("2024-01-15"), window{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "column 融券余额 missing") {
		t.Errorf("margin err = %v", err)
	}
	_, err = toMargins(rows(t, "f", `[{"融资买入额":null,"融资余额":null,"融券余额":null}]`), szTotal, "SZ", day("2024-01-15"), window{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "no margin value") {
		t.Errorf("all-null margin err = %v", err)
	}
	_, err = toMargins(rows(t, "f", `[{"证券代码":"BAD","融资买入额":1,"融资余额":1,"融券余额":1}]`), szDetail, "SZ", day("2024-01-15"), window{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "six-digit") {
		t.Errorf("bad code err = %v", err)
	}
}

func TestSectorTranslatorsDrift(t *testing.T) {
	_, err := toBoards(rows(t, "stock_board_industry_name_em", `[{"板块名称":"银行","板块代码":"0475"}]`))
	if err == nil || !strings.Contains(err.Error(), "BKnnnn") {
		t.Errorf("boards err = %v", err)
	}
	_, err = toSWSectors(rows(t, "sw_index_second_info", `[{"行业代码":"801016.SI","行业名称":"种植业","上级行业":"不存在"}]`), 2, map[string]string{"农林牧渔": "801010"})
	if err == nil || !strings.Contains(err.Error(), `parent "不存在"`) {
		t.Errorf("sw parent err = %v", err)
	}
	_, err = toComponents(rows(t, "index_component_sw", `[{"证券代码":"600598","最新权重":1,"计入日期":null}]`), "801010")
	if err == nil || !strings.Contains(err.Error(), "计入日期 has no value") {
		t.Errorf("components err = %v", err)
	}
	_, err = toInstruments(rows(t, "fund_etf_spot_em", `[{"代码":"XLK","名称":"x"}]`), "代码", "名称", market.KindETF)
	if err == nil || !strings.Contains(err.Error(), "not an A-share code") {
		t.Errorf("instruments err = %v", err)
	}
}
