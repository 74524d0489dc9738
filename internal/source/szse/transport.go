package szse

import (
	"net/http"
	"time"

	"github.com/sextant-ai/sextant/internal/source/transport"
)

// TransportOptions configure the decorators NewTransport chains (the
// transport package's standard stack).
type TransportOptions = transport.Options

// DefaultTransportOptions suit the SZSE report service, which blocks clients
// that ask fast: only www.szse.cn, one request a second with bursts of
// 2, four attempts with backoff on timeouts, 429 (honouring Retry-After) and
// 5xx, the package's default breaker, and bodies up to 16 MB (a report page
// is a few tens of kB).
func DefaultTransportOptions() TransportOptions {
	return TransportOptions{
		Hosts:     []string{Host},
		Retry:     transport.RetryOptions{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute},
		Breaker:   transport.DefaultBreakerOptions(),
		RateLimit: transport.RateLimitOptions{PerSecond: 1, Burst: 2},
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
