package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/llm"
)

// Config configures a Client. The wiring fills it from the llm section of
// Sextant's configuration.
type Config struct {
	// BaseURL is the endpoint's base, e.g. https://api.openai.com/v1;
	// requests go to BaseURL/chat/completions.
	BaseURL string
	Model   string // used when a request names none
	// APIKey is sent as "Authorization: Bearer KEY" and nowhere else; it
	// is scrubbed from every error. Empty sends no Authorization header
	// (Ollama, llama.cpp and vLLM without --api-key need none).
	APIKey string
	// Timeout bounds each attempt's wait for the server to start answering
	// and each silence of the connection while it answers (keep-alive
	// lines count as activity); a non-streamed answer must start arriving
	// within it. 0 means 60s.
	Timeout time.Duration
	// MaxRetries is how many times a request is retried after 429, 5xx,
	// a timeout or a broken connection, as long as nothing of the answer
	// has been delivered. 0 never retries.
	MaxRetries int
	// MaxTokens is the token budget of an answer when a request sets
	// none. 0 means 2048.
	MaxTokens int
	// Temperature is used when a request sets none; nil leaves the
	// server's default.
	Temperature *float64
	// Organization is sent as OpenAI-Organization when set.
	Organization string
	// ExtraHeaders are added to every request (e.g. a gateway's routing
	// header). They are not scrubbed from errors: keep secrets in APIKey.
	ExtraHeaders map[string]string

	// Logger receives a debug line per retry; nil logs nothing.
	Logger *slog.Logger
	// Sleep waits between attempts (nil: a timer that ends early when ctx
	// is done), Jitter draws the backoff fraction in [0, 1) (nil:
	// math/rand/v2) and Now reads the clock for Retry-After dates (nil:
	// time.Now). Tests replace them so that no test sleeps for real.
	Sleep  func(ctx context.Context, d time.Duration) error
	Jitter func() float64
	Now    func() time.Time
}

// Defaults.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultMaxRetries = 3
	DefaultMaxTokens  = 2048

	// The backoff before retry n is drawn uniformly from
	// [0, min(maxDelay, baseDelay·2^(n-1))) ("full jitter").
	baseDelay = time.Second
	maxDelay  = 20 * time.Second
	// MaxRetryAfter is the longest Retry-After the client waits for; a
	// server asking for more gets its error returned at once.
	MaxRetryAfter = time.Minute
)

// DefaultConfig returns a Config with the default timeout, retries and
// token budget; the caller sets BaseURL, Model and APIKey.
func DefaultConfig() Config {
	return Config{Timeout: DefaultTimeout, MaxRetries: DefaultMaxRetries, MaxTokens: DefaultMaxTokens}
}

// Client talks to one OpenAI-compatible endpoint. It is safe for
// concurrent use.
type Client struct {
	cfg      Config
	api      *goopenai.Client
	endpoint string // BaseURL/chat/completions without credentials, for messages
}

var _ llm.Client = (*Client)(nil)

// errIdle cancels an attempt whose server fell silent for Timeout.
var errIdle = errors.New("llm.timeout elapsed")

// New returns a client for cfg that sends its requests through httpClient
// (nil: http.DefaultClient), whose transport may carry proxies or test
// stubs. Leave the client's own Timeout at zero: a streamed answer may
// take minutes, and cfg.Timeout bounds the silences instead.
func New(cfg Config, httpClient *http.Client) (*Client, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: "openai.New",
			Message: fmt.Sprintf("llm base URL %q is not an http(s) URL such as https://api.openai.com/v1", redactURL(cfg.BaseURL))}
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: "openai.New", Message: "no llm model configured (llm.model)"}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxTokens <= 0 {
		cfg.MaxTokens = DefaultMaxTokens
	}
	cfg.MaxRetries = max(cfg.MaxRetries, 0)
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	next := httpClient.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc := *httpClient // a copy: the injected client is not modified
	headers := http.Header{}
	for k, v := range cfg.ExtraHeaders {
		headers.Set(textproto.CanonicalMIMEHeaderKey(k), v)
	}
	hc.Transport = edge{next: next, headers: headers, now: cfg.Now}

	wc := goopenai.DefaultConfig(cfg.APIKey)
	wc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	wc.OrgID = cfg.Organization
	wc.HTTPClient = &hc
	return &Client{cfg: cfg, api: goopenai.NewClientWithConfig(wc), endpoint: redactURL(wc.BaseURL) + "/chat/completions"}, nil
}

// redactURL shows a URL without user info, query or fragment.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

// Chat implements llm.Client. Failures before the first delta is delivered
// are retried (429 honouring Retry-After, 5xx, timeouts, broken
// connections) up to MaxRetries times with exponential backoff and full
// jitter; once a delta has been delivered the call is never retried.
func (c *Client) Chat(ctx context.Context, req llm.Request, onDelta func(llm.Delta) error) (llm.Response, error) {
	wreq, err := toWire(req, onDelta != nil, defaults{Model: c.cfg.Model, MaxTokens: c.cfg.MaxTokens, Temperature: c.cfg.Temperature})
	if err != nil {
		return llm.Response{}, &sextant.Error{Code: sextant.EINVALID, Op: "openai.Chat", Message: "invalid llm request: " + err.Error()}
	}
	start := c.cfg.Now()
	for attempt := 1; ; attempt++ {
		ex := &exchange{model: wreq.Model}
		resp, a, err := c.attempt(ctx, ex, wreq, onDelta)
		if err == nil {
			return resp, nil
		}
		var cb *callbackError
		if errors.As(err, &cb) {
			return llm.Response{}, cb.err
		}
		f := c.classify(ctx, a.ctx, err, ex, a.received.Load(), start)
		if !f.retry || a.emitted || attempt > c.cfg.MaxRetries || ctx.Err() != nil {
			return llm.Response{}, c.toError(f, attempt)
		}
		wait := time.Duration(c.cfg.Jitter() * float64(min(maxDelay, baseDelay<<min(attempt-1, 16))))
		if f.wait {
			if f.waitFor > MaxRetryAfter {
				f.msg += fmt.Sprintf("; it asks to retry after %s, longer than the %s Sextant waits", f.waitFor.Round(time.Second), MaxRetryAfter)
				return llm.Response{}, c.toError(f, attempt)
			}
			wait = f.waitFor
		}
		if c.cfg.Logger != nil {
			c.cfg.Logger.DebugContext(ctx, "llm retry", "endpoint", c.endpoint, "attempt", attempt, "wait", wait, "reason", c.scrub(f.msg))
		}
		if err := c.cfg.Sleep(ctx, wait); err != nil {
			return llm.Response{}, c.toError(c.classify(ctx, ctx, err, nil, false, start), attempt)
		}
	}
}

// attemptState is what the retry loop needs to know about an attempt.
type attemptState struct {
	ctx      context.Context // the attempt's context, cancelled with errIdle on silence
	received atomic.Bool     // some bytes of the answer arrived
	emitted  bool            // a delta reached onDelta: no retry after this
}

// attempt sends the request once and reads the answer.
func (c *Client) attempt(ctx context.Context, ex *exchange, wreq goopenai.ChatCompletionRequest, onDelta func(llm.Delta) error) (llm.Response, *attemptState, error) {
	actx, cancel := context.WithCancelCause(withExchange(ctx, ex))
	defer cancel(nil)
	idle := time.AfterFunc(c.cfg.Timeout, func() { cancel(errIdle) })
	defer idle.Stop()
	a := &attemptState{ctx: actx}
	ex.touch = func() { a.received.Store(true); idle.Reset(c.cfg.Timeout) }

	if onDelta == nil {
		w, err := c.api.CreateChatCompletion(actx, wreq)
		if err != nil {
			return llm.Response{}, a, err
		}
		resp, err := fromWireCompletion(w)
		if err != nil {
			return resp, a, &malformedError{err: err}
		}
		return resp, a, nil
	}

	stream, err := c.api.CreateChatCompletionStream(actx, wreq)
	if err != nil {
		return llm.Response{}, a, err
	}
	defer stream.Close()
	var (
		asm    llm.Assembler
		ix     indexer
		resp   llm.Response
		events int
	)
	for {
		w, err := stream.Recv()
		if errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil && resp.FinishReason != "" && errors.Is(context.Cause(actx), errIdle) {
			break // complete, but the server never closed the stream
		}
		if err != nil {
			if p := jsonProblem(err); p != err.Error() {
				err = &malformedError{chunk: events + 1, err: errors.New(p)}
			}
			return llm.Response{}, a, err
		}
		events++
		ch := ix.fromWireChunk(w)
		if ch.Usage != nil {
			resp.Usage = *ch.Usage
		}
		if ch.Finish != "" {
			resp.FinishReason = ch.Finish
		}
		d := ch.Delta
		if d.Content == "" && d.Reasoning == "" && len(d.ToolCalls) == 0 {
			continue
		}
		if err := asm.Add(d); err != nil {
			return llm.Response{}, a, &malformedError{chunk: events, err: err}
		}
		a.emitted = true
		if err := onDelta(d); err != nil {
			return llm.Response{}, a, &callbackError{err}
		}
	}
	if resp.FinishReason == "" {
		return llm.Response{}, a, &truncatedError{chars: len([]rune(asm.Content()))}
	}
	msg, err := asm.Message()
	if err != nil {
		return llm.Response{}, a, &malformedError{chunk: events, err: err}
	}
	resp.Message, resp.Reasoning = msg, asm.Reasoning()
	resp.FinishReason = finish(resp.FinishReason, msg)
	return resp, a, nil
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
