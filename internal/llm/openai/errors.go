package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/sextant-ai/sextant"
)

// failure is an attempt's error, classified: the code and safe message it
// becomes, whether another attempt may help, and how long the server asked
// us to wait.
type failure struct {
	code    string
	msg     string
	cause   error // kept for errors.Is (context errors, errnos); never a body
	retry   bool
	wait    bool // the server sent Retry-After
	waitFor time.Duration
}

// Errors raised inside an attempt, before classification.
type (
	// callbackError is an error returned by onDelta: Chat returns it as is.
	callbackError struct{ err error }
	// malformedError is a stream chunk or answer that cannot be read.
	malformedError struct {
		chunk int // 1-based event number; 0 for a non-streamed answer
		err   error
	}
	// truncatedError is a stream that ended without a finish reason.
	truncatedError struct{ chars int }
)

func (e *callbackError) Error() string { return e.err.Error() }
func (e *malformedError) Error() string {
	if e.chunk == 0 {
		return e.err.Error()
	}
	return fmt.Sprintf("chunk %d: %v", e.chunk, e.err)
}
func (e *truncatedError) Error() string { return "stream ended early" }

// classify turns an attempt's error into a failure. ctx is the caller's
// context, attemptCtx the attempt's (cancelled with errIdle when the
// server falls silent), received whether any event arrived, start when
// the call began.
func (c *Client) classify(ctx, attemptCtx context.Context, err error, ex *exchange, received bool, start time.Time) failure {
	ep := c.endpoint
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			msg := fmt.Sprintf("no complete answer from %s before the caller's deadline", ep)
			if d, ok := ctx.Deadline(); ok {
				msg = fmt.Sprintf("no complete answer from %s within the caller's deadline of %s", ep, roundDuration(d.Sub(start)))
			}
			return failure{code: sextant.EUNAVAILABLE, msg: msg, cause: ctx.Err()}
		}
		return failure{code: sextant.EUNAVAILABLE, msg: "cancelled while waiting for " + ep, cause: ctx.Err()}
	}
	if errors.Is(context.Cause(attemptCtx), errIdle) {
		msg := fmt.Sprintf("%s did not start answering within %s (llm.timeout)", ep, c.cfg.Timeout)
		if received {
			msg = fmt.Sprintf("%s went silent for %s while answering (llm.timeout)", ep, c.cfg.Timeout)
		}
		return failure{code: sextant.EUNAVAILABLE, msg: msg, cause: context.DeadlineExceeded, retry: true}
	}

	var (
		apiErr    *goopenai.APIError
		reqErr    *goopenai.RequestError
		htmlErr   *htmlPageError
		malformed *malformedError
		truncated *truncatedError
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	// Status errors first: a RequestError wraps the JSON error of its body.
	switch {
	case errors.As(err, &htmlErr):
		return failure{code: sextant.EUNAVAILABLE, msg: fmt.Sprintf("%s answered with an HTML page (%q), not the OpenAI API: check llm.base_url (it usually ends in /v1)", ep, htmlErr.title)}
	case errors.As(err, &truncated):
		return failure{code: sextant.EUNAVAILABLE, retry: true,
			msg: fmt.Sprintf("the answer from %s ended before it was complete (no finish_reason, no [DONE]) after %d characters", ep, truncated.chars)}
	case errors.As(err, &malformed):
		return failure{code: sextant.EINTERNAL, msg: fmt.Sprintf("malformed answer from %s: %v", ep, malformed)}
	case errors.As(err, &reqErr):
		detail := snippet(string(reqErr.Body))
		if strings.Contains(strings.ToLower(string(reqErr.Body)), "<html") {
			detail = "an HTML page: " + pageTitle(reqErr.Body)
		}
		return c.statusFailure(reqErr.HTTPStatusCode, detail, false, "", ex)
	case errors.As(err, &apiErr):
		if apiErr.HTTPStatusCode == 0 { // an error event in the middle of a stream
			return failure{code: sextant.EUNAVAILABLE, retry: true, msg: fmt.Sprintf("%s reported an error while answering: %s", ep, snippet(apiErr.Message))}
		}
		return c.statusFailure(apiErr.HTTPStatusCode, snippet(apiErr.Message), true, fmt.Sprint(apiErr.Code), ex)
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr):
		return failure{code: sextant.EINTERNAL, msg: fmt.Sprintf("malformed answer from %s: %v", ep, jsonProblem(err))}
	case errors.Is(err, goopenai.ErrTooManyEmptyStreamMessages):
		return failure{code: sextant.EINTERNAL, msg: fmt.Sprintf("malformed answer from %s: too many lines that are not \"data:\" events", ep)}
	}
	return c.networkFailure(err)
}

// statusFailure maps an HTTP error status. detail is the server's message;
// api says whether the body was an OpenAI error object.
func (c *Client) statusFailure(status int, detail string, api bool, code string, ex *exchange) failure {
	ep := c.endpoint
	f := failure{code: sextant.EUNAVAILABLE}
	model := c.cfg.Model
	if ex != nil {
		if ex.status == status {
			f.wait, f.waitFor = ex.hasRetry, ex.retryAfter
		}
		if ex.model != "" {
			model = ex.model
		}
	}
	switch {
	case status == 401:
		f.code, f.msg = sextant.EUNAUTHORIZED, fmt.Sprintf("%s refused the API key (HTTP 401): check llm.api_key / SEXTANT_LLM_API_KEY", ep)
	case status == 403:
		f.code, f.msg = sextant.EUNAUTHORIZED, fmt.Sprintf("%s refused access (HTTP 403: %s): check llm.api_key / SEXTANT_LLM_API_KEY and what the key may use", ep, detail)
	case status == 404 && api:
		f.code, f.msg = sextant.ENOTFOUND, fmt.Sprintf("model %q is not available at %s (HTTP 404: %s): check llm.model", model, ep, detail)
	case status == 404:
		f.code, f.msg = sextant.ENOTFOUND, fmt.Sprintf("%s does not exist (HTTP 404: %s): check llm.base_url (OpenAI-compatible servers usually serve under /v1)", ep, detail)
	case status == 429 && (code == "insufficient_quota" || strings.Contains(detail, "quota")):
		f.msg = fmt.Sprintf("%s says the account's quota is used up (HTTP 429: %s)", ep, detail)
	case status == 429:
		f.retry, f.msg = true, fmt.Sprintf("%s is rate limiting requests (HTTP 429: %s)", ep, detail)
	case status == 402:
		f.msg = fmt.Sprintf("%s refused to answer: payment required (HTTP 402: %s)", ep, detail)
	case status == 408:
		f.retry, f.msg = true, fmt.Sprintf("%s timed out (HTTP 408: %s)", ep, detail)
	case status == 400 || status == 413 || status == 422:
		f.code, f.msg = sextant.EINVALID, fmt.Sprintf("%s rejected the request (HTTP %d: %s)", ep, status, detail)
	case status >= 500:
		f.retry, f.msg = status != 501, fmt.Sprintf("%s failed (HTTP %d: %s)", ep, status, detail)
	default:
		f.msg = fmt.Sprintf("%s answered HTTP %d: %s", ep, status, detail)
	}
	return f
}

// networkFailure classifies an error from the connection itself.
func (c *Client) networkFailure(err error) failure {
	ep := c.endpoint
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err // the url.Error repeats the URL
	}
	f := failure{code: sextant.EUNAVAILABLE, cause: &safeError{text: c.scrub(inner.Error()), err: err}}
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && !dns.IsTemporary:
		f.msg = fmt.Sprintf("cannot reach %s: %s", ep, f.cause)
	case errors.As(err, &ne) && ne.Timeout():
		f.retry, f.msg = true, fmt.Sprintf("%s timed out: %s", ep, f.cause)
	case errors.Is(err, syscall.ECONNREFUSED):
		f.retry, f.msg = true, fmt.Sprintf("cannot connect to %s (is the server running?): %s", ep, f.cause)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		f.retry, f.msg = true, fmt.Sprintf("the connection to %s broke: %s", ep, f.cause)
	case errors.Is(err, goopenai.ErrReasoningModelMaxTokensDeprecated), errors.Is(err, goopenai.ErrReasoningModelLimitationsOther),
		errors.Is(err, goopenai.ErrReasoningToolsRequireResponses), errors.Is(err, goopenai.ErrReasoningSamplingUnsupported),
		errors.Is(err, goopenai.ErrReasoningEffortUnsupported), errors.Is(err, goopenai.ErrChatCompletionInvalidModel):
		f.code, f.cause, f.msg = sextant.EINVALID, nil, fmt.Sprintf("model %q cannot take this request through chat completions: %s", c.cfg.Model, c.scrub(err.Error()))
	default:
		f.msg = fmt.Sprintf("talking to %s failed: %s", ep, f.cause)
	}
	return f
}

// jsonProblem names the field of a JSON decoding error.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return fmt.Sprintf("field %s: got a JSON %s, want %s", typeErr.Field, typeErr.Value, typeErr.Type)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("invalid JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	}
	return err.Error()
}

// safeError carries a cause whose text has been scrubbed of the key.
type safeError struct {
	text string
	err  error
}

func (e *safeError) Error() string { return e.text }
func (e *safeError) Unwrap() error { return e.err }

// scrub removes the API key from text that came from elsewhere (a server's
// message, a library's error). Keys shorter than 8 characters are
// placeholders ("ollama") and left alone, so that they do not mangle text.
func (c *Client) scrub(s string) string {
	if len(c.cfg.APIKey) >= 8 {
		s = strings.ReplaceAll(s, c.cfg.APIKey, "[redacted]")
	}
	return s
}

// toError makes the final error of a failed call.
func (c *Client) toError(f failure, attempts int) error {
	msg := f.msg
	if attempts > 1 {
		msg += fmt.Sprintf(" (%d attempts)", attempts)
	}
	return &sextant.Error{Code: f.code, Op: "openai.Chat", Message: c.scrub(msg), Err: f.cause}
}

// roundDuration shows whole seconds, or milliseconds below a second.
func roundDuration(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
