package openai

import (
	"encoding/json"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/sextant-ai/sextant/internal/llm"
)

func ptr[T any](v T) *T { return &v }

// field returns a top-level field of the request as sent, "" when absent.
func field(w goopenai.ChatCompletionRequest, name string) string {
	b, _ := json.Marshal(w)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	return string(m[name])
}

func TestToWire(t *testing.T) {
	def := defaults{Model: "deepseek-chat", MaxTokens: 2048, Temperature: ptr(0.7)}
	user := []llm.Message{{Role: llm.RoleUser, Content: "军工板块为什么领涨？"}}
	tests := []struct {
		name    string
		req     llm.Request
		stream  bool
		check   func(t *testing.T, w goopenai.ChatCompletionRequest)
		wantErr string
	}{
		{
			name: "defaults filled in", req: llm.Request{Messages: user}, stream: true,
			check: func(t *testing.T, w goopenai.ChatCompletionRequest) {
				if w.Model != "deepseek-chat" || field(w, "max_tokens") != "2048" || w.MaxCompletionTokens != 0 || w.Temperature != 0.7 ||
					w.StreamOptions == nil || !w.StreamOptions.IncludeUsage {
					t.Errorf("%+v", w)
				}
			},
		},
		{
			name: "request overrides", req: llm.Request{Model: "qwen-plus", Messages: user, MaxTokens: 300, Temperature: ptr(0.0)},
			check: func(t *testing.T, w goopenai.ChatCompletionRequest) {
				if w.Model != "qwen-plus" || field(w, "max_tokens") != "300" || w.Temperature != math.SmallestNonzeroFloat32 || w.StreamOptions != nil {
					t.Errorf("%+v", w)
				}
				b, _ := json.Marshal(w)
				if !strings.Contains(string(b), `"temperature":1e-45`) {
					t.Errorf("a zero temperature must reach the wire: %s", b)
				}
			},
		},
		{
			name: "reasoning model", req: llm.Request{Model: "o3-mini", Messages: user},
			check: func(t *testing.T, w goopenai.ChatCompletionRequest) {
				if field(w, "max_tokens") != "" || w.MaxCompletionTokens != 2048 || w.Temperature != 0 {
					t.Errorf("%+v", w)
				}
			},
		},
		{
			name: "conversation with tools",
			req: llm.Request{
				Messages: []llm.Message{
					{Role: llm.RoleSystem, Content: "Use the tools."},
					{Role: llm.RoleUser, Content: "flows?"},
					{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: "c1", Name: "flows", Arguments: ""}, {ID: "c2", Name: "rotation", Arguments: `{"w":14}`}}},
					{Role: llm.RoleTool, ToolCallID: "c1", Name: "flows", Content: `{"net":1}`},
					{Role: llm.RoleTool, ToolCallID: "c2", Content: `{"q":"leading"}`},
				},
				Tools: []llm.Tool{{Name: "flows", Description: "d"}, {Name: "rotation", Parameters: json.RawMessage(`{"type":"object"}`)}},
			},
			check: func(t *testing.T, w goopenai.ChatCompletionRequest) {
				a := w.Messages[2]
				want := []goopenai.ToolCall{
					{ID: "c1", Type: "function", Function: goopenai.FunctionCall{Name: "flows", Arguments: "{}"}},
					{ID: "c2", Type: "function", Function: goopenai.FunctionCall{Name: "rotation", Arguments: `{"w":14}`}},
				}
				if a.Role != "assistant" || !reflect.DeepEqual(a.ToolCalls, want) {
					t.Errorf("assistant %+v", a)
				}
				if m := w.Messages[3]; m.Role != "tool" || m.ToolCallID != "c1" || m.Name != "flows" || m.Content != `{"net":1}` {
					t.Errorf("tool message %+v", m)
				}
				if len(w.Tools) != 2 || w.Tools[0].Type != "function" || w.Tools[0].Function.Name != "flows" ||
					string(w.Tools[0].Function.Parameters.(json.RawMessage)) != `{"type":"object","properties":{}}` ||
					string(w.Tools[1].Function.Parameters.(json.RawMessage)) != `{"type":"object"}` {
					t.Errorf("tools %+v %+v", w.Tools[0].Function, w.Tools[1].Function)
				}
			},
		},
		{name: "no messages", req: llm.Request{}, wantErr: "messages: a request needs at least one message"},
		{name: "unknown role", req: llm.Request{Messages: []llm.Message{{Role: "robot"}}}, wantErr: `messages[0].role: "robot"`},
		{name: "tool without call id", req: llm.Request{Messages: []llm.Message{{Role: llm.RoleTool, Content: "x"}}}, wantErr: "messages[0].tool_call_id"},
		{name: "call without id", req: llm.Request{Messages: []llm.Message{{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{Name: "x"}}}}}, wantErr: "messages[0].tool_calls[0]"},
		{name: "bad schema", req: llm.Request{Messages: user, Tools: []llm.Tool{{Name: "x", Parameters: json.RawMessage(`{`)}}}, wantErr: "tools[0] (x).parameters is not valid JSON"},
		{name: "no model anywhere", req: llm.Request{Messages: user}, wantErr: "model:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := def
			if tt.name == "no model anywhere" {
				d.Model = ""
			}
			w, err := toWire(tt.req, tt.stream, d)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, w)
		})
	}
}

// wireChunk builds a stream chunk from JSON, as the library decodes it.
func wireChunk(t *testing.T, js string) goopenai.ChatCompletionStreamResponse {
	t.Helper()
	var w goopenai.ChatCompletionStreamResponse
	if err := json.Unmarshal([]byte(js), &w); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestFromWireChunks(t *testing.T) {
	tc := func(index, id, name, args string) string {
		s := `{"function":{"arguments":` + args
		if name != "" {
			s += `,"name":"` + name + `"`
		}
		s += `}`
		if id != "" {
			s += `,"id":"` + id + `","type":"function"`
		}
		if index != "" {
			s += `,"index":` + index
		}
		return s + `}`
	}
	chunk := func(calls ...string) string {
		return `{"choices":[{"index":0,"delta":{"tool_calls":[` + strings.Join(calls, ",") + `]},"finish_reason":null}]}`
	}
	tests := []struct {
		name   string
		chunks []string
		want   []llm.ToolCall
		finish llm.FinishReason
	}{
		{
			name: "indexed, interleaved",
			chunks: []string{
				chunk(tc("0", "a", "rotation", `"{\"s"`)), chunk(tc("1", "b", "flows", `""`)),
				chunk(tc("1", "", "", `"{}"`), tc("0", "", "", `"\":1}"`)),
				`{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
			},
			want:   []llm.ToolCall{{ID: "a", Name: "rotation", Arguments: `{"s":1}`}, {ID: "b", Name: "flows", Arguments: `{}`}},
			finish: llm.FinishToolCalls,
		},
		{
			name: "no index (older Ollama)",
			chunks: []string{
				chunk(tc("", "a", "rotation", `"{\"s\":1}"`)), chunk(tc("", "b", "flows", `"{"`)), chunk(tc("", "", "", `"}"`)),
				`{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`,
			},
			want:   []llm.ToolCall{{ID: "a", Name: "rotation", Arguments: `{"s":1}`}, {ID: "b", Name: "flows", Arguments: `{}`}},
			finish: llm.FinishToolCalls,
		},
		{
			name: "every call numbered 0, told apart by id",
			chunks: []string{
				chunk(tc("0", "a", "rotation", `"{}"`)), chunk(tc("0", "b", "flows", `"{\"d\""`)), chunk(tc("0", "", "", `":20}"`)),
				`{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
			},
			want:   []llm.ToolCall{{ID: "a", Name: "rotation", Arguments: `{}`}, {ID: "b", Name: "flows", Arguments: `{"d":20}`}},
			finish: llm.FinishToolCalls,
		},
		{
			name:   "legacy function_call finish, other choices ignored",
			chunks: []string{chunk(tc("0", "a", "f", `"{}"`)), `{"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{},"finish_reason":"function_call"}]}`},
			want:   []llm.ToolCall{{ID: "a", Name: "f", Arguments: `{}`}},
			finish: llm.FinishToolCalls,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ix indexer
			var asm llm.Assembler
			var fin llm.FinishReason
			for _, js := range tt.chunks {
				c := ix.fromWireChunk(wireChunk(t, js))
				if err := asm.Add(c.Delta); err != nil {
					t.Fatal(err)
				}
				if c.Finish != "" {
					fin = c.Finish
				}
			}
			m, err := asm.Message()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m.ToolCalls, tt.want) || m.Content != "" || finish(fin, m) != tt.finish {
				t.Errorf("got %+v finish %q", m, finish(fin, m))
			}
		})
	}
}

func TestFromWireChunkTextAndUsage(t *testing.T) {
	var ix indexer
	c := ix.fromWireChunk(wireChunk(t, `{"choices":[{"index":0,"delta":{"content":"涨","reasoning_content":"think"},"finish_reason":null}]}`))
	if c.Delta.Content != "涨" || c.Delta.Reasoning != "think" || c.Finish != "" || c.Usage != nil {
		t.Errorf("%+v", c)
	}
	c = ix.fromWireChunk(wireChunk(t, `{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}`))
	if c.Usage == nil || *c.Usage != (llm.Usage{PromptTokens: 12, CompletionTokens: 3}) {
		t.Errorf("usage %+v", c.Usage)
	}
}

func TestFromWireCompletion(t *testing.T) {
	var w goopenai.ChatCompletionResponse
	js := `{"choices":[{"index":0,"message":{"role":"assistant","content":null,"reasoning_content":"r",
		"tool_calls":[{"id":"a","type":"function","function":{"name":"flows","arguments":""}}]},"finish_reason":"stop"}],
		"usage":{"prompt_tokens":5,"completion_tokens":2}}`
	if err := json.Unmarshal([]byte(js), &w); err != nil {
		t.Fatal(err)
	}
	r, err := fromWireCompletion(w)
	if err != nil {
		t.Fatal(err)
	}
	want := llm.Response{Message: llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: "a", Name: "flows", Arguments: "{}"}}},
		FinishReason: llm.FinishToolCalls, Usage: llm.Usage{PromptTokens: 5, CompletionTokens: 2}, Reasoning: "r"}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got %+v", r)
	}
	if _, err := fromWireCompletion(goopenai.ChatCompletionResponse{}); err == nil || !strings.Contains(err.Error(), "choices") {
		t.Errorf("no choices: %v", err)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := mustTime(t, "Mon, 02 Mar 2026 10:00:00 GMT")
	tests := []struct {
		h    map[string]string
		want string
		ok   bool
	}{
		{map[string]string{"Retry-After": "7"}, "7s", true},
		{map[string]string{"Retry-After": "0.5"}, "500ms", true},
		{map[string]string{"Retry-After": "Mon, 02 Mar 2026 10:00:30 GMT"}, "30s", true},
		{map[string]string{"Retry-After": "Mon, 02 Mar 2026 09:00:00 GMT"}, "0s", true},
		{map[string]string{"Retry-After-Ms": "250", "Retry-After": "1"}, "250ms", true},
		{map[string]string{"Retry-After": "soon"}, "0s", false},
		{map[string]string{}, "0s", false},
	}
	for _, tt := range tests {
		h := make(map[string][]string)
		for k, v := range tt.h {
			h[k] = []string{v}
		}
		d, ok := retryAfter(h, now)
		if d.String() != tt.want || ok != tt.ok {
			t.Errorf("%v: %s %v, want %s %v", tt.h, d, ok, tt.want, tt.ok)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := http.ParseTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
