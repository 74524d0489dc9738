package sse

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

// page builds a one-page answer holding rows in both result and
// pageHelp.data, as the service does.
func page(rows ...string) string {
	list := "[" + strings.Join(rows, ",") + "]"
	return `{"pageHelp":{"pageNo":1,"pageCount":1,"total":` + itoa(len(rows)) + `,"data":` + list + `},"result":` + list + `}`
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func decode(t *testing.T, body string) pageResponse {
	t.Helper()
	var r pageResponse
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

const etfRow = `{"SEC_CODE":"510300","SEC_NAME":"沪深300ETF","STAT_DATE":"2025-01-15","TOT_VOL":"8,369,897.7"}`

func TestETFFromWire(t *testing.T) {
	got, err := etfFromWire(decode(t, page(etfRow, `{"SEC_CODE":"510050","SEC_NAME":null,"STAT_DATE":"2025-01-15","TOT_VOL":12.5}`)), day("2025-01-15"))
	if err != nil {
		t.Fatal(err)
	}
	want := []ETFShare{
		{FundShares: market.FundShares{Symbol: "510300.SH", Date: day("2025-01-15"), Shares: 83698977000, NAV: math.NaN()}, Name: "沪深300ETF"},
		{FundShares: market.FundShares{Symbol: "510050.SH", Date: day("2025-01-15"), Shares: 125000, NAV: math.NaN()}, Name: ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Symbol != w.Symbol || !g.Date.Equal(w.Date) || !same(g.Shares, w.Shares) || !math.IsNaN(g.NAV) || g.Name != w.Name {
			t.Errorf("row %d: got %+v, want %+v", i, g, w)
		}
	}
}

const detailRow = `{"opDate":"20230922","rqyl":"187600","rqylje":"","rzche":"412398117","rzmre":"389716022","rzye":"17236559018","securityAbbr":"贵州茅台","stockCode":"600519"}`

func TestMarginFromWire(t *testing.T) {
	tests := []struct {
		name  string
		total bool
		row   string
		want  market.Margin
	}{
		{"detail, lending value unpublished", false, detailRow,
			market.Margin{Symbol: "600519.SH", Date: day("2023-09-22"), FinBalance: 17236559018, FinBuy: 389716022, FinRepay: 412398117, SecBalance: math.NaN()}},
		{"detail with lending value", false, strings.Replace(detailRow, `"rqylje":""`, `"rqylje":"331891260.5"`, 1),
			market.Margin{Symbol: "600519.SH", Date: day("2023-09-22"), FinBalance: 17236559018, FinBuy: 389716022, FinRepay: 412398117, SecBalance: 331891260.5}},
		{"detail, lending value absent", false, strings.Replace(detailRow, `"rqylje":"",`, ``, 1),
			market.Margin{Symbol: "600519.SH", Date: day("2023-09-22"), FinBalance: 17236559018, FinBuy: 389716022, FinRepay: 412398117, SecBalance: math.NaN()}},
		{"detail, purchase unpublished", false, strings.Replace(detailRow, `"rzmre":"389716022"`, `"rzmre":"-"`, 1),
			market.Margin{Symbol: "600519.SH", Date: day("2023-09-22"), FinBalance: 17236559018, FinBuy: math.NaN(), FinRepay: 412398117, SecBalance: math.NaN()}},
		{"total without repayments", true, `{"opDate":"20230922","rqylje":61230847112,"rzmre":38718264350,"rzye":847182419893}`,
			market.Margin{Symbol: "ALL.SH", Date: day("2023-09-22"), FinBalance: 847182419893, FinBuy: 38718264350, FinRepay: math.NaN(), SecBalance: 61230847112}},
		{"total with repayments", true, `{"opDate":"2023-09-22","rqylje":null,"rzche":"1,000","rzmre":"2,000","rzye":"3,000"}`,
			market.Margin{Symbol: "ALL.SH", Date: day("2023-09-22"), FinBalance: 3000, FinBuy: 2000, FinRepay: 1000, SecBalance: math.NaN()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []market.Margin
			var err error
			if tt.total {
				got, err = totalFromWire(decode(t, page(tt.row)))
			} else {
				got, err = detailFromWire(decode(t, page(tt.row)), day("2023-09-22"))
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !sameMargin(got[0], tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFromWireEmptyDay(t *testing.T) {
	for _, body := range []string{page(), `{"pageHelp":{"pageCount":0,"total":0,"data":null},"result":[]}`} {
		got, err := detailFromWire(decode(t, body), day("2023-09-23"))
		if err != nil || len(got) != 0 {
			t.Errorf("%s: got %v, %v; want no rows and no error", body, got, err)
		}
	}
}

func TestFromWireDrift(t *testing.T) {
	tests := []struct {
		name  string
		call  string // etf, detail or total
		body  string
		field string
	}{
		{"no rows at all", "detail", `{"pageHelp":{"pageCount":1}}`, "result: missing"},
		{"result not a list", "detail", `{"result":{"a":1}}`, "result: not a list"},
		{"row sets disagree", "detail", `{"pageHelp":{"data":[]},"result":[` + detailRow + `]}`, "pageHelp.data: 0 rows but result has 1"},
		{"renamed in pageHelp.data only", "detail", `{"pageHelp":{"data":[` + strings.Replace(detailRow, "rzye", "rzye_x", 1) + `]},"result":[` + detailRow + `]}`, "pageHelp.data[0].rzye: missing"},
		{"missing balance", "detail", page(strings.Replace(detailRow, `"rzye"`, `"RZYE"`, 1)), "result[0].rzye: missing"},
		{"missing repayment", "detail", page(strings.Replace(detailRow, `"rzche"`, `"rzch"`, 1)), "result[0].rzche: missing"},
		{"missing code", "detail", page(strings.Replace(detailRow, `"stockCode"`, `"code"`, 1)), "stockCode: missing"},
		{"bad code", "detail", page(strings.Replace(detailRow, `"600519"`, `"60051"`, 1)), "stockCode: \"60051\" is not a six-digit code"},
		{"other day", "detail", page(strings.Replace(detailRow, `"20230922"`, `"20230921"`, 1)), "opDate: 2023-09-21, want the requested 2023-09-22"},
		{"bad date", "detail", page(strings.Replace(detailRow, `"20230922"`, `"yesterday"`, 1)), "opDate: \"yesterday\" is not a date"},
		{"bad number", "detail", page(strings.Replace(detailRow, `"17236559018"`, `"1.7亿"`, 1)), "rzye: \"1.7亿\" is not a number"},
		{"negative balance", "detail", page(strings.Replace(detailRow, `"17236559018"`, `"-5"`, 1)), "financing balance -5 is negative"},
		{"nothing published", "detail", page(`{"opDate":"20230922","rzche":"","rzmre":"","rzye":"","stockCode":"600519"}`), "no margin value"},
		{"object as number", "detail", page(strings.Replace(detailRow, `"17236559018"`, `{"v":1}`, 1)), "rzye: {\"v\":1} is not a string"},
		{"etf volume missing", "etf", page(strings.Replace(etfRow, `"TOT_VOL"`, `"VOL"`, 1)), "result[0].TOT_VOL: missing"},
		{"etf volume empty", "etf", page(strings.Replace(etfRow, `"8,369,897.7"`, `""`, 1)), "TOT_VOL: empty for 510300.SH"},
		{"etf name missing", "etf", page(strings.Replace(etfRow, `"SEC_NAME"`, `"NAME"`, 1)), "SEC_NAME: missing"},
		{"etf other day", "etf", page(strings.Replace(etfRow, `2025-01-15`, `2025-01-14`, 1)), "STAT_DATE: 2025-01-14"},
		{"total without date", "total", page(`{"rzmre":1,"rzye":2}`), "result[0].opDate: missing"},
		{"total without purchase", "total", page(`{"opDate":"20230922","rzye":2}`), "result[0].rzmre: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			var err error
			switch tt.call {
			case "etf":
				var got []ETFShare
				got, err = etfFromWire(decode(t, tt.body), day("2025-01-15"))
				n = len(got)
			case "detail":
				var got []market.Margin
				got, err = detailFromWire(decode(t, tt.body), day("2023-09-22"))
				n = len(got)
			default:
				var got []market.Margin
				got, err = totalFromWire(decode(t, tt.body))
				n = len(got)
			}
			if err == nil || n != 0 {
				t.Fatalf("%d rows, err %v; want a drift error", n, err)
			}
			if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "sse: ") || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q (code %s), want EINVALID naming %q", err, sextant.ErrorCode(err), tt.field)
			}
		})
	}
}

func TestPageCount(t *testing.T) {
	for _, tt := range []struct {
		body         string
		pages, total int
		err          string
	}{
		{`{"pageHelp":{"pageCount":3,"total":2500}}`, 3, 2500, ""},
		{`{"pageHelp":{"pageCount":"2","total":"1500"}}`, 2, 1500, ""},
		{`{"pageHelp":{"pageCount":1}}`, 1, -1, ""},
		{`{"result":[]}`, 0, 0, "pageHelp: missing"},
		{`{"pageHelp":{"total":3}}`, 0, 0, "pageHelp.pageCount: missing"},
		{`{"pageHelp":{"pageCount":-1}}`, 0, 0, "pageHelp.pageCount: -1 is not a count"},
	} {
		pages, total, err := pageCount(decode(t, tt.body))
		if tt.err != "" {
			if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err %v, want %q", tt.body, err, tt.err)
			}
			continue
		}
		if err != nil || pages != tt.pages || total != tt.total {
			t.Errorf("%s: %d pages, %d total, %v; want %d, %d", tt.body, pages, total, err, tt.pages, tt.total)
		}
	}
}
