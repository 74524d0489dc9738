package sws

import (
	"context"
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
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fake serves testdata files chosen by route(path, query) and records every
// request's path and query.
type fake struct {
	mu   sync.Mutex
	reqs []*url.URL
}

func (f *fake) requests() []*url.URL {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*url.URL(nil), f.reqs...)
}

func serve(t *testing.T, route func(path string, q url.Values) (status int, file string)) (*Client, *fake) {
	t.Helper()
	f := &fake{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.reqs = append(f.reqs, r.URL)
		f.mu.Unlock()
		status, file := route(r.URL.Path, r.URL.Query())
		if file == "" {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(file, ".html") {
			w.Header().Set("Content-Type", "text/html")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write(read(t, file))
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), srv.URL), f
}

func wantQuery(t *testing.T, u *url.URL, path string, want map[string]string) {
	t.Helper()
	if u.Path != path {
		t.Errorf("path %s, want %s", u.Path, path)
	}
	q := u.Query()
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("query %s = %q, want %q (%s)", k, got, v, u.RawQuery)
		}
	}
}

func TestIndicesPages(t *testing.T) {
	c, f := serve(t, func(path string, q url.Values) (int, string) {
		if path != IndicesPath || q.Get("indextype") != "一级行业" {
			return 0, ""
		}
		return 200, map[string]string{"1": "indices-l1-page1.json", "2": "indices-l1-page2.json"}[q.Get("page")]
	})
	got, err := c.Indices(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []Index{{"801010", "农林牧渔", 1, "801010.SI"}, {"801740", "国防军工", 1, "801740.SI"}, {"801780", "银行", 1, "801780.SI"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("index %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for i, r := range reqs {
		wantQuery(t, r, IndicesPath, map[string]string{"indextype": "一级行业", "page_size": "50", "page": []string{"1", "2"}[i]})
	}
}

func TestIndicesLevels(t *testing.T) {
	for _, tt := range []struct {
		level int
		kind  string
	}{{2, "二级行业"}, {3, "三级行业"}} {
		c, f := serve(t, func(path string, q url.Values) (int, string) { return 200, "indices-l2.json" })
		got, err := c.Indices(context.Background(), tt.level)
		if err != nil || len(got) != 2 || got[1] != (Index{"801742", "航空装备Ⅱ", tt.level, "801742.SI"}) {
			t.Errorf("level %d: %+v, %v", tt.level, got, err)
		}
		reqs := f.requests()
		if len(reqs) != 1 {
			t.Fatalf("%d requests, want 1", len(reqs))
		}
		wantQuery(t, reqs[0], IndicesPath, map[string]string{"indextype": tt.kind, "page": "1"})
	}
}

func TestIndicesPagingDrift(t *testing.T) {
	page1 := string(read(t, "indices-l1-page1.json"))
	tests := []struct {
		name  string
		pages map[string]string
		field string
	}{
		{"empty page before count", map[string]string{"1": page1, "2": `{"code":"200","data":{"count":3,"results":[]}}`}, "page 2 is empty after 2 of 3"},
		{"listed twice", map[string]string{"1": page1, "2": strings.Replace(page1, `"count":3`, `"count":4`, 1)}, "801010 listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tt.pages[r.URL.Query().Get("page")]))
			}))
			defer srv.Close()
			got, err := New(srv.Client(), srv.URL).Indices(context.Background(), 1)
			if got != nil {
				t.Errorf("indices %+v returned with the error", got)
			}
			wantErr(t, err, sextant.EINVALID, tt.field)
		})
	}
}

func TestIndicesNoCountStopsOnShortPage(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"code":"200","data":{"results":[{"swindexcode":"801010","swindexname":"农林牧渔"}]}}`))
	}))
	defer srv.Close()
	got, err := New(srv.Client(), srv.URL).Indices(context.Background(), 1)
	if err != nil || len(got) != 1 || calls.Load() != 1 {
		t.Errorf("%+v, %v after %d calls; want one index after one call", got, err, calls.Load())
	}
}

func TestComponents(t *testing.T) {
	c, f := serve(t, func(path string, q url.Values) (int, string) {
		if path == ComponentsPath && q.Get("swindexcode") == "801740" {
			return 200, "components-801740.json"
		}
		return 0, ""
	})
	for _, code := range []string{"801740", "801740.SI", " 801740.si "} {
		got, err := c.Components(context.Background(), code)
		if err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		want := []Component{
			{"600760.SH", "中航沈飞", 0.081234, day("2021-07-30")},
			{"000768.SZ", "中航西飞", 0.065021, day("2021-07-30")},
			{"300699.SZ", "光威复材", 0.0305, day("2023-01-03")},
			{"920088.BJ", "科力股份", math.NaN(), time.Time{}},
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
	for _, r := range f.requests() {
		wantQuery(t, r, ComponentsPath, map[string]string{"swindexcode": "801740", "page": "1", "page_size": "10000"})
	}
}

func TestHistory(t *testing.T) {
	c, f := serve(t, func(path string, q url.Values) (int, string) {
		if path == TrendPath && q.Get("swindexcode") == "801740" {
			return 200, "trend-801740.json"
		}
		return 0, ""
	})
	bars, err := c.History(context.Background(), "801740.SI", day("2024-01-02"), day("2024-01-03"))
	if err != nil {
		t.Fatal(err)
	}
	want := []market.Bar{
		{Symbol: "801740.SI", Date: day("2024-01-02"), Open: 1490.10, High: 1496.55, Low: 1470.31, Close: 1473.65,
			Volume: 1021450000, Amount: 17533080000, Turnover: math.NaN(), AdjFactor: 1},
		{Symbol: "801740.SI", Date: day("2024-01-03"), Open: 1472.90, High: 1478.44, Low: 1460.08, Close: 1469.73,
			Volume: 899200000, Amount: 15000710000, Turnover: math.NaN(), AdjFactor: 1},
	}
	if len(bars) != len(want) {
		t.Fatalf("%d bars, want %d: %+v", len(bars), len(want), bars)
	}
	for i := range want {
		if !sameBar(bars[i], want[i]) {
			t.Errorf("bar %d\n got %+v\nwant %+v", i, bars[i], want[i])
		}
	}
	all, err := c.History(context.Background(), "801740", time.Time{}, time.Time{})
	if err != nil || len(all) != 3 || !all[2].Date.Equal(day("2024-01-04")) || all[2].Close != 1462.18 {
		t.Errorf("open window: %+v, %v", all, err)
	}
	for _, r := range f.requests() {
		wantQuery(t, r, TrendPath, map[string]string{"swindexcode": "801740", "period": "DAY"})
		if r.Query().Has("page") {
			t.Errorf("trend query %s has a page", r.RawQuery)
		}
	}
}

func TestCallErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		file   string
		call   func(*Client) error
		code   string
		want   string
	}{
		{"unknown index", 200, "trend-unknown.json", history("801999"), sextant.ENOTFOUND, "801999"},
		{"refused", 200, "refused.json", history("801740"), sextant.EUNAVAILABLE, "API code 500"},
		{"html page", 200, "error-page.html", history("801740"), sextant.EUNAVAILABLE, "HTML"},
		{"html 502", 502, "error-page.html", components("801740"), sextant.EUNAVAILABLE, "HTTP 502"},
		{"refused list", 200, "refused.json", indices(1), sextant.EUNAVAILABLE, "服务器繁忙"},
		{"wrong shape", 200, "trend-801740.json", indices(2), sextant.EINVALID, "sws: data:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := serve(t, func(string, url.Values) (int, string) { return tt.status, tt.file })
			wantErr(t, tt.call(c), tt.code, tt.want)
		})
	}
}

func history(code string) func(*Client) error {
	return func(c *Client) error {
		_, err := c.History(context.Background(), code, time.Time{}, time.Time{})
		return err
	}
}

func components(code string) func(*Client) error {
	return func(c *Client) error { _, err := c.Components(context.Background(), code); return err }
}

func indices(level int) func(*Client) error {
	return func(c *Client) error { _, err := c.Indices(context.Background(), level); return err }
}

func TestRefusesBeforeSending(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(srv.Client(), srv.URL)
	ctx := context.Background()
	for name, call := range map[string]func(*Client) error{
		"level 0":     indices(0),
		"level 4":     indices(4),
		"short code":  components("80174"),
		"other venue": components("801740.SH"),
		"stock code":  history("600519.SH"),
		"empty code":  history(""),
		"reversed days": func(c *Client) error {
			_, err := c.History(ctx, "801740", day("2024-02-01"), day("2024-01-01"))
			return err
		},
	} {
		err := call(c)
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "sws:") {
			t.Errorf("%s: err = %v, want EINVALID naming sws", name, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent", calls.Load())
	}
}

func transportClient(srv *httptest.Server, attempts int, slept *[]time.Duration) *Client {
	u, _ := url.Parse(srv.URL)
	sleep := func(ctx context.Context, d time.Duration) error { *slept = append(*slept, d); return ctx.Err() }
	opts := DefaultTransportOptions()
	opts.Hosts = append(opts.Hosts, u.Host)
	opts.Retry.MaxAttempts = attempts
	opts.Retry.Sleep, opts.RateLimit.Sleep = sleep, sleep
	return New(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, srv.URL)
}

func TestTransportRetries503(t *testing.T) {
	body := read(t, "trend-801740.json")
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	var slept []time.Duration
	bars, err := transportClient(srv, 4, &slept).History(context.Background(), "801740", time.Time{}, time.Time{})
	if err != nil || len(bars) != 3 || calls.Load() != 2 {
		t.Fatalf("%d bars, err %v after %d calls; want 3 bars after 2 calls", len(bars), err, calls.Load())
	}
}

func TestDefaultTransportRefusesOtherHosts(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(&http.Client{Transport: DefaultTransport(srv.Client().Transport)}, srv.URL)
	_, err := c.Indices(context.Background(), 1)
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "allow list") || calls.Load() != 0 {
		t.Fatalf("err = %v after %d calls, want EINVALID naming the allow list and no call", err, calls.Load())
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(nil, "")
	if c.Endpoint.BaseURL != DefaultBaseURL || c.Endpoint.HTTP != http.DefaultClient || DefaultBaseURL != "https://www.swsresearch.com" {
		t.Errorf("endpoint %+v", c.Endpoint)
	}
}
