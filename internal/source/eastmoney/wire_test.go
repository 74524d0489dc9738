package eastmoney

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func resp(t *testing.T, body string) klineResponse {
	t.Helper()
	var r klineResponse
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("test body: %v", err)
	}
	return r
}

func data(lines ...string) string {
	b, _ := json.Marshal(append([]string{}, lines...))
	return `{"rc":0,"data":{"code":"600519","market":1,"name":"贵州茅台","klines":` + string(b) + `}}`
}

func TestFromWireTranslates(t *testing.T) {
	tests := []struct {
		name string
		line string
		want market.Bar
	}{
		{"stock", "2024-01-02,1715.00,1685.01,1718.19,1678.10,32155,5431833600.00,2.32,-2.38,-40.99,0.26",
			market.Bar{Symbol: "600519.SH", Date: day("2024-01-02"), Open: 1715, Close: 1685.01, High: 1718.19, Low: 1678.10,
				Volume: 3215500, Amount: 5431833600, Turnover: 0.0026, AdjFactor: 1}},
		{"no turnover", "2024-01-03,10,11,12,9,7,77.5,1,1,1,-",
			market.Bar{Symbol: "600519.SH", Date: day("2024-01-03"), Open: 10, Close: 11, High: 12, Low: 9,
				Volume: 700, Amount: 77.5, Turnover: math.NaN(), AdjFactor: 1}},
		{"empty turnover, zero volume", "2024-01-04,10,10,10,10,0,0,0,0,0,",
			market.Bar{Symbol: "600519.SH", Date: day("2024-01-04"), Open: 10, Close: 10, High: 10, Low: 10,
				Volume: 0, Amount: 0, Turnover: math.NaN(), AdjFactor: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := fromWire(resp(t, data(tt.line)), "600519.SH")
			if err != nil {
				t.Fatal(err)
			}
			if len(bars) != 1 {
				t.Fatalf("%d bars, want 1", len(bars))
			}
			if !sameBar(bars[0], tt.want) {
				t.Errorf("got  %+v\nwant %+v", bars[0], tt.want)
			}
			if err := bars[0].Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

func sameBar(a, b market.Bar) bool {
	eq := func(x, y float64) bool {
		return math.IsNaN(x) && math.IsNaN(y) || math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y))
	}
	return a.Symbol == b.Symbol && a.Date.Equal(b.Date) && eq(a.Open, b.Open) && eq(a.High, b.High) && eq(a.Low, b.Low) &&
		eq(a.Close, b.Close) && eq(a.Volume, b.Volume) && eq(a.Amount, b.Amount) && eq(a.Turnover, b.Turnover) && eq(a.AdjFactor, b.AdjFactor)
}

func TestFromWireEmptyWindow(t *testing.T) {
	bars, err := fromWire(resp(t, data()), "600519.SH")
	if err != nil || len(bars) != 0 {
		t.Fatalf("bars %v, err %v; want none and no error", bars, err)
	}
}

func TestFromWireDrift(t *testing.T) {
	const good = "2024-01-02,1715.00,1685.01,1718.19,1678.10,32155,5431833600.00,2.32,-2.38,-40.99,0.26"
	tests := []struct {
		name  string
		body  string
		code  string
		field string // what the message must name
	}{
		{"missing data", `{"rc":0}`, sextant.EINVALID, "eastmoney: data: missing"},
		{"rc without data", `{"rc":102}`, sextant.EUNAVAILABLE, "rc 102"},
		{"null data", `{"rc":0,"data":null}`, sextant.ENOTFOUND, "600519.SH"},
		{"data not an object", `{"rc":0,"data":[1,2]}`, sextant.EINVALID, "eastmoney: data:"},
		{"klines missing", `{"rc":0,"data":{"code":"600519","kline":[]}}`, sextant.EINVALID, "data.klines: missing"},
		{"other code", `{"rc":0,"data":{"code":"000001","klines":[]}}`, sextant.EINVALID, "data.code"},
		{"too few fields", data(good, "2024-01-03,1,2,3"), sextant.EINVALID, "data.klines[1]"},
		{"too many fields", data(good + ",9"), sextant.EINVALID, "12 fields, want 11"},
		{"bad date", data(strings.Replace(good, "2024-01-02", "2024/01/02", 1)), sextant.EINVALID, "date"},
		{"bad close", data(strings.Replace(good, "1685.01", "--", 1)), sextant.EINVALID, "close"},
		{"bad volume", data(strings.Replace(good, "32155", "3.2万", 1)), sextant.EINVALID, "volume"},
		{"empty amount", data(strings.Replace(good, "5431833600.00", "", 1)), sextant.EINVALID, "amount"},
		{"bad turnover", data(strings.Replace(good, ",0.26", ",abc", 1)), sextant.EINVALID, "turnover"},
		{"NaN open", data(strings.Replace(good, "1715.00", "NaN", 1)), sextant.EINVALID, "open"},
		{"high below low", data("2024-01-02,10,10,9,11,1,1,0,0,0,0"), sextant.EINVALID, "high"},
		{"zero close", data("2024-01-02,0,0,0,0,0,0,0,0,0,0"), sextant.EINVALID, "close"},
		{"out of order", data(good, good), sextant.EINVALID, "does not follow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars, err := fromWire(resp(t, tt.body), "600519.SH")
			if err == nil {
				t.Fatalf("no error; bars %+v", bars)
			}
			if bars != nil {
				t.Errorf("bars %+v returned with the error", bars)
			}
			if got := sextant.ErrorCode(err); got != tt.code {
				t.Errorf("code %s, want %s (%v)", got, tt.code, err)
			}
			if msg := err.Error(); !strings.Contains(msg, "eastmoney") || !strings.Contains(msg, tt.field) {
				t.Errorf("error %q does not name eastmoney and %q", msg, tt.field)
			}
		})
	}
}

func TestSecID(t *testing.T) {
	tests := []struct {
		sym  market.Symbol
		want string
	}{
		{"600519.SH", "1.600519"}, {"000300.SH", "1.000300"}, {"512660.SH", "1.512660"},
		{"000001.SZ", "0.000001"}, {"399006.SZ", "0.399006"}, {"430047.BJ", "0.430047"},
		{"BK0480.EM", "90.BK0480"}, {"BK1036.EM", "90.BK1036"},
		{"XLK.US", ""}, {"801740.SI", ""}, {"881166.THS", ""}, {"60051.SH", ""}, {"60051X.SH", ""},
		{"BK.EM", ""}, {"0480.EM", ""}, {"600519", ""}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.sym), func(t *testing.T) {
			got, err := SecID(tt.sym)
			if tt.want == "" {
				if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), `"`+string(tt.sym)+`"`) {
					t.Fatalf("SecID = %q, %v; want EINVALID naming the symbol", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("SecID = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestAdjust(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Adjust
		fqt  string
	}{{"", AdjustNone, "0"}, {"none", AdjustNone, "0"}, {"forward", AdjustForward, "1"}, {"QFQ", AdjustForward, "1"},
		{"backward", AdjustBackward, "2"}, {"hfq", AdjustBackward, "2"}} {
		a, err := ParseAdjust(tt.in)
		fqt, ok := a.fqt()
		if err != nil || a != tt.want || !ok || fqt != tt.fqt {
			t.Errorf("ParseAdjust(%q) = %v (fqt %q), %v; want %v (fqt %s)", tt.in, a, fqt, err, tt.want, tt.fqt)
		}
		if back, _ := ParseAdjust(a.String()); back != a {
			t.Errorf("%v does not round-trip through String", a)
		}
	}
	if _, err := ParseAdjust("split"); sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("ParseAdjust(split) err = %v", err)
	}
	if _, ok := Adjust(3).fqt(); ok {
		t.Error("Adjust(3) has an fqt")
	}
}
