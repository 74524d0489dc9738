package llmtest

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sextant-ai/sextant/internal/llm"
)

// The OpenAI chat completions wire format, written here independently of
// the client library the adapter uses, so that the fake checks the adapter
// rather than agreeing with it by construction.

type wireRequest struct {
	Model         string        `json:"model"`
	Messages      []wireMessage `json:"messages"`
	Tools         []wireTool    `json:"tools"`
	Stream        bool          `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	MaxTokens           int      `json:"max_tokens"`
	MaxCompletionTokens int      `json:"max_completion_tokens"`
	Temperature         *float64 `json:"temperature"`
}

type wireMessage struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content,omitempty"` // a string, null, or an array of parts
	Name       string          `json:"name,omitempty"`
	ToolCallID string          `json:"tool_call_id,omitempty"`
	ToolCalls  []wireToolCall  `json:"tool_calls,omitempty"`
}

type wireToolCall struct {
	Index    *int   `json:"index,omitempty"`
	ID       string `json:"id,omitempty"`
	Type     string `json:"type,omitempty"`
	Function struct {
		Name      string `json:"name,omitempty"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

type wireTool struct {
	Type     string `json:"type"`
	Function struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Parameters  json.RawMessage `json:"parameters"`
	} `json:"function"`
}

// fromWire translates a request body into the neutral Request and checks it
// the way a strict server does: known roles, tool results answering a call
// the assistant made, function tools with names.
func fromWire(w wireRequest) (Request, error) {
	r := Request{Model: w.Model, Stream: w.Stream, Temperature: w.Temperature, MaxTokens: w.MaxTokens}
	if w.MaxCompletionTokens > 0 {
		r.MaxTokens = w.MaxCompletionTokens
	}
	r.IncludeUsage = w.StreamOptions != nil && w.StreamOptions.IncludeUsage
	if w.Model == "" {
		return r, fmt.Errorf("you must provide a model parameter")
	}
	if len(w.Messages) == 0 {
		return r, fmt.Errorf("'messages' must contain at least one message")
	}
	calls := map[string]bool{}
	for i, m := range w.Messages {
		content, err := contentText(m.Content)
		if err != nil {
			return r, fmt.Errorf("messages[%d].content: %v", i, err)
		}
		msg := llm.Message{Role: m.Role, Content: content, Name: m.Name, ToolCallID: m.ToolCallID}
		switch m.Role {
		case llm.RoleSystem, llm.RoleUser, "developer":
		case llm.RoleAssistant:
			for j, tc := range m.ToolCalls {
				if tc.Type != "function" || tc.ID == "" || tc.Function.Name == "" {
					return r, fmt.Errorf("messages[%d].tool_calls[%d]: needs type \"function\", an id and a function name", i, j)
				}
				calls[tc.ID] = true
				msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments})
			}
		case llm.RoleTool:
			if !calls[m.ToolCallID] {
				return r, fmt.Errorf("messages[%d]: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (tool_call_id %q)", i, m.ToolCallID)
			}
		default:
			return r, fmt.Errorf("messages[%d].role: %q is not one of system, user, assistant, tool", i, m.Role)
		}
		r.Messages = append(r.Messages, msg)
	}
	for i, t := range w.Tools {
		if t.Type != "function" || t.Function.Name == "" {
			return r, fmt.Errorf("tools[%d]: needs type \"function\" and a function name", i)
		}
		if len(t.Function.Parameters) > 0 && !json.Valid(t.Function.Parameters) {
			return r, fmt.Errorf("tools[%d].function.parameters is not JSON", i)
		}
		r.Tools = append(r.Tools, llm.Tool{Name: t.Function.Name, Description: t.Function.Description, Parameters: t.Function.Parameters})
	}
	return r, nil
}

// contentText reads a message content: a string, null, or text parts.
func contentText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", fmt.Errorf("neither a string nor an array of parts")
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String(), nil
}

// Answers.

type wireChunk struct {
	ID      string        `json:"id"`
	Object  string        `json:"object"`
	Created int64         `json:"created"`
	Model   string        `json:"model"`
	Choices []chunkChoice `json:"choices"`
	Usage   *wireUsage    `json:"usage,omitempty"`
}

type chunkChoice struct {
	Index        int        `json:"index"`
	Delta        chunkDelta `json:"delta"`
	FinishReason *string    `json:"finish_reason"`
}

type chunkDelta struct {
	Role             string         `json:"role,omitempty"`
	Content          *string        `json:"content,omitempty"`
	ReasoningContent string         `json:"reasoning_content,omitempty"`
	ToolCalls        []wireToolCall `json:"tool_calls,omitempty"`
}

type wireUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

type wireCompletion struct {
	ID      string             `json:"id"`
	Object  string             `json:"object"`
	Created int64              `json:"created"`
	Model   string             `json:"model"`
	Choices []completionChoice `json:"choices"`
	Usage   wireUsage          `json:"usage"`
}

type completionChoice struct {
	Index        int               `json:"index"`
	Message      completionMessage `json:"message"`
	FinishReason string            `json:"finish_reason"`
}

type completionMessage struct {
	Role             string         `json:"role"`
	Content          *string        `json:"content"`
	ReasoningContent string         `json:"reasoning_content,omitempty"`
	ToolCalls        []wireToolCall `json:"tool_calls,omitempty"`
}

// completion is the non-streamed answer to a request.
func completion(a *answer, model string) []byte {
	m := completionMessage{Role: llm.RoleAssistant, ReasoningContent: a.reasoning}
	if a.content != "" || len(a.calls) == 0 {
		s := a.content
		m.Content = &s
	}
	for _, tc := range a.calls {
		var w wireToolCall
		w.ID, w.Type, w.Function.Name, w.Function.Arguments = tc.ID, "function", tc.Name, tc.Arguments
		m.ToolCalls = append(m.ToolCalls, w)
	}
	c := wireCompletion{ID: "chatcmpl-llmtest", Object: "chat.completion", Created: created, Model: model,
		Choices: []completionChoice{{Message: m, FinishReason: a.finishReason()}}, Usage: a.usage}
	b, _ := json.Marshal(c)
	return b
}

// created is the fixed timestamp of every answer: 2026-03-02T10:00:00Z.
const created = 1772445600

// chunks splits an answer into stream chunks (the data of each SSE event,
// without [DONE]): the role, reasoning and text in small pieces, then the
// tool calls with their arguments split and the calls interleaved, then,
// when finish is true, the finish reason and the usage when the request
// asked for it.
func chunks(a *answer, model string, finish, includeUsage bool) []string {
	var out []string
	add := func(d chunkDelta, finish *string) {
		c := wireChunk{ID: "chatcmpl-llmtest", Object: "chat.completion.chunk", Created: created, Model: model,
			Choices: []chunkChoice{{Delta: d, FinishReason: finish}}}
		b, _ := json.Marshal(c)
		out = append(out, string(b))
	}
	empty := ""
	add(chunkDelta{Role: llm.RoleAssistant, Content: &empty}, nil)
	for _, p := range split(a.reasoning, a.size) {
		add(chunkDelta{ReasoningContent: p}, nil)
	}
	for _, p := range split(a.content, a.size) {
		add(chunkDelta{Content: &p}, nil)
	}
	// Parallel calls: the head of each call (id, name, first piece) in
	// index order, interleaved with the remaining pieces of earlier calls.
	pieces := make([][]string, len(a.calls))
	for i, tc := range a.calls {
		pieces[i] = split(tc.Arguments, a.size)
		if len(pieces[i]) == 0 {
			pieces[i] = []string{""}
		}
	}
	for round := 0; ; round++ {
		sent := false
		for i, tc := range a.calls {
			if round >= len(pieces[i]) {
				continue
			}
			idx := i
			w := wireToolCall{Index: &idx}
			w.Function.Arguments = pieces[i][round]
			if round == 0 {
				w.ID, w.Type, w.Function.Name = tc.ID, "function", tc.Name
			}
			add(chunkDelta{ToolCalls: []wireToolCall{w}}, nil)
			sent = true
		}
		if !sent {
			break
		}
	}
	if !finish {
		return out
	}
	reason := a.finishReason()
	add(chunkDelta{}, &reason)
	if includeUsage {
		u := a.usage
		b, _ := json.Marshal(wireChunk{ID: "chatcmpl-llmtest", Object: "chat.completion.chunk", Created: created, Model: model,
			Choices: []chunkChoice{}, Usage: &u})
		out = append(out, string(b))
	}
	return out
}

// split cuts s into pieces of at most n runes (n < 1 means 3).
func split(s string, n int) []string {
	if n < 1 {
		n = 3
	}
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(n, len(r))
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}

// errorBody is an OpenAI-style error object.
func errorBody(message, typ string, code any) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": message, "type": typ, "param": nil, "code": code}})
	return string(b)
}
