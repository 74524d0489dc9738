package stooq

import (
	"net/http"
	"time"

	"github.com/sextant-ai/sextant/internal/source/transport"
)

// TransportOptions configure the decorators NewTransport chains (the
// transport package's standard stack).
type TransportOptions = transport.Options

// DefaultTransportOptions suit Stooq: only stooq.com, one request a second
// with bursts of 3, four attempts with backoff on timeouts, 429 and 5xx, the
// package's default breaker, and bodies up to 20 MB (a long daily history is
// well under 1 MB).
func DefaultTransportOptions() TransportOptions {
	return TransportOptions{
		Hosts:     []string{Host},
		Retry:     transport.RetryOptions{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute},
		Breaker:   transport.DefaultBreakerOptions(),
		RateLimit: transport.RateLimitOptions{PerSecond: 1, Burst: 3},
		MaxBody:   transport.MaxBodyOptions{Limit: 20 << 20},
	}
}

// DefaultTransport wraps base (http.DefaultTransport when nil) with
// DefaultTransportOptions.
func DefaultTransport(base http.RoundTripper) http.RoundTripper {
	return NewTransport(base, DefaultTransportOptions())
}

// NewTransport wraps base in the transport package's standard stack
// (Hosts, Retry, CircuitBreaker, RateLimit, MaxBody) configured by opts.
func NewTransport(base http.RoundTripper, opts TransportOptions) http.RoundTripper {
	return transport.Standard(base, opts)
}
