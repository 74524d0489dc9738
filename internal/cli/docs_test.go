package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// copyHome copies the shared demo home so a test may write to it.
func copyHome(t *testing.T) string {
	t.Helper()
	home, _ := demoHome(t)
	dst := t.TempDir()
	if out, err := exec.Command("cp", "-r", home+"/.", dst).CombinedOutput(); err != nil {
		t.Fatalf("copy demo home: %v %s", err, out)
	}
	return dst
}

// TestDocsAddSearchReindex: a folder of mixed md/html/txt/pdf files is
// added, found by Chinese and English queries and filters, and survives a
// rebuilt index; JSON Lines import validates every line first.
func TestDocsAddSearchReindex(t *testing.T) {
	home := copyHome(t)
	mixed := filepath.Join("..", "source", "docfile", "testdata", "mixed")
	r := run(t, home, "docs", "add", mixed)
	if r.code != 0 || !strings.Contains(r.out, "documents: 6 added, 0 already stored") {
		t.Fatalf("docs add: %d\n%s%s", r.code, r.out, r.err)
	}
	for _, ext := range []string{"商业航天", "Defense Orders Lift Aerospace Suppliers"} {
		if !strings.Contains(r.out, ext) {
			t.Errorf("docs add output lacks %q", ext)
		}
	}
	if r := run(t, home, "docs", "add", mixed); r.code != 0 || !strings.Contains(r.out, "0 added, 6 already stored") {
		t.Errorf("re-add: %d %s", r.code, r.out)
	}
	search := func(args ...string) result {
		t.Helper()
		return run(t, home, append([]string{"docs", "search"}, args...)...)
	}
	if r := search("商业航天", "--lang", "zh", "--limit", "3"); r.code != 0 || !strings.Contains(r.out, "«商业航天»") || strings.Contains(r.out, "  en  ") {
		t.Errorf("zh search: %d\n%s%s", r.code, r.out, r.err)
	}
	if r := search("aerospace orders", "--lang", "en"); r.code != 0 || !strings.Contains(r.out, "Aerospace") {
		t.Errorf("en search: %d\n%s%s", r.code, r.out, r.err)
	}
	if r := search("卫星", "--sector", "国防军工", "--kind", "policy", "--since", "2026-01-01"); r.code != 0 || !strings.Contains(r.out, "policy") || strings.Contains(r.out, "research") {
		t.Errorf("filtered search: %d\n%s%s", r.code, r.out, r.err)
	}
	if r := run(t, home, "docs", "reindex"); r.code != 0 || !strings.Contains(r.out, "index rebuilt") {
		t.Errorf("reindex: %d %s%s", r.code, r.out, r.err)
	}
	if r := search("Launch Cadence"); r.code != 0 || !strings.Contains(r.out, "Launch Cadence and the Satellite Supply Chain") {
		t.Errorf("search after reindex: %d\n%s", r.code, r.out)
	}
	if r := search("卫星", "--kind", "rumour"); r.code != 2 {
		t.Errorf("bad --kind: exit %d, want 2", r.code)
	}

	feed := filepath.Join("..", "source", "rss", "testdata", "atom.xml")
	if r := run(t, home, "docs", "add", feed); r.code != 0 || !strings.Contains(r.out, "added") || !strings.Contains(r.out, " news ") {
		t.Errorf("docs add feed: %d\n%s%s", r.code, r.out, r.err)
	}

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"title":"a","body":"b","published_at":"2026-01-02"}`+"\n"+`{"title":"x","body":"y","published_at":"soon"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, home, "import", "documents", bad); r.code != 2 || !strings.Contains(r.err, "bad.jsonl:2") {
		t.Errorf("bad jsonl: %d %q", r.code, r.err)
	}
	good := filepath.Join("..", "source", "docfile", "testdata", "documents.jsonl")
	if r := run(t, home, "import", "documents", good); r.code != 0 || !strings.Contains(r.out, "added") {
		t.Errorf("import documents: %d %s%s", r.code, r.out, r.err)
	}
}
