// Package llmtest is a scripted fake of an OpenAI-compatible chat
// completions server, for tests of anything that talks to a language model
// (the internal/llm/openai adapter, the copilot) without a network or a
// model.
//
// [NewServer] starts an httptest server whose base URL ([Server.URL]) ends
// in /v1, like a real endpoint's. Each [Turn] of its script answers one
// POST /v1/chat/completions, in order:
//
//   - [Text], [ToolCalls], [Answer]: a message streamed as server-sent
//     events in small chunks (text split every few runes, tool-call
//     arguments split across chunks, parallel calls interleaved by index,
//     then the finish reason, the usage when stream_options.include_usage
//     asks for it, and [DONE]), or as one JSON body when the request did not
//     ask for a stream;
//   - [JSON]: a plain JSON completion even to a streaming request;
//   - [Unauthorized], [RateLimited] (with Retry-After), [ServerError],
//     [ModelNotFound], [Error]: OpenAI-style error bodies; [HTMLPage]: a
//     proxy's HTML error page; [Truncated]: a stream cut off mid-chunk
//     without a finish reason or [DONE]; [Stream] and [Raw]: exactly the
//     bytes a test wants, for malformed streams;
//   - [Func]: an answer decided from the request, e.g. from the results of
//     the tool calls the previous turn asked for.
//
// Modifiers ([Turn.WithDelay], [Turn.WithStall], [Turn.WithKeepAlive], [Turn.WithHeader],
// [Turn.WithUsage], [Turn.WithReasoning], [Turn.WithChunkSize],
// [Turn.WithFinish]) adjust a turn.
//
// The server records every request ([Server.Requests]): model, messages,
// tools, budget, temperature and headers, with the Authorization value
// replaced by "Bearer [redacted]" ([Request.SentKey] checks which key was
// sent without keeping it). It checks requests the way a strict server does
// (a tool message must answer a call the assistant made) and fails the test
// on an invalid request, on a request beyond the script, and, at cleanup,
// on scripted turns that were never requested.
package llmtest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/llm"
)

// Server is a scripted OpenAI-compatible server.
type Server struct {
	// URL is the base URL to configure a client with: http://127.0.0.1:PORT/v1.
	URL string

	t        testing.TB
	srv      *httptest.Server
	mu       sync.Mutex
	script   []Turn
	next     int
	requests []Request
}

// Request is one request the server received, translated to the neutral
// types.
type Request struct {
	Path         string
	Model        string
	Messages     []llm.Message
	Tools        []llm.Tool
	Stream       bool
	IncludeUsage bool     // stream_options.include_usage
	MaxTokens    int      // max_tokens, or max_completion_tokens when set
	Temperature  *float64 // nil when the request left it out
	// Header holds the request headers with the Authorization value
	// replaced by "Bearer [redacted]".
	Header http.Header
	// Body is the raw JSON body.
	Body []byte

	keySum [sha256.Size]byte // of the bearer token; hasKey false when none was sent
	hasKey bool
}

// SentKey reports whether the request carried "Authorization: Bearer key".
func (r Request) SentKey(key string) bool {
	return r.hasKey && sha256.Sum256([]byte(key)) == r.keySum
}

// LastUser returns the content of the last user message.
func (r Request) LastUser() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == llm.RoleUser {
			return r.Messages[i].Content
		}
	}
	return ""
}

// ToolResult returns the content of the last tool message answering a call
// of the named tool.
func (r Request) ToolResult(name string) (string, bool) {
	names := map[string]string{}
	result, ok := "", false
	for _, m := range r.Messages {
		for _, tc := range m.ToolCalls {
			names[tc.ID] = tc.Name
		}
		if m.Role == llm.RoleTool && names[m.ToolCallID] == name {
			result, ok = m.Content, true
		}
	}
	return result, ok
}

// NewServer starts a server answering with script, one turn per request,
// and closes it when the test ends.
func NewServer(t testing.TB, script ...Turn) *Server {
	t.Helper()
	s := &Server{t: t, script: script}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/v1"
	t.Cleanup(func() {
		s.srv.CloseClientConnections()
		s.srv.Close()
		s.mu.Lock()
		defer s.mu.Unlock()
		if left := len(s.script) - s.next; left > 0 && !t.Failed() {
			t.Errorf("llmtest: %d of %d scripted turns were never requested", left, len(s.script))
		}
	})
	return s
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Add appends turns to the script.
func (s *Server) Add(turns ...Turn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, turns...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	var wr wireRequest
	if err := json.Unmarshal(body, &wr); err != nil {
		s.t.Errorf("llmtest: request body is not JSON: %v", err)
		writeError(w, http.StatusBadRequest, errorBody("We could not parse the JSON body of your request.", "invalid_request_error", nil))
		return
	}
	req, err := fromWire(wr)
	req.Path, req.Body, req.Header = r.URL.Path, body, r.Header.Clone()
	if auth := r.Header.Get("Authorization"); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		req.hasKey, req.keySum = ok, sha256.Sum256([]byte(token))
		req.Header.Set("Authorization", "Bearer [redacted]")
	}
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, req)
	var turn Turn
	more := s.next < len(s.script)
	if more && err == nil {
		turn = s.script[s.next]
		s.next++
	}
	total := len(s.script)
	s.mu.Unlock()
	if err != nil {
		s.t.Errorf("llmtest: request %d is invalid: %v", n+1, err)
		writeError(w, http.StatusBadRequest, errorBody(err.Error(), "invalid_request_error", nil))
		return
	}
	if !more {
		s.t.Errorf("llmtest: unexpected request %d: the script has %d turns (last user message %q)", n+1, total, req.LastUser())
		writeError(w, http.StatusBadRequest, errorBody("llmtest: no scripted turn left", "invalid_request_error", nil))
		return
	}
	for turn.respond != nil {
		turn = turn.respond(req)
	}
	s.write(w, r, turn, req)
}

func writeError(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, turn Turn, req Request) {
	for k, vs := range turn.header {
		w.Header()[k] = vs
	}
	model := req.Model
	switch {
	case turn.answer != nil && (!req.Stream || turn.forceJSON):
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(completion(turn.answer, model))
		return
	case turn.answer == nil && !turn.stream:
		w.Header().Set("Content-Type", turn.contentType)
		w.WriteHeader(turn.status)
		_, _ = io.WriteString(w, turn.body)
		return
	}
	events, done := turn.events, turn.done
	if turn.answer != nil {
		events = chunks(turn.answer, model, !turn.truncate, req.IncludeUsage)
		done = !turn.truncate
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flush := func() {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	for range turn.keepAlive {
		_, _ = io.WriteString(w, ": keep-alive\n\n")
		flush()
		select {
		case <-time.After(turn.keepEvery):
		case <-r.Context().Done():
			return
		}
	}
	for i, ev := range events {
		if i > 0 && turn.delay > 0 {
			select {
			case <-time.After(turn.delay):
			case <-r.Context().Done():
				return
			}
		}
		if turn.truncate && i == len(events)-1 {
			_, _ = io.WriteString(w, "data: "+ev[:len(ev)/2]) // cut mid-chunk, as a dropped connection does
			flush()
			return
		}
		fmt.Fprintf(w, "data: %s\n\n", ev)
		flush()
	}
	if turn.stall {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
			s.t.Errorf("llmtest: a stalled stream was still open after 10s: the client never gave up")
		}
		return
	}
	if done {
		_, _ = io.WriteString(w, "data: [DONE]\n\n")
		flush()
	}
}
