package llmtest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/sextant-ai/sextant/internal/llm"
)

// fakeT records the failures the server reports instead of failing.
type fakeT struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}
func (f *fakeT) Failed() bool      { f.mu.Lock(); defer f.mu.Unlock(); return len(f.errs) > 0 }
func (f *fakeT) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) errors() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.errs...)
}
func (f *fakeT) finish() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

// reply is a response read whole.
type reply struct {
	StatusCode int
	Header     http.Header
}

func post(t *testing.T, url, key, body string) (reply, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/chat/completions", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header}, string(b)
}

// events splits an SSE body into the data of its events.
func events(body string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			out = append(out, d)
		}
	}
	return out
}

type chunkJSON struct {
	Choices []struct {
		Delta struct {
			Content   *string `json:"content"`
			ToolCalls []struct {
				Index    int    `json:"index"`
				ID       string `json:"id"`
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens int `json:"prompt_tokens"`
	} `json:"usage"`
}

const streamReq = `{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"q"}]}`

func TestStreamedText(t *testing.T) {
	s := NewServer(t, Text("国防军工 leads.").WithUsage(9, 4))
	resp, body := post(t, s.URL, "sk-abc", streamReq)
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	ev := events(body)
	if ev[len(ev)-1] != "[DONE]" {
		t.Fatalf("last event %q", ev[len(ev)-1])
	}
	var text strings.Builder
	var finish string
	var usage int
	for _, e := range ev[:len(ev)-1] {
		var c chunkJSON
		if err := json.Unmarshal([]byte(e), &c); err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		if c.Usage != nil {
			usage = c.Usage.PromptTokens
		}
		for _, ch := range c.Choices {
			if ch.Delta.Content != nil {
				text.WriteString(*ch.Delta.Content)
			}
			if ch.FinishReason != nil {
				finish = *ch.FinishReason
			}
		}
	}
	if text.String() != "国防军工 leads." || finish != "stop" || usage != 9 || len(ev) != 1+4+1+1+1 {
		t.Errorf("text %q finish %q usage %d events %d", text.String(), finish, usage, len(ev))
	}
	r := s.Requests()[0]
	if !r.SentKey("sk-abc") || r.SentKey("sk-other") || r.Header.Get("Authorization") != "Bearer [redacted]" || r.Model != "m" || !r.IncludeUsage {
		t.Errorf("recorded %+v", r)
	}
}

func TestStreamedToolCalls(t *testing.T) {
	s := NewServer(t, ToolCalls(llm.ToolCall{ID: "a", Name: "f", Arguments: `{"x":12345}`}, llm.ToolCall{ID: "b", Name: "g", Arguments: `{}`}))
	_, body := post(t, s.URL, "", streamReq)
	args := map[int]string{}
	var order []int
	for _, e := range events(body) {
		var c chunkJSON
		if json.Unmarshal([]byte(e), &c) != nil {
			continue
		}
		for _, ch := range c.Choices {
			for _, tc := range ch.Delta.ToolCalls {
				args[tc.Index] += tc.Function.Arguments
				order = append(order, tc.Index)
			}
		}
	}
	if args[0] != `{"x":12345}` || args[1] != `{}` || fmt.Sprint(order) != "[0 1 0 0 0]" {
		t.Errorf("args %v order %v", args, order)
	}
	if r := s.Requests()[0]; r.hasKey {
		t.Error("no key was sent")
	}
}

func TestWholeAnswerAndErrors(t *testing.T) {
	s := NewServer(t, Text("plain"), RateLimited("3"), HTMLPage(502), Truncated("cut short here"))
	resp, body := post(t, s.URL, "", `{"model":"m","messages":[{"role":"user","content":"q"}]}`)
	if resp.Header.Get("Content-Type") != "application/json" || !strings.Contains(body, `"content":"plain"`) || !strings.Contains(body, `"finish_reason":"stop"`) {
		t.Errorf("whole answer %s", body)
	}
	resp, body = post(t, s.URL, "", streamReq)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" || !strings.Contains(body, "rate_limit_exceeded") {
		t.Errorf("429: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	resp, body = post(t, s.URL, "", streamReq)
	if resp.StatusCode != 502 || !strings.Contains(body, "<title>502 Bad Gateway</title>") {
		t.Errorf("html: %d %s", resp.StatusCode, body)
	}
	_, body = post(t, s.URL, "", streamReq)
	if strings.Contains(body, "[DONE]") || strings.Contains(body, "finish_reason\":\"") || strings.HasSuffix(body, "\n\n") {
		t.Errorf("truncated stream looks complete: %s", body)
	}
}

func TestFuncDecidesFromToolResults(t *testing.T) {
	s := NewServer(t, Func(func(r Request) Turn {
		res, _ := r.ToolResult("flows")
		return Text("flows said " + res)
	}))
	body := `{"model":"m","messages":[{"role":"user","content":"q"},
		{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"flows","arguments":"{}"}}]},
		{"role":"tool","tool_call_id":"c1","content":"+1.2bn"}]}`
	_, out := post(t, s.URL, "", body)
	if !strings.Contains(out, "flows said +1.2bn") {
		t.Errorf("%s", out)
	}
}

func TestFailsTheTest(t *testing.T) {
	ft := &fakeT{TB: t}
	s := NewServer(ft, Text("one"), Text("never asked"))
	post(t, s.URL, "", streamReq)
	// A tool message answering no call is rejected as a real server does.
	resp, _ := post(t, s.URL, "", `{"model":"m","messages":[{"role":"user","content":"q"},{"role":"tool","tool_call_id":"zz","content":"x"}]}`)
	if resp.StatusCode != 400 {
		t.Errorf("invalid request: status %d", resp.StatusCode)
	}
	ft.finish()
	errs := ft.errors()
	if len(errs) != 1 || !strings.Contains(errs[0], "must be a response to a preceding message with 'tool_calls'") {
		t.Errorf("errors %q", errs)
	}

	ft = &fakeT{TB: t}
	s = NewServer(ft, Text("one"))
	post(t, s.URL, "", streamReq)
	resp, _ = post(t, s.URL, "", streamReq)
	ft.finish()
	if errs := ft.errors(); resp.StatusCode != 400 || len(errs) != 1 || !strings.Contains(errs[0], "unexpected request 2: the script has 1 turns") {
		t.Errorf("extra request: %d %q", resp.StatusCode, errs)
	}

	ft = &fakeT{TB: t}
	NewServer(ft, Text("one"), Text("two"))
	ft.finish()
	if errs := ft.errors(); len(errs) != 1 || !strings.Contains(errs[0], "2 of 2 scripted turns were never requested") {
		t.Errorf("unused turns: %q", errs)
	}
}
