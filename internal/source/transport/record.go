package transport

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sextant-ai/sextant"
)

// RecordEntry is one line of a recording's index.jsonl.
type RecordEntry struct {
	Time        time.Time `json:"time"`
	Method      string    `json:"method"`
	URL         string    `json:"url"`
	Status      int       `json:"status"`
	ContentType string    `json:"content_type,omitempty"`
	SHA256      string    `json:"sha256"`
	Bytes       int       `json:"bytes"`
}

// Record saves every response body that passes through it under dir,
// content-addressed (dir/<sha256>), and appends a RecordEntry to
// dir/index.jsonl, for debugging a source and replaying a sync (Replay).
// Request headers (where tokens live) are never recorded. Put it innermost
// (just around the base transport) to record what the server sent, retried
// attempts included.
func Record(dir string) (Decorator, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: "transport.Record", Message: fmt.Sprintf("--record %s: %v", dir, err), Err: err}
	}
	var mu sync.Mutex
	return func(next http.RoundTripper) http.RoundTripper {
		return Func(func(req *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(req)
			if err != nil {
				return resp, err
			}
			body, rerr := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(body))
			if rerr != nil {
				resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
			}
			sum := sha256.Sum256(body)
			e := RecordEntry{Time: time.Now().UTC(), Method: req.Method, URL: req.URL.String(), Status: resp.StatusCode,
				ContentType: resp.Header.Get("Content-Type"), SHA256: hex.EncodeToString(sum[:]), Bytes: len(body)}
			mu.Lock()
			defer mu.Unlock()
			if werr := saveRecording(dir, e, body); werr != nil {
				return nil, &sextant.Error{Code: sextant.EINTERNAL, Op: "transport.Record", Message: "recording " + req.URL.Path, Err: werr}
			}
			return resp, nil
		})
	}, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func saveRecording(dir string, e RecordEntry, body []byte) error {
	path := filepath.Join(dir, e.SHA256)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, body, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "index.jsonl"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// Replay answers requests from a recording made by Record: the last
// recorded response for the same method, path and query (whatever the
// host, so a recording of the public endpoint replays behind a base-URL
// override), with its status and content type. A request that was not
// recorded is an ENOTFOUND error.
func Replay(dir string) (http.RoundTripper, error) {
	const op = "transport.Replay"
	raw, err := os.ReadFile(filepath.Join(dir, "index.jsonl"))
	if err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("no recording in %s", dir), Err: err}
	}
	byURL := map[string]RecordEntry{}
	for i, line := range bytes.Split(raw, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e RecordEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("%s:%d: %v", filepath.Join(dir, "index.jsonl"), i+1, err)}
		}
		u, err := url.Parse(e.URL)
		if err != nil {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("%s:%d: url: %v", filepath.Join(dir, "index.jsonl"), i+1, err)}
		}
		byURL[e.Method+" "+u.RequestURI()] = e
	}
	return Func(func(req *http.Request) (*http.Response, error) {
		e, ok := byURL[req.Method+" "+req.URL.RequestURI()]
		if !ok {
			return nil, &sextant.Error{Code: sextant.ENOTFOUND, Op: op, Message: "not in the recording: " + req.Method + " " + req.URL.String()}
		}
		body, err := os.ReadFile(filepath.Join(dir, e.SHA256))
		if err != nil {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "recorded body " + e.SHA256 + " is missing", Err: err}
		}
		h := http.Header{}
		if e.ContentType != "" {
			h.Set("Content-Type", e.ContentType)
		}
		return &http.Response{StatusCode: e.Status, Status: http.StatusText(e.Status), Header: h, Body: io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
	}), nil
}
