// Package sourcetest is the fault-injection suite every HTTP source passes.
// RunFaults serves a source's recorded good response through an httptest
// server, then breaks it the ways the real endpoints break — a timeout, 429
// with Retry-After, 500, a truncated body, an HTML error page instead of
// JSON, a renamed field — and checks that the source either recovers (429)
// or fails with a *sextant.Error whose message names the source (and the
// field, for a renamed one). A source that reads a broken answer as zeros or
// gaps fails the suite. LiveCheck, Offline and LiveDay serve the opt-in
// live suites (`go test -tags live`), which skip where there is no network.
package sourcetest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

// Target describes one call of a source under test.
type Target struct {
	// Source is the name every error message must contain ("eastmoney").
	Source string
	// Good is a recorded good response body and ContentType its type.
	Good        []byte
	ContentType string
	// Field is a field name that occurs in Good (a JSON key without its
	// quotes, a CSV header…) and that the source needs; the renamed-field
	// case replaces its first occurrence with Field+"_renamed" and expects
	// an EINVALID error naming Field. Empty skips that case (say why in the
	// test).
	Field string
	// Call runs the source against baseURL with client and returns its
	// error. It must fetch exactly one resource.
	Call func(ctx context.Context, client *http.Client, baseURL string) error
}

// RunFaults runs the standard fault cases against t as subtests.
func RunFaults(t *testing.T, tg Target) {
	t.Helper()
	if tg.Source == "" || tg.Call == nil || len(tg.Good) == 0 {
		t.Fatal("sourcetest: Target needs Source, Good and Call")
	}
	cases := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"good", tg.good},
		{"timeout", tg.timeout},
		{"429 with Retry-After", tg.retryAfter},
		{"429 without retries", tg.status(http.StatusTooManyRequests, "429")},
		{"500", tg.status(http.StatusInternalServerError, "500")},
		{"truncated body", tg.truncated},
		{"HTML error page", tg.html},
		{"renamed field", tg.renamed},
		{"cancelled", tg.cancelled},
	}
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}

func (tg Target) good(t *testing.T) {
	srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) { tg.writeGood(w) })
	if err := tg.Call(context.Background(), srv.Client(), srv.URL); err != nil {
		t.Fatalf("good response: %v", err)
	}
}

// timeout holds every request until the client gives up.
func (tg Target) timeout(t *testing.T) {
	release := make(chan struct{})
	srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	client := srv.Client()
	client.Timeout = 50 * time.Millisecond
	tg.wantError(t, tg.Call(context.Background(), client, srv.URL), "")
}

// retryAfter answers 429 with Retry-After: 7 once: a retrying transport
// waits exactly that long and then succeeds.
func (tg Target) retryAfter(t *testing.T) {
	srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "7")
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		tg.writeGood(w)
	})
	var slept time.Duration
	client := &http.Client{Transport: transport.Retry(transport.RetryOptions{
		MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Minute,
		Sleep: func(_ context.Context, d time.Duration) error { slept += d; return nil },
	})(srv.Client().Transport)}
	if err := tg.Call(context.Background(), client, srv.URL); err != nil {
		t.Fatalf("after a 429 the retry should succeed: %v", err)
	}
	if slept != 7*time.Second {
		t.Errorf("waited %v, want the Retry-After of 7s", slept)
	}
}

// status answers every request with code; the error must mention want.
func (tg Target) status(code int, want string) func(t *testing.T) {
	return func(t *testing.T) {
		srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if code == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "7")
			}
			http.Error(w, http.StatusText(code), code)
		})
		tg.wantError(t, tg.Call(context.Background(), srv.Client(), srv.URL), want)
	}
}

func (tg Target) truncated(t *testing.T) {
	srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", tg.ContentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(tg.Good)))
		_, _ = w.Write(tg.Good[:len(tg.Good)/2])
	})
	tg.wantError(t, tg.Call(context.Background(), srv.Client(), srv.URL), "")
}

func (tg Target) html(t *testing.T) {
	srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>访问受限</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>"))
	})
	tg.wantError(t, tg.Call(context.Background(), srv.Client(), srv.URL), "")
}

func (tg Target) renamed(t *testing.T) {
	if tg.Field == "" {
		t.Skip("no field named for this target")
	}
	if !bytes.Contains(tg.Good, []byte(tg.Field)) {
		t.Fatalf("field %q does not occur in the good response", tg.Field)
	}
	drifted := bytes.Replace(tg.Good, []byte(tg.Field), []byte(tg.Field+"_renamed"), 1)
	srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", tg.ContentType)
		_, _ = w.Write(drifted)
	})
	err := tg.Call(context.Background(), srv.Client(), srv.URL)
	tg.wantError(t, err, tg.Field)
	if sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("renamed field: code %q, want %q (%v)", sextant.ErrorCode(err), sextant.EINVALID, err)
	}
}

func (tg Target) cancelled(t *testing.T) {
	srv := tg.serve(t, func(w http.ResponseWriter, r *http.Request, n int) { tg.writeGood(w) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := tg.Call(ctx, srv.Client(), srv.URL)
	if err == nil {
		t.Fatal("a cancelled context should fail the call")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

func (tg Target) writeGood(w http.ResponseWriter) {
	w.Header().Set("Content-Type", tg.ContentType)
	_, _ = w.Write(tg.Good)
}

func (tg Target) serve(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int)) *httptest.Server {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(w, r, int(n.Add(1)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// wantError checks that err is a *sextant.Error naming the source and, when
// want is not empty, containing want.
func (tg Target) wantError(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("the source read a broken answer without an error")
	}
	var se *sextant.Error
	if !errors.As(err, &se) {
		t.Errorf("error %v (%T) is not a *sextant.Error", err, err)
	}
	if !strings.Contains(err.Error(), tg.Source) {
		t.Errorf("error %q does not name the source %q", err, tg.Source)
	}
	if want != "" && !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
}
