package copilot

import (
	"time"

	"github.com/sextant-ai/sextant/internal/copilot/understand"
	"github.com/sextant-ai/sextant/internal/report"
)

// Event kinds, in the order an answer produces them.
const (
	EventUnderstood = "understood" // the question's language, entities, intents, time
	EventClarify    = "clarify"    // an ambiguity the caller should ask back about (chat)
	EventPlan       = "plan"       // the plan: report kind and tool calls
	EventToolStart  = "tool_start"
	EventToolEnd    = "tool_end"
	EventText       = "text"   // a delta of model prose (unverified: for progress only)
	EventVerify     = "verify" // the verifier's result
	EventReport     = "report" // the final, verified report
)

// Event is one step of an answer.
type Event struct {
	Kind          string                    `json:"kind"`
	Understanding *understand.Understanding `json:"understanding,omitempty"`
	Question      string                    `json:"question,omitempty"` // clarify: the question back
	Plan          *Plan                     `json:"plan,omitempty"`
	Tool          *ToolEvent                `json:"tool,omitempty"`
	Text          string                    `json:"text,omitempty"`
	Verify        *report.Verification      `json:"verify,omitempty"`
	Report        *report.Report            `json:"report,omitempty"`
}

// ToolEvent is a tool call starting or ending.
type ToolEvent struct {
	Name     string        `json:"name"`
	Args     string        `json:"args,omitempty"` // JSON
	By       string        `json:"by"`             // plan or model
	Duration time.Duration `json:"duration,omitempty"`
	Error    string        `json:"error,omitempty"`
	Refused  bool          `json:"refused,omitempty"` // outside the question's scope
}

// Sink receives events; an error from it stops the answer (the caller has
// gone away).
type Sink func(Event) error

// discard is the sink of callers that want only the answer.
func discard(Event) error { return nil }
