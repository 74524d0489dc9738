package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
)

// AttemptTimeout bounds each attempt of a request (sending it and reading
// its body) to d, unlike http.Client.Timeout, which bounds the whole call
// with every retry and backoff in it. Put it inside Retry so that a timed
// out attempt is retried; an attempt that times out fails with an error
// whose Timeout() is true. d <= 0 disables it.
func AttemptTimeout(d time.Duration) Decorator {
	return func(next http.RoundTripper) http.RoundTripper {
		if d <= 0 {
			return next
		}
		return Func(func(req *http.Request) (*http.Response, error) {
			ctx, cancel := context.WithTimeout(req.Context(), d)
			resp, err := next.RoundTrip(req.WithContext(ctx))
			if err != nil {
				cancel()
				if errors.Is(err, context.DeadlineExceeded) && req.Context().Err() == nil {
					return nil, attemptTimeout{d: d, err: err}
				}
				return nil, err
			}
			resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		})
	}
}

// attemptTimeout is a timed-out attempt: a net.Error with Timeout() true.
type attemptTimeout struct {
	d   time.Duration
	err error
}

func (e attemptTimeout) Error() string   { return fmt.Sprintf("no answer within %s", e.d) }
func (e attemptTimeout) Unwrap() error   { return e.err }
func (e attemptTimeout) Timeout() bool   { return true }
func (e attemptTimeout) Temporary() bool { return true }

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// RequestError turns a failed http.Client.Do into the error a source
// returns: an application error from a decorator (host refused, breaker
// open, body too large) keeps its code and message; anything else (a
// timeout, a refused or reset connection) is EUNAVAILABLE with a message
// naming the source and the cause. The cause stays wrapped, so
// errors.Is(err, context.Canceled) still holds.
func RequestError(source string, err error) error {
	var se *sextant.Error
	if errors.As(err, &se) {
		msg := sextant.ErrorMessage(se)
		if !strings.HasPrefix(msg, source+":") {
			msg = source + ": " + msg
		}
		return &sextant.Error{Code: se.Code, Message: msg, Err: err}
	}
	cause := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err.Error()
		if ue.Timeout() {
			cause = "timed out: " + cause
		}
	}
	return &sextant.Error{Code: sextant.EUNAVAILABLE, Message: source + ": request failed: " + cause, Err: err}
}
