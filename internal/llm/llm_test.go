package llm

import (
	"reflect"
	"strings"
	"testing"
)

func TestAssembler(t *testing.T) {
	tests := []struct {
		name    string
		deltas  []Delta
		want    Message
		reason  string
		wantErr string
	}{
		{
			name:   "text in pieces",
			deltas: []Delta{{Content: "Def"}, {Content: "ense "}, {Reasoning: "think"}, {Content: "leads."}},
			want:   Message{Role: RoleAssistant, Content: "Defense leads."},
			reason: "think",
		},
		{
			name: "parallel calls interleaved, arguments split",
			deltas: []Delta{
				{ToolCalls: []ToolCallDelta{{Index: 0, ID: "a", Name: "rotation", Arguments: `{"sec`}}},
				{ToolCalls: []ToolCallDelta{{Index: 1, ID: "b", Name: "flows"}}},
				{ToolCalls: []ToolCallDelta{{Index: 1, Arguments: `{"days":`}, {Index: 0, Arguments: `tor":"801740"}`}}},
				{ToolCalls: []ToolCallDelta{{Index: 1, Arguments: `20}`}}},
			},
			want: Message{Role: RoleAssistant, ToolCalls: []ToolCall{
				{ID: "a", Name: "rotation", Arguments: `{"sector":"801740"}`},
				{ID: "b", Name: "flows", Arguments: `{"days":20}`},
			}},
		},
		{
			name:   "no arguments and no id",
			deltas: []Delta{{Content: "ok"}, {ToolCalls: []ToolCallDelta{{Index: 0, Name: "market_overview"}}}},
			want:   Message{Role: RoleAssistant, Content: "ok", ToolCalls: []ToolCall{{ID: "call_0", Name: "market_overview", Arguments: "{}"}}},
		},
		{
			name:    "call without a name",
			deltas:  []Delta{{ToolCalls: []ToolCallDelta{{Index: 0, ID: "a", Arguments: "{}"}}}},
			wantErr: "tool_calls[0].function.name is missing",
		},
		{
			name:    "gap in indexes",
			deltas:  []Delta{{ToolCalls: []ToolCallDelta{{Index: 1, ID: "a", Name: "x"}}}},
			wantErr: "tool_calls[0] is missing",
		},
		{
			name:    "negative index",
			deltas:  []Delta{{ToolCalls: []ToolCallDelta{{Index: -1, Name: "x"}}}},
			wantErr: "index -1 is out of range",
		},
		{
			name:    "huge index",
			deltas:  []Delta{{ToolCalls: []ToolCallDelta{{Index: 1 << 30, Name: "x"}}}},
			wantErr: "out of range",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a Assembler
			var err error
			for _, d := range tt.deltas {
				if err = a.Add(d); err != nil {
					break
				}
			}
			var got Message
			if err == nil {
				got, err = a.Message()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("message\n got %+v\nwant %+v", got, tt.want)
			}
			if a.Reasoning() != tt.reason {
				t.Errorf("reasoning = %q, want %q", a.Reasoning(), tt.reason)
			}
		})
	}
}
