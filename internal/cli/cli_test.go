package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// result is what one CLI invocation produced.
type result struct {
	code     int
	out, err string
}

// run executes the real CLI in-process with a private home directory.
func run(t *testing.T, home string, args ...string) result {
	t.Helper()
	return runInput(t, home, "", args...)
}

// runInput is run with standard input.
func runInput(t *testing.T, home, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Streams: Streams{In: strings.NewReader(stdin), Out: &out, Err: &errb},
		Getenv: func(k string) string {
			switch k {
			case "SEXTANT_HOME":
				return home
			case "NO_COLOR":
				return "1"
			}
			return ""
		},
		Now: func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) },
	}
	code := Run(context.Background(), env, args)
	return result{code, out.String(), errb.String()}
}

// sharedData returns ../shared/data beside the repository, or skips.
func sharedData(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("SEXTANT_SHARED_DATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "data")
			if _, err := os.Stat(d); err == nil {
				return d
			}
			break
		}
	}
	t.Skip("../shared/data is absent")
	return ""
}

var demoOnce struct {
	sync.Once
	home string
	res  result
}

// demoHome builds the small demo store once per test binary and returns its
// home directory; tests that write copy it first.
func demoHome(t *testing.T) (string, result) {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sextant-demo-*")
		if err != nil {
			t.Fatal(err)
		}
		demoOnce.home = dir
		demoOnce.res = run(t, dir, "demo")
	})
	if demoOnce.res.code != 0 {
		t.Fatalf("demo failed (%d): %s", demoOnce.res.code, demoOnce.res.err)
	}
	return demoOnce.home, demoOnce.res
}

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		helperMain()
		return
	}
	code := m.Run()
	if demoOnce.home != "" {
		os.RemoveAll(demoOnce.home)
	}
	os.Exit(code)
}

func TestDemoLeaderboard(t *testing.T) {
	_, res := demoHome(t)
	if !strings.Contains(res.out, "DEMO") {
		t.Errorf("demo output does not say DEMO:\n%s", res.out)
	}
	// The planted rally: Defense & Aerospace leads the one-month ranking.
	var first string
	for _, line := range strings.Split(res.out, "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[0] == "1" {
			first = f[1]
			break
		}
	}
	if first != "801740.SI" {
		t.Errorf("rank 1 is %q, want 801740.SI (planted defense rally):\n%s", first, res.out)
	}
	if n := strings.Count(res.out, ".SI "); n < 28 {
		t.Errorf("leaderboard lists %d sectors, want ≥ 28", n)
	}
}

func TestDataStatusJSON(t *testing.T) {
	home, _ := demoHome(t)
	res := run(t, home, "data", "status", "--json")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.err)
	}
	var st statusJSON
	if err := json.Unmarshal([]byte(res.out), &st); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, res.out)
	}
	if !st.Demo || len(st.Datasets) != len(market.Datasets)+1 { // the market datasets, then documents
		t.Fatalf("demo=%v datasets=%d", st.Demo, len(st.Datasets))
	}
	for _, d := range st.Datasets {
		if d.Rows == 0 || d.Freshness == "missing" {
			t.Errorf("%s: %d rows, %s", d.Dataset, d.Rows, d.Freshness)
		}
		if d.Dataset == "bars" && (d.Last != "2026-11-20" || d.Freshness != "fresh" || d.Symbols < 1500) {
			t.Errorf("bars: %+v", d)
		}
	}
	if last := st.Datasets[len(st.Datasets)-1]; last.Dataset != "documents" || last.Rows < 80 {
		t.Errorf("documents: %+v", last)
	}
	text := run(t, home, "data", "status")
	if text.code != 0 || !strings.Contains(text.out, "DEMO") || !strings.Contains(text.out, "fundamentals") || !strings.Contains(text.out, "documents") {
		t.Errorf("text status:\n%s", text.out)
	}
}

func TestExitCodes(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown kind", []string{"import", "prices", "x.csv"}, ExitInvalid, "unknown dataset"},
		{"missing file arg", []string{"import", "bars"}, ExitInvalid, "need a KIND"},
		{"no store", []string{"data", "status"}, ExitNotFound, "sextant demo"},
		{"bad flag", []string{"data", "status", "--nope"}, ExitInvalid, "unknown flag"},
		{"bad size", []string{"demo", "--size", "huge"}, ExitInvalid, "--size"},
		{"bad symbol", []string{"import", "bars", "x.csv", "--symbol", "XLK"}, ExitInvalid, "--symbol"},
		{"bad log level", []string{"--log-level", "loud", "data", "status"}, ExitInvalid, "log_level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, home, tt.args...)
			if res.code != tt.code || !strings.Contains(res.err, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d containing %q", res.code, res.err, tt.code, tt.want)
			}
		})
	}
}
