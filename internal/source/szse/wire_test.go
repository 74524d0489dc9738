package szse

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func decode(t *testing.T, body string) report {
	t.Helper()
	var r report
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("test body: %v", err)
	}
	return r
}

func same(a, b float64) bool {
	return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func sameMargin(a, b market.Margin) bool {
	return a.Symbol == b.Symbol && a.Date.Equal(b.Date) && same(a.FinBalance, b.FinBalance) && same(a.FinBuy, b.FinBuy) &&
		same(a.FinRepay, b.FinRepay) && same(a.SecBalance, b.SecBalance)
}

const (
	detCols = `{"zqdm":"证券代码","zqjc":"证券简称","jrrzmr":"融资买入额(元)","jrrzye":"融资余额(元)","jrrjye":"融券余额(元)"}`
	totCols = `{"jrrzmr":"融资买入额(亿元)","jrrzye":"融资余额(亿元)","jrrjye":"融券余额(亿元)"}`
	detRow  = `{"zqdm":"000001","zqjc":"平安银行","jrrzmr":"98,113,560","jrrzye":"4,418,921,367","jrrjye":"15,901,579"}`
	totRow  = `{"jrrzmr":"331.72","jrrzye":"6,893.47","jrrjye":"39.88"}`
)

// margin builds a 1837_xxpl answer with tab1 (totals) and tab2 (detail).
func margin(totCols, totRows, detCols, detRows string) string {
	return `[{"metadata":{"tabkey":"tab1","pagecount":1,"cols":` + totCols + `,"subname":"2024-04-11"},"data":` + totRows + `,"error":null},` +
		`{"metadata":{"tabkey":"tab2","pagecount":1,"cols":` + detCols + `,"subname":"2024-04-11"},"data":` + detRows + `,"error":null}]`
}

func scale(cols, rows string) string {
	return `[{"metadata":{"tabkey":"tab1","pagecount":1,"cols":` + cols + `},"data":` + rows + `}]`
}

const (
	scaleCols = `{"size_date":"日期","fund_code":"基金代码","security_short_name":"基金简称","current_size":"基金规模(份)"}`
	scaleRow  = `{"size_date":"2026-04-01","fund_code":"159915","security_short_name":"创业板ETF&nbsp;","current_size":"26,581,203,117"}`
)

func TestUnitScale(t *testing.T) {
	for _, tt := range []struct {
		title string
		money bool
		want  float64
	}{
		{"融资余额(元)", true, 1}, {"融资余额(亿元)", true, 1e8}, {"融资余额（万元）", true, 1e4}, {"金额(千元)", true, 1e3},
		{"融券余量(股/份)", false, 1}, {"融券余量(亿股/亿份)", false, 1e8}, {"基金规模(份)", false, 1}, {"基金规模(万份)", false, 1e4},
		{"融资余额", true, 0}, {"融资余额(元)", false, 0}, {"基金规模(份)", true, 0}, {"融券余量(亿股/份)", false, 0},
		{"融资余额(美元)", true, 0}, {"融资余额()", true, 0},
	} {
		got, ok := unitScale(tt.title, tt.money)
		if ok != (tt.want != 0) || got != tt.want {
			t.Errorf("unitScale(%q, money %v) = %v, %v; want %v", tt.title, tt.money, got, ok, tt.want)
		}
	}
}

func TestDetailFromWire(t *testing.T) {
	other := `{"zqdm":"<a href='x'>300750</a>","zqjc":"宁德时代","jrrzmr":"-","jrrzye":"13,082,661,003","jrrjye":""}`
	got, err := detailFromWire(decode(t, margin(totCols, `[`+totRow+`]`, detCols, `[`+detRow+`,`+other+`]`)), day("2024-04-11"))
	if err != nil {
		t.Fatal(err)
	}
	want := []market.Margin{
		{Symbol: "000001.SZ", Date: day("2024-04-11"), FinBalance: 4418921367, FinBuy: 98113560, FinRepay: math.NaN(), SecBalance: 15901579},
		{Symbol: "300750.SZ", Date: day("2024-04-11"), FinBalance: 13082661003, FinBuy: math.NaN(), FinRepay: math.NaN(), SecBalance: math.NaN()},
	}
	if len(got) != 2 || !sameMargin(got[0], want[0]) || !sameMargin(got[1], want[1]) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	// Units follow the column titles.
	wan := strings.ReplaceAll(detCols, "(元)", "(万元)")
	got, err = detailFromWire(decode(t, margin(totCols, `[]`, wan, `[`+detRow+`]`)), day("2024-04-11"))
	if err != nil || len(got) != 1 || !same(got[0].FinBalance, 4418921367e4) {
		t.Fatalf("万元: %+v, %v", got, err)
	}
}

func TestTotalFromWire(t *testing.T) {
	got, err := totalFromWire(decode(t, margin(totCols, `[`+totRow+`]`, detCols, `[]`)), day("2024-04-11"))
	if err != nil {
		t.Fatal(err)
	}
	want := market.Margin{Symbol: "ALL.SZ", Date: day("2024-04-11"), FinBalance: 689347e6, FinBuy: 33172e6, FinRepay: math.NaN(), SecBalance: 3988e6}
	if len(got) != 1 || !sameMargin(got[0], want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	// Only tab1 given, without tabkeys: the first tab.
	got, err = totalFromWire(decode(t, `[{"metadata":{"pagecount":1,"cols":`+totCols+`},"data":[`+totRow+`]}]`), day("2024-04-11"))
	if err != nil || len(got) != 1 || !sameMargin(got[0], want) {
		t.Fatalf("untagged: %+v, %v", got, err)
	}
}

func TestETFFromWire(t *testing.T) {
	got, err := etfFromWire(decode(t, scale(scaleCols, `[`+scaleRow+`]`)), day("2026-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Symbol != "159915.SZ" || !same(got[0].Shares, 26581203117) || !math.IsNaN(got[0].NAV) ||
		got[0].Name != "创业板ETF" || !got[0].Date.Equal(day("2026-04-01")) {
		t.Fatalf("got %+v", got)
	}
	got, err = etfFromWire(decode(t, scale(strings.Replace(scaleCols, "(份)", "(万份)", 1), `[`+scaleRow+`]`)), day("2026-04-01"))
	if err != nil || len(got) != 1 || !same(got[0].Shares, 26581203117e4) {
		t.Fatalf("万份: %+v, %v", got, err)
	}
}

func TestFromWireEmptyDay(t *testing.T) {
	d := day("2024-04-11")
	for name, body := range map[string]string{
		"empty lists": margin(totCols, `[]`, detCols, `[]`),
		"null data":   margin(totCols, `null`, detCols, `null`),
		"blank total": margin(totCols, `[{"jrrzmr":"","jrrzye":"","jrrjye":""}]`, detCols, `[]`),
	} {
		tot, err1 := totalFromWire(decode(t, body), d)
		det, err2 := detailFromWire(decode(t, body), d)
		if err1 != nil || err2 != nil || len(tot) != 0 || len(det) != 0 {
			t.Errorf("%s: %v %v, %v %v; want nothing", name, tot, err1, det, err2)
		}
	}
	got, err := etfFromWire(decode(t, scale(scaleCols, `[]`)), d)
	if err != nil || len(got) != 0 {
		t.Errorf("etf: %v, %v", got, err)
	}
}

func TestFromWireDrift(t *testing.T) {
	good := `[` + detRow + `]`
	tests := []struct {
		name  string
		call  string // etf, detail or total
		body  string
		code  string
		field string
	}{
		{"no tab2", "detail", `[{"metadata":{"tabkey":"tab1","pagecount":1,"cols":{}},"data":[]}]`, sextant.EINVALID, "metadata.tabkey: no tab tab2"},
		{"data missing", "detail", `[{"metadata":{"tabkey":"tab1"}},{"metadata":{"tabkey":"tab2","cols":` + detCols + `}}]`, sextant.EINVALID, "szse: data: missing"},
		{"data not a list", "detail", margin(totCols, `[]`, detCols, `{"a":1}`), sextant.EINVALID, "data: not a list"},
		{"cols missing", "detail", `[{"metadata":{"tabkey":"tab2"},"data":` + good + `}]`, sextant.EINVALID, "metadata.cols: missing"},
		{"code column undescribed", "detail", margin(totCols, `[]`, strings.Replace(detCols, `"zqdm"`, `"dm"`, 1), good), sextant.EINVALID, "metadata.cols.zqdm: missing"},
		{"unit changed", "detail", margin(totCols, `[]`, strings.Replace(detCols, "融资余额(元)", "融资余额(美元)", 1), good), sextant.EINVALID, "metadata.cols.jrrzye: unit"},
		{"unit dropped", "total", margin(strings.Replace(totCols, "(亿元)", "", 1), `[`+totRow+`]`, detCols, `[]`), sextant.EINVALID, "metadata.cols.jrrzmr: unit"},
		{"row key renamed", "detail", margin(totCols, `[]`, detCols, strings.Replace(good, `"jrrzye"`, `"rzye"`, 1)), sextant.EINVALID, "data[0].jrrzye: missing"},
		{"bad code", "detail", margin(totCols, `[]`, detCols, strings.Replace(good, `"000001"`, `"1"`, 1)), sextant.EINVALID, "data[0].zqdm: \"1\" is not a six-digit code"},
		{"bad number", "detail", margin(totCols, `[]`, detCols, strings.Replace(good, `"4,418,921,367"`, `"44亿"`, 1)), sextant.EINVALID, "jrrzye: \"44亿\" is not a number"},
		{"negative", "detail", margin(totCols, `[]`, detCols, strings.Replace(good, `"4,418,921,367"`, `"-1"`, 1)), sextant.EINVALID, "financing balance -1 is negative"},
		{"nothing published", "detail", margin(totCols, `[]`, detCols, `[{"zqdm":"000001","jrrzmr":"","jrrzye":"","jrrjye":""}]`), sextant.EINVALID, "no margin value"},
		{"other day", "detail", strings.ReplaceAll(margin(totCols, `[]`, detCols, good), "2024-04-11", "2024-04-10"), sextant.EINVALID, "metadata.subname: 2024-04-10"},
		{"report error", "detail", `[{"metadata":{"tabkey":"tab2","cols":` + detCols + `},"data":[],"error":"查询失败"}]`, sextant.EUNAVAILABLE, "report error"},
		{"two total rows", "total", margin(totCols, `[`+totRow+`,`+totRow+`]`, detCols, `[]`), sextant.EINVALID, "2 rows of market totals"},
		{"total key renamed", "total", margin(totCols, `[`+strings.Replace(totRow, `"jrrzmr"`, `"rzmr"`, 1)+`]`, detCols, `[]`), sextant.EINVALID, "data[0].jrrzmr: missing"},
		{"etf units missing", "etf", scale(scaleCols, `[`+strings.Replace(scaleRow, `"current_size"`, `"size"`, 1)+`]`), sextant.EINVALID, "data[0].current_size: missing"},
		{"etf units empty", "etf", scale(scaleCols, `[`+strings.Replace(scaleRow, `"26,581,203,117"`, `""`, 1)+`]`), sextant.EINVALID, "current_size: empty for 159915.SZ"},
		{"etf unit unknown", "etf", scale(strings.Replace(scaleCols, "(份)", "(元)", 1), `[`+scaleRow+`]`), sextant.EINVALID, "metadata.cols.current_size: unit"},
		{"etf other day", "etf", scale(scaleCols, `[`+strings.Replace(scaleRow, "2026-04-01", "2026-03-31", 1)+`]`), sextant.EINVALID, "size_date: 2026-03-31, want the requested 2026-04-01"},
		{"etf no date", "etf", scale(scaleCols, `[`+strings.Replace(scaleRow, `"2026-04-01"`, `""`, 1)+`]`), sextant.EINVALID, "size_date: \"\" is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			var err error
			switch tt.call {
			case "etf":
				var got []ETFShare
				got, err = etfFromWire(decode(t, tt.body), day("2026-04-01"))
				n = len(got)
			case "detail":
				var got []market.Margin
				got, err = detailFromWire(decode(t, tt.body), day("2024-04-11"))
				n = len(got)
			default:
				var got []market.Margin
				got, err = totalFromWire(decode(t, tt.body), day("2024-04-11"))
				n = len(got)
			}
			if err == nil || n != 0 {
				t.Fatalf("%d rows, err %v; want an error", n, err)
			}
			if sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), "szse: ") || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q (code %s), want %s naming %q", err, sextant.ErrorCode(err), tt.code, tt.field)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	for _, tt := range []struct {
		body           string
		pages, records int
		err            string
	}{
		{`[{"metadata":{"tabkey":"tab1","pagecount":3,"recordcount":55}}]`, 3, 55, ""},
		{`[{"metadata":{"tabkey":"tab1","pagecount":"2","recordcount":"30"}}]`, 2, 30, ""},
		{`[{"metadata":{"tabkey":"tab1","pagecount":0}}]`, 0, -1, ""},
		{`[{"metadata":{"tabkey":"tab1"}}]`, 0, 0, "metadata.pagecount: missing"},
		{`[{"metadata":{"tabkey":"tab1","pagecount":"x"}}]`, 0, 0, "metadata.pagecount: \"x\" is not a count"},
		{`[{"metadata":{"tabkey":"tab2","pagecount":1}}]`, 0, 0, "no tab tab1"},
	} {
		pages, records, err := counts(decode(t, tt.body), "tab1", 0)
		if tt.err != "" {
			if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err %v, want %q", tt.body, err, tt.err)
			}
			continue
		}
		if err != nil || pages != tt.pages || records != tt.records {
			t.Errorf("%s: %d, %d, %v; want %d, %d", tt.body, pages, records, err, tt.pages, tt.records)
		}
	}
}
