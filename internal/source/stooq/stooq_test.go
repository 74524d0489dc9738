package stooq

import (
	"context"
	"errors"
	"math"
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

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// serve answers every request with the fixture and records the last query.
func serve(t *testing.T, name string, query *url.Values) *Client {
	t.Helper()
	body := fixture(t, name)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/q/d/l/" {
			http.NotFound(w, r)
			return
		}
		if query != nil {
			*query = r.URL.Query()
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), Options{BaseURL: srv.URL})
}

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestDailyNormal(t *testing.T) {
	c := serve(t, "xlk-us.csv", nil)
	res, err := c.Daily(context.Background(), "xlk.us", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Symbol != "XLK.US" || res.Ticker != "xlk.us" {
		t.Errorf("symbol %q ticker %q", res.Symbol, res.Ticker)
	}
	if len(res.Bars) != 5 {
		t.Fatalf("%d bars, want 5", len(res.Bars))
	}
	first, last := res.Bars[0], res.Bars[4]
	if !first.Date.Equal(day("2024-01-02")) || first.Close != 196.53 || first.Open != 197.51 || first.Volume != 9130011 {
		t.Errorf("first bar %+v", first)
	}
	if !last.Date.Equal(day("2024-01-08")) || last.Close != 198.7 || last.High != 198.77 || last.Low != 194.96 {
		t.Errorf("last bar %+v", last)
	}
	for _, b := range res.Bars {
		if b.Symbol != "XLK.US" || b.AdjFactor != 1 || !math.IsNaN(b.Amount) {
			t.Errorf("bar %+v", b)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings %v", res.Warnings)
	}
}

func TestDailyNoVolume(t *testing.T) {
	bars, warns, err := fromWire(fixture(t, "spx-no-volume.csv"), "SPX.US")
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != 2 || bars[1].Close != 4704.81 || !math.IsNaN(bars[0].Volume) {
		t.Errorf("bars %+v", bars)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "Volume") {
		t.Errorf("warnings %v", warns)
	}
}

func TestDailyQuery(t *testing.T) {
	var q url.Values
	c := serve(t, "xlk-us.csv", &q)
	from := time.Date(2024, 1, 2, 15, 30, 0, 0, time.UTC)
	if _, err := c.Daily(context.Background(), " SPY.US ", from, day("2024-01-08")); err != nil {
		t.Fatal(err)
	}
	want := url.Values{"s": {"spy.us"}, "i": {"d"}, "d1": {"20240102"}, "d2": {"20240108"}}
	if q.Encode() != want.Encode() {
		t.Errorf("query %q, want %q", q.Encode(), want.Encode())
	}
	if _, err := c.Daily(context.Background(), "xlk.us", time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if q.Has("d1") || q.Has("d2") || q.Get("s") != "xlk.us" {
		t.Errorf("open window query %q", q.Encode())
	}
	_, err := c.Daily(context.Background(), "xlk.us", day("2024-02-01"), day("2024-01-01"))
	if sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("reversed window: %v", err)
	}
}

func TestDailyFailures(t *testing.T) {
	for _, tc := range []struct {
		fixture, code string
		want          []string
	}{
		{"no-data.csv", sextant.ENOTFOUND, []string{"stooq", "no data", "XLK.US", `"xlk.us"`}},
		{"blocked.html", sextant.EUNAVAILABLE, []string{"stooq", "schema drift: HTML instead of CSV"}},
		{"renamed-close.csv", sextant.EINVALID, []string{"stooq", `"Close"`, "schema drift"}},
		{"truncated.csv", sextant.EINVALID, []string{"stooq", "line 4", "truncated"}},
		{"high-below-low.csv", sextant.EINVALID, []string{"stooq", "line 3", "high 193 is below low 196.4"}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			c := serve(t, tc.fixture, nil)
			res, err := c.Daily(context.Background(), "xlk.us", time.Time{}, time.Time{})
			if err == nil {
				t.Fatalf("no error; %d bars", len(res.Bars))
			}
			if got := sextant.ErrorCode(err); got != tc.code {
				t.Errorf("code %q, want %q (%v)", got, tc.code, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestFromWire(t *testing.T) {
	for _, tc := range []struct {
		name, body, code, want string
		bars, warns            int
	}{
		{"no final line break", "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,1,2,10", "", "", 1, 1},
		{"empty volume", "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,1,2,\n", "", "", 1, 0},
		{"empty body", "  \n", sextant.EUNAVAILABLE, "empty body", 0, 0},
		{"bad number", "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,x,2,10\n", sextant.EINVALID, `line 2: Low "x"`, 0, 0},
		{"bad date", "Date,Open,High,Low,Close,Volume\n02/30/2024,1,2,1,2,10\n", sextant.EINVALID, "line 2: unparsable date", 0, 0},
		{"missing date column", "Day,Open,High,Low,Close\n", sextant.EINVALID, `"Date"`, 0, 0},
		{"out of order", "Date,Open,High,Low,Close\n2024-01-03,1,2,1,2\n2024-01-02,1,2,1,2\n", sextant.EINVALID, "line 3: date 2024-01-02 does not follow", 0, 0},
		{"extra field", "Date,Open,High,Low,Close\n2024-01-03,1,2,1,2,9\n", sextant.EINVALID, "line 2: 6 fields", 0, 0},
		{"short middle line", "Date,Open,High,Low,Close\n2024-01-03,1,2\n2024-01-04,1,2,1,2\n", sextant.EINVALID, "line 2: short line", 0, 0},
		{"header only", "Date,Open,High,Low,Close,Volume\r\n", "", "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bars, warns, err := fromWire([]byte(tc.body), "XLK.US")
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(bars) != tc.bars || len(warns) != tc.warns {
					t.Errorf("%d bars %d warnings, want %d and %d: %v", len(bars), len(warns), tc.bars, tc.warns, warns)
				}
				return
			}
			if sextant.ErrorCode(err) != tc.code || err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "stooq") {
				t.Errorf("error %v (code %q), want %s mentioning %q", err, sextant.ErrorCode(err), tc.code, tc.want)
			}
		})
	}
}

func TestSymbolFor(t *testing.T) {
	for in, want := range map[string]market.Symbol{"xlk.us": "XLK.US", "spy.us": "SPY.US", "SPY.US": "SPY.US", "0700.hk": "0700.HK", "brk-b.us": "BRK-B.US"} {
		if got, err := SymbolFor(in); err != nil || got != want {
			t.Errorf("SymbolFor(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"^spx", "vod.uk", "xlk", "", ".us", "xlk."} {
		_, err := SymbolFor(in)
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "stooq") || !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("SymbolFor(%q): %v", in, err)
		}
	}
	c := New(nil, Options{BaseURL: "http://127.0.0.1:1"})
	if _, err := c.Daily(context.Background(), "vod.uk", time.Time{}, time.Time{}); sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("Daily(vod.uk): %v", err)
	}
}

func TestDefaultTransportRetries503(t *testing.T) {
	var calls atomic.Int32
	body := fixture(t, "xlk-us.csv")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	var slept []time.Duration
	opts := DefaultTransportOptions()
	opts.Hosts = append(opts.Hosts, u.Host)
	noSleep := func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	opts.Retry.Sleep, opts.RateLimit.Sleep = noSleep, noSleep
	client := &http.Client{Transport: NewTransport(srv.Client().Transport, opts)}
	res, err := New(client, Options{BaseURL: srv.URL}).Daily(context.Background(), "xlk.us", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || len(res.Bars) != 5 || len(slept) != 1 {
		t.Errorf("%d calls, %d bars, sleeps %v; want 2, 5, one backoff", calls.Load(), len(res.Bars), slept)
	}
}

func TestDefaultTransportRefusesOtherHosts(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	client := &http.Client{Transport: DefaultTransport(srv.Client().Transport)}
	_, err := New(client, Options{BaseURL: srv.URL}).Daily(context.Background(), "xlk.us", time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EINVALID || calls.Load() != 0 {
		t.Errorf("err %v after %d calls; want EINVALID and no request", err, calls.Load())
	}
}

func TestDailyHTTPStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusInternalServerError)
	}))
	defer srv.Close()
	_, err := New(srv.Client(), Options{BaseURL: srv.URL}).Daily(context.Background(), "xlk.us", time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("err %v", err)
	}
}

func TestDailyContextCancelled(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	opts := DefaultTransportOptions()
	u, _ := url.Parse(srv.URL)
	opts.Hosts = []string{u.Host}
	client := &http.Client{Transport: NewTransport(srv.Client().Transport, opts)}
	start := time.Now()
	_, err := New(client, Options{BaseURL: srv.URL}).Daily(ctx, "xlk.us", time.Time{}, time.Time{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}
