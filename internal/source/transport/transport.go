package transport

import (
	"context"
	"net/http"
	"time"
)

// Decorator wraps a RoundTripper with one behaviour.
type Decorator func(http.RoundTripper) http.RoundTripper

// Func adapts a function to http.RoundTripper.
type Func func(*http.Request) (*http.Response, error)

// RoundTrip calls f(req).
func (f Func) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// Chain wraps base with decorators; the first decorator is the outermost, so
// Chain(base, a, b) sends a request through a, then b, then base. A nil base
// means http.DefaultTransport.
func Chain(base http.RoundTripper, decorators ...Decorator) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	rt := base
	for i := len(decorators) - 1; i >= 0; i-- {
		rt = decorators[i](rt)
	}
	return rt
}

// SleepFunc waits for d or until ctx is done, whichever comes first, and
// returns ctx.Err() in the second case.
type SleepFunc func(ctx context.Context, d time.Duration) error

// Sleep is the real SleepFunc.
func Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func orNow(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

func orSleep(s SleepFunc) SleepFunc {
	if s == nil {
		return Sleep
	}
	return s
}

// Options configure the standard stack of decorators every HTTP source uses.
type Options struct {
	Hosts     []string // allowed hosts; tests add their httptest server's host
	Retry     RetryOptions
	Breaker   BreakerOptions
	RateLimit RateLimitOptions
	MaxBody   MaxBodyOptions
	// AttemptTimeout bounds each attempt (0 = none; the client's own
	// Timeout, if any, still bounds the whole call).
	AttemptTimeout time.Duration
}

// Standard chains, outermost first, Hosts, Retry, CircuitBreaker,
// RateLimit, AttemptTimeout and MaxBody around base: a refused host costs
// nothing, every retried attempt waits for a token and counts towards the
// breaker, and the wait for a token is not part of an attempt's time.
func Standard(base http.RoundTripper, opts Options) http.RoundTripper {
	return Chain(base,
		Hosts(opts.Hosts...),
		Retry(opts.Retry),
		CircuitBreaker(opts.Breaker),
		RateLimit(opts.RateLimit),
		AttemptTimeout(opts.AttemptTimeout),
		MaxBody(opts.MaxBody),
	)
}
