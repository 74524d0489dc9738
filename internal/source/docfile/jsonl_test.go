package docfile

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/research"
)

func TestReadJSONL(t *testing.T) {
	o := DefaultOptions()
	o.Publisher = "Default Desk"
	docs, notes, err := ReadJSONL(context.Background(), "testdata/documents.jsonl", o)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	zh, en := docs[0], docs[1]
	checks := []struct{ what, got, want string }{
		{"zh title", zh.Title, "军工板块订单饱满"},
		{"zh date", zh.PublishedAt.Format("2006-01-02"), "2025-03-01"},
		{"zh language", zh.Language, "zh"},
		{"zh kind", string(zh.Kind), "news"},
		{"zh publisher", zh.Publisher, "示例财经"},
		{"zh url", zh.URL, "https://news.example.com/a/1"},
		{"zh symbols", joinSymbols(zh.Symbols), "600118.SH 600879.SH"},
		{"zh sectors", fmt.Sprint(zh.Sectors), "[sw2021:801740]"},
		{"zh passages", fmt.Sprint(len(zh.Passages)), "1"},
		{"zh first passage", zh.Passages[0].Text, "多家军工企业披露新签合同，合同负债同比增长，显示下游需求旺盛。\n\n航天装备环节的交付节奏有望加快。"},
		{"zh source", zh.Source + " " + zh.Origin, "jsonl testdata/documents.jsonl"},
		{"en title", en.Title, "Launch costs keep falling"},
		{"en date", en.PublishedAt.Format("2006-01-02 15:04"), "2025-03-02 09:30"},
		{"en language", en.Language, "en"},
		{"en detected", research.DetectLanguage(en.Body), "en"},
		{"en kind (default)", string(en.Kind), "research"},
		{"en publisher (default)", en.Publisher, "Default Desk"},
		{"en passages", fmt.Sprint(len(en.Passages)), "1"},
		{"en first passage", en.Passages[0].Text, "Reusable boosters cut the cost per kilogram to orbit again this quarter, operators said."},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	want := "testdata/documents.jsonl:4: same text as line 3 (" + en.ID + "); skipped"
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes = %q, want [%q]", notes, want)
	}
}

func TestParseJSONLErrors(t *testing.T) {
	good := `{"title":"t","body":"b","published_at":"2025-01-01"}`
	tests := []struct{ name, line, want string }{
		{"unknown kind", `{"title":"t","body":"b","published_at":"2025-01-01","kind":"rumour"}`, `f.jsonl:2: unknown document kind "rumour"`},
		{"bad date", `{"title":"t","body":"b","published_at":"01/02/2025"}`, `f.jsonl:2: published_at "01/02/2025": want RFC 3339`},
		{"no date", `{"title":"t","body":"b"}`, `f.jsonl:2: no published_at`},
		{"empty body", `{"title":"t","body":"  \n ","published_at":"2025-01-01"}`, `f.jsonl:2: empty body`},
		{"no title", `{"body":"b","published_at":"2025-01-01"}`, `f.jsonl:2: no title`},
		{"bad symbol", `{"title":"t","body":"b","published_at":"2025-01-01","symbols":["XLK"]}`, `f.jsonl:2: symbols: symbol "XLK" has no venue`},
		{"bad sector", `{"title":"t","body":"b","published_at":"2025-01-01","sectors":["801740"]}`, `f.jsonl:2: sectors: sector reference "801740"`},
		{"bad url", `{"title":"t","body":"b","published_at":"2025-01-01","url":"ftp://x"}`, `f.jsonl:2: url "ftp://x" is not an http(s) URL`},
		{"bad language", `{"title":"t","body":"b","published_at":"2025-01-01","language":"??"}`, `f.jsonl:2: language "??"`},
		{"wrong type", `{"title":"t","body":"b","published_at":"2025-01-01","symbols":"600519.SH"}`, `f.jsonl:2: bad JSON: json: cannot unmarshal string`},
		{"not an object", `["t"]`, `f.jsonl:2: not a JSON object`},
		{"broken json", `{"title":`, `f.jsonl:2: bad JSON`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, notes, err := ParseJSONL(context.Background(), strings.NewReader(good+"\n"+tc.line+"\n"), "f.jsonl", DefaultOptions())
			if err == nil {
				t.Fatal("no error")
			}
			if docs != nil || notes != nil {
				t.Errorf("returned %d docs with the error", len(docs))
			}
			if sextant.ErrorCode(err) != sextant.EINVALID || !strings.HasPrefix(sextant.ErrorMessage(err), tc.want) {
				t.Errorf("err = %q (%s), want prefix %q", sextant.ErrorMessage(err), sextant.ErrorCode(err), tc.want)
			}
		})
	}
}

func TestParseJSONLManyErrors(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 25; i++ {
		b.WriteString(`{"title":"t","body":"b","published_at":"never"}` + "\n")
	}
	_, _, err := ParseJSONL(context.Background(), strings.NewReader(b.String()), "f.jsonl", DefaultOptions())
	msg := sextant.ErrorMessage(err)
	if !strings.HasPrefix(msg, "f.jsonl: 25 bad lines (first 20 shown); nothing read:\nf.jsonl:1: published_at") {
		t.Fatalf("err = %q", msg)
	}
	if n := strings.Count(msg, "\nf.jsonl:"); n != 20 {
		t.Errorf("%d errors shown, want 20", n)
	}
	if !strings.Contains(msg, "f.jsonl:20: ") || strings.Contains(msg, "f.jsonl:21: ") {
		t.Errorf("wrong lines shown: %q", msg)
	}
}

func TestReadJSONLMissing(t *testing.T) {
	_, _, err := ReadJSONL(context.Background(), "testdata/nope.jsonl", DefaultOptions())
	if sextant.ErrorCode(err) != sextant.ENOTFOUND {
		t.Errorf("err = %v, want ENOTFOUND", err)
	}
}

func TestParseJSONLLongLine(t *testing.T) {
	line := `{"title":"t","published_at":"2025-01-01","body":"` + strings.Repeat("x", maxJSONLLine) + `"}`
	_, _, err := ParseJSONL(context.Background(), strings.NewReader("\n"+line), "f.jsonl", DefaultOptions())
	if msg := sextant.ErrorMessage(err); msg != "f.jsonl:2: line longer than 16 MiB" {
		t.Errorf("err = %q", msg)
	}
}
