package yahoo

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// fixtureDir returns the recorded real responses, skipping when absent.
// SEXTANT_SHARED_DATA overrides the default sibling shared/data.
func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SEXTANT_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	dir = filepath.Join(dir, "api_fixtures_yahoo_chart")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("recorded Yahoo responses not found in %s", dir)
	}
	return dir
}

// recorded is the shape of a node-yahoo-finance2 fixture file.
type recorded struct {
	Response struct {
		Status   int             `json:"status"`
		BodyJSON json.RawMessage `json:"bodyJson"`
	} `json:"response"`
}

func readRecorded(t *testing.T, name string) recorded {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	var r recorded
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// serve answers every request with status, content type and body, and
// records the last request.
func serve(t *testing.T, status int, ctype string, body []byte) (*Client, *http.Request) {
	t.Helper()
	last := &http.Request{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*last = *r.Clone(context.Background())
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), Options{BaseURL: srv.URL}), last
}

func serveRecorded(t *testing.T, name string) (*Client, *http.Request) {
	r := readRecorded(t, name)
	return serve(t, r.Response.Status, "application/json;charset=utf-8", r.Response.BodyJSON)
}

func serveFile(t *testing.T, status int, name string) *Client {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	ctype := "application/json;charset=utf-8"
	if strings.HasSuffix(name, ".html") {
		ctype = "text/html; charset=utf-8"
	}
	c, _ := serve(t, status, ctype, b)
	return c
}

// rawQuote reads closes, adjcloses and timestamps from a recorded body
// independently of the package's wire types.
func rawQuote(t *testing.T, r recorded) (ts []float64, closes, adj []float64) {
	t.Helper()
	var v struct {
		Chart struct {
			Result []struct {
				Timestamp  []float64
				Indicators struct {
					Quote    []struct{ Close []float64 }
					Adjclose []struct{ Adjclose []float64 }
				}
			}
		}
	}
	if err := json.Unmarshal(r.Response.BodyJSON, &v); err != nil {
		t.Fatal(err)
	}
	res := v.Chart.Result[0]
	return res.Timestamp, res.Indicators.Quote[0].Close, res.Indicators.Adjclose[0].Adjclose
}

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestDailyAAPLSplitAndDividend(t *testing.T) {
	const name = "chart-AAPL-2020-08-31-to-2020-11-07.json"
	c, req := serveRecorded(t, name)
	res, err := c.Daily(context.Background(), "AAPL", day("2020-08-31"), day("2020-11-06"))
	if err != nil {
		t.Fatal(err)
	}
	q := req.URL.Query()
	if req.URL.Path != "/v8/finance/chart/AAPL" || q.Get("interval") != "1d" || q.Get("events") != "div,split" ||
		q.Get("period1") != "1598832000" || q.Get("period2") != "1604707200" {
		t.Errorf("request %s", req.URL)
	}
	ts, closes, adj := rawQuote(t, readRecorded(t, name))
	if len(res.Bars) != len(ts) || len(res.Bars) != 49 || len(res.Skipped) != 0 {
		t.Fatalf("%d bars, %d skipped; want 49 (the fixture's timestamps: %d)", len(res.Bars), len(res.Skipped), len(ts))
	}
	first, last := res.Bars[0], res.Bars[len(res.Bars)-1]
	if first.Symbol != "AAPL.US" || !first.Date.Equal(day("2020-08-31")) || !last.Date.Equal(day("2020-11-06")) {
		t.Errorf("first %s %s, last %s", first.Symbol, market.FormatDate(first.Date), market.FormatDate(last.Date))
	}
	if first.Close != closes[0] || last.Close != closes[len(closes)-1] || first.Close != 129.0399932861328 || last.Close != 118.69000244140625 {
		t.Errorf("closes %v..%v", first.Close, last.Close)
	}
	for i, b := range res.Bars {
		if !near(b.AdjFactor, adj[i]/closes[i]) || !near(b.AdjClose(), adj[i]) {
			t.Fatalf("bar %d: factor %v, adjusted close %v; fixture adjclose %v close %v", i, b.AdjFactor, b.AdjClose(), adj[i], closes[i])
		}
		if err := b.Validate(); err != nil {
			t.Errorf("bar %d: %v", i, err)
		}
	}
	if !near(first.AdjFactor, 125.82673645019531/129.0399932861328) {
		t.Errorf("first factor %v", first.AdjFactor)
	}
	if len(res.Splits) != 1 || !res.Splits[0].Date.Equal(day("2020-08-31")) || res.Splits[0].Numerator != 4 || res.Splits[0].Denominator != 1 {
		t.Errorf("splits %+v, want 4:1 on 2020-08-31", res.Splits)
	}
	if len(res.Dividends) != 1 || !res.Dividends[0].Date.Equal(day("2020-11-06")) || res.Dividends[0].Amount != 0.205 {
		t.Errorf("dividends %+v, want 0.205 on 2020-11-06", res.Dividends)
	}
	if res.Currency != "USD" || res.YahooSymbol != "AAPL" {
		t.Errorf("currency %q, yahoo symbol %q", res.Currency, res.YahooSymbol)
	}
}

func TestDailyRecordedUS(t *testing.T) {
	// Each of these 2020-01-01..03 windows holds the 2020-01-02 session only.
	tests := []struct {
		ticker string
		sym    market.Symbol
	}{
		{"AAPL", "AAPL.US"}, {"ABBV", "ABBV.US"}, {"AFRAF", "AFRAF.US"}, {"AMZN", "AMZN.US"}, {"BABA", "BABA.US"},
		{"CRON", "CRON.US"}, {"EPAC", "EPAC.US"}, {"GOOG", "GOOG.US"}, {"QQQ", "QQQ.US"}, {"SPOT", "SPOT.US"},
	}
	for _, tt := range tests {
		t.Run(tt.ticker, func(t *testing.T) {
			name := "chart-" + tt.ticker + "-2020-01-01-to-2020-01-03.json"
			c, _ := serveRecorded(t, name)
			res, err := c.Daily(context.Background(), tt.ticker, day("2020-01-01"), day("2020-01-03"))
			if err != nil {
				t.Fatal(err)
			}
			_, closes, _ := rawQuote(t, readRecorded(t, name))
			if len(res.Bars) != 1 || res.Bars[0].Symbol != tt.sym || !res.Bars[0].Date.Equal(day("2020-01-02")) || res.Bars[0].Close != closes[0] {
				t.Fatalf("bars %+v, want one %s bar on 2020-01-02 closing at %v", res.Bars, tt.sym, closes[0])
			}
		})
	}
}

func TestFromWireExchangeDay(t *testing.T) {
	// WSU.DE has no Sextant venue, so fromWire is called directly to check
	// the day conversion in Europe/Berlin (sessions open at 07:00 UTC).
	r := readRecorded(t, "chart-WSU.DE-2023-08-04-to-2023-08-09.json")
	var w chartResponse
	if err := json.Unmarshal(r.Response.BodyJSON, &w); err != nil {
		t.Fatal(err)
	}
	res, err := fromWire(w, "WSU.XETRA")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range res.Bars {
		got = append(got, market.FormatDate(b.Date))
	}
	if strings.Join(got, ",") != "2023-08-04,2023-08-07,2023-08-08" || res.Bars[1].Close != 34 {
		t.Errorf("days %v, second close %v", got, res.Bars[1].Close)
	}
}

func TestDailyRefused(t *testing.T) {
	tests := []struct {
		name    string
		fixture string // recorded response served, "" for none
		ticker  string
		code    string
		want    string
	}{
		{"intraday response", "chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json", "AAPL", sextant.EINVALID, "meta.dataGranularity"},
		{"crypto is not a US listing", "chart-BTC-USD-2020-01-01-to-2020-01-03.json", "BTC-USD", sextant.EINVALID, "CRYPTOCURRENCY"},
		{"unknown suffix", "", "0P000071W8.TO", sextant.EINVALID, `"0P000071W8.TO"`},
		{"currency", "", "EURUSD=X", sextant.EINVALID, `"EURUSD=X"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(nil, Options{BaseURL: "http://127.0.0.1:1"}) // never contacted
			if tt.fixture != "" {
				c, _ = serveRecorded(t, tt.fixture)
			}
			_, err := c.Daily(context.Background(), tt.ticker, day("2020-01-01"), day("2020-01-03"))
			if sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %s naming %s", err, tt.code, tt.want)
			}
		})
	}
}

func TestDailyErrors(t *testing.T) {
	tests := []struct {
		file   string
		status int
		code   string
		want   string
	}{
		{"not-found.json", 404, sextant.ENOTFOUND, "No data found"},
		{"consent.html", 200, sextant.EUNAVAILABLE, "HTML"},
		{"consent.html", 503, sextant.EUNAVAILABLE, "HTTP 503"},
		{"renamed-quote.json", 200, sextant.EINVALID, "indicators.quote"},
		{"no-result.json", 200, sextant.EINVALID, "chart.result"},
		{"short-close.json", 200, sextant.EINVALID, "indicators.quote[0].close"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := serveFile(t, tt.status, tt.file)
			_, err := c.Daily(context.Background(), "XLK", day("2020-01-01"), day("2020-01-07"))
			var e *sextant.Error
			if !errors.As(err, &e) || sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), "yahoo") {
				t.Fatalf("err = %v, want %s naming yahoo and %s", err, tt.code, tt.want)
			}
		})
	}
}

func TestDailyNullClose(t *testing.T) {
	c := serveFile(t, 200, "null-close.json")
	res, err := c.Daily(context.Background(), "xlk", day("2020-01-01"), day("2020-01-07"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Bars) != 2 || !res.Bars[0].Date.Equal(day("2020-01-02")) || !res.Bars[1].Date.Equal(day("2020-01-06")) {
		t.Fatalf("bars %+v, want 2020-01-02 and 2020-01-06", res.Bars)
	}
	if len(res.Skipped) != 1 || !res.Skipped[0].Date.Equal(day("2020-01-03")) || !strings.Contains(res.Skipped[0].Reason, "close is null") {
		t.Errorf("skipped %+v, want 2020-01-03 with a null close", res.Skipped)
	}
	if v := res.Bars[1].Volume; !math.IsNaN(v) {
		t.Errorf("null volume read as %v, want NaN", v)
	}
	if res.Bars[0].Symbol != "XLK.US" || !near(res.Bars[0].AdjFactor, 90.0/90.5) || res.Bars[1].AdjFactor != 1 {
		t.Errorf("bars %+v", res.Bars)
	}
	if len(res.Dividends) != 1 || res.Dividends[0].Amount != 0.25 || !res.Dividends[0].Date.Equal(day("2020-01-02")) {
		t.Errorf("dividends %+v", res.Dividends)
	}
}

func TestSymbolFor(t *testing.T) {
	tests := []struct {
		in   string
		want market.Symbol
		ok   bool
	}{
		{"AAPL", "AAPL.US", true}, {"brk-b", "BRK-B.US", true}, {"600519.SS", "600519.SH", true},
		{"000001.SZ", "000001.SZ", true}, {"0700.HK", "0700.HK", true},
		{"SHOP.TO", "", false}, {"OCDO.L", "", false}, {"^GSPC", "", false}, {"GC=F", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		got, err := SymbolFor(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("SymbolFor(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && (sextant.ErrorCode(err) != sextant.EINVALID || tt.in != "" && !strings.Contains(err.Error(), tt.in)) {
			t.Errorf("SymbolFor(%q) error %v does not name the Yahoo symbol", tt.in, err)
		}
	}
}

func TestDailyCancelled(t *testing.T) {
	c := serveFile(t, 200, "null-close.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Daily(ctx, "XLK", day("2020-01-01"), day("2020-01-07")); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
