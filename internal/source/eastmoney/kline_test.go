package eastmoney

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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

// serve answers every request with status, content type and body, and
// records the last request's query.
func serve(t *testing.T, status int, ctype string, body []byte) (*Client, *url.Values) {
	t.Helper()
	last := &url.Values{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != klinePath {
			http.NotFound(w, r)
			return
		}
		*last = r.URL.Query()
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), srv.URL), last
}

func serveFile(t *testing.T, status int, name string) (*Client, *url.Values) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	ctype := "application/json; charset=UTF-8"
	if strings.HasSuffix(name, ".html") {
		ctype = "text/html"
	}
	return serve(t, status, ctype, b)
}

func TestKlinesStock(t *testing.T) {
	c, q := serveFile(t, 200, "600519-none.json")
	bars, err := c.Klines(context.Background(), "600519.SH", AdjustNone, day("2024-01-01"), day("2024-01-05"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"secid": "1.600519", "klt": "101", "fqt": "0", "beg": "20240101", "end": "20240105",
		"fields1": "f1,f2,f3,f4,f5,f6", "fields2": "f51,f52,f53,f54,f55,f56,f57,f58,f59,f60,f61"}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("query %s = %q, want %q", k, got, v)
		}
	}
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3", len(bars))
	}
	first := market.Bar{Symbol: "600519.SH", Date: day("2024-01-02"), Open: 1715, Close: 1685.01, High: 1718.19, Low: 1678.10,
		Volume: 3215500, Amount: 5431833600, Turnover: 0.0026, AdjFactor: 1}
	if !sameBar(bars[0], first) {
		t.Errorf("first bar %+v, want %+v", bars[0], first)
	}
	if !bars[2].Date.Equal(day("2024-01-04")) || bars[2].Close != 1669 || bars[2].Volume != 2319400 {
		t.Errorf("last bar %+v", bars[2])
	}
	for i, b := range bars {
		if err := b.Validate(); err != nil {
			t.Errorf("bar %d: %v", i, err)
		}
		if b.AdjClose() != b.Close {
			t.Errorf("bar %d: adjusted close %v differs from close %v", i, b.AdjClose(), b.Close)
		}
	}
}

func TestKlinesAdjustAndSecID(t *testing.T) {
	tests := []struct {
		sym    market.Symbol
		adjust Adjust
		secid  string
		fqt    string
	}{
		{"BK0480.EM", AdjustForward, "90.BK0480", "1"},
		{"000001.SZ", AdjustBackward, "0.000001", "2"},
		{"430047.BJ", AdjustNone, "0.430047", "0"},
	}
	for _, tt := range tests {
		t.Run(string(tt.sym), func(t *testing.T) {
			c, q := serveFile(t, 200, "BK0480-forward.json")
			bars, err := c.Klines(context.Background(), tt.sym, tt.adjust, time.Time{}, time.Time{})
			if tt.sym != "BK0480.EM" {
				// The canned body is BK0480's: another symbol is a code mismatch.
				if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "data.code") {
					t.Errorf("err = %v, want a data.code mismatch", err)
				}
			} else if err != nil || len(bars) != 2 || !isNaN(bars[1].Turnover) || bars[0].Turnover != 0.0195 || bars[0].Volume != 452187300 {
				t.Errorf("bars %+v, err %v", bars, err)
			}
			if q.Get("secid") != tt.secid || q.Get("fqt") != tt.fqt || q.Get("beg") != "0" || q.Get("end") != noEnd {
				t.Errorf("query %v, want secid %s fqt %s beg 0 end %s", *q, tt.secid, tt.fqt, noEnd)
			}
		})
	}
}

func isNaN(f float64) bool { return f != f }

func TestKlinesRefusesBeforeSending(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(srv.Client(), srv.URL)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"venue":  func() error { _, err := c.Klines(ctx, "XLK.US", AdjustNone, time.Time{}, time.Time{}); return err },
		"adjust": func() error { _, err := c.Klines(ctx, "600519.SH", Adjust(7), time.Time{}, time.Time{}); return err },
		"window": func() error {
			_, err := c.Klines(ctx, "600519.SH", AdjustNone, day("2024-02-01"), day("2024-01-01"))
			return err
		},
	} {
		err := call()
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "eastmoney") {
			t.Errorf("%s: err = %v, want EINVALID naming eastmoney", name, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent", calls.Load())
	}
}

func TestKlinesErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		file   string
		code   string
		want   string
	}{
		{"unknown code", 200, "unknown-code.json", sextant.ENOTFOUND, "600519.SH"},
		{"missing data", 200, "no-data.json", sextant.EINVALID, "eastmoney: data: missing"},
		{"short line", 200, "short-line.json", sextant.EINVALID, "data.klines[1]"},
		{"bad number", 200, "bad-number.json", sextant.EINVALID, "close \"--\" is not a number"},
		{"html page", 200, "error-page.html", sextant.EUNAVAILABLE, "HTML"},
		{"html 502", 502, "error-page.html", sextant.EUNAVAILABLE, "HTTP 502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := serveFile(t, tt.status, tt.file)
			bars, err := c.Klines(context.Background(), "600519.SH", AdjustNone, day("2024-01-01"), day("2024-01-05"))
			if bars != nil || sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), "eastmoney") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("bars %v, err %v (%s); want %s naming eastmoney and %q", bars, err, sextant.ErrorCode(err), tt.code, tt.want)
			}
		})
	}
}

func TestKlinesTruncatedJSON(t *testing.T) {
	c, _ := serve(t, 200, "application/json", []byte(`{"rc":0,"data":{"code":"600519","klines":["2024-01-02,1715.00,16`))
	_, err := c.Klines(context.Background(), "600519.SH", AdjustNone, time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "eastmoney: HTTP 200: malformed kline JSON") {
		t.Fatalf("err = %v, want EINVALID about malformed JSON", err)
	}
}

func TestKlinesTruncatedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(`{"rc":0,"data":{"klines":[`))
	}))
	defer srv.Close()
	_, err := New(srv.Client(), srv.URL).Klines(context.Background(), "600519.SH", AdjustNone, time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "eastmoney: reading the response") {
		t.Fatalf("err = %v, want EUNAVAILABLE about reading the response", err)
	}
}

func TestKlinesContextCancelled(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := New(srv.Client(), srv.URL).Klines(ctx, "600519.SH", AdjustNone, time.Time{}, time.Time{})
	if !errors.Is(err, context.DeadlineExceeded) || sextant.ErrorCode(err) != sextant.EUNAVAILABLE {
		t.Fatalf("err = %v, want EUNAVAILABLE wrapping the deadline", err)
	}
}

// transportClient is a Client whose transport is the default stack with the
// test server's host allowed and sleeps recorded instead of waited.
func transportClient(srv *httptest.Server, attempts int, slept *[]time.Duration) *Client {
	u, _ := url.Parse(srv.URL)
	sleep := func(ctx context.Context, d time.Duration) error { *slept = append(*slept, d); return ctx.Err() }
	opts := DefaultTransportOptions()
	opts.Hosts = append(opts.Hosts, u.Host)
	opts.Retry.MaxAttempts = attempts
	opts.Retry.Sleep, opts.RateLimit.Sleep = sleep, sleep
	return New(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, srv.URL)
}

func TestTransport429(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "600519-none.json"))
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()

	t.Run("retries off", func(t *testing.T) {
		calls.Store(0)
		var slept []time.Duration
		_, err := transportClient(srv, 1, &slept).Klines(context.Background(), "600519.SH", AdjustNone, time.Time{}, time.Time{})
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "HTTP 429") || calls.Load() != 1 {
			t.Fatalf("err = %v after %d calls, want EUNAVAILABLE naming HTTP 429 after one call", err, calls.Load())
		}
	})
	t.Run("retries on", func(t *testing.T) {
		calls.Store(0)
		var slept []time.Duration
		bars, err := transportClient(srv, 4, &slept).Klines(context.Background(), "600519.SH", AdjustNone, time.Time{}, time.Time{})
		if err != nil || len(bars) != 3 || calls.Load() != 2 || len(slept) != 1 || slept[0] != 3*time.Second {
			t.Fatalf("%d bars, err %v after %d calls, slept %v; want 3 bars after 2 calls and one 3s wait", len(bars), err, calls.Load(), slept)
		}
	})
}

func TestDefaultTransportRefusesOtherHosts(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(&http.Client{Transport: DefaultTransport(srv.Client().Transport)}, srv.URL)
	_, err := c.Klines(context.Background(), "600519.SH", AdjustNone, time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "allow list") || calls.Load() != 0 {
		t.Fatalf("err = %v after %d calls, want EINVALID naming the allow list and no call", err, calls.Load())
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(nil, "")
	if c.Endpoint.BaseURL != DefaultBaseURL || c.Endpoint.HTTP != http.DefaultClient {
		t.Errorf("endpoint %+v", c.Endpoint)
	}
}
