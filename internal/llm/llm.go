package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Roles of the messages in a conversation.
const (
	RoleSystem    = "system"    // instructions from Sextant
	RoleUser      = "user"      // the user's question
	RoleAssistant = "assistant" // the model's answer, possibly with tool calls
	RoleTool      = "tool"      // the result of one tool call, answering ToolCallID
)

// Message is one turn of a conversation.
type Message struct {
	Role    string
	Content string
	// ToolCalls are the calls an assistant message asks for, in order.
	ToolCalls []ToolCall
	// ToolCallID is, on a tool message, the id of the call it answers.
	ToolCallID string
	// Name optionally names the author (a tool's name on a tool message).
	Name string
}

// Tool is a function the model may call.
type Tool struct {
	Name        string
	Description string
	// Parameters is the JSON schema of the arguments object
	// ({"type":"object","properties":{...},"required":[...]}).
	Parameters json.RawMessage
}

// ToolCall is one call the model asks for.
type ToolCall struct {
	ID   string // chosen by the model's server; a tool message answers it
	Name string
	// Arguments is the JSON object the model wrote, as text. It is the
	// model's output: callers validate it against the tool's schema.
	Arguments string
}

// Request is one question to the model.
type Request struct {
	Model    string // empty: the client's configured model
	Messages []Message
	Tools    []Tool
	// Temperature is the sampling temperature; nil leaves the client's
	// default (and then the server's).
	Temperature *float64
	// MaxTokens is the token budget of the answer; 0 uses the client's.
	MaxTokens int
}

// Delta is one fragment of an answer as it is written.
type Delta struct {
	Content string // text to append to the answer
	// Reasoning is text from a reasoning model's thinking
	// (reasoning_content); it is not part of the answer.
	Reasoning string
	// ToolCalls are fragments of tool calls, keyed by Index.
	ToolCalls []ToolCallDelta
}

// ToolCallDelta is a fragment of the tool call at position Index of the
// answer. The first fragment of a call carries its ID and Name; every
// fragment may carry a piece of its Arguments, to be concatenated in order.
// Fragments of parallel calls may interleave.
type ToolCallDelta struct {
	Index     int
	ID        string
	Name      string
	Arguments string
}

// FinishReason says why the model stopped.
type FinishReason string

// Finish reasons.
const (
	FinishStop          FinishReason = "stop"           // the answer is complete
	FinishLength        FinishReason = "length"         // the token budget ran out: the answer is cut
	FinishToolCalls     FinishReason = "tool_calls"     // the model waits for the results of its tool calls
	FinishContentFilter FinishReason = "content_filter" // the server withheld content
)

// Usage counts the tokens of one request.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}

// Response is a complete answer.
type Response struct {
	// Message is the assistant message: the whole text and the complete
	// tool calls in order.
	Message      Message
	FinishReason FinishReason
	Usage        Usage
	// Reasoning is a reasoning model's thinking, when its server sends it
	// separately; it is never part of Message.
	Reasoning string
}

// Client talks to a language model.
type Client interface {
	// Chat sends req and streams the answer through onDelta, in order, then
	// returns the assembled answer. An error from onDelta stops the answer
	// and is returned unchanged. A nil onDelta asks for the answer at once.
	Chat(ctx context.Context, req Request, onDelta func(Delta) error) (Response, error)
}

// Assembler builds the final assistant message from a stream of deltas.
// The zero value is ready to use.
type Assembler struct {
	content   strings.Builder
	reasoning strings.Builder
	calls     []ToolCall
	seen      []bool
}

// maxToolCalls bounds the index of a tool call, so that a corrupt index
// cannot make the assembler allocate without limit.
const maxToolCalls = 256

// Add appends d. It fails on an impossible tool-call index, naming it.
func (a *Assembler) Add(d Delta) error {
	a.content.WriteString(d.Content)
	a.reasoning.WriteString(d.Reasoning)
	for _, tc := range d.ToolCalls {
		if tc.Index < 0 || tc.Index >= maxToolCalls {
			return fmt.Errorf("tool_calls[].index %d is out of range [0, %d)", tc.Index, maxToolCalls)
		}
		for len(a.calls) <= tc.Index {
			a.calls = append(a.calls, ToolCall{})
			a.seen = append(a.seen, false)
		}
		c := &a.calls[tc.Index]
		a.seen[tc.Index] = true
		if tc.ID != "" {
			c.ID = tc.ID
		}
		if tc.Name != "" {
			c.Name = tc.Name
		}
		c.Arguments += tc.Arguments
	}
	return nil
}

// Content returns the text assembled so far.
func (a *Assembler) Content() string { return a.content.String() }

// Reasoning returns the reasoning text assembled so far.
func (a *Assembler) Reasoning() string { return a.reasoning.String() }

// Message returns the assistant message. Every tool call must have a name,
// and the indexes must have no gaps; a call without arguments gets "{}",
// and one without an id (some local servers send none) gets "call_INDEX",
// so that a tool message can answer it.
func (a *Assembler) Message() (Message, error) {
	m := Message{Role: RoleAssistant, Content: a.content.String()}
	for i, c := range a.calls {
		if !a.seen[i] {
			return m, fmt.Errorf("tool_calls[%d] is missing: the stream skipped that index", i)
		}
		if c.Name == "" {
			return m, fmt.Errorf("tool_calls[%d].function.name is missing", i)
		}
		if strings.TrimSpace(c.Arguments) == "" {
			c.Arguments = "{}"
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("call_%d", i)
		}
		m.ToolCalls = append(m.ToolCalls, c)
	}
	return m, nil
}
