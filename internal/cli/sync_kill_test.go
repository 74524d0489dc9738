package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
)

const killPreset = `
[sync.presets.cn-kill]
market = "cn"
start = "2024-01-02"
daily_start = "2026-10-08"
benchmarks = ["000300.SH"]
sw_levels = [1, 2]
sectors = ["801740"]
em_boards = true
margin = true
etfs = ["512660.SH=801740", "159638.SZ=801740"]
`

// TestSyncChild is the child process of TestSyncSIGKILL: it runs a sync
// and is killed by its parent mid-way.
func TestSyncChild(t *testing.T) {
	home := os.Getenv("SEXTANT_TEST_SYNC_CHILD")
	if home == "" {
		t.Skip("run by TestSyncSIGKILL")
	}
	os.Exit(Main(context.Background(), []string{"--home", home, "sync", "--preset", "cn-kill", "--workers", "1"}, strings.NewReader(""), os.Stdout, os.Stderr))
}

// TestSyncSIGKILL kills a sync with SIGKILL in the middle of its run: what
// it committed stays, and the next run completes the store to exactly what
// an uninterrupted sync stores.
func TestSyncSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a sync in a child process")
	}
	m := demoFixture(t)
	days := m.Days("000300.SH")
	through := days[len(days)-1]

	refHome, _ := fixtureHome(t, m, through, killPreset)
	if r := run(t, refHome, "sync", "--preset", "cn-kill"); r.code != 0 {
		t.Fatalf("reference sync: exit %d\n%s", r.code, r.err)
	}
	want := datasetSummary(t, refHome)

	home, srv := fixtureHome(t, m, through, killPreset)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SEXTANT_TEST_SYNC_CHILD="+home)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	var once sync.Once
	killed := make(chan struct{})
	srv.Notify(func(n int, _ string) {
		if n == 150 { // in the middle of the index bars
			once.Do(func() {
				_ = cmd.Process.Kill() // SIGKILL
				close(killed)
			})
		}
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	select {
	case <-killed:
	case <-time.After(time.Second):
		t.Fatalf("the child finished before it was killed (%v):\n%s", err, out.String())
	}
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child: %v, want it killed", err)
	}
	srv.Notify(nil)
	partial := datasetSummary(t, home)
	if partial == want {
		t.Fatal("the kill came after the sync had finished")
	}
	if !strings.Contains(partial, "members") {
		t.Errorf("nothing committed before the kill:\n%s", partial)
	}
	srv.ResetRequests()
	if r := run(t, home, "sync", "--preset", "cn-kill"); r.code != 0 {
		t.Fatalf("sync after the kill: exit %d\n%s", r.code, r.err)
	}
	if got := datasetSummary(t, home); got != want {
		t.Errorf("after the kill and a second sync the store differs from an uninterrupted sync:\ngot\n%s\nwant\n%s", got, want)
	}
}

// datasetSummary is rows, symbols and date range per dataset.
func datasetSummary(t *testing.T, home string) string {
	t.Helper()
	opts := duckdb.DefaultOptions()
	opts.ReadOnly = true
	st, err := duckdb.Open(context.Background(), filepath.Join(home, "sextant.duckdb"), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	status, err := st.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range status {
		if s.Rows == 0 {
			continue
		}
		b.WriteString(string(s.Dataset) + " " + strconv.FormatInt(s.Rows, 10) + " rows " + strconv.FormatInt(s.Symbols, 10) + " symbols " + market.FormatDate(s.First) + ".." + market.FormatDate(s.Last) + "\n")
	}
	return b.String()
}
