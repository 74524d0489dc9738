package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

// edge is the RoundTripper between the client library and the injected
// *http.Client's transport. It adds the configured extra headers, notes
// what the library does not expose (the status and Retry-After of each
// attempt, in the request's exchange), refuses an HTML page that arrives
// with a success status, and turns a plain JSON answer to a streaming
// request into a one-event stream.
type edge struct {
	next    http.RoundTripper
	headers http.Header
	now     func() time.Time
}

// exchange is what edge learnt about one attempt.
type exchange struct {
	model      string // the model asked for, for messages
	status     int
	retryAfter time.Duration
	hasRetry   bool
	// touch is called whenever response bytes arrive, keep-alive lines
	// included: the server is alive, so the idle timeout starts again.
	touch func()
}

// touchingBody calls touch on every read that returns bytes.
type touchingBody struct {
	io.ReadCloser
	touch func()
}

func (b touchingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.touch()
	}
	return n, err
}

type exchangeKey struct{}

func withExchange(ctx context.Context, ex *exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, ex)
}

// htmlPageError is a success status carrying an HTML page: the base URL
// points at a web page, not at the API.
type htmlPageError struct {
	status int
	title  string
}

func (e *htmlPageError) Error() string {
	return fmt.Sprintf("HTTP %d with an HTML page (%s) instead of the API's JSON", e.status, e.title)
}

func (e edge) RoundTrip(req *http.Request) (*http.Response, error) {
	if len(e.headers) > 0 {
		req = req.Clone(req.Context())
		for k, vs := range e.headers {
			req.Header[k] = vs
		}
	}
	resp, err := e.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if ex, ok := req.Context().Value(exchangeKey{}).(*exchange); ok {
		ex.status = resp.StatusCode
		ex.retryAfter, ex.hasRetry = retryAfter(resp.Header, e.now())
		if ex.touch != nil {
			ex.touch()
			resp.Body = touchingBody{resp.Body, ex.touch}
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, nil
	}
	switch mediaType(resp.Header.Get("Content-Type")) {
	case "text/html":
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return nil, &htmlPageError{status: resp.StatusCode, title: pageTitle(body)}
	case "application/json":
		if strings.Contains(req.Header.Get("Accept"), "text/event-stream") {
			return jsonAsStream(resp)
		}
	}
	return resp, nil
}

func mediaType(contentType string) string {
	t, _, _ := mime.ParseMediaType(contentType)
	return strings.ToLower(t)
}

// jsonAsStream rewrites a whole JSON answer to a streaming request as one
// stream event followed by [DONE]. A body that is not a completion (an
// error object) is passed on for the library to report.
func jsonAsStream(resp *http.Response) (*http.Response, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var c goopenai.ChatCompletionResponse
	if json.Unmarshal(body, &c) != nil || len(c.Choices) == 0 {
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, nil
	}
	m := c.Choices[0].Message
	ev := goopenai.ChatCompletionStreamResponse{ID: c.ID, Object: "chat.completion.chunk", Created: c.Created, Model: c.Model,
		Choices: []goopenai.ChatCompletionStreamChoice{{FinishReason: c.Choices[0].FinishReason,
			Delta: goopenai.ChatCompletionStreamChoiceDelta{Role: m.Role, Content: m.Content, Refusal: m.Refusal,
				ReasoningContent: m.ReasoningContent}}},
		Usage: &c.Usage}
	for i, tc := range m.ToolCalls {
		tc.Index = &i
		ev.Choices[0].Delta.ToolCalls = append(ev.Choices[0].Delta.ToolCalls, tc)
	}
	data, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	sse := "data: " + string(data) + "\n\ndata: [DONE]\n\n"
	resp.Body = io.NopCloser(strings.NewReader(sse))
	resp.ContentLength = int64(len(sse))
	resp.Header = resp.Header.Clone()
	resp.Header.Set("Content-Type", "text/event-stream")
	resp.Header.Del("Content-Length")
	return resp, nil
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// pageTitle returns an HTML page's title, or its first text, shortened.
func pageTitle(body []byte) string {
	s := string(body)
	if m := titleRE.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	return snippet(s)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// snippet makes a body fit in an error message: tags dropped, spaces
// collapsed, at most 120 characters.
func snippet(s string) string {
	s = strings.Join(strings.Fields(tagRE.ReplaceAllString(s, " ")), " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	if s == "" {
		s = "empty body"
	}
	return s
}

// retryAfter reads how long the server asks us to wait: OpenAI's
// retry-after-ms, or Retry-After in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 {
		return time.Duration(n * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
