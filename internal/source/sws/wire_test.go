package sws

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

func env(t *testing.T, body string) envelope {
	t.Helper()
	var e envelope
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("test body: %v", err)
	}
	return e
}

func pageOf(t *testing.T, body string) page {
	t.Helper()
	p, err := pageFromWire(env(t, body))
	if err != nil {
		t.Fatalf("pageFromWire: %v", err)
	}
	return p
}

// wantErr checks that err has code and names sws and field.
func wantErr(t *testing.T, err error, code, field string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if got := sextant.ErrorCode(err); got != code {
		t.Errorf("code %s, want %s (%v)", got, code, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "sws:") || !strings.Contains(msg, field) {
		t.Errorf("error %q does not name sws: and %q", msg, field)
	}
}

func TestStockSymbol(t *testing.T) {
	tests := []struct {
		code string
		want market.Symbol
	}{
		{"600519", "600519.SH"}, {"601398", "601398.SH"}, {"688981", "688981.SH"}, {"900901", "900901.SH"},
		{"000001", "000001.SZ"}, {"002594", "002594.SZ"}, {"200011", "200011.SZ"}, {"300750", "300750.SZ"}, {"301269", "301269.SZ"},
		{"920088", "920088.BJ"}, {"430047", "430047.BJ"}, {"832566", "832566.BJ"}, {"872808", "872808.BJ"},
		{"510300", ""}, {"159915", ""}, {"700001", ""}, {"60051", ""}, {"60051X", ""}, {"", ""}, {"6005190", ""},
	}
	for _, tt := range tests {
		got, ok := StockSymbol(tt.code)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("StockSymbol(%q) = %q, %v; want %q", tt.code, got, ok, tt.want)
		}
	}
}

func TestIndicesFromWire(t *testing.T) {
	p := pageOf(t, `{"code":"200","data":{"count":2,"results":[
		{"swindexcode":"801010","swindexname":" 农林牧渔 ","l8":"1"},{"swindexcode":"801740","swindexname":"国防军工"}]}}`)
	got, err := indicesFromWire(p, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Index{{"801010", "农林牧渔", 1, "801010.SI"}, {"801740", "国防军工", 1, "801740.SI"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("index %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	empty, err := indicesFromWire(pageOf(t, `{"data":{"count":0,"results":[]}}`), 2, 0)
	if err != nil || len(empty) != 0 {
		t.Errorf("empty page: %v, %v", empty, err)
	}
}

func TestIndicesFromWireDrift(t *testing.T) {
	tests := []struct {
		name, results, field string
	}{
		{"code renamed", `{"swindexcode_renamed":"801010","swindexname":"农林牧渔"}`, "data.results[5].swindexcode: missing"},
		{"code not six digits", `{"swindexcode":"80101","swindexname":"农林牧渔"}`, "data.results[5].swindexcode"},
		{"code a number", `{"swindexcode":801010,"swindexname":"农林牧渔"}`, "data.results[5].swindexcode"},
		{"name missing", `{"swindexcode":"801010"}`, "data.results[5].swindexname"},
		{"name empty", `{"swindexcode":"801010","swindexname":" "}`, "data.results[5].swindexname"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := indicesFromWire(pageOf(t, `{"data":{"count":1,"results":[`+tt.results+`]}}`), 1, 5)
			if got != nil {
				t.Errorf("indices %+v returned with the error", got)
			}
			wantErr(t, err, sextant.EINVALID, tt.field)
		})
	}
}

func TestPageFromWireDrift(t *testing.T) {
	tests := []struct {
		name, body, code, field string
	}{
		{"no data", `{"code":"200"}`, sextant.EINVALID, "sws: data: missing"},
		{"data a list", `{"code":"200","data":[]}`, sextant.EINVALID, "sws: data:"},
		{"results renamed", `{"code":"200","data":{"count":1,"result":[]}}`, sextant.EINVALID, "data.results: missing"},
		{"negative count", `{"data":{"count":-1,"results":[]}}`, sextant.EINVALID, "data.count"},
		{"refused", `{"code":"500","message":"服务器繁忙","data":null}`, sextant.EUNAVAILABLE, "API code 500: 服务器繁忙"},
		{"refused numeric code", `{"code":403,"message":"forbidden"}`, sextant.EUNAVAILABLE, "API code 403"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pageFromWire(env(t, tt.body))
			wantErr(t, err, tt.code, tt.field)
		})
	}
	if p, err := pageFromWire(env(t, `{"code":200,"data":{"results":[]}}`)); err != nil || p.Count != nil {
		t.Errorf("numeric code 200 without count: %+v, %v", p, err)
	}
}

func TestComponentsFromWire(t *testing.T) {
	p := pageOf(t, `{"data":{"count":4,"results":[
		{"stockcode":"600760","stockname":"中航沈飞","newweight":8.1234,"beginningdate":"2021-07-30"},
		{"stockcode":"000768","stockname":"中航西飞","newweight":"6.5021","beginningdate":"2021-07-30 00:00:00"},
		{"stockcode":"920088","stockname":"科力股份","newweight":null,"beginningdate":null},
		{"stockcode":"300699","stockname":"光威复材","beginningdate":""}]}}`)
	got, err := componentsFromWire(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Component{
		{"600760.SH", "中航沈飞", 0.081234, day("2021-07-30")},
		{"000768.SZ", "中航西飞", 0.065021, day("2021-07-30")},
		{"920088.BJ", "科力股份", math.NaN(), time.Time{}},
		{"300699.SZ", "光威复材", math.NaN(), time.Time{}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		g := got[i]
		if g.Symbol != w.Symbol || g.Name != w.Name || !g.Since.Equal(w.Since) || !sameFloat(g.Weight, w.Weight) {
			t.Errorf("component %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestComponentsFromWireDrift(t *testing.T) {
	tests := []struct {
		name, result, field string
	}{
		{"code renamed", `{"stock_code":"600760","stockname":"x"}`, "data.results[0].stockcode: missing"},
		{"fund code", `{"stockcode":"510300","stockname":"x"}`, "data.results[0].stockcode"},
		{"name missing", `{"stockcode":"600760"}`, "data.results[0].stockname"},
		{"weight text", `{"stockcode":"600760","stockname":"x","newweight":"8.1%"}`, "data.results[0].newweight"},
		{"weight negative", `{"stockcode":"600760","stockname":"x","newweight":-1}`, "data.results[0].newweight"},
		{"weight over 100", `{"stockcode":"600760","stockname":"x","newweight":100.5}`, "data.results[0].newweight"},
		{"bad date", `{"stockcode":"600760","stockname":"x","beginningdate":"July 2021"}`, "data.results[0].beginningdate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := componentsFromWire(pageOf(t, `{"data":{"results":[`+tt.result+`]}}`), 0)
			if got != nil {
				t.Errorf("components %+v returned with the error", got)
			}
			wantErr(t, err, sextant.EINVALID, tt.field)
		})
	}
}

func sameFloat(x, y float64) bool {
	return math.IsNaN(x) && math.IsNaN(y) || math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y))
}

func sameBar(a, b market.Bar) bool {
	return a.Symbol == b.Symbol && a.Date.Equal(b.Date) && sameFloat(a.Open, b.Open) && sameFloat(a.High, b.High) &&
		sameFloat(a.Low, b.Low) && sameFloat(a.Close, b.Close) && sameFloat(a.Volume, b.Volume) &&
		sameFloat(a.Amount, b.Amount) && sameFloat(a.Turnover, b.Turnover) && sameFloat(a.AdjFactor, b.AdjFactor)
}

const trendRow = `{"swindexcode":"801740","bargaindate":"2024-01-02","openindex":1490.10,"maxindex":1496.55,"minindex":1470.31,"closeindex":1473.65,"hike":-16.03,"markup":-1.08,"bargainamount":10.2145,"bargainsum":175.3308}`

func trend(rows ...string) string { return `{"code":"200","data":[` + strings.Join(rows, ",") + `]}` }

func TestBarsFromWire(t *testing.T) {
	first := market.Bar{Symbol: "801740.SI", Date: day("2024-01-02"), Open: 1490.10, High: 1496.55, Low: 1470.31, Close: 1473.65,
		Volume: 10.2145e8, Amount: 175.3308e8, Turnover: math.NaN(), AdjFactor: 1}
	tests := []struct {
		name string
		row  string
		want market.Bar
	}{
		{"numbers", trendRow, first},
		{"strings and timestamp", strings.NewReplacer(`1473.65`, `"1473.65"`, `10.2145`, `"10.2145"`, `"2024-01-02"`, `"2024-01-02T00:00:00"`).Replace(trendRow), first},
		{"null open high low volume amount", strings.NewReplacer(`1490.10`, `null`, `1496.55`, `null`, `1470.31`, `""`, `10.2145`, `null`, `175.3308`, `"-"`).Replace(trendRow),
			market.Bar{Symbol: "801740.SI", Date: day("2024-01-02"), Open: math.NaN(), High: math.NaN(), Low: math.NaN(), Close: 1473.65,
				Volume: math.NaN(), Amount: math.NaN(), Turnover: math.NaN(), AdjFactor: 1}},
		{"zero volume stays zero", strings.NewReplacer(`10.2145`, `0`, `175.3308`, `0`).Replace(trendRow),
			market.Bar{Symbol: "801740.SI", Date: day("2024-01-02"), Open: 1490.10, High: 1496.55, Low: 1470.31, Close: 1473.65,
				Volume: 0, Amount: 0, Turnover: math.NaN(), AdjFactor: 1}},
		{"no index code in the row", strings.Replace(trendRow, `"swindexcode":"801740",`, ``, 1), first},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := barsFromWire(env(t, trend(tt.row)), "801740", time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if len(bars) != 1 || !sameBar(bars[0], tt.want) {
				t.Fatalf("got  %+v\nwant %+v", bars, tt.want)
			}
			if err := bars[0].Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestBarsFromWireWindowAndOrder(t *testing.T) {
	rows := []string{
		strings.Replace(trendRow, "2024-01-02", "2024-01-04", 1),
		trendRow,
		strings.Replace(trendRow, "2024-01-02", "2024-01-03", 1),
		strings.Replace(trendRow, "2024-01-02", "2023-12-29", 1),
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"open", time.Time{}, time.Time{}, []string{"2023-12-29", "2024-01-02", "2024-01-03", "2024-01-04"}},
		{"from", day("2024-01-03"), time.Time{}, []string{"2024-01-03", "2024-01-04"}},
		{"to", time.Time{}, day("2024-01-02"), []string{"2023-12-29", "2024-01-02"}},
		{"both inclusive", day("2024-01-02"), day("2024-01-03"), []string{"2024-01-02", "2024-01-03"}},
		{"to with a clock time", time.Time{}, time.Date(2024, 1, 2, 23, 59, 0, 0, time.UTC), []string{"2023-12-29", "2024-01-02"}},
		{"empty window", day("2024-01-05"), day("2024-01-09"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := barsFromWire(env(t, trend(rows...)), "801740", tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range bars {
				got = append(got, market.FormatDate(b.Date))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("dates %v, want %v", got, tt.want)
			}
		})
	}
	bars, err := barsFromWire(env(t, trend()), "801740", time.Time{}, time.Time{})
	if err != nil || len(bars) != 0 {
		t.Errorf("empty history: %v, %v", bars, err)
	}
}

func TestBarsFromWireErrors(t *testing.T) {
	tests := []struct {
		name, body, code, field string
	}{
		{"no data", `{"code":"200"}`, sextant.EINVALID, "sws: data: missing"},
		{"null data", `{"code":"200","data":null}`, sextant.ENOTFOUND, "801740"},
		{"data an object", `{"code":"200","data":{"results":[]}}`, sextant.EINVALID, "sws: data:"},
		{"refused", `{"code":"500","message":"busy","data":null}`, sextant.EUNAVAILABLE, "API code 500"},
		{"close renamed", trend(strings.Replace(trendRow, "closeindex", "closeindex_renamed", 1)), sextant.EINVALID, "data[0]: closeindex: missing"},
		{"volume renamed", trend(trendRow, strings.Replace(trendRow, "bargainamount", "volume", 1)), sextant.EINVALID, "data[1]: bargainamount: missing"},
		{"date missing", trend(strings.Replace(trendRow, "bargaindate", "date", 1)), sextant.EINVALID, "bargaindate: missing"},
		{"bad date", trend(strings.Replace(trendRow, "2024-01-02", "02/01/2024 x", 1)), sextant.EINVALID, "bargaindate"},
		{"null close", trend(strings.Replace(trendRow, "1473.65", "null", 1)), sextant.EINVALID, "closeindex: no close"},
		{"text close", trend(strings.Replace(trendRow, "1473.65", `"1,473.65"`, 1)), sextant.EINVALID, "closeindex"},
		{"other index", trend(strings.Replace(trendRow, `"801740"`, `"801010"`, 1)), sextant.EINVALID, "swindexcode"},
		{"high below low", trend(strings.NewReplacer("1496.55", "1400", "1470.31", "1500").Replace(trendRow)), sextant.EINVALID, "high"},
		{"negative volume", trend(strings.Replace(trendRow, "10.2145", "-1", 1)), sextant.EINVALID, "volume"},
		{"two rows one day", trend(trendRow, trendRow), sextant.EINVALID, "two rows for 2024-01-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := barsFromWire(env(t, tt.body), "801740", time.Time{}, time.Time{})
			if bars != nil {
				t.Errorf("bars %+v returned with the error", bars)
			}
			wantErr(t, err, tt.code, tt.field)
		})
	}
}
