package transport

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// RateLimitOptions configure RateLimit.
type RateLimitOptions struct {
	PerSecond float64 // sustained requests per second per host; <= 0 disables the limit
	Burst     int     // requests a host may receive at once after being idle (at least 1)
	Now       func() time.Time
	Sleep     SleepFunc
}

// DefaultRateLimitOptions: 2 requests per second per host, bursts of 4.
func DefaultRateLimitOptions() RateLimitOptions {
	return RateLimitOptions{PerSecond: 2, Burst: 4}
}

// RateLimit delays requests so that each host sees at most PerSecond
// requests per second on average and Burst at once: a token bucket per host.
// A request waits for its token; cancelling its context ends the wait with
// the context's error and gives the token back.
func RateLimit(opts RateLimitOptions) Decorator {
	now, sleep := orNow(opts.Now), orSleep(opts.Sleep)
	burst := float64(max(opts.Burst, 1))
	var mu sync.Mutex
	type bucket struct {
		tokens float64
		last   time.Time
	}
	buckets := map[string]*bucket{}
	return func(next http.RoundTripper) http.RoundTripper {
		if opts.PerSecond <= 0 {
			return next
		}
		return Func(func(req *http.Request) (*http.Response, error) {
			host := strings.ToLower(req.URL.Host)
			mu.Lock()
			t := now()
			b := buckets[host]
			if b == nil {
				b = &bucket{tokens: burst, last: t}
				buckets[host] = b
			}
			b.tokens = min(burst, b.tokens+t.Sub(b.last).Seconds()*opts.PerSecond)
			b.last = t
			b.tokens--
			var wait time.Duration
			if b.tokens < 0 {
				wait = time.Duration(-b.tokens / opts.PerSecond * float64(time.Second))
			}
			mu.Unlock()
			if wait > 0 {
				if err := sleep(req.Context(), wait); err != nil {
					mu.Lock()
					b.tokens++
					mu.Unlock()
					return nil, err
				}
			}
			return next.RoundTrip(req)
		})
	}
}
