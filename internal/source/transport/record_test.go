package transport

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRecordAndReplay(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("q") == "missing" {
			w.WriteHeader(http.StatusNotFound)
		}
		_, _ = io.WriteString(w, `{"q":"`+r.URL.Query().Get("q")+`"}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	rec, err := Record(dir)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: Chain(srv.Client().Transport, rec)}
	get := func(c *http.Client, q string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x?q="+q, nil)
		req.Header.Set("Authorization", "Bearer secret-token")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, q := range []string{"a", "b", "a", "missing"} {
		if _, body := get(client, q); body != `{"q":"`+q+`"}` {
			t.Fatalf("recorded response body %q", body)
		}
	}
	f, err := os.Open(filepath.Join(dir, "index.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var entries []RecordEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e RecordEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	if len(entries) != 4 || entries[0].SHA256 != entries[2].SHA256 || entries[3].Status != 404 {
		t.Fatalf("index %+v", entries)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 4 { // index + 3 distinct bodies
		t.Errorf("%d files in the recording, want 4 (content-addressed)", len(files))
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "index.jsonl"))
	if strings.Contains(string(raw), "secret-token") {
		t.Error("a request header leaked into the recording")
	}
	srv.Close() // replay needs no server
	rt, err := Replay(dir)
	if err != nil {
		t.Fatal(err)
	}
	replay := &http.Client{Transport: rt}
	if status, body := get(replay, "b"); status != 200 || body != `{"q":"b"}` {
		t.Errorf("replayed %d %q", status, body)
	}
	if status, _ := get(replay, "missing"); status != 404 {
		t.Errorf("replayed status %d, want the recorded 404", status)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x?q=never", nil)
	resp, err := replay.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "not in the recording") {
		t.Errorf("unrecorded request: %v", err)
	}
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			<-r.Context().Done() // the first attempt hangs
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	client := &http.Client{Transport: Chain(srv.Client().Transport,
		Retry(RetryOptions{MaxAttempts: 2, Sleep: func(context.Context, time.Duration) error { return nil }}),
		AttemptTimeout(50*time.Millisecond))}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("a timed-out attempt should be retried: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "ok" || n != 2 {
		t.Errorf("body %q after %d attempts", b, n)
	}
	n = 0
	hang := &http.Client{Transport: AttemptTimeout(20 * time.Millisecond)(srv.Client().Transport)}
	resp, err = hang.Get(srv.URL)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("a hanging attempt should time out")
	}
	msg := RequestError("demo", err).Error()
	if !strings.Contains(msg, "demo: request failed: timed out") || !strings.Contains(msg, "no answer within 20ms") {
		t.Errorf("timeout message %q", msg)
	}
}
