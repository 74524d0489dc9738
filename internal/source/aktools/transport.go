package aktools

import (
	"net/http"
	"net/url"
	"time"

	"github.com/sextant-ai/sextant/internal/source/transport"
)

// TransportOptions configure NewTransport: the transport package's standard
// stack plus the bearer token.
type TransportOptions struct {
	transport.Options
	// Token, when not empty, is sent as "Authorization: Bearer <token>" on
	// every request that passed the host allow list. It never goes into a
	// URL and nothing here logs it.
	Token string
}

// loopback are the hosts allowed whatever the base URL.
var loopback = []string{"127.0.0.1", "localhost", "::1"}

// DefaultTransportOptions are DefaultTransportOptionsFor(DefaultBaseURL).
func DefaultTransportOptions() TransportOptions { return DefaultTransportOptionsFor(DefaultBaseURL) }

// DefaultTransportOptionsFor suit an AKTools server at baseURL: only the
// loopback names and baseURL's host and port, two requests a second with
// bursts of 2 (AKTools passes each call on to the upstream site, which
// throttles), three attempts with backoff on timeouts, 429 and 5xx (AKTools
// answers 500 when the upstream call failed), the default breaker, bodies
// up to 64 MB, and no token.
func DefaultTransportOptionsFor(baseURL string) TransportOptions {
	hosts := append([]string{}, loopback...)
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		hosts = append(hosts, u.Host)
	}
	return TransportOptions{Options: transport.Options{
		Hosts:     hosts,
		Retry:     transport.RetryOptions{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: 20 * time.Second, MaxRetryAfter: 2 * time.Minute},
		Breaker:   transport.DefaultBreakerOptions(),
		RateLimit: transport.RateLimitOptions{PerSecond: 2, Burst: 2},
		MaxBody:   transport.MaxBodyOptions{Limit: 64 << 20},
	}}
}

// DefaultTransport wraps base (http.DefaultTransport when nil) with
// DefaultTransportOptionsFor(baseURL).
func DefaultTransport(base http.RoundTripper, baseURL string) http.RoundTripper {
	return NewTransport(base, DefaultTransportOptionsFor(baseURL))
}

// NewTransport wraps base in the standard stack (Hosts, Retry,
// CircuitBreaker, RateLimit, MaxBody) configured by opts, with Bearer
// innermost: the token is added after the host check, so a request to a
// host outside the list (a redirect elsewhere included) never carries it.
func NewTransport(base http.RoundTripper, opts TransportOptions) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if opts.Token != "" {
		base = Bearer(opts.Token)(base)
	}
	return transport.Standard(base, opts.Options)
}

// Bearer sets "Authorization: Bearer <token>" on each request (on a clone:
// the caller's request is not modified).
func Bearer(token string) transport.Decorator {
	return func(next http.RoundTripper) http.RoundTripper {
		return transport.Func(func(req *http.Request) (*http.Response, error) {
			r := req.Clone(req.Context())
			r.Header.Set("Authorization", "Bearer "+token)
			return next.RoundTrip(r)
		})
	}
}
