package sse

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// recorder is a fake query.sse.com.cn: answer builds each response from the
// request; it records every request.
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
		status, ctype, body := answer(r)
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), srv.URL), rec
}

func serveFile(t *testing.T, path string, status int, name string) (*Client, *recorder) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	ctype := "application/json;charset=UTF-8"
	if strings.HasSuffix(name, ".html") {
		ctype = "text/html"
	}
	return serveFunc(t, func(r *http.Request) (int, string, []byte) {
		if r.URL.Path != path {
			return 404, "text/plain", []byte("not found")
		}
		return status, ctype, b
	})
}

func wantQuery(t *testing.T, r *http.Request, want map[string]string) {
	t.Helper()
	q := r.URL.Query()
	for k, v := range want {
		if _, ok := q[k]; !ok {
			t.Errorf("query has no %s (want %q)", k, v)
		} else if got := q.Get(k); got != v {
			t.Errorf("query %s = %q, want %q", k, got, v)
		}
	}
	if got := r.Header.Get("Referer"); got != Referer {
		t.Errorf("Referer %q, want %q", got, Referer)
	}
}

func TestETFShares(t *testing.T) {
	for _, file := range []string{"etf-scale.json", "etf-scale.jsonp"} {
		t.Run(file, func(t *testing.T) {
			c, rec := serveFile(t, CommonQueryPath, 200, file)
			got, err := c.ETFShares(context.Background(), day("2025-01-15"))
			if err != nil {
				t.Fatal(err)
			}
			wantQuery(t, rec.last(), map[string]string{"sqlId": ETFScaleSQLID, "STAT_DATE": "2025-01-15", "isPagination": "true",
				"pageHelp.pageNo": "1", "pageHelp.beginPage": "1", "pageHelp.endPage": "1", "pageHelp.pageSize": "1000", "pageHelp.cacheSize": "1"})
			want := []struct {
				sym    market.Symbol
				shares float64
				name   string
			}{{"510050.SH", 25873120800, "上证50ETF华夏"}, {"510300.SH", 83698977000, "沪深300ETF华泰柏瑞"}, {"588000.SH", 60402015000, "科创50ETF华夏"}}
			if len(got) != len(want) {
				t.Fatalf("%d ETFs, want %d", len(got), len(want))
			}
			for i, w := range want {
				g := got[i]
				if g.Symbol != w.sym || !same(g.Shares, w.shares) || g.Name != w.name || !math.IsNaN(g.NAV) || !g.Date.Equal(day("2025-01-15")) {
					t.Errorf("ETF %d: %+v, want %s %v units %s", i, g, w.sym, w.shares, w.name)
				}
				if err := g.Validate(); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestMarginDetail(t *testing.T) {
	c, rec := serveFile(t, MarginPath, 200, "margin-detail.json")
	got, err := c.MarginDetail(context.Background(), day("2023-09-22"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(), map[string]string{"tabType": "mxtype", "detailsDate": "20230922", "stockCode": "", "beginDate": "",
		"endDate": "", "isPagination": "true", "pageHelp.pageNo": "1"})
	want := []market.Margin{
		{Symbol: "600000.SH", Date: day("2023-09-22"), FinBalance: 3871202371, FinBuy: 61320088, FinRepay: 50211342, SecBalance: math.NaN()},
		{Symbol: "600519.SH", Date: day("2023-09-22"), FinBalance: 17236559018, FinBuy: 389716022, FinRepay: 412398117, SecBalance: math.NaN()},
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
	c, rec := serveFile(t, MarginPath, 200, "margin-total.json")
	got, err := c.MarginTotal(context.Background(), day("2023-09-21"), day("2023-09-22"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(), map[string]string{"tabType": "", "beginDate": "20230921", "endDate": "20230922", "stockCode": "", "isPagination": "true"})
	want := []market.Margin{
		{Symbol: "ALL.SH", Date: day("2023-09-21"), FinBalance: 846490939439, FinBuy: 36210988132, FinRepay: math.NaN(), SecBalance: 61502187201},
		{Symbol: "ALL.SH", Date: day("2023-09-22"), FinBalance: 847182419893, FinBuy: 38718264350, FinRepay: math.NaN(), SecBalance: 61230847112},
	}
	if len(got) != 2 || !sameMargin(got[0], want[0]) || !sameMargin(got[1], want[1]) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if got[0].Symbol != market.MarketTotal("SH") {
		t.Errorf("symbol %s", got[0].Symbol)
	}

	// A window that does not hold the answer's days is drift.
	_, err = c.MarginTotal(context.Background(), day("2023-09-22"), day("2023-09-22"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "outside the window") {
		t.Errorf("err = %v, want EINVALID naming the window", err)
	}
}

func TestEmptyDay(t *testing.T) {
	c, _ := serveFile(t, MarginPath, 200, "empty-day.json")
	ctx := context.Background()
	if got, err := c.MarginDetail(ctx, day("2023-09-23")); err != nil || len(got) != 0 {
		t.Errorf("detail: %v, %v; want none", got, err)
	}
	if got, err := c.MarginTotal(ctx, day("2023-09-23"), day("2023-09-24")); err != nil || len(got) != 0 {
		t.Errorf("total: %v, %v; want none", got, err)
	}
	c, _ = serveFile(t, CommonQueryPath, 200, "empty-day.json")
	if got, err := c.ETFShares(ctx, day("2023-09-23")); err != nil || len(got) != 0 {
		t.Errorf("etf: %v, %v; want none", got, err)
	}
}

// pagedDetail answers the margin detail of 2023-09-22 for codes, two rows a
// page, with total claimed as pageHelp.total.
func pagedDetail(codes []string, total int) func(r *http.Request) (int, string, []byte) {
	return func(r *http.Request) (int, string, []byte) {
		var pageNo int
		_, _ = fmt.Sscan(r.URL.Query().Get("pageHelp.pageNo"), &pageNo)
		pages := (len(codes) + 1) / 2
		var rows []string
		for i := (pageNo - 1) * 2; i < len(codes) && i < pageNo*2; i++ {
			rows = append(rows, fmt.Sprintf(`{"opDate":"20230922","rzche":"1","rzmre":"2","rzye":"%d","stockCode":"%s"}`, 100+i, codes[i]))
		}
		list := "[" + strings.Join(rows, ",") + "]"
		body := fmt.Sprintf(`{"pageHelp":{"pageNo":%d,"pageCount":%d,"total":%d,"data":%s},"result":%s}`, pageNo, pages, total, list, list)
		return 200, "application/json", []byte(body)
	}
}

func TestPaging(t *testing.T) {
	codes := []string{"600519", "600000", "601318", "688981", "510300"}
	c, rec := serveFunc(t, pagedDetail(codes, len(codes)))
	got, err := c.MarginDetail(context.Background(), day("2023-09-22"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(rec.reqs))
	}
	for i, r := range rec.reqs {
		if p := r.URL.Query().Get("pageHelp.pageNo"); p != fmt.Sprint(i+1) {
			t.Errorf("request %d asked page %s", i, p)
		}
	}
	if len(got) != 5 || got[0].Symbol != "510300.SH" || got[0].FinBalance != 104 || got[4].Symbol != "688981.SH" || got[4].FinBalance != 103 {
		t.Fatalf("got %+v", got)
	}

	c, _ = serveFunc(t, pagedDetail(codes, 7))
	_, err = c.MarginDetail(context.Background(), day("2023-09-22"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "pageHelp.total") {
		t.Errorf("err = %v, want a pageHelp.total drift", err)
	}

	c, _ = serveFunc(t, pagedDetail([]string{"600519", "600519", "600000"}, 3))
	_, err = c.MarginDetail(context.Background(), day("2023-09-22"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "600519.SH given twice") {
		t.Errorf("err = %v, want a duplicate", err)
	}

	// A drift on page 2 names the page.
	c, _ = serveFunc(t, func(r *http.Request) (int, string, []byte) {
		if r.URL.Query().Get("pageHelp.pageNo") == "2" {
			return 200, "application/json", []byte(`{"pageHelp":{"pageCount":2},"result":[{"opDate":"20230922"}]}`)
		}
		return pagedDetail(codes[:3], 3)(r)
	})
	_, err = c.MarginDetail(context.Background(), day("2023-09-22"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "page 2") || !strings.Contains(err.Error(), "stockCode") {
		t.Errorf("err = %v, want a page 2 drift naming stockCode", err)
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
		{"json 502", "margin-total.json", 502, sextant.EUNAVAILABLE, "HTTP 502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := serveFile(t, MarginPath, tt.status, tt.file)
			got, err := c.MarginTotal(context.Background(), day("2023-09-21"), day("2023-09-22"))
			if got != nil || sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "sse.MarginTotal") {
				t.Errorf("got %v, err %v; want %s naming %q", got, err, tt.code, tt.want)
			}
		})
	}
	c, _ := serveFunc(t, func(r *http.Request) (int, string, []byte) {
		return 200, "application/json", []byte(`{"pageHelp":{"pageCount":1,`)
	})
	if _, err := c.ETFShares(context.Background(), day("2025-01-15")); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("malformed JSON: err %v", err)
	}
}

func TestMarginTotalRefusesBackwardWindow(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	_, err := New(srv.Client(), srv.URL).MarginTotal(context.Background(), day("2024-02-01"), day("2024-01-01"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "sse:") || calls.Load() != 0 {
		t.Errorf("err = %v after %d calls", err, calls.Load())
	}
}

func TestDefaultTransport(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(&http.Client{Transport: DefaultTransport(srv.Client().Transport)}, srv.URL)
	_, err := c.MarginDetail(context.Background(), day("2023-09-22"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "allow list") || calls.Load() != 0 {
		t.Fatalf("err = %v after %d calls, want the allow list to refuse", err, calls.Load())
	}
	opts := DefaultTransportOptions()
	if len(opts.Hosts) != 1 || opts.Hosts[0] != Host || opts.RateLimit.PerSecond <= 0 || opts.RateLimit.PerSecond > 2 {
		t.Errorf("options %+v", opts)
	}
	u, _ := url.Parse(srv.URL)
	opts.Hosts = append(opts.Hosts, u.Host)
	if NewTransport(nil, opts) == nil {
		t.Error("no transport")
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(nil, "")
	if c.Endpoint.BaseURL != DefaultBaseURL || c.Endpoint.HTTP != http.DefaultClient {
		t.Errorf("endpoint %+v", c.Endpoint)
	}
}
