package transport

import (
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// RetryOptions configure Retry.
type RetryOptions struct {
	MaxAttempts   int           // total attempts including the first; 1 disables retries
	BaseDelay     time.Duration // backoff before the second attempt is drawn from [0, BaseDelay)
	MaxDelay      time.Duration // cap on the exponential backoff
	MaxRetryAfter time.Duration // a Retry-After longer than this is not waited for: the 429 is returned
	Now           func() time.Time
	Sleep         SleepFunc
	Jitter        func() float64 // uniform in [0, 1); nil uses math/rand/v2
}

// DefaultRetryOptions: 4 attempts, 500ms base, 30s cap, Retry-After up to 2m.
func DefaultRetryOptions() RetryOptions {
	return RetryOptions{MaxAttempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute}
}

// Retry retries idempotent requests (GET and HEAD) after timeouts, temporary
// network errors (connection reset or refused, unexpected EOF), 429 and 5xx.
// The wait is exponential backoff with full jitter — uniform in
// [0, min(MaxDelay, BaseDelay·2^n)) — except for a 429 or 503 carrying
// Retry-After (seconds or an HTTP date), which is honoured exactly. A request
// whose body cannot be replayed (no GetBody) is sent once. Cancelling the
// request's context ends the wait with the context's error.
func Retry(opts RetryOptions) Decorator {
	now, sleep := orNow(opts.Now), orSleep(opts.Sleep)
	jitter := opts.Jitter
	if jitter == nil {
		jitter = rand.Float64
	}
	return func(next http.RoundTripper) http.RoundTripper {
		return Func(func(req *http.Request) (*http.Response, error) {
			if opts.MaxAttempts <= 1 || !replayable(req) {
				return next.RoundTrip(req)
			}
			for attempt := 1; ; attempt++ {
				r := req
				if attempt > 1 && req.GetBody != nil {
					body, err := req.GetBody()
					if err != nil {
						return nil, err
					}
					r = req.Clone(req.Context())
					r.Body = body
				}
				resp, err := next.RoundTrip(r)
				if attempt >= opts.MaxAttempts || !retryable(resp, err) || req.Context().Err() != nil {
					return resp, err
				}
				wait := backoff(opts, attempt, jitter)
				if resp != nil {
					if d, ok := retryAfter(resp, now()); ok {
						if d > opts.MaxRetryAfter {
							return resp, nil
						}
						wait = d
					}
					drain(resp)
				}
				if err := sleep(req.Context(), wait); err != nil {
					return nil, err
				}
			}
		})
	}
}

func replayable(req *http.Request) bool {
	if req.Method != http.MethodGet && req.Method != http.MethodHead && req.Method != "" {
		return false
	}
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

func retryable(resp *http.Response, err error) bool {
	if err != nil {
		var ne net.Error
		return errors.As(err, &ne) && ne.Timeout() ||
			errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
			errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
	}
	return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented
}

func backoff(opts RetryOptions, attempt int, jitter func() float64) time.Duration {
	ceiling := opts.BaseDelay
	for i := 1; i < attempt && ceiling < opts.MaxDelay; i++ {
		ceiling *= 2
	}
	if opts.MaxDelay > 0 && ceiling > opts.MaxDelay {
		ceiling = opts.MaxDelay
	}
	return time.Duration(jitter() * float64(ceiling))
}

// retryAfter reads Retry-After from a 429 or 503: delay-seconds or an
// HTTP date relative to now.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// drain reads a little of a discarded response so its connection can be
// reused, then closes it.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}
