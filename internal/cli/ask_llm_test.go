package cli

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/llm/llmtest"
)

// TestAskWithFakeLLM: `ask --llm openai` against a scripted
// OpenAI-compatible server; the model's one false figure is removed before
// the report is shown, its correct sentence kept.
func TestAskWithFakeLLM(t *testing.T) {
	home, _ := demoHome(t)
	srv := llmtest.NewServer(t, llmtest.Func(func(r llmtest.Request) llmtest.Turn {
		brief := r.Messages[1].Content
		m := regexp.MustCompile(`(?m)^(F\d+)\t1M return of 801740\.SI\t`).FindStringSubmatch(brief)
		if m == nil {
			return llmtest.Text("no facts")
		}
		return llmtest.Text(fmt.Sprintf("Defense & Aerospace returned {{%s}} over one month.\n\nIt will rise another 42.0%% by year end.", m[1]))
	}))
	r := run(t, home, "ask", "Why is the aerospace & defense sector leading the rally?", "--llm", "openai",
		"--base-url", srv.URL, "--model", "fake-model", "--format", "md")
	if r.code != 0 {
		t.Fatalf("ask --llm openai: %d %s", r.code, r.err)
	}
	if !strings.Contains(r.out, "Defense & Aerospace returned +13.8% over one month.") {
		t.Errorf("the model's correct sentence is missing:\n%.600s", r.out)
	}
	if strings.Contains(r.out, "42.0%") {
		t.Error("the false figure reached the report")
	}
	if !strings.Contains(r.err, "1 sentences removed") || !strings.Contains(r.out, "Model prose verifier") {
		t.Errorf("the removal is not reported:\n%s", r.err)
	}
	if len(srv.Requests()) != 1 || srv.Requests()[0].Model != "fake-model" {
		t.Errorf("requests: %+v", srv.Requests())
	}
}
