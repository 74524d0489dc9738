package docfile

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sextant-ai/sextant"
)

func FuzzReadJSONL(f *testing.F) {
	if b, err := os.ReadFile("testdata/documents.jsonl"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"title":"t","body":"b","published_at":"2025-01-01T00:00:00Z","symbols":["600519"],"sectors":["a:b"]}`))
	f.Add([]byte("{\"title\":\"t\"}\n\n[1]\n{"))
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, notes, err := ParseJSONL(context.Background(), bytes.NewReader(b), "f.jsonl", DefaultOptions())
		if err != nil {
			if docs != nil || notes != nil {
				t.Fatal("documents returned with an error")
			}
			if sextant.ErrorCode(err) != sextant.EINVALID || !strings.HasPrefix(sextant.ErrorMessage(err), "f.jsonl:") {
				t.Fatalf("error %q (%s) does not name the file", err, sextant.ErrorCode(err))
			}
			return
		}
		for _, d := range docs {
			if err := d.Validate(); err != nil {
				t.Fatalf("invalid document returned: %v", err)
			}
			if !utf8.ValidString(d.Body) && utf8.Valid(b) {
				t.Fatalf("body not UTF-8")
			}
		}
	})
}

func FuzzReadMarkdown(f *testing.F) {
	if b, err := os.ReadFile("testdata/mixed/commercial-space-zh.md"); err == nil {
		f.Add(string(b))
	}
	if b, err := os.ReadFile("testdata/mixed/launch-cadence-en.md"); err == nil {
		f.Add(string(b))
	}
	f.Add("---\ntitle: x\nsymbols:\n - a\n---\n# T\n\n**b** [l](u) `c`\n```\nx\n")
	f.Fuzz(func(t *testing.T, src string) {
		m, body, err := readMarkdown("f.md", src)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.md:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if utf8.ValidString(src) && (!utf8.ValidString(body) || !utf8.ValidString(m.title)) {
			t.Fatalf("invalid UTF-8 out of valid input")
		}
	})
}

func FuzzReadPDF(f *testing.F) {
	for _, p := range []string{"testdata/mixed/defense-budget-en.pdf", "testdata/scanned.pdf"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := readPDF(b) // must not panic or hang
		if err == nil && len(out.paras) == 0 {
			t.Fatal("no error and no text")
		}
	})
}
