package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/sextant-ai/sextant"
)

// DefaultUserAgent identifies Sextant to the sources it reads.
const DefaultUserAgent = "sextant (+https://github.com/sextant-ai/sextant)"

// Endpoint is what every HTTP source client holds: the injected client
// (whose transport carries retries, rate limits, host allow list and body
// cap), the base URL and the user agent.
type Endpoint struct {
	HTTP      *http.Client
	BaseURL   string // scheme and host, no trailing slash
	UserAgent string
	Referer   string // sent when set (the exchanges refuse requests without theirs)
}

// NewEndpoint normalises a source's settings: a nil client is
// http.DefaultClient, an empty base URL is defaultBase, an empty user agent
// is DefaultUserAgent, and a trailing slash is dropped from the base URL.
func NewEndpoint(client *http.Client, baseURL, defaultBase, userAgent string) Endpoint {
	if client == nil {
		client = http.DefaultClient
	}
	if baseURL == "" {
		baseURL = defaultBase
	}
	if userAgent == "" {
		userAgent = DefaultUserAgent
	}
	return Endpoint{HTTP: client, BaseURL: strings.TrimRight(baseURL, "/"), UserAgent: userAgent}
}

// Response is a whole response read into memory.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
}

// Get sends GET BaseURL+pathAndQuery with the given Accept header and reads
// the whole body whatever the status (sources judge the status themselves:
// some report errors in the body). source names the source in errors.
func (e Endpoint) Get(ctx context.Context, source, pathAndQuery, accept string) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.BaseURL+pathAndQuery, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", e.UserAgent)
	if e.Referer != "" {
		req.Header.Set("Referer", e.Referer)
	}
	resp, err := e.HTTP.Do(req)
	if err != nil {
		return nil, RequestError(source, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Message: fmt.Sprintf("%s: reading the response (HTTP %d)", source, resp.StatusCode), Err: err}
	}
	return &Response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}
