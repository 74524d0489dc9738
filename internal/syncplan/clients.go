package syncplan

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/source/aktools"
	"github.com/sextant-ai/sextant/internal/source/eastmoney"
	"github.com/sextant-ai/sextant/internal/source/rss"
	"github.com/sextant-ai/sextant/internal/source/sse"
	"github.com/sextant-ai/sextant/internal/source/stooq"
	"github.com/sextant-ai/sextant/internal/source/sws"
	"github.com/sextant-ai/sextant/internal/source/szse"
	"github.com/sextant-ai/sextant/internal/source/transport"
	"github.com/sextant-ai/sextant/internal/source/yahoo"
)

// DefaultAttemptTimeout bounds one attempt of a request (retries follow).
const DefaultAttemptTimeout = 60 * time.Second

// Clients builds each source's *http.Client from the [sources.NAME]
// settings: the adapter's standard transport (host allow list, retries,
// breaker, rate limit, body cap), with the host of a base-URL override
// allowed instead of the public one, the configured rate, and — with
// RecordDir — every raw response saved under RecordDir/NAME.
type Clients struct {
	Settings  map[string]config.Source
	RecordDir string
	// ReplayDir answers every request from a recording (RecordDir of an
	// earlier sync) instead of the network.
	ReplayDir string
	Base      http.RoundTripper // nil = http.DefaultTransport; tests inject
}

// client returns the HTTP client and base URL of one source.
func (c Clients) client(name string, opts transport.Options, inner ...transport.Decorator) (*http.Client, string, error) {
	s := c.Settings[name]
	if name == "rss" {
		s.BaseURL = ""
	}
	if s.BaseURL != "" {
		u, err := url.Parse(s.BaseURL)
		if err != nil || u.Host == "" {
			return nil, "", sextant.Errorf(sextant.EINVALID, "sources.%s.base_url %q is not a URL", name, s.BaseURL)
		}
		opts.Hosts = []string{u.Host}
	}
	if s.Rate > 0 {
		opts.RateLimit.PerSecond = s.Rate
	}
	if s.Attempts > 0 {
		opts.Retry.MaxAttempts = s.Attempts
	}
	base := c.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if s.CAFile != "" {
		var err error
		if base, err = withCAFile(base, s.CAFile); err != nil {
			return nil, "", sextant.Errorf(sextant.EINVALID, "sources.%s.ca_file: %v", name, err)
		}
	}
	if c.ReplayDir != "" {
		rp, err := transport.Replay(c.ReplayDir + "/" + name)
		if err != nil {
			return nil, "", err
		}
		base = rp
	}
	if c.RecordDir != "" {
		rec, err := transport.Record(c.RecordDir + "/" + name)
		if err != nil {
			return nil, "", err
		}
		base = rec(base)
	}
	base = transport.Chain(base, inner...) // innermost: after the host check (a token never reaches another host)
	opts.AttemptTimeout = s.Timeout.Duration
	if opts.AttemptTimeout == 0 {
		opts.AttemptTimeout = DefaultAttemptTimeout
	}
	return &http.Client{Transport: transport.Standard(base, opts)}, s.BaseURL, nil
}

// withCAFile returns a copy of base (an *http.Transport) that also trusts
// the certificates in the PEM file path.
func withCAFile(base http.RoundTripper, path string) (http.RoundTripper, error) {
	t, ok := base.(*http.Transport)
	if !ok {
		return nil, fmt.Errorf("the transport is not an *http.Transport")
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	t = t.Clone()
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	t.TLSClientConfig.RootCAs = pool
	return t, nil
}

// Direct builds the direct A-share route.
func (c Clients) Direct() (*Direct, error) {
	em, emURL, err := c.client("eastmoney", eastmoney.DefaultTransportOptions())
	if err != nil {
		return nil, err
	}
	sw, swURL, err := c.client("sws", sws.DefaultTransportOptions())
	if err != nil {
		return nil, err
	}
	sh, shURL, err := c.client("sse", sse.DefaultTransportOptions())
	if err != nil {
		return nil, err
	}
	sz, szURL, err := c.client("szse", szse.DefaultTransportOptions())
	if err != nil {
		return nil, err
	}
	return &Direct{EM: eastmoney.New(em, emURL), SW: sws.New(sw, swURL), SSE: sse.New(sh, shURL), SZSE: szse.New(sz, szURL)}, nil
}

// AKTools builds the AKTools route (a local AKTools server).
func (c Clients) AKTools() (*AKTools, error) {
	s := c.Settings["aktools"]
	base := s.BaseURL
	if base == "" {
		base = aktools.DefaultBaseURL
	}
	opts := aktools.DefaultTransportOptionsFor(base)
	var inner []transport.Decorator
	if tok := s.Token.Reveal(); tok != "" {
		inner = append(inner, aktools.Bearer(tok))
	}
	cl, _, err := c.client("aktools", opts.Options, inner...)
	if err != nil {
		return nil, err
	}
	return &AKTools{Client: aktools.New(cl, base)}, nil
}

// Feeds builds the RSS/Atom fetcher for the given feed URLs, allowed to
// reach their hosts only ([sources.rss] rate, timeout and attempts apply;
// feeds are whole URLs, so a base_url is not used).
func (c Clients) Feeds(urls []string) (*rss.Fetcher, error) {
	var states []rss.FeedState
	for _, u := range urls {
		states = append(states, rss.FeedState{URL: u})
	}
	hosts, err := rss.FeedHosts(states...)
	if err != nil {
		return nil, err
	}
	opts := rss.DefaultTransportOptions(hosts...)
	cl, _, err := c.client("rss", opts)
	if err != nil {
		return nil, err
	}
	return rss.NewFetcher(cl, rss.DefaultFetcherOptions()), nil
}

// US builds the global source named by a us preset.
func (c Clients) US(source string) (US, error) {
	switch source {
	case "yahoo":
		cl, u, err := c.client("yahoo", yahoo.DefaultTransportOptions())
		if err != nil {
			return nil, err
		}
		return Yahoo{Client: yahoo.New(cl, yahoo.Options{BaseURL: u})}, nil
	case "stooq":
		cl, u, err := c.client("stooq", stooq.DefaultTransportOptions())
		if err != nil {
			return nil, err
		}
		return Stooq{Client: stooq.New(cl, stooq.Options{BaseURL: u})}, nil
	}
	return nil, fmt.Errorf("unknown global source %q (want yahoo or stooq)", source)
}
