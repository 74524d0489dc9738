package eastmoney

import (
	"net/http"
	"time"

	"github.com/sextant-ai/sextant/internal/source/transport"
)

// TransportOptions configure the decorators NewTransport chains (the
// transport package's standard stack).
type TransportOptions = transport.Options

// DefaultTransportOptions suit Eastmoney, which throttles and bans clients
// that ask too fast: only push2his.eastmoney.com (klines, flows),
// push2.eastmoney.com (lists) and datacenter-web.eastmoney.com (margin
// history), two requests a second with
// bursts of 2, four attempts with backoff on timeouts, 429 (honouring
// Retry-After) and 5xx, the package's default breaker, and bodies up to
// 16 MB (a stock's whole daily history is about 1 MB).
func DefaultTransportOptions() TransportOptions {
	return TransportOptions{
		Hosts:     []string{Host, ListHost, DataHost},
		Retry:     transport.RetryOptions{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute},
		Breaker:   transport.DefaultBreakerOptions(),
		RateLimit: transport.RateLimitOptions{PerSecond: 2, Burst: 2},
		MaxBody:   transport.MaxBodyOptions{Limit: 16 << 20},
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
