package rss

import (
	"context"
	"errors"
	"io"
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
	"github.com/sextant-ai/sextant/internal/research"
)

// readFeed returns a test feed's bytes.
func readFeed(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seen records the headers of each request a test server receives.
type seen struct {
	mu   sync.Mutex
	reqs []http.Header
}

func (s *seen) add(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r.Header.Clone())
}

func (s *seen) get(i int) http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i >= len(s.reqs) {
		return nil
	}
	return s.reqs[i]
}

func TestFetchETag(t *testing.T) {
	body := readFeed(t, "rss2.xml")
	var got seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.add(r)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	f := NewFetcher(srv.Client(), DefaultFetcherOptions())
	feedURL := srv.URL + "/feed.xml"
	state := FeedState{URL: feedURL, Publisher: "fallback"}

	res, err := f.Fetch(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := parseFile(t, filepath.Join("testdata", "rss2.xml"), DefaultOptions())
	if res.NotModified || res.Status != 200 || len(res.Documents) != len(want) || len(want) == 0 {
		t.Fatalf("first fetch: NotModified=%v status %d, %d documents; want 200 with %d", res.NotModified, res.Status, len(res.Documents), len(want))
	}
	for i, d := range res.Documents {
		if d.Origin != feedURL || d.Kind != research.KindNews || d.Title != want[i].Title || d.ID != want[i].ID {
			t.Errorf("document %d: origin %q kind %q title %q id %q; want origin %q, news, %q, %q",
				i, d.Origin, d.Kind, d.Title, d.ID, feedURL, want[i].Title, want[i].ID)
		}
	}
	if len(res.Notes) == 0 {
		t.Error("no notes, want the skipped item's note")
	}
	if res.ETag != `"v1"` || res.LastModified != "" {
		t.Errorf("validators %q, %q; want \"v1\" and none", res.ETag, res.LastModified)
	}
	h := got.get(0)
	if h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
		t.Errorf("first request sent validators %v", h)
	}
	if ua := h.Get("User-Agent"); !strings.Contains(strings.ToLower(ua), "sextant") {
		t.Errorf("User-Agent %q does not name Sextant", ua)
	}
	if a := h.Get("Accept"); !strings.Contains(a, "application/rss+xml") || !strings.Contains(a, "application/atom+xml") {
		t.Errorf("Accept %q does not ask for RSS and Atom", a)
	}

	state.ETag, state.LastModified = res.ETag, res.LastModified
	res, err = f.Fetch(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	if !res.NotModified || res.Status != 304 || len(res.Documents) != 0 || len(res.Notes) != 0 || res.ETag != `"v1"` {
		t.Errorf("second fetch: NotModified=%v status %d, %d documents, %d notes, ETag %q; want 304, none, \"v1\" kept",
			res.NotModified, res.Status, len(res.Documents), len(res.Notes), res.ETag)
	}
	if h := got.get(1); h.Get("If-None-Match") != `"v1"` {
		t.Errorf("second request If-None-Match %q, want \"v1\"", h.Get("If-None-Match"))
	}
}

func TestFetchLastModified(t *testing.T) {
	body := readFeed(t, "atom.xml")
	const stamp = "Mon, 10 Mar 2025 10:00:00 GMT"
	var got seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.add(r)
		if r.Header.Get("If-Modified-Since") == stamp {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", stamp)
		w.Header().Set("Content-Type", "application/atom+xml")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	f := NewFetcher(srv.Client(), FetcherOptions{})
	state := FeedState{URL: srv.URL + "/atom", Kind: research.KindResearch, Language: "en"}
	res, err := f.Fetch(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	if res.NotModified || len(res.Documents) == 0 || res.LastModified != stamp || res.ETag != "" {
		t.Fatalf("first fetch: NotModified=%v, %d documents, validators %q %q; want documents and Last-Modified %q",
			res.NotModified, len(res.Documents), res.ETag, res.LastModified, stamp)
	}
	if k := res.Documents[0].Kind; k != research.KindResearch {
		t.Errorf("kind %q, want the feed's research", k)
	}
	state.ETag, state.LastModified = res.ETag, res.LastModified
	res, err = f.Fetch(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	if !res.NotModified || len(res.Documents) != 0 || res.LastModified != stamp {
		t.Errorf("second fetch: NotModified=%v, %d documents, Last-Modified %q; want 304 keeping %q", res.NotModified, len(res.Documents), res.LastModified, stamp)
	}
	if h := got.get(1); h.Get("If-Modified-Since") != stamp || h.Get("If-None-Match") != "" {
		t.Errorf("second request sent If-Modified-Since %q, If-None-Match %q", h.Get("If-Modified-Since"), h.Get("If-None-Match"))
	}
}

// testTransport is the default stack allowing srv's host, with sleeps
// recorded instead of waited.
func testTransport(t *testing.T, srv *httptest.Server, slept *[]time.Duration) TransportOptions {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	sleep := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		*slept = append(*slept, d)
		return ctx.Err()
	}
	opts := DefaultTransportOptions(u.Host)
	opts.Retry.Sleep, opts.RateLimit.Sleep = sleep, sleep
	return opts
}

func TestFetchRetriesAfter429(t *testing.T) {
	body := readFeed(t, "rss2.xml")
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("ETag", `"v2"`)
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	var slept []time.Duration
	opts := testTransport(t, srv, &slept)
	f := NewFetcher(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, DefaultFetcherOptions())
	res, err := f.Fetch(context.Background(), FeedState{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) == 0 || res.ETag != `"v2"` || calls.Load() != 2 || len(slept) != 1 || slept[0] != 7*time.Second {
		t.Errorf("%d documents, ETag %q after %d calls, slept %v; want documents, \"v2\", 2 calls and one 7s wait",
			len(res.Documents), res.ETag, calls.Load(), slept)
	}
}

func TestFetchStatusErrors(t *testing.T) {
	html := "<!DOCTYPE html>\n<html><head><title>Error</title></head><body>Please log in</body></html>"
	for _, tt := range []struct {
		name        string
		status      int
		retryAfter  string
		contentType string
		body        string
		code        string
		says        []string
	}{
		{"429", 429, "120", "", "", sextant.EUNAVAILABLE, []string{"HTTP 429", "Retry-After 120"}},
		{"500", 500, "", "", "", sextant.EUNAVAILABLE, []string{"HTTP 500"}},
		{"503 HTML", 503, "", "text/html", html, sextant.EUNAVAILABLE, []string{"HTTP 503"}},
		{"401", 401, "", "", "", sextant.EUNAUTHORIZED, []string{"HTTP 401"}},
		{"403", 403, "", "", "", sextant.EUNAUTHORIZED, []string{"HTTP 403"}},
		{"404", 404, "", "", "", sextant.ENOTFOUND, []string{"HTTP 404"}},
		{"400", 400, "", "", "", sextant.EINVALID, []string{"HTTP 400"}},
		{"HTML page", 200, "", "text/html; charset=utf-8", html, sextant.EINVALID, []string{"returned an HTML page, not RSS/Atom", "text/html"}},
		{"HTML after a comment", 200, "", "application/xml", "\ufeff  <!-- cdn -->\n<html><body>Moved</body></html>", sextant.EINVALID, []string{"returned an HTML page, not RSS/Atom"}},
		{"cut XML", 200, "", "application/rss+xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<title>x</title><item><title>a", sextant.EINVALID, []string{"line"}},
		{"empty", 200, "", "application/rss+xml", "", sextant.EINVALID, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			feedURL := srv.URL + "/news/rss"
			// Retries off: the error mapping is what is under test.
			opts := DefaultTransportOptions(strings.TrimPrefix(srv.URL, "http://"))
			opts.Retry.MaxAttempts = 1
			f := NewFetcher(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, DefaultFetcherOptions())
			res, err := f.Fetch(context.Background(), FeedState{URL: feedURL})
			if err == nil {
				t.Fatalf("no error, %d documents", len(res.Documents))
			}
			t.Log(err)
			if got := sextant.ErrorCode(err); got != tt.code {
				t.Errorf("code %q, want %q (%v)", got, tt.code, err)
			}
			for _, s := range append([]string{feedURL}, tt.says...) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if len(res.Documents) != 0 || res.ETag != "" {
				t.Errorf("partial result with the error: %+v", res)
			}
		})
	}
}

func TestFetchTruncatedBody(t *testing.T) {
	body := readFeed(t, "rss2.xml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		_, _ = w.Write(body[:len(body)/2])
	}))
	defer srv.Close()
	f := NewFetcher(srv.Client(), DefaultFetcherOptions())
	_, err := f.Fetch(context.Background(), FeedState{URL: srv.URL + "/feed"})
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), srv.URL+"/feed") ||
		!strings.Contains(err.Error(), "ended early") || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v, want EUNAVAILABLE naming the feed and saying the response ended early", err)
	}
}

func TestFetchBodyOverCap(t *testing.T) {
	body := readFeed(t, "rss2.xml")
	for _, chunked := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if chunked {
				w.(http.Flusher).Flush() // no Content-Length: the cap bites while reading
			}
			_, _ = w.Write(body)
		}))
		var slept []time.Duration
		opts := testTransport(t, srv, &slept)
		opts.MaxBody.Limit = 1024
		f := NewFetcher(&http.Client{Transport: NewTransport(srv.Client().Transport, opts)}, DefaultFetcherOptions())
		_, err := f.Fetch(context.Background(), FeedState{URL: srv.URL + "/big"})
		srv.Close()
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), srv.URL+"/big") || !strings.Contains(err.Error(), "exceeds 1024 bytes") {
			t.Errorf("chunked=%v: err = %v, want EINVALID naming the feed and the cap", chunked, err)
		}
	}
}

func TestFetchCancelled(t *testing.T) {
	started := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	}))
	defer srv.Close()
	f := NewFetcher(srv.Client(), DefaultFetcherOptions())
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := f.Fetch(ctx, FeedState{URL: srv.URL})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), srv.URL) {
		t.Fatalf("err = %v, want context.Canceled naming the feed", err)
	}

	if _, err := f.Fetch(ctx, FeedState{URL: srv.URL}); !errors.Is(err, context.Canceled) {
		t.Fatalf("already cancelled: err = %v, want context.Canceled", err)
	}
}

func TestDefaultTransportRefusesOtherHosts(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	f := NewFetcher(&http.Client{Transport: DefaultTransport(srv.Client().Transport, "news.example.com")}, DefaultFetcherOptions())
	_, err := f.Fetch(context.Background(), FeedState{URL: srv.URL + "/feed"})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "allow list") ||
		!strings.Contains(err.Error(), srv.URL+"/feed") || calls.Load() != 0 {
		t.Fatalf("err = %v after %d calls, want EINVALID naming the feed and the allow list, no call", err, calls.Load())
	}
}

func TestFetchBadURL(t *testing.T) {
	f := NewFetcher(nil, FetcherOptions{})
	for _, u := range []string{"", "ftp://example.com/feed", "file:///etc/passwd", "news.example.com/rss"} {
		if _, err := f.Fetch(context.Background(), FeedState{URL: u}); sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("Fetch(%q) err = %v, want EINVALID", u, err)
		}
	}
}

func TestFeedHosts(t *testing.T) {
	got, err := FeedHosts(FeedState{URL: "https://News.example.com/a.xml"}, FeedState{URL: "https://news.example.com/b.xml"},
		FeedState{URL: "http://127.0.0.1:8080/feed"})
	if err != nil || strings.Join(got, ",") != "news.example.com,127.0.0.1:8080" {
		t.Errorf("FeedHosts = %v, %v; want news.example.com,127.0.0.1:8080", got, err)
	}
	if _, err := FeedHosts(FeedState{URL: "mailto:x@example.com"}); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "mailto:") {
		t.Errorf("FeedHosts(mailto) err = %v, want EINVALID naming it", err)
	}
}
