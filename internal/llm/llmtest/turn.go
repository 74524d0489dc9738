package llmtest

import (
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/sextant-ai/sextant/internal/llm"
)

// Turn is the server's answer to one request. Build one with the
// functions below; the zero Turn is not useful.
type Turn struct {
	respond   func(Request) Turn
	answer    *answer // answered as a stream or as JSON, as the request asks
	forceJSON bool    // answer JSON even to a streaming request
	truncate  bool    // end the stream mid-chunk, before the finish reason

	status      int // for error and raw answers
	contentType string
	body        string
	stream      bool     // answer with events
	events      []string // raw stream events (the data of each)
	done        bool     // send [DONE] after events

	header    http.Header
	delay     time.Duration
	stall     bool
	keepAlive int // comment lines before the first event
	keepEvery time.Duration
}

// answer is a message to send, with its usage and chunking.
type answer struct {
	content, reasoning string
	calls              []llm.ToolCall
	finish             string
	usage              wireUsage
	size               int // runes per chunk
}

func (a *answer) finishReason() string {
	switch {
	case a.finish != "":
		return a.finish
	case len(a.calls) > 0:
		return string(llm.FinishToolCalls)
	}
	return string(llm.FinishStop)
}

func newAnswer(m llm.Message) *answer {
	a := &answer{content: m.Content, calls: m.ToolCalls, size: 3}
	completion := len([]rune(m.Content))/4 + 1
	for _, c := range m.ToolCalls {
		completion += len(c.Arguments)/4 + 1
	}
	a.usage = wireUsage{PromptTokens: 42, CompletionTokens: completion, TotalTokens: 42 + completion}
	return a
}

// Text answers with an assistant message of text.
func Text(text string) Turn { return Answer(llm.Message{Role: llm.RoleAssistant, Content: text}) }

// ToolCalls answers with parallel tool calls, in order.
func ToolCalls(calls ...llm.ToolCall) Turn {
	return Answer(llm.Message{Role: llm.RoleAssistant, ToolCalls: calls})
}

// Answer answers with m (text, tool calls or both): streamed when the
// request asks for a stream, else as one JSON body.
func Answer(m llm.Message) Turn { return Turn{answer: newAnswer(m)} }

// JSON answers with m as one JSON body even when the request asked for a
// stream, as some servers and proxies do.
func JSON(m llm.Message) Turn { return Turn{answer: newAnswer(m), forceJSON: true} }

// Truncated streams the start of text and then ends the response in the
// middle of a chunk, with no finish reason and no [DONE], as a dropped
// connection or a crashed server does.
func Truncated(text string) Turn {
	return Turn{answer: newAnswer(llm.Message{Role: llm.RoleAssistant, Content: text}), truncate: true}
}

// Stream sends events (each the data of one server-sent event, e.g. a JSON
// chunk written by hand) and then [DONE].
func Stream(events ...string) Turn { return Turn{stream: true, events: events, done: true} }

// Raw answers with exactly this status, content type and body.
func Raw(status int, contentType, body string) Turn {
	return Turn{status: status, contentType: contentType, body: body}
}

// Error answers with an OpenAI-style error object.
func Error(status int, message, typ string, code any) Turn {
	return Raw(status, "application/json", errorBody(message, typ, code))
}

// Unauthorized answers 401 as OpenAI does for a wrong key.
func Unauthorized() Turn {
	return Error(http.StatusUnauthorized, "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
		"invalid_request_error", "invalid_api_key")
}

// RateLimited answers 429 with Retry-After: retryAfter (seconds or an HTTP
// date; "" leaves the header out).
func RateLimited(retryAfter string) Turn {
	t := Error(http.StatusTooManyRequests, "Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded")
	if retryAfter != "" {
		t = t.WithHeader("Retry-After", retryAfter)
	}
	return t
}

// ServerError answers 500.
func ServerError() Turn {
	return Error(http.StatusInternalServerError, "The server had an error while processing your request. Sorry about that!", "server_error", nil)
}

// ModelNotFound answers 404 as OpenAI does for an unknown model.
func ModelNotFound(model string) Turn {
	return Error(http.StatusNotFound, "The model `"+model+"` does not exist or you do not have access to it.",
		"invalid_request_error", "model_not_found")
}

// HTMLPage answers with a reverse proxy's HTML page and this status (a 502
// from nginx in front of a crashed server, or 200 from a web UI when the
// base URL points at the wrong place).
func HTMLPage(status int) Turn {
	title := strconv.Itoa(status) + " " + http.StatusText(status)
	return Raw(status, "text/html", "<html>\r\n<head><title>"+title+"</title></head>\r\n<body>\r\n<center><h1>"+title+
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
}

// Func decides the answer when the request arrives, e.g. from the results
// of the tool calls of the previous turn ([Request.ToolResult]).
func Func(f func(Request) Turn) Turn { return Turn{respond: f} }

// WithHeader adds a response header.
func (t Turn) WithHeader(key, value string) Turn {
	t.header = maps.Clone(t.header)
	if t.header == nil {
		t.header = http.Header{}
	}
	t.header.Add(key, value)
	return t
}

// WithDelay waits d between two stream events.
func (t Turn) WithDelay(d time.Duration) Turn {
	t.delay = d
	return t
}

// WithKeepAlive sends n ": keep-alive" comment lines, one every d, before
// the first event, as DeepSeek does while a busy model has not started.
func (t Turn) WithKeepAlive(n int, d time.Duration) Turn {
	t.keepAlive, t.keepEvery = n, d
	return t
}

// WithStall keeps the stream open after its events, sending nothing, until
// the client goes away (at most 10 seconds, then the test fails).
func (t Turn) WithStall() Turn {
	t.stall = true
	return t
}

// WithUsage sets the token counts the answer reports.
func (t Turn) WithUsage(prompt, completion int) Turn {
	return t.editAnswer(func(a *answer) {
		a.usage = wireUsage{PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion}
	})
}

// WithReasoning adds reasoning_content, streamed before the answer as
// DeepSeek's reasoner and Qwen's thinking models do.
func (t Turn) WithReasoning(text string) Turn {
	return t.editAnswer(func(a *answer) { a.reasoning = text })
}

// WithChunkSize sets how many runes of text or arguments each chunk holds.
func (t Turn) WithChunkSize(n int) Turn { return t.editAnswer(func(a *answer) { a.size = n }) }

// WithFinish sets the finish reason (e.g. "length" for a cut answer).
func (t Turn) WithFinish(reason llm.FinishReason) Turn {
	return t.editAnswer(func(a *answer) { a.finish = string(reason) })
}

func (t Turn) editAnswer(edit func(*answer)) Turn {
	if t.answer == nil {
		panic("llmtest: this modifier applies to Text, ToolCalls, Answer, JSON and Truncated turns")
	}
	a := *t.answer
	edit(&a)
	t.answer = &a
	return t
}
