package openai

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/sextant-ai/sextant/internal/llm"
)

// defaults are what toWire fills in when a request leaves them out.
type defaults struct {
	Model       string
	MaxTokens   int
	Temperature *float64
}

// emptySchema is the parameters schema of a tool that takes no arguments;
// some servers reject "parameters": null.
var emptySchema = json.RawMessage(`{"type":"object","properties":{}}`)

// toWire translates a neutral request into the wire request. It rejects
// what no server would accept (an unknown role, a tool result that names
// no call, a schema that is not JSON), naming the field.
func toWire(req llm.Request, stream bool, def defaults) (goopenai.ChatCompletionRequest, error) {
	w := goopenai.ChatCompletionRequest{Model: req.Model}
	if w.Model == "" {
		w.Model = def.Model
	}
	if w.Model == "" {
		return w, fmt.Errorf("model: no model in the request or the configuration")
	}
	if len(req.Messages) == 0 {
		return w, fmt.Errorf("messages: a request needs at least one message")
	}
	for i, m := range req.Messages {
		wm := goopenai.ChatCompletionMessage{Role: m.Role, Content: m.Content, Name: m.Name, ToolCallID: m.ToolCallID}
		switch m.Role {
		case llm.RoleSystem, llm.RoleUser:
		case llm.RoleAssistant:
			for j, tc := range m.ToolCalls {
				if tc.ID == "" || tc.Name == "" {
					return w, fmt.Errorf("messages[%d].tool_calls[%d]: a tool call needs an id and a name", i, j)
				}
				args := tc.Arguments
				if strings.TrimSpace(args) == "" {
					args = "{}"
				}
				wm.ToolCalls = append(wm.ToolCalls, goopenai.ToolCall{ID: tc.ID, Type: goopenai.ToolTypeFunction,
					Function: goopenai.FunctionCall{Name: tc.Name, Arguments: args}})
			}
		case llm.RoleTool:
			if m.ToolCallID == "" {
				return w, fmt.Errorf("messages[%d].tool_call_id: a tool message must name the call it answers", i)
			}
		default:
			return w, fmt.Errorf("messages[%d].role: %q is not one of system, user, assistant, tool", i, m.Role)
		}
		w.Messages = append(w.Messages, wm)
	}
	for i, t := range req.Tools {
		if t.Name == "" {
			return w, fmt.Errorf("tools[%d].name is empty", i)
		}
		params := t.Parameters
		if len(params) == 0 {
			params = emptySchema
		} else if !json.Valid(params) {
			return w, fmt.Errorf("tools[%d] (%s).parameters is not valid JSON", i, t.Name)
		}
		w.Tools = append(w.Tools, goopenai.Tool{Type: goopenai.ToolTypeFunction, Function: &goopenai.FunctionDefinition{
			Name: t.Name, Description: t.Description, Parameters: params}})
	}

	budget := req.MaxTokens
	if budget <= 0 {
		budget = def.MaxTokens
	}
	temp := req.Temperature
	if temp == nil {
		temp = def.Temperature
	}
	if reasoningModel(w.Model) {
		// OpenAI's reasoning models take max_completion_tokens and refuse a
		// temperature other than the default.
		w.MaxCompletionTokens = budget
	} else {
		w.MaxTokens = budget //nolint:staticcheck // deprecated by OpenAI, but max_tokens is what every compatible server reads
		if temp != nil {
			// The library drops a zero temperature (omitempty); the smallest
			// positive float32 asks for greedy decoding instead.
			w.Temperature = max(float32(*temp), math.SmallestNonzeroFloat32)
		}
	}
	if stream {
		w.StreamOptions = &goopenai.StreamOptions{IncludeUsage: true}
	}
	return w, nil
}

// reasoningModel reports whether model is one of OpenAI's reasoning models,
// which the library validates differently.
func reasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// chunk is what one stream event contributes to the answer.
type chunk struct {
	Delta  llm.Delta
	Finish llm.FinishReason // "" until the last chunk
	Usage  *llm.Usage
}

// indexer gives every tool call a stable position in the answer. Servers
// mostly number parallel calls 0, 1, 2 on every fragment; some omit the
// index (older Ollama) or number every call 0 and tell them apart by id. A
// fragment with a new id therefore starts a new call; one without an id
// continues the call its index (or, without an index, the latest call)
// feeds.
type indexer struct {
	byWire map[int]int // wire index → position of the call it feeds
	ids    []string    // position → id
	last   int
}

func (x *indexer) position(wireIndex *int, id string) int {
	cur, ok := -1, false
	if wireIndex != nil {
		cur, ok = x.byWire[*wireIndex]
	} else if len(x.ids) > 0 {
		cur, ok = x.last, true
	}
	if !ok || id != "" && x.ids[cur] != "" && x.ids[cur] != id {
		cur = len(x.ids)
		x.ids = append(x.ids, id)
		if x.byWire == nil {
			x.byWire = map[int]int{}
		}
		if wireIndex != nil {
			x.byWire[*wireIndex] = cur
		}
	} else if id != "" {
		x.ids[cur] = id
	}
	x.last = cur
	return cur
}

// fromWireChunk translates one stream event. Only the first choice counts
// (Sextant never asks for several).
func (x *indexer) fromWireChunk(w goopenai.ChatCompletionStreamResponse) chunk {
	var c chunk
	if w.Usage != nil {
		c.Usage = &llm.Usage{PromptTokens: w.Usage.PromptTokens, CompletionTokens: w.Usage.CompletionTokens}
	}
	for _, ch := range w.Choices {
		if ch.Index != 0 {
			continue
		}
		d := ch.Delta
		c.Delta.Content = d.Content + d.Refusal
		c.Delta.Reasoning = d.ReasoningContent
		for _, tc := range d.ToolCalls {
			c.Delta.ToolCalls = append(c.Delta.ToolCalls, llm.ToolCallDelta{
				Index: x.position(tc.Index, tc.ID), ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments})
		}
		c.Finish = finishFromWire(ch.FinishReason)
	}
	return c
}

// fromWireCompletion translates a non-streamed answer.
func fromWireCompletion(w goopenai.ChatCompletionResponse) (llm.Response, error) {
	var r llm.Response
	r.Usage = llm.Usage{PromptTokens: w.Usage.PromptTokens, CompletionTokens: w.Usage.CompletionTokens}
	if len(w.Choices) == 0 {
		return r, fmt.Errorf("choices: the answer has none")
	}
	m := w.Choices[0].Message
	var a llm.Assembler
	d := llm.Delta{Content: m.Content + m.Refusal, Reasoning: m.ReasoningContent}
	for i, tc := range m.ToolCalls {
		d.ToolCalls = append(d.ToolCalls, llm.ToolCallDelta{Index: i, ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments})
	}
	if err := a.Add(d); err != nil {
		return r, err
	}
	msg, err := a.Message()
	if err != nil {
		return r, err
	}
	r.Message, r.Reasoning = msg, a.Reasoning()
	r.FinishReason = finish(finishFromWire(w.Choices[0].FinishReason), msg)
	if r.FinishReason == "" {
		return r, fmt.Errorf("choices[0].finish_reason is missing")
	}
	return r, nil
}

// finishFromWire maps the wire's finish reasons (including the legacy
// function_call) to the neutral ones; other values pass through.
func finishFromWire(f goopenai.FinishReason) llm.FinishReason {
	switch f {
	case goopenai.FinishReasonFunctionCall:
		return llm.FinishToolCalls
	case goopenai.FinishReasonNull:
		return ""
	}
	return llm.FinishReason(f)
}

// finish settles the finish reason of a complete message: a message with
// tool calls that the server says simply stopped (Ollama, vLLM and
// llama.cpp often say "stop") waits for their results.
func finish(f llm.FinishReason, m llm.Message) llm.FinishReason {
	if f == llm.FinishStop && len(m.ToolCalls) > 0 {
		return llm.FinishToolCalls
	}
	return f
}
