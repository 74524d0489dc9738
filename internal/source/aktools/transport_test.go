package aktools

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sextant-ai/sextant"
)

func TestDefaultTransportOptionsFor(t *testing.T) {
	tests := []struct {
		base string
		want []string
	}{
		{"", loopback},
		{DefaultBaseURL, append(append([]string{}, loopback...), "127.0.0.1:8080")},
		{"http://aktools.lan:9000", append(append([]string{}, loopback...), "aktools.lan:9000")},
		{"://bad", loopback},
	}
	for _, tt := range tests {
		opts := DefaultTransportOptionsFor(tt.base)
		if !slices.Equal(opts.Hosts, tt.want) {
			t.Errorf("DefaultTransportOptionsFor(%q).Hosts = %v, want %v", tt.base, opts.Hosts, tt.want)
		}
		if opts.Token != "" || opts.Retry.MaxAttempts < 2 || opts.RateLimit.PerSecond <= 0 || opts.MaxBody.Limit <= 0 {
			t.Errorf("options %+v", opts)
		}
	}
}

// TestTokenInHeaderNotURL sends a call through the default stack with a
// token: the server sees it in the Authorization header and nowhere else.
func TestTokenInHeaderNotURL(t *testing.T) {
	const token = "s3cr3t-token"
	srv, rec := serveTestdata(t)
	opts := DefaultTransportOptionsFor(srv.URL)
	opts.Token = token
	c := New(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, srv.URL)
	c.Prefix = PrivatePrefix
	bars, err := c.StockBars(context.Background(), "600519.SH", AdjustNone, day("2024-01-02"), day("2024-01-04"))
	if err != nil || len(bars) != 3 {
		t.Fatalf("%d bars, err %v", len(bars), err)
	}
	r := rec.last(t)
	if got := r.Header.Get("Authorization"); got != "Bearer "+token {
		t.Errorf("Authorization = %q", got)
	}
	if strings.Contains(r.URL.String(), token) || strings.Contains(r.RequestURI, token) {
		t.Errorf("token in the URL %s", r.RequestURI)
	}
	if r.URL.Path != "/api/private/stock_zh_a_hist" {
		t.Errorf("path %s", r.URL.Path)
	}
}

func TestDefaultTransportRefusesOtherHosts(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	// The allow list is built for another address: the test server's port
	// on 127.0.0.1 is not in it.
	opts := DefaultTransportOptionsFor("http://aktools.lan:9000")
	opts.Hosts = slices.DeleteFunc(opts.Hosts, func(h string) bool { return h == "127.0.0.1" })
	opts.Token = "s3cr3t-token"
	c := New(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, srv.URL)
	_, err := c.Call(context.Background(), "fund_etf_spot_em", nil)
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "allow list") || calls.Load() != 0 {
		t.Fatalf("err = %v after %d calls, want EINVALID naming the allow list and no call", err, calls.Load())
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error %q shows the token", err)
	}
}

func TestBearerDoesNotModifyTheRequest(t *testing.T) {
	var seen string
	rt := Bearer("tok")(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Header.Get("Authorization")
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	}))
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:8080/api/public/x", nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if seen != "Bearer tok" || req.Header.Get("Authorization") != "" {
		t.Errorf("sent %q, caller's request has %q", seen, req.Header.Get("Authorization"))
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
