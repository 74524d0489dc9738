package transport

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/sextant-ai/sextant"
)

// Hosts refuses requests to hosts outside allowed with an EINVALID
// *sextant.Error. An entry matches a request's host name ("example.com") or,
// when it has a port, its host and port ("127.0.0.1:8080"); case is ignored.
func Hosts(allowed ...string) Decorator {
	set := map[string]bool{}
	for _, h := range allowed {
		set[strings.ToLower(h)] = true
	}
	list := strings.Join(allowed, ", ")
	return func(next http.RoundTripper) http.RoundTripper {
		return Func(func(req *http.Request) (*http.Response, error) {
			host, name := strings.ToLower(req.URL.Host), strings.ToLower(req.URL.Hostname())
			if !set[host] && !set[name] {
				return nil, &sextant.Error{Code: sextant.EINVALID, Op: "transport.Hosts",
					Message: fmt.Sprintf("refusing request to %s: host %q is not in the allow list [%s]", redact(req), req.URL.Host, list)}
			}
			return next.RoundTrip(req)
		})
	}
}

// MaxBodyOptions configure MaxBody.
type MaxBodyOptions struct {
	Limit int64 // bytes a response body may hold
}

// DefaultMaxBodyOptions: 32 MiB.
func DefaultMaxBodyOptions() MaxBodyOptions { return MaxBodyOptions{Limit: 32 << 20} }

// MaxBody caps response bodies at Limit bytes. A response announcing a larger
// Content-Length is refused at once; reading past the cap of one without a
// length fails. Both errors are EINVALID *sextant.Error values naming the URL.
func MaxBody(opts MaxBodyOptions) Decorator {
	return func(next http.RoundTripper) http.RoundTripper {
		return Func(func(req *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(req)
			if err != nil || resp.Body == nil {
				return resp, err
			}
			if resp.ContentLength > opts.Limit {
				resp.Body.Close()
				return nil, tooLarge(req, opts.Limit)
			}
			resp.Body = &cappedBody{rc: resp.Body, left: opts.Limit, req: req, limit: opts.Limit}
			return resp, nil
		})
	}
}

type cappedBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
	req   *http.Request
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, tooLarge(c.req, c.limit)
	}
	// Read one byte past the cap so that a body of exactly Limit bytes passes.
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n + int(c.left), tooLarge(c.req, c.limit)
	}
	return n, err
}

func (c *cappedBody) Close() error { return c.rc.Close() }

func tooLarge(req *http.Request, limit int64) error {
	return &sextant.Error{Code: sextant.EINVALID, Op: "transport.MaxBody",
		Message: fmt.Sprintf("response body of %s exceeds %d bytes", redact(req), limit)}
}

// redact names a request's URL without its query, which may carry tokens.
func redact(req *http.Request) string {
	u := *req.URL
	u.RawQuery, u.User = "", nil
	return u.String()
}
