package yahoo

import (
	"context"
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
)

func TestTransportRetriesAfter429(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "null-close.json"))
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	var slept []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return ctx.Err() }
	opts := DefaultTransportOptions()
	opts.Hosts = append(opts.Hosts, u.Host)
	opts.Retry.Sleep, opts.RateLimit.Sleep = sleep, sleep
	c := New(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, Options{BaseURL: srv.URL})
	res, err := c.Daily(context.Background(), "XLK", day("2020-01-01"), day("2020-01-07"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Bars) != 2 || calls.Load() != 2 || len(slept) != 1 || slept[0] != 5*time.Second {
		t.Errorf("%d bars after %d calls, slept %v; want 2 bars after 2 calls and one 5s wait", len(res.Bars), calls.Load(), slept)
	}
}

func TestDefaultTransportRefusesOtherHosts(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(&http.Client{Transport: DefaultTransport(srv.Client().Transport)}, Options{BaseURL: srv.URL})
	_, err := c.Daily(context.Background(), "XLK", day("2020-01-01"), day("2020-01-07"))
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "allow list") || calls.Load() != 0 {
		t.Fatalf("err = %v after %d calls, want EINVALID naming the allow list and no call", err, calls.Load())
	}
}

func TestDailyTruncatedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(`{"chart":{"result":[{"meta":`))
	}))
	defer srv.Close()
	c := New(srv.Client(), Options{BaseURL: srv.URL})
	_, err := c.Daily(context.Background(), "XLK", day("2020-01-01"), day("2020-01-07"))
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "reading the response") {
		t.Fatalf("err = %v, want EUNAVAILABLE about reading the response", err)
	}
}
