package szse

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) last() *http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reqs[len(r.reqs)-1]
}

func serveFunc(t *testing.T, answer func(r *http.Request) (int, string, []byte)) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r)
		rec.mu.Unlock()
		if r.URL.Path != ReportPath {
			http.NotFound(w, r)
			return
		}
		status, ctype, body := answer(r)
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), srv.URL), rec
}

func serveFile(t *testing.T, status int, name string) (*Client, *recorder) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	ctype := "application/json;charset=UTF-8"
	if strings.HasSuffix(name, ".html") {
		ctype = "text/html"
	}
	return serveFunc(t, func(*http.Request) (int, string, []byte) { return status, ctype, b })
}

func wantQuery(t *testing.T, r *http.Request, want map[string]string) {
	t.Helper()
	q := r.URL.Query()
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("query %s = %q, want %q", k, got, v)
		}
	}
	if got := r.Header.Get("Referer"); got != Referer {
		t.Errorf("Referer %q, want %q", got, Referer)
	}
}

func TestETFShares(t *testing.T) {
	c, rec := serveFile(t, 200, "etf-scale.json")
	got, err := c.ETFShares(context.Background(), day("2026-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(), map[string]string{"SHOWTYPE": "JSON", "CATALOGID": FundScaleCatalog, "TABKEY": "tab1", "jjlb": "ETF",
		"txtStart": "2026-04-01", "txtEnd": "2026-04-01", "PAGENO": "1"})
	if len(got) != 2 {
		t.Fatalf("%d ETFs, want 2", len(got))
	}
	for i, w := range []struct {
		sym    market.Symbol
		shares float64
		name   string
	}{{"159915.SZ", 26581203117, "创业板ETF易方达"}, {"159919.SZ", 9310455400, "沪深300ETF嘉实"}} {
		g := got[i]
		if g.Symbol != w.sym || !same(g.Shares, w.shares) || g.Name != w.name || !math.IsNaN(g.NAV) || !g.Date.Equal(day("2026-04-01")) {
			t.Errorf("ETF %d: %+v, want %s %v %s", i, g, w.sym, w.shares, w.name)
		}
		if err := g.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestMarginDetail(t *testing.T) {
	c, rec := serveFile(t, 200, "margin-2024-04-11.json")
	got, err := c.MarginDetail(context.Background(), day("2024-04-11"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(), map[string]string{"SHOWTYPE": "JSON", "CATALOGID": MarginCatalog, "TABKEY": "tab2", "txtDate": "2024-04-11", "tab2PAGENO": "1"})
	want := []market.Margin{
		{Symbol: "000001.SZ", Date: day("2024-04-11"), FinBalance: 4418921367, FinBuy: 98113560, FinRepay: math.NaN(), SecBalance: 15901579},
		{Symbol: "159915.SZ", Date: day("2024-04-11"), FinBalance: 1507220118, FinBuy: 20110031, FinRepay: math.NaN(), SecBalance: math.NaN()},
		{Symbol: "300750.SZ", Date: day("2024-04-11"), FinBalance: 13082661003, FinBuy: 512007114, FinRepay: math.NaN(), SecBalance: 77432346},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !sameMargin(got[i], want[i]) {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestMarginTotal(t *testing.T) {
	c, rec := serveFile(t, 200, "margin-2024-04-11.json")
	got, err := c.MarginTotal(context.Background(), day("2024-04-11"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(), map[string]string{"SHOWTYPE": "JSON", "CATALOGID": MarginCatalog, "TABKEY": "tab1", "txtDate": "2024-04-11", "tab1PAGENO": "1"})
	want := market.Margin{Symbol: market.MarketTotal("SZ"), Date: day("2024-04-11"), FinBalance: 689347e6, FinBuy: 33172e6, FinRepay: math.NaN(), SecBalance: 3988e6}
	if len(got) != 1 || !sameMargin(got[0], want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if _, err := c.MarginTotal(context.Background(), day("2024-04-12")); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "subname") {
		t.Errorf("other day: err %v, want a subname drift", err)
	}
}

func TestEmptyDay(t *testing.T) {
	ctx := context.Background()
	c, _ := serveFile(t, 200, "margin-empty-day.json")
	if got, err := c.MarginDetail(ctx, day("2024-04-13")); err != nil || len(got) != 0 {
		t.Errorf("detail: %v, %v", got, err)
	}
	if got, err := c.MarginTotal(ctx, day("2024-04-13")); err != nil || len(got) != 0 {
		t.Errorf("total: %v, %v", got, err)
	}
	c, _ = serveFile(t, 200, "etf-scale-empty.json")
	if got, err := c.ETFShares(ctx, day("2026-04-04")); err != nil || len(got) != 0 {
		t.Errorf("etf: %v, %v", got, err)
	}
}

// pagedDetail answers tab2 of 2024-04-11 for codes, two rows a page, with
// records claimed as metadata.recordcount.
func pagedDetail(codes []string, records int) func(r *http.Request) (int, string, []byte) {
	return func(r *http.Request) (int, string, []byte) {
		var pageNo int
		_, _ = fmt.Sscan(r.URL.Query().Get("tab2PAGENO"), &pageNo)
		var rows []string
		for i := (pageNo - 1) * 2; i < len(codes) && i < pageNo*2; i++ {
			rows = append(rows, fmt.Sprintf(`{"zqdm":"%s","jrrzmr":"1","jrrzye":"%d","jrrjye":"0"}`, codes[i], 100+i))
		}
		body := fmt.Sprintf(`[{"metadata":{"tabkey":"tab1","pagecount":1,"cols":%s},"data":[%s]},`+
			`{"metadata":{"tabkey":"tab2","pageno":%d,"pagecount":%d,"recordcount":%d,"cols":%s,"subname":"2024-04-11"},"data":[%s]}]`,
			totCols, totRow, pageNo, (len(codes)+1)/2, records, detCols, strings.Join(rows, ","))
		return 200, "application/json", []byte(body)
	}
}

func TestPaging(t *testing.T) {
	codes := []string{"000001", "300750", "159915", "000002", "002594"}
	c, rec := serveFunc(t, pagedDetail(codes, len(codes)))
	got, err := c.MarginDetail(context.Background(), day("2024-04-11"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(rec.reqs))
	}
	for i, r := range rec.reqs {
		if p := r.URL.Query().Get("tab2PAGENO"); p != fmt.Sprint(i+1) {
			t.Errorf("request %d asked page %s", i, p)
		}
	}
	if len(got) != 5 || got[0].Symbol != "000001.SZ" || got[0].FinBalance != 100 || got[4].Symbol != "300750.SZ" || got[4].FinBalance != 101 {
		t.Fatalf("got %+v", got)
	}

	c, _ = serveFunc(t, pagedDetail(codes, 9))
	if _, err := c.MarginDetail(context.Background(), day("2024-04-11")); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "metadata.recordcount") {
		t.Errorf("err = %v, want a recordcount drift", err)
	}
	c, _ = serveFunc(t, pagedDetail([]string{"000001", "000001"}, 2))
	if _, err := c.MarginDetail(context.Background(), day("2024-04-11")); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "000001.SZ given twice") {
		t.Errorf("err = %v, want a duplicate", err)
	}
	c, _ = serveFunc(t, func(r *http.Request) (int, string, []byte) {
		if r.URL.Query().Get("tab2PAGENO") == "2" {
			return 200, "application/json", []byte(`[{"metadata":{"tabkey":"tab2","pagecount":2,"cols":` + detCols + `},"data":[{"zqdm":"000009"}]}]`)
		}
		return pagedDetail(codes[:3], 3)(r)
	})
	if _, err := c.MarginDetail(context.Background(), day("2024-04-11")); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "page 2") || !strings.Contains(err.Error(), "jrrzye") {
		t.Errorf("err = %v, want a page 2 drift naming jrrzye", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, file string
		status     int
		code, want string
	}{
		{"html page", "error-page.html", 200, sextant.EUNAVAILABLE, "HTML"},
		{"html 403", "error-page.html", 403, sextant.EUNAVAILABLE, "HTTP 403"},
		{"json 502", "margin-2024-04-11.json", 502, sextant.EUNAVAILABLE, "HTTP 502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := serveFile(t, tt.status, tt.file)
			got, err := c.MarginTotal(context.Background(), day("2024-04-11"))
			if got != nil || sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "szse.MarginTotal") {
				t.Errorf("got %v, err %v; want %s naming %q", got, err, tt.code, tt.want)
			}
		})
	}
	for body, want := range map[string]string{`[{"metadata":`: "malformed", `{"error":"busy"}`: "JSON object"} {
		c, _ := serveFunc(t, func(*http.Request) (int, string, []byte) { return 200, "application/json", []byte(body) })
		if _, err := c.ETFShares(context.Background(), day("2026-04-01")); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want EINVALID naming %q", body, err, want)
		}
	}
}

func TestDefaultTransport(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(&http.Client{Transport: DefaultTransport(srv.Client().Transport)}, srv.URL)
	_, err := c.MarginTotal(context.Background(), day("2024-04-11"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "allow list") || calls.Load() != 0 {
		t.Fatalf("err = %v after %d calls, want the allow list to refuse", err, calls.Load())
	}
	opts := DefaultTransportOptions()
	if len(opts.Hosts) != 1 || opts.Hosts[0] != Host || opts.RateLimit.PerSecond <= 0 || opts.RateLimit.PerSecond > 2 {
		t.Errorf("options %+v", opts)
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(nil, "")
	if c.Endpoint.BaseURL != DefaultBaseURL || c.Endpoint.HTTP != http.DefaultClient {
		t.Errorf("endpoint %+v", c.Endpoint)
	}
}
