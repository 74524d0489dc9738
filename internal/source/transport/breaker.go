package transport

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sextant-ai/sextant"
)

// BreakerOptions configure CircuitBreaker.
type BreakerOptions struct {
	Threshold int           // consecutive 403s or connection resets that open the breaker
	Cooldown  time.Duration // how long an open breaker refuses requests
	Now       func() time.Time
}

// DefaultBreakerOptions: open after 3 strikes, for 15 minutes.
func DefaultBreakerOptions() BreakerOptions {
	return BreakerOptions{Threshold: 3, Cooldown: 15 * time.Minute}
}

// CircuitBreaker stops hammering a host that bans us. After Threshold
// consecutive 403 responses or connection resets from one host, requests to
// it fail at once with an EUNAVAILABLE *sextant.Error saying when to retry,
// until Cooldown has passed. The first request after the cooldown goes
// through: a success closes the breaker, another strike opens it again.
func CircuitBreaker(opts BreakerOptions) Decorator {
	now := orNow(opts.Now)
	threshold := max(opts.Threshold, 1)
	type state struct {
		strikes   int
		openUntil time.Time
	}
	var mu sync.Mutex
	hosts := map[string]*state{}
	return func(next http.RoundTripper) http.RoundTripper {
		return Func(func(req *http.Request) (*http.Response, error) {
			host := strings.ToLower(req.URL.Host)
			mu.Lock()
			s := hosts[host]
			if s == nil {
				s = &state{}
				hosts[host] = s
			}
			if t := now(); t.Before(s.openUntil) {
				until, strikes := s.openUntil, s.strikes
				mu.Unlock()
				return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "transport.CircuitBreaker",
					Message: fmt.Sprintf("%s refused or reset %d requests in a row; not contacting it until %s (retry in %s)",
						req.URL.Host, strikes, until.UTC().Format(time.RFC3339), until.Sub(t).Round(time.Second))}
			}
			mu.Unlock()

			resp, err := next.RoundTrip(req)
			strike := err != nil && errors.Is(err, syscall.ECONNRESET) || err == nil && resp.StatusCode == http.StatusForbidden
			mu.Lock()
			defer mu.Unlock()
			switch {
			case strike:
				s.strikes++
				if s.strikes >= threshold {
					s.openUntil = now().Add(opts.Cooldown)
				}
			case err == nil:
				s.strikes, s.openUntil = 0, time.Time{}
			}
			return resp, err
		})
	}
}
