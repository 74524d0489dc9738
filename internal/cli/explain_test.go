package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportSectorAndExplain: the report renders in every text format and
// language on the demo store; explain prints how a figure was computed,
// down to the stored rows, and fails clearly for an unknown fact.
func TestReportSectorAndExplain(t *testing.T) {
	home, _ := demoHome(t)
	out := filepath.Join(t.TempDir(), "defense.json")
	if r := run(t, home, "report", "sector", "defense", "--format", "json", "--out", out); r.code != 0 {
		t.Fatalf("report json: %d %s", r.code, r.err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Facts []struct {
			ID, Label, Formula string
		} `json:"facts"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, f := range doc.Facts {
		if f.Label == "1M return of 801740.SI" {
			id = f.ID
		}
	}
	if id == "" {
		t.Fatal("no 1M return fact for 801740.SI")
	}
	r := run(t, home, "explain", strings.ToLower(id), "--report", out)
	for _, want := range []string{id + "  1M return of 801740.SI = +", "21 trading days", "adj_close(as-of) / adj_close(window start)",
		"rows used  bars 801740.SI", "ingest runs #", "used in    Key findings; Market position"} {
		if r.code != 0 || !strings.Contains(r.out, want) {
			t.Errorf("explain output lacks %q:\n%s%s", want, r.out, r.err)
		}
	}
	if r := run(t, home, "explain", "F99999", "--report", out); r.code != 3 || !strings.Contains(r.err, "has no fact F99999") {
		t.Errorf("unknown fact: %d %q", r.code, r.err)
	}
	if r := run(t, home, "explain", "F1"); r.code != 2 || !strings.Contains(r.err, "--report") {
		t.Errorf("missing --report: %d %q", r.code, r.err)
	}
	for _, args := range [][]string{{"--lang", "zh", "--format", "md"}, {"--format", "term"}} {
		r := run(t, home, append([]string{"report", "sector", "国防军工"}, args...)...)
		if r.code != 0 || !strings.Contains(r.out, "801740") || !strings.Contains(r.out, "DEMO") {
			t.Errorf("report %v: %d %s", args, r.code, r.err)
		}
	}
	if r := run(t, home, "report", "sector", "defense", "--lang", "fr"); r.code != 2 {
		t.Errorf("--lang fr: exit %d, want 2", r.code)
	}
}
