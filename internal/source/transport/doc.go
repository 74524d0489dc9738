// Package transport holds the http.RoundTripper decorators every HTTP source
// shares: Retry (exponential backoff with full jitter, Retry-After on 429),
// RateLimit (a token bucket per host), Hosts (an allow list), MaxBody (a cap
// on response bodies) and CircuitBreaker (fail fast on a host that bans us).
//
// Sources take an injected *http.Client; the wiring builds its Transport with
// Chain, outermost decorator first:
//
//	client := &http.Client{Transport: transport.Chain(http.DefaultTransport,
//		transport.Hosts("query1.finance.yahoo.com"),
//		transport.Retry(transport.DefaultRetryOptions()),
//		transport.CircuitBreaker(transport.DefaultBreakerOptions()),
//		transport.RateLimit(transport.DefaultRateLimitOptions()),
//		transport.MaxBody(transport.DefaultMaxBodyOptions()),
//	)}
//
// In that order a refused host costs nothing, every attempt of a retried
// request waits for a rate-limit token and counts towards the breaker, and a
// request the breaker refuses is not retried (its error is not transient).
//
// Decorators that wait (Retry, RateLimit) or read the time (CircuitBreaker)
// take Now and Sleep in their options so tests run without real sleeping;
// Sleep returns early with the context's error when the request is cancelled.
// Refusals are *sextant.Error values: EINVALID for a host outside the allow
// list or an oversized body, EUNAVAILABLE for an open breaker.
package transport
