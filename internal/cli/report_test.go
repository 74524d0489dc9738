package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/chromium"
)

// The HTML report of the demo sector is one self-contained page with its
// charts, figures with provenance and linked references.
func TestReportHTML(t *testing.T) {
	home, _ := demoHome(t)
	out := filepath.Join(t.TempDir(), "defense.html")
	res := run(t, home, "report", "sector", "国防军工", "--format", "html", "--out", out)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.HasSuffix(page, "</html>\n") {
		t.Errorf("not a whole HTML page: %.80q … %.40q", page, page[max(0, len(page)-40):])
	}
	// self-contained: no element that loads anything, no URL but the cited
	// documents' links in the references
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", " src=", "url(", "@import", "@font-face"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	if !strings.Contains(page, `content="default-src 'none';`) {
		t.Error("the page has no Content-Security-Policy")
	}
	for _, m := range regexp.MustCompile(`<a ([^>]*)href="(https?:)?//[^"]*"`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(m[1], `class="url"`) {
			t.Errorf("remote link outside the references: %s", m[0])
		}
	}
	if n := strings.Count(page, "<svg "); n != 3 {
		t.Errorf("%d inline charts, want 3 (rotation, cumulative return, ETF creations)", n)
	}
	for _, want := range []string{`class="sextant-chart rotation"`, `class="sextant-chart excess"`, `class="sextant-chart flows"`,
		`<span class="fact`, `<a class="ref" href="#ref-1">[1]</a>`, `id="ref-1"`, "DEMO", "Defense &amp; Aerospace"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if !strings.Contains(res.err, "wrote "+out) {
		t.Errorf("stderr %q does not name the file", res.err)
	}
}

// The PDF report prints the demo sector through Chromium; without one the
// command says how to get it and exits with EUNAVAILABLE.
func TestReportPDF(t *testing.T) {
	home, _ := demoHome(t)
	t.Run("no chromium", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "r.pdf")
		res := run(t, home, "report", "sector", "国防军工", "--format", "pdf", "--chromium", filepath.Join(t.TempDir(), "no-such-chromium"), "--out", out)
		if res.code != ExitUnavailable || !strings.Contains(res.err, "apt-get install chromium") || !strings.Contains(res.err, "--format html") {
			t.Errorf("exit %d, stderr %q; want %d naming the fix", res.code, res.err, ExitUnavailable)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("a failed PDF export left %s", out)
		}
	})
	t.Run("chromium flag without pdf", func(t *testing.T) {
		res := run(t, home, "report", "sector", "国防军工", "--format", "html", "--chromium", "chromium")
		if res.code != ExitInvalid || !strings.Contains(res.err, "--chromium") {
			t.Errorf("exit %d, stderr %q; want %d", res.code, res.err, ExitInvalid)
		}
	})
	t.Run("print", func(t *testing.T) {
		if _, ok := chromium.Available(); !ok {
			t.Skip("no Chromium on PATH (Debian: apt-get install chromium)")
		}
		out := filepath.Join(t.TempDir(), "defense.pdf")
		res := run(t, home, "report", "sector", "国防军工", "--lang", "zh", "--format", "pdf", "--out", out)
		if res.code != 0 {
			t.Fatalf("exit %d: %s", res.code, res.err)
		}
		pdf, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 50_000 {
			t.Fatalf("not a PDF report: %d bytes starting %.8q", len(pdf), pdf)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Skip("pdftotext not installed (Debian: apt-get install poppler-utils)")
		}
		cmd := exec.Command("pdftotext", "-enc", "UTF-8", out, "-")
		text, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		for _, want := range []string{"国防军工", "DEMO", "参考文献", "相对轮动图"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("the PDF text lacks %q", want)
			}
		}
		pages, _ := exec.Command("pdfinfo", out).Output()
		t.Logf("%d bytes; %s", len(pdf), regexp.MustCompile(`Pages:\s+\d+|Page size:[^\n]*`).FindAllString(string(pages), -1))
	})
}
