package cli

import (
	"strings"
	"testing"
)

// TestAskOffline: the question in both languages answers with the
// verified sector report; progress goes to standard error.
func TestAskOffline(t *testing.T) {
	home, _ := demoHome(t)
	for _, c := range []struct{ q, want string }{
		{"Why is the aerospace & defense sector leading the rally, and is the sector rotation sustainable?", "Base rate:"},
		{"军工板块领涨的驱动因素是什么？板块轮动能否持续？", "基准概率"},
	} {
		r := run(t, home, "ask", c.q, "--format", "md")
		if r.code != 0 || !strings.Contains(r.out, "# "+c.q) || !strings.Contains(r.out, c.want) || !strings.Contains(r.out, "801740") {
			t.Errorf("ask %q: %d\n%.400s\n%s", c.q, r.code, r.out, r.err)
		}
		for _, want := range []string{"· plan: sector report", "· verified:"} {
			if !strings.Contains(r.err, want) {
				t.Errorf("ask %q: progress lacks %q:\n%s", c.q, want, r.err)
			}
		}
	}
	if r := run(t, home, "ask", "how is defense doing", "--llm", "gpt"); r.code != 2 || !strings.Contains(r.err, "--llm") {
		t.Errorf("--llm gpt: %d %q", r.code, r.err)
	}
	if r := run(t, home, "ask", "how is defense doing", "--llm", "openai", "--base-url", "http://example.com/v1", "--model", "m"); r.code != 2 || !strings.Contains(r.err, "https") {
		t.Errorf("plain http to a public host: %d %q", r.code, r.err)
	}
}

// TestChatFollowUp: a three-turn conversation; the follow-up keeps the
// intent and switches the sector.
func TestChatFollowUp(t *testing.T) {
	home, _ := demoHome(t)
	in := "Why is the defense sector leading the rally?\nand what about computers?\n军工板块的资金流向如何？\nexit\n"
	r := runInput(t, home, in, "chat", "--format", "md", "--quiet")
	if r.code != 0 {
		t.Fatalf("chat: %d %s", r.code, r.err)
	}
	answers := strings.Split(r.out, "\n› ")
	if len(answers) < 4 {
		t.Fatalf("%d prompts in the output:\n%.500s", len(answers), r.out)
	}
	for i, want := range []string{"801740", "801750", "801740"} {
		if !strings.Contains(answers[i+1], want) || !strings.Contains(answers[i+1], "DEMO") {
			t.Errorf("turn %d lacks %s:\n%.300s", i+1, want, answers[i+1])
		}
	}
	if !strings.Contains(answers[2], "Why is the defense sector") && !strings.Contains(answers[2], "computers") {
		t.Errorf("turn 2 title: %.200s", answers[2])
	}
}
