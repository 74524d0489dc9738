package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
)

// fakeClock records sleeps and advances its time instead of sleeping.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

// script serves the given responses in order, then 200 "ok".
func script(t *testing.T, steps ...func(w http.ResponseWriter)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(steps) {
			steps[i](w)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func status(code int, headers ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, "status %d", code)
	}
}

// get sends a GET through rt and reads the whole body; err is the request's
// or the read's error.
func get(t *testing.T, rt http.RoundTripper, ctx context.Context, u string) (int, string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestRetry(t *testing.T) {
	clock := newClock()
	date := clock.now.Add(7 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name       string
		steps      []func(http.ResponseWriter)
		wantStatus int
		wantCalls  int32
		wantSleeps []time.Duration
	}{
		{"500 then 200", []func(http.ResponseWriter){status(500)}, 200, 2, []time.Duration{50 * time.Millisecond}},
		{"retry-after seconds", []func(http.ResponseWriter){status(429, "Retry-After", "3")}, 200, 2, []time.Duration{3 * time.Second}},
		{"retry-after date", []func(http.ResponseWriter){status(429, "Retry-After", date)}, 200, 2, []time.Duration{7 * time.Second}},
		{"backoff doubles", []func(http.ResponseWriter){status(502), status(503), status(504)}, 200, 4,
			[]time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond}},
		{"gives up after max attempts", []func(http.ResponseWriter){status(500), status(500), status(500), status(500), status(500)}, 500, 4,
			[]time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond}},
		{"retry-after too long", []func(http.ResponseWriter){status(429, "Retry-After", "3600")}, 429, 1, nil},
		{"404 is final", []func(http.ResponseWriter){status(404)}, 404, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			srv, calls := script(t, tt.steps...)
			rt := Chain(nil, Retry(RetryOptions{MaxAttempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second,
				MaxRetryAfter: time.Minute, Now: c.Now, Sleep: c.Sleep, Jitter: func() float64 { return 0.5 }}))
			code, _, err := get(t, rt, context.Background(), srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantStatus || calls.Load() != tt.wantCalls {
				t.Errorf("status %d after %d calls, want %d after %d", code, calls.Load(), tt.wantStatus, tt.wantCalls)
			}
			if fmt.Sprint(c.sleeps) != fmt.Sprint(tt.wantSleeps) {
				t.Errorf("slept %v, want %v", c.sleeps, tt.wantSleeps)
			}
		})
	}
}

func TestRetryOnlyIdempotent(t *testing.T) {
	c := newClock()
	srv, calls := script(t, status(500))
	rt := Chain(nil, Retry(RetryOptions{MaxAttempts: 4, BaseDelay: time.Second, Sleep: c.Sleep}))
	resp, err := (&http.Client{Transport: rt}).Post(srv.URL, "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 || calls.Load() != 1 {
		t.Errorf("POST: status %d after %d calls, want 500 after 1", resp.StatusCode, calls.Load())
	}
}

func TestRetryNetworkError(t *testing.T) {
	c := newClock()
	var n int
	base := Func(func(req *http.Request) (*http.Response, error) {
		n++
		if n == 1 {
			return nil, fmt.Errorf("read: %w", syscall.ECONNRESET)
		}
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok")), Request: req}, nil
	})
	rt := Chain(base, Retry(RetryOptions{MaxAttempts: 3, BaseDelay: time.Second, Sleep: c.Sleep, Jitter: func() float64 { return 0 }}))
	code, _, err := get(t, rt, context.Background(), "http://example.test/")
	if err != nil || code != 200 || n != 2 {
		t.Fatalf("got %d, %v after %d calls; want 200 after 2", code, err, n)
	}
}

func TestRetryCancelDuringBackoff(t *testing.T) {
	srv, calls := script(t, status(503), status(503))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The injected sleep cancels the request while it waits, as a user's
	// Ctrl-C would, then waits like Sleep does.
	sleep := func(ctx context.Context, d time.Duration) error {
		cancel()
		return Sleep(ctx, time.Hour)
	}
	rt := Chain(nil, Retry(RetryOptions{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour, Sleep: sleep}))
	start := time.Now()
	_, _, err := get(t, rt, ctx, srv.URL)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls.Load() != 1 || time.Since(start) > 10*time.Second {
		t.Errorf("%d calls in %s; want 1 call and an immediate return", calls.Load(), time.Since(start))
	}
}

func TestRateLimit(t *testing.T) {
	c := newClock()
	srv, calls := script(t)
	other, _ := script(t)
	rt := Chain(nil, RateLimit(RateLimitOptions{PerSecond: 2, Burst: 2, Now: c.Now, Sleep: c.Sleep}))
	for range 4 {
		if _, _, err := get(t, rt, context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	// Two from the burst, then one every 500ms.
	if want := "[500ms 500ms]"; fmt.Sprint(c.sleeps) != want || calls.Load() != 4 {
		t.Errorf("slept %v over %d calls, want %s", c.sleeps, calls.Load(), want)
	}
	// Another host has its own bucket.
	if _, _, err := get(t, rt, context.Background(), other.URL); err != nil {
		t.Fatal(err)
	}
	if len(c.sleeps) != 2 {
		t.Errorf("a second host waited: %v", c.sleeps)
	}
}

func TestRateLimitCancel(t *testing.T) {
	srv, calls := script(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rt := Chain(nil, RateLimit(RateLimitOptions{PerSecond: 1, Burst: 1}))
	if _, _, err := get(t, rt, context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if _, _, err := get(t, rt, ctx, srv.URL); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls, want 1", calls.Load())
	}
}

func TestHosts(t *testing.T) {
	srv, calls := script(t)
	u, _ := url.Parse(srv.URL)
	tests := []struct {
		name    string
		allowed []string
		ok      bool
	}{
		{"host name", []string{"127.0.0.1"}, true},
		{"host and port", []string{u.Host}, true},
		{"other port", []string{"127.0.0.1:1"}, false},
		{"other host", []string{"query1.finance.yahoo.com"}, false},
		{"empty list", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := calls.Load()
			_, _, err := get(t, Chain(nil, Hosts(tt.allowed...)), context.Background(), srv.URL+"/x?token=secret")
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if tt.ok {
				return
			}
			// The client's *url.Error adds the full URL; our own message leaves the query out.
			var e *sextant.Error
			if !errors.As(err, &e) || e.Code != sextant.EINVALID || !strings.Contains(e.Message, "not in the allow list") ||
				strings.Contains(e.Message, "secret") {
				t.Errorf("err = %v, want EINVALID naming the host without the query", err)
			}
			if calls.Load() != before {
				t.Error("refused request reached the server")
			}
		})
	}
}

func TestMaxBody(t *testing.T) {
	body := strings.Repeat("x", 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	tests := []struct {
		name  string
		path  string
		limit int64
		ok    bool
	}{
		{"under", "/sized", 200, true},
		{"exact", "/sized", 100, true},
		{"exact chunked", "/chunked", 100, true},
		{"content-length over", "/sized", 99, false},
		{"chunked over", "/chunked", 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := Chain(nil, MaxBody(MaxBodyOptions{Limit: tt.limit}))
			_, got, err := get(t, rt, context.Background(), srv.URL+tt.path)
			if tt.ok {
				if err != nil || got != body {
					t.Fatalf("read %d bytes, err %v; want the whole body", len(got), err)
				}
				return
			}
			if err == nil || sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), srv.URL+tt.path) {
				t.Fatalf("err = %v, want EINVALID naming the URL", err)
			}
			if int64(len(got)) > tt.limit {
				t.Errorf("read %d bytes past the %d cap", len(got), tt.limit)
			}
		})
	}
}

func TestCircuitBreaker(t *testing.T) {
	c := newClock()
	var forbid atomic.Bool
	forbid.Store(true)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if forbid.Load() {
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	defer srv.Close()
	rt := Chain(nil, CircuitBreaker(BreakerOptions{Threshold: 3, Cooldown: 10 * time.Minute, Now: c.Now}))
	for i := range 3 {
		code, _, err := get(t, rt, context.Background(), srv.URL)
		if err != nil || code != 403 {
			t.Fatalf("request %d: %d %v, want the 403 itself", i, code, err)
		}
	}
	_, _, err := get(t, rt, context.Background(), srv.URL)
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "2026-03-02T10:10:00Z") {
		t.Fatalf("open breaker: err = %v, want EUNAVAILABLE saying when to retry", err)
	}
	if calls.Load() != 3 {
		t.Errorf("open breaker let a request through: %d calls", calls.Load())
	}
	// After the cooldown one request goes through; another 403 reopens at once.
	c.now = c.now.Add(10 * time.Minute)
	if code, _, err := get(t, rt, context.Background(), srv.URL); err != nil || code != 403 {
		t.Fatalf("half-open: %d %v", code, err)
	}
	if _, _, err := get(t, rt, context.Background(), srv.URL); sextant.ErrorCode(err) != sextant.EUNAVAILABLE {
		t.Fatalf("after a failed probe: err = %v, want EUNAVAILABLE", err)
	}
	// A success after the next cooldown closes it.
	c.now = c.now.Add(10 * time.Minute)
	forbid.Store(false)
	for i := range 3 {
		if code, _, err := get(t, rt, context.Background(), srv.URL); err != nil || code != 200 {
			t.Fatalf("closed breaker request %d: %d %v", i, code, err)
		}
	}
}

func TestCircuitBreakerResets(t *testing.T) {
	c := newClock()
	n := 0
	base := Func(func(req *http.Request) (*http.Response, error) {
		n++
		return nil, &net0{syscall.ECONNRESET}
	})
	rt := Chain(base, CircuitBreaker(BreakerOptions{Threshold: 2, Cooldown: time.Minute, Now: c.Now}))
	for range 4 {
		_, _, _ = get(t, rt, context.Background(), "http://banned.test/")
	}
	if n != 2 {
		t.Errorf("%d requests reached a resetting host, want 2", n)
	}
}

// net0 wraps an errno as a read error does.
type net0 struct{ err error }

func (e *net0) Error() string { return "read tcp: " + e.err.Error() }
func (e *net0) Unwrap() error { return e.err }

func TestChainOrder(t *testing.T) {
	var order []string
	mark := func(name string) Decorator {
		return func(next http.RoundTripper) http.RoundTripper {
			return Func(func(r *http.Request) (*http.Response, error) {
				order = append(order, name)
				return next.RoundTrip(r)
			})
		}
	}
	base := Func(func(r *http.Request) (*http.Response, error) {
		order = append(order, "base")
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	if _, _, err := get(t, Chain(base, mark("a"), mark("b")), context.Background(), "http://x.test/"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ","); got != "a,b,base" {
		t.Errorf("order %s, want a,b,base", got)
	}
}
