package openai

import (
	"context"
	"errors"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/llm"
	"github.com/sextant-ai/sextant/internal/llm/llmtest"
)

const testKey = "sk-test-0123456789abcdef-SECRET"

// sleeper records the waits between attempts instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// setup starts a fake server with script and a client for it; edit may
// change the configuration first.
func setup(t *testing.T, edit func(*Config), script ...llmtest.Turn) (*Client, *llmtest.Server, *sleeper) {
	t.Helper()
	srv := llmtest.NewServer(t, script...)
	sl := &sleeper{}
	cfg := DefaultConfig()
	cfg.BaseURL, cfg.Model, cfg.APIKey = srv.URL, "test-model", testKey
	cfg.Sleep, cfg.Jitter = sl.Sleep, func() float64 { return 0.5 }
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg, &http.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, sl
}

func ask(q string) llm.Request {
	return llm.Request{Messages: []llm.Message{{Role: llm.RoleSystem, Content: "You are Sextant."}, {Role: llm.RoleUser, Content: q}}}
}

// collect returns an onDelta that records every delta.
func collect(out *[]llm.Delta) func(llm.Delta) error {
	return func(d llm.Delta) error { *out = append(*out, d); return nil }
}

func TestStreamedText(t *testing.T) {
	const answer = "国防军工 rose 12.3% over the past month [1], leading all sectors."
	temp := 0.2
	c, srv, _ := setup(t, func(cfg *Config) {
		cfg.Organization = "org-sextant"
		cfg.ExtraHeaders = map[string]string{"x-gateway-route": "research"}
		cfg.Temperature = &temp
	}, llmtest.Text(answer).WithUsage(321, 17))

	var deltas []llm.Delta
	resp, err := c.Chat(context.Background(), ask("Why is defense leading?"), collect(&deltas))
	if err != nil {
		t.Fatal(err)
	}
	var joined strings.Builder
	for _, d := range deltas {
		if d.Reasoning != "" || len(d.ToolCalls) > 0 || d.Content == "" {
			t.Errorf("unexpected delta %+v", d)
		}
		joined.WriteString(d.Content)
	}
	if want := (len([]rune(answer)) + 2) / 3; len(deltas) != want {
		t.Errorf("%d deltas, want one per 3-rune chunk: %d", len(deltas), want)
	}
	if joined.String() != answer || resp.Message.Content != answer || resp.Message.Role != llm.RoleAssistant {
		t.Errorf("deltas %q, message %+v; want %q", joined.String(), resp.Message, answer)
	}
	if resp.FinishReason != llm.FinishStop || resp.Usage != (llm.Usage{PromptTokens: 321, CompletionTokens: 17}) {
		t.Errorf("finish %q usage %+v", resp.FinishReason, resp.Usage)
	}

	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Model != "test-model" || !r.Stream || !r.IncludeUsage || r.MaxTokens != DefaultMaxTokens || r.Temperature == nil || *r.Temperature < 0.19 || *r.Temperature > 0.21 {
		t.Errorf("request: model %q stream %v usage %v max %d temp %v", r.Model, r.Stream, r.IncludeUsage, r.MaxTokens, r.Temperature)
	}
	wantMsgs := []llm.Message{{Role: llm.RoleSystem, Content: "You are Sextant."}, {Role: llm.RoleUser, Content: "Why is defense leading?"}}
	if !reflect.DeepEqual(r.Messages, wantMsgs) {
		t.Errorf("messages %+v", r.Messages)
	}
	if !r.SentKey(testKey) || r.Header.Get("Authorization") != "Bearer [redacted]" || strings.Contains(string(r.Body), testKey) {
		t.Errorf("the key must go in the Authorization header only: %v", r.Header)
	}
	if r.Header.Get("OpenAI-Organization") != "org-sextant" || r.Header.Get("X-Gateway-Route") != "research" {
		t.Errorf("headers %v", r.Header)
	}
}

func TestParallelToolCallsThenAnswer(t *testing.T) {
	calls := []llm.ToolCall{
		{ID: "call_rot", Name: "rotation", Arguments: `{"sector":"801740.SI","weeks":14,"benchmark":"000300.SH"}`},
		{ID: "call_flow", Name: "flows", Arguments: `{"sector":"801740.SI","days":20}`},
		{ID: "call_docs", Name: "search_documents", Arguments: `{"query":"军工 订单","limit":5}`},
	}
	tools := []llm.Tool{
		{Name: "rotation", Description: "relative rotation of a sector", Parameters: []byte(`{"type":"object","properties":{"sector":{"type":"string"}}}`)},
		{Name: "flows", Description: "capital flows"},
		{Name: "search_documents", Description: "full-text search"},
	}
	c, srv, _ := setup(t, nil,
		llmtest.ToolCalls(calls...).WithChunkSize(4),
		llmtest.Func(func(r llmtest.Request) llmtest.Turn {
			res, ok := r.ToolResult("flows")
			if !ok {
				return llmtest.Text("no flows result")
			}
			return llmtest.Text("Flows: " + res)
		}),
	)
	req := ask("What drives defense?")
	req.Tools = tools
	var deltas []llm.Delta
	resp, err := c.Chat(context.Background(), req, collect(&deltas))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(resp.Message.ToolCalls, calls) || resp.FinishReason != llm.FinishToolCalls || resp.Message.Content != "" {
		t.Fatalf("assembled %+v finish %q", resp.Message, resp.FinishReason)
	}
	// The fragments really were split and interleaved: index order in the
	// deltas is 0,1,2,0,1,2,... and call 0 came in many pieces.
	var order []int
	pieces := 0
	for _, d := range deltas {
		for _, tc := range d.ToolCalls {
			order = append(order, tc.Index)
			if tc.Index == 0 {
				pieces++
			}
		}
	}
	if len(order) < 6 || order[0] != 0 || order[1] != 1 || order[2] != 2 || order[3] != 0 || pieces < 10 {
		t.Errorf("fragment order %v (%d pieces of call 0): want interleaved, split fragments", order, pieces)
	}

	// Send the results back; the fake checks each answers a call made.
	req.Messages = append(req.Messages, resp.Message,
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_rot", Content: `{"quadrant":"leading"}`},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_flow", Content: `{"etf_net_creation_cny":1.2e9}`},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_docs", Content: `[]`})
	resp, err = c.Chat(context.Background(), req, func(llm.Delta) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if resp.Message.Content != `Flows: {"etf_net_creation_cny":1.2e9}` {
		t.Errorf("second answer %q", resp.Message.Content)
	}
	r := srv.Requests()[1]
	if len(r.Tools) != 3 || r.Tools[0].Name != "rotation" || string(r.Tools[1].Parameters) != `{"type":"object","properties":{}}` {
		t.Errorf("tools sent: %+v", r.Tools)
	}
	if got := r.Messages[2]; got.Role != llm.RoleAssistant || !reflect.DeepEqual(got.ToolCalls, calls) {
		t.Errorf("assistant message sent back: %+v", got)
	}
}

func TestReasoningKeptApart(t *testing.T) {
	c, _, _ := setup(t, nil, llmtest.Text("Momentum is fading.").WithReasoning("Check RS-Momentum below 100."))
	var deltas []llm.Delta
	resp, err := c.Chat(context.Background(), ask("Will it last?"), collect(&deltas))
	if err != nil {
		t.Fatal(err)
	}
	var reasoning strings.Builder
	for _, d := range deltas {
		reasoning.WriteString(d.Reasoning)
	}
	if resp.Message.Content != "Momentum is fading." || resp.Reasoning != "Check RS-Momentum below 100." || reasoning.String() != resp.Reasoning {
		t.Errorf("content %q reasoning %q (deltas %q)", resp.Message.Content, resp.Reasoning, reasoning.String())
	}
}

func TestWholeAnswers(t *testing.T) {
	calls := []llm.ToolCall{{ID: "a", Name: "rotation", Arguments: `{"sector":"801740.SI"}`}, {ID: "b", Name: "flows", Arguments: `{}`}}
	c, srv, _ := setup(t, nil,
		llmtest.Text("whole answer").WithUsage(10, 2), // asked without a stream
		llmtest.ToolCalls(calls...),                   // asked without a stream
		llmtest.JSON(llm.Message{Content: "plain JSON to a streaming request"}),
		llmtest.JSON(llm.Message{ToolCalls: calls}),
	)
	resp, err := c.Chat(context.Background(), ask("q"), nil)
	if err != nil || resp.Message.Content != "whole answer" || resp.FinishReason != llm.FinishStop || resp.Usage.PromptTokens != 10 {
		t.Fatalf("non-streamed text: %+v %v", resp, err)
	}
	resp, err = c.Chat(context.Background(), ask("q"), nil)
	if err != nil || !reflect.DeepEqual(resp.Message.ToolCalls, calls) || resp.FinishReason != llm.FinishToolCalls {
		t.Fatalf("non-streamed calls: %+v %v", resp, err)
	}
	if reqs := srv.Requests(); reqs[0].Stream || reqs[0].IncludeUsage {
		t.Error("a nil onDelta should ask for a whole answer")
	}
	var deltas []llm.Delta
	resp, err = c.Chat(context.Background(), ask("q"), collect(&deltas))
	if err != nil || resp.Message.Content != "plain JSON to a streaming request" || len(deltas) != 1 || deltas[0].Content != resp.Message.Content {
		t.Fatalf("JSON to a stream: %+v %v, deltas %+v", resp, err, deltas)
	}
	resp, err = c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if err != nil || !reflect.DeepEqual(resp.Message.ToolCalls, calls) {
		t.Fatalf("JSON calls to a stream: %+v %v", resp, err)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c, srv, sl := setup(t, func(cfg *Config) { cfg.Now = func() time.Time { return now } },
		llmtest.RateLimited("7"),
		llmtest.RateLimited(now.Add(30*time.Second).Format(http.TimeFormat)),
		llmtest.RateLimited("").WithHeader("Retry-After-Ms", "1500"),
		llmtest.Text("ok"),
	)
	start := time.Now()
	resp, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if err != nil || resp.Message.Content != "ok" {
		t.Fatalf("%+v %v", resp, err)
	}
	if got, want := sl.Waits(), []time.Duration{7 * time.Second, 30 * time.Second, 1500 * time.Millisecond}; !reflect.DeepEqual(got, want) {
		t.Errorf("waits %v, want the server's Retry-After each time %v", got, want)
	}
	if len(srv.Requests()) != 4 {
		t.Errorf("%d requests, want 4", len(srv.Requests()))
	}
	if time.Since(start) > 5*time.Second {
		t.Error("the test slept for real")
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	c, srv, sl := setup(t, nil, llmtest.RateLimited("300"))
	_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "retry after 5m0s") || !strings.Contains(err.Error(), srv.URL) {
		t.Fatalf("err = %v, want EUNAVAILABLE saying the server asks for 5m", err)
	}
	if len(sl.Waits()) != 0 {
		t.Errorf("waited %v", sl.Waits())
	}
}

func TestRateLimitedUntilGivingUp(t *testing.T) {
	c, srv, sl := setup(t, func(cfg *Config) { cfg.MaxRetries = 1 }, llmtest.RateLimited("1"), llmtest.RateLimited("1"))
	_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "HTTP 429") || !strings.Contains(err.Error(), "(2 attempts)") {
		t.Fatalf("err = %v", err)
	}
	if len(srv.Requests()) != 2 || len(sl.Waits()) != 1 {
		t.Errorf("%d requests, waits %v", len(srv.Requests()), sl.Waits())
	}
}

func TestServerErrorRetriedWithBackoff(t *testing.T) {
	c, srv, sl := setup(t, nil, llmtest.ServerError(), llmtest.ServerError(), llmtest.ServerError(), llmtest.ServerError())
	_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "HTTP 500") ||
		!strings.Contains(err.Error(), srv.URL+"/chat/completions") || !strings.Contains(err.Error(), "(4 attempts)") {
		t.Fatalf("err = %v, want EUNAVAILABLE naming the endpoint after 4 attempts", err)
	}
	// Full jitter at 0.5 of 1s, 2s, 4s.
	if got, want := sl.Waits(), []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}; !reflect.DeepEqual(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
}

func TestServerErrorThenSuccess(t *testing.T) {
	c, _, sl := setup(t, nil, llmtest.ServerError(), llmtest.HTMLPage(502), llmtest.Text("recovered"))
	resp, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if err != nil || resp.Message.Content != "recovered" || len(sl.Waits()) != 2 {
		t.Fatalf("%+v %v waits %v", resp, err, sl.Waits())
	}
}

func TestUnauthorizedNotRetried(t *testing.T) {
	c, srv, sl := setup(t, nil, llmtest.Unauthorized())
	_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.EUNAUTHORIZED || !strings.Contains(sextant.ErrorMessage(err), "check llm.api_key / SEXTANT_LLM_API_KEY") {
		t.Fatalf("err = %v, want EUNAUTHORIZED with the fix", err)
	}
	if len(srv.Requests()) != 1 || len(sl.Waits()) != 0 {
		t.Errorf("401 was retried: %d requests", len(srv.Requests()))
	}
}

func TestTruncatedStream(t *testing.T) {
	t.Run("after deltas: no retry", func(t *testing.T) {
		c, srv, sl := setup(t, nil, llmtest.Truncated("The sector's excess return over the CSI 300 was"))
		var deltas []llm.Delta
		_, err := c.Chat(context.Background(), ask("q"), collect(&deltas))
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "ended before it was complete") ||
			!strings.Contains(err.Error(), srv.URL) {
			t.Fatalf("err = %v, want a clear EUNAVAILABLE naming the endpoint", err)
		}
		if len(deltas) == 0 || len(srv.Requests()) != 1 || len(sl.Waits()) != 0 {
			t.Errorf("%d deltas, %d requests: a stream that delivered text must not be retried", len(deltas), len(srv.Requests()))
		}
	})
	t.Run("before any delta: retried", func(t *testing.T) {
		role := `{"id":"x","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`
		c, srv, _ := setup(t, nil, llmtest.Raw(200, "text/event-stream", "data: "+role+"\n\n"), llmtest.Text("second try"))
		resp, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		if err != nil || resp.Message.Content != "second try" || len(srv.Requests()) != 2 {
			t.Fatalf("%+v %v", resp, err)
		}
	})
}

func TestHTMLErrorPage(t *testing.T) {
	t.Run("502 from a proxy", func(t *testing.T) {
		c, srv, _ := setup(t, func(cfg *Config) { cfg.MaxRetries = 1 }, llmtest.HTMLPage(502), llmtest.HTMLPage(502))
		_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		msg := sextant.ErrorMessage(err)
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(msg, srv.URL+"/chat/completions") ||
			!strings.Contains(msg, "HTTP 502: an HTML page: 502 Bad Gateway") || strings.Contains(msg, "<html") {
			t.Fatalf("err = %v, want EUNAVAILABLE naming the endpoint and the page, not its markup", err)
		}
	})
	t.Run("200 from a web page", func(t *testing.T) {
		c, srv, _ := setup(t, nil, llmtest.HTMLPage(200))
		_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), srv.URL) || !strings.Contains(err.Error(), "check llm.base_url") {
			t.Fatalf("err = %v, want EUNAVAILABLE pointing at llm.base_url", err)
		}
		if len(srv.Requests()) != 1 {
			t.Error("an HTML page at 200 is a configuration error: no retry")
		}
	})
}

func TestNotFound(t *testing.T) {
	c, _, _ := setup(t, nil, llmtest.ModelNotFound("test-model"))
	_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.ENOTFOUND || !strings.Contains(err.Error(), `model "test-model"`) || !strings.Contains(err.Error(), "check llm.model") {
		t.Fatalf("err = %v", err)
	}

	// A base URL without /v1: the server's plain 404, not the API's.
	srv := llmtest.NewServer(t)
	c2, err := New(Config{BaseURL: strings.TrimSuffix(srv.URL, "/v1"), Model: "m"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.ENOTFOUND || !strings.Contains(err.Error(), "check llm.base_url") {
		t.Fatalf("err = %v", err)
	}
}

func TestBadRequest(t *testing.T) {
	c, _, sl := setup(t, nil, llmtest.Error(400, "This model's maximum context length is 8192 tokens.", "invalid_request_error", "context_length_exceeded"))
	_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "maximum context length") || len(sl.Waits()) != 0 {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelStopsTheStream(t *testing.T) {
	text := strings.Repeat("Aerospace & defense leads the rotation. ", 40)
	c, _, _ := setup(t, nil, llmtest.Text(text).WithDelay(5*time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	start := time.Now()
	_, err := c.Chat(ctx, ask("q"), func(llm.Delta) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || sextant.ErrorCode(err) != sextant.EUNAVAILABLE {
		t.Fatalf("err = %v, want context.Canceled in the chain", err)
	}
	if n > 5 || time.Since(start) > 2*time.Second {
		t.Errorf("%d deltas after cancelling at 3, %s", n, time.Since(start))
	}
}

func TestCallbackErrorReturnedAsIs(t *testing.T) {
	stop := errors.New("enough")
	c, srv, _ := setup(t, nil, llmtest.Text("a long answer that the caller stops"))
	_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return stop })
	if err != stop || len(srv.Requests()) != 1 {
		t.Fatalf("err = %v, want the callback's error unchanged", err)
	}
}

func TestIdleTimeout(t *testing.T) {
	role := `{"id":"x","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`
	text := `{"id":"x","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"Half an"},"finish_reason":null}]}`
	short := func(cfg *Config) { cfg.Timeout = 150 * time.Millisecond; cfg.MaxRetries = 1 }

	t.Run("silent before answering: retried", func(t *testing.T) {
		c, _, sl := setup(t, short, llmtest.Stream(role).WithStall(), llmtest.Text("after a retry"))
		resp, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		if err != nil || resp.Message.Content != "after a retry" || len(sl.Waits()) != 1 {
			t.Fatalf("%+v %v", resp, err)
		}
	})
	t.Run("silent mid-answer: not retried", func(t *testing.T) {
		c, _, _ := setup(t, short, llmtest.Stream(role, text).WithStall())
		_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "went silent for 150ms while answering") ||
			!strings.Contains(err.Error(), "llm.timeout") || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want EUNAVAILABLE naming llm.timeout", err)
		}
	})
	t.Run("never answering", func(t *testing.T) {
		c, _, _ := setup(t, func(cfg *Config) { cfg.Timeout = 150 * time.Millisecond; cfg.MaxRetries = 0 }, llmtest.Stream().WithStall())
		_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "did not start answering within 150ms (llm.timeout)") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("keep-alive lines count as activity", func(t *testing.T) {
		c, _, _ := setup(t, short, llmtest.Text("slow but alive").WithKeepAlive(4, 60*time.Millisecond))
		resp, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		if err != nil || resp.Message.Content != "slow but alive" {
			t.Fatalf("%+v %v", resp, err)
		}
	})
	t.Run("caller's deadline", func(t *testing.T) {
		c, _, _ := setup(t, nil, llmtest.Stream(role).WithStall())
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := c.Chat(ctx, ask("q"), func(llm.Delta) error { return nil })
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "within the caller's deadline of ") ||
			!errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestMalformedStream(t *testing.T) {
	chunk := func(delta string) string {
		return `{"id":"x","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":` + delta + `,"finish_reason":null}]}`
	}
	stop := `{"id":"x","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`
	tests := []struct {
		name   string
		events []string
		want   string
	}{
		{"wrong type", []string{chunk(`{"content":"ok"}`), chunk(`{"content":5}`), stop}, "chunk 2: field choices.delta.content: got a JSON number, want string"},
		{"not JSON", []string{chunk(`{"content":"ok"}`), `{"id":`, stop}, "chunk 2: invalid JSON"},
		{"call without a name", []string{chunk(`{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"arguments":"{}"}}]}`), stop},
			"tool_calls[0].function.name is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv, _ := setup(t, nil, llmtest.Stream(tt.events...))
			_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
			if sextant.ErrorCode(err) != sextant.EINTERNAL || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), srv.URL) {
				t.Fatalf("err = %v, want EINTERNAL containing %q", err, tt.want)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	sl := &sleeper{}
	c, err := New(Config{BaseURL: "http://" + addr + "/v1", Model: "m", MaxRetries: 2, Sleep: sl.Sleep, Jitter: func() float64 { return 0 }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "is the server running?") || len(sl.Waits()) != 2 {
		t.Fatalf("err = %v after %d waits", err, len(sl.Waits()))
	}
}

// TestKeyNeverInErrors echoes the key back in every kind of error body (as
// some servers do) and checks that no error text carries it.
func TestKeyNeverInErrors(t *testing.T) {
	echo := "Incorrect API key provided: " + testKey
	turns := []llmtest.Turn{
		llmtest.Error(401, echo, "invalid_request_error", "invalid_api_key"),
		llmtest.Error(403, echo, "permission_error", nil),
		llmtest.Error(400, echo, "invalid_request_error", nil),
		llmtest.Error(404, echo, "invalid_request_error", "model_not_found"),
		llmtest.Raw(500, "text/plain", echo),
		llmtest.Raw(502, "text/html", "<html><title>"+echo+"</title></html>"),
		llmtest.Stream(`{"error":{"message":"` + echo + `","type":"server_error"}}`),
		llmtest.Stream(`{"choices":[{"index":0,"delta":{"content":"` + testKey + `"}}],"x":` + testKey + `}`),
	}
	for i, turn := range turns {
		c, _, _ := setup(t, func(cfg *Config) { cfg.MaxRetries = 0 }, turn)
		_, err := c.Chat(context.Background(), ask("q"), func(llm.Delta) error { return nil })
		if err == nil {
			t.Fatalf("turn %d: no error", i)
		}
		texts := []string{err.Error(), sextant.ErrorMessage(err)}
		if cause := errors.Unwrap(err); cause != nil {
			texts = append(texts, cause.Error())
		}
		for _, s := range texts {
			if strings.Contains(s, testKey) {
				t.Errorf("turn %d: the key appears in %q", i, s)
			}
		}
	}
}

func TestNewRejects(t *testing.T) {
	for _, cfg := range []Config{{BaseURL: "", Model: "m"}, {BaseURL: "localhost:11434/v1", Model: "m"}, {BaseURL: "https://api.openai.com/v1"}} {
		if _, err := New(cfg, nil); sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("New(%+v) = %v, want EINVALID", cfg, err)
		}
	}
}
