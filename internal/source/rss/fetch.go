package rss

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

// accept asks for a feed, taking any XML (and anything else) over nothing.
const accept = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, " +
	"application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"

// FeedState is one configured feed and what the last fetch left to store:
// its validators (sent back as If-None-Match and If-Modified-Since) and the
// Options Parse applies to its items.
type FeedState struct {
	URL          string // http or https; the Origin of every document
	ETag         string // ETag of the last 200, verbatim; "" = none
	LastModified string // Last-Modified of the last 200, verbatim; "" = none
	Kind         research.Kind
	Publisher    string
	Language     string
	Linker       *research.Linker
}

// options are the Parse options the feed asks for (Kind defaults to news).
func (f FeedState) options() Options {
	o := DefaultOptions()
	if f.Kind != "" {
		o.Kind = f.Kind
	}
	o.Publisher, o.Language, o.Linker = f.Publisher, f.Language, f.Linker
	return o
}

// FetchResult is what one fetch yields. When NotModified is true Documents
// and Notes are empty. ETag and LastModified are the validators to store in
// the feed's state for the next fetch: the response's, or on a 304 that
// repeats none, the ones sent.
type FetchResult struct {
	NotModified  bool
	Status       int // HTTP status of the final response
	Documents    []research.Document
	Notes        []string
	ETag         string
	LastModified string
}

// FetcherOptions configure a Fetcher.
type FetcherOptions struct {
	UserAgent string // "" = transport.DefaultUserAgent, which names Sextant
}

// DefaultFetcherOptions identify requests as Sextant's.
func DefaultFetcherOptions() FetcherOptions {
	return FetcherOptions{UserAgent: transport.DefaultUserAgent}
}

// Fetcher fetches feeds over HTTP. Retries, rate limits, the host allow list
// and the body cap belong to the injected *http.Client's transport (see
// DefaultTransport).
type Fetcher struct {
	client    *http.Client
	userAgent string
}

// NewFetcher returns a Fetcher using client (http.DefaultClient when nil).
func NewFetcher(client *http.Client, opts FetcherOptions) *Fetcher {
	if client == nil {
		client = http.DefaultClient
	}
	if opts.UserAgent == "" {
		opts.UserAgent = transport.DefaultUserAgent
	}
	return &Fetcher{client: client, userAgent: opts.UserAgent}
}

// Fetch sends a conditional GET for feed and parses a changed feed with
// Parse (origin = feed.URL). Errors are *sextant.Error values naming the
// feed: EUNAVAILABLE for the network, 429 and 5xx; EUNAUTHORIZED for 401 and
// 403; ENOTFOUND for 404 and 410; EINVALID for other 4xx, an HTML page, a
// body over the cap or a malformed feed. A cancelled ctx ends the fetch with
// an error that wraps ctx.Err().
func (f *Fetcher) Fetch(ctx context.Context, feed FeedState) (FetchResult, error) {
	const op = "rss.Fetch"
	u, err := url.Parse(strings.TrimSpace(feed.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return FetchResult{}, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("feed %q: not an http(s) URL", feed.URL)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return FetchResult{}, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("feed %s: %v", feed.URL, err)}
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", f.userAgent)
	if feed.ETag != "" {
		req.Header.Set("If-None-Match", feed.ETag)
	}
	if feed.LastModified != "" {
		req.Header.Set("If-Modified-Since", feed.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return FetchResult{}, fetchError(ctx, op, feed.URL, "", err)
	}
	defer resp.Body.Close()

	res := FetchResult{Status: resp.StatusCode,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		if res.ETag == "" {
			res.ETag = feed.ETag
		}
		if res.LastModified == "" {
			res.LastModified = feed.LastModified
		}
		return res, nil
	case resp.StatusCode/100 != 2:
		return FetchResult{}, statusError(op, feed.URL, resp)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return FetchResult{}, fetchError(ctx, op, feed.URL, fmt.Sprintf(" (HTTP %d, after %d bytes)", resp.StatusCode, len(body)), err)
	}
	if looksLikeHTML(body) {
		return FetchResult{}, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("feed %s returned an HTML page, not RSS/Atom (HTTP %d, Content-Type %q)",
				feed.URL, resp.StatusCode, resp.Header.Get("Content-Type"))}
	}
	docs, notes, err := Parse(bytes.NewReader(body), feed.URL, feed.options())
	if err != nil {
		return FetchResult{}, sextant.WrapError(sextant.EINVALID, op, err)
	}
	res.Documents, res.Notes = docs, notes
	return res, nil
}

// fetchError reports a failed request or body read: the context's error when
// ctx is done, a refusal by the transport (allow list, body cap, open
// breaker) with its own code, anything else as EUNAVAILABLE.
func fetchError(ctx context.Context, op, feedURL, where string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		if !errors.Is(err, cerr) {
			err = fmt.Errorf("%w (%v)", cerr, err)
		}
		return &sextant.Error{Code: sextant.EUNAVAILABLE, Op: op, Message: fmt.Sprintf("feed %s: %v", feedURL, err), Err: err}
	}
	if se := (*sextant.Error)(nil); errors.As(err, &se) {
		return &sextant.Error{Code: se.Code, Op: op, Message: fmt.Sprintf("feed %s%s: %s", feedURL, where, sextant.ErrorMessage(se)), Err: err}
	}
	if where != "" {
		return &sextant.Error{Code: sextant.EUNAVAILABLE, Op: op,
			Message: fmt.Sprintf("feed %s: the response ended early%s: %v", feedURL, where, err), Err: err}
	}
	return &sextant.Error{Code: sextant.EUNAVAILABLE, Op: op, Message: fmt.Sprintf("feed %s: %v", feedURL, err), Err: err}
}

// statusError maps a status other than 2xx and 304 to an error naming the
// feed and the status, with the server's Retry-After when it gave one.
func statusError(op, feedURL string, resp *http.Response) error {
	code := sextant.EUNAVAILABLE
	switch s := resp.StatusCode; {
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		code = sextant.EUNAUTHORIZED
	case s == http.StatusNotFound || s == http.StatusGone:
		code = sextant.ENOTFOUND
	case s == http.StatusTooManyRequests:
	case s/100 == 4:
		code = sextant.EINVALID
	}
	msg := fmt.Sprintf("feed %s: HTTP %d %s", feedURL, resp.StatusCode, http.StatusText(resp.StatusCode))
	if ra := resp.Header.Get("Retry-After"); ra != "" && code == sextant.EUNAVAILABLE {
		msg += " (Retry-After " + ra + ")"
	}
	return &sextant.Error{Code: code, Op: op, Message: msg}
}

// looksLikeHTML reports whether body begins as an HTML document rather than
// XML: a login wall, an error page or a site's front page served in place of
// its feed. Content-Type is not trusted, since many feeds are served as
// text/html.
func looksLikeHTML(body []byte) bool {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	head := strings.ToLower(string(b[:min(len(b), 512)]))
	for strings.HasPrefix(head, "<!--") {
		end := strings.Index(head, "-->")
		if end < 0 {
			return false
		}
		head = strings.TrimLeft(head[end+3:], " \t\r\n")
	}
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.HasPrefix(head, "<head") || strings.HasPrefix(head, "<body")
}

// TransportOptions configure the decorators NewTransport chains (the
// transport package's standard stack).
type TransportOptions = transport.Options

// DefaultTransportOptions suit polling news feeds: only hosts, one request
// every two seconds per host with bursts of 2, three attempts with backoff on
// timeouts, 429 (honouring Retry-After up to two minutes) and 5xx, the
// transport package's default breaker, and bodies up to Parse's own cap.
func DefaultTransportOptions(hosts ...string) TransportOptions {
	return TransportOptions{
		Hosts:     hosts,
		Retry:     transport.RetryOptions{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute},
		Breaker:   transport.DefaultBreakerOptions(),
		RateLimit: transport.RateLimitOptions{PerSecond: 0.5, Burst: 2},
		MaxBody:   transport.MaxBodyOptions{Limit: maxFeedBytes},
	}
}

// DefaultTransport wraps base (http.DefaultTransport when nil) with
// DefaultTransportOptions(hosts...). FeedHosts gives the hosts of the
// configured feeds.
func DefaultTransport(base http.RoundTripper, hosts ...string) http.RoundTripper {
	return NewTransport(base, DefaultTransportOptions(hosts...))
}

// NewTransport wraps base in the transport package's standard stack
// (Hosts, Retry, CircuitBreaker, RateLimit, MaxBody) configured by opts.
func NewTransport(base http.RoundTripper, opts TransportOptions) http.RoundTripper {
	return transport.Standard(base, opts)
}

// FeedHosts returns the distinct hosts (with any port) of feeds' URLs, for
// the transport's allow list. A URL that is not http(s) is an EINVALID error.
func FeedHosts(feeds ...FeedState) ([]string, error) {
	var hosts []string
	seen := map[string]bool{}
	for _, f := range feeds {
		u, err := url.Parse(strings.TrimSpace(f.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: "rss.FeedHosts",
				Message: fmt.Sprintf("feed %q: not an http(s) URL", f.URL)}
		}
		if h := strings.ToLower(u.Host); !seen[h] {
			seen[h] = true
			hosts = append(hosts, h)
		}
	}
	return hosts, nil
}
