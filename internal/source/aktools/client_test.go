package aktools

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// recorder is an AKTools stand-in: GET /api/public/<fn> answers
// testdata/<fn>.json, and every request is recorded.
type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) last(t *testing.T) *http.Request {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("no request reached the server")
	}
	return r.reqs[len(r.reqs)-1]
}

func (r *recorder) paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, q := range r.reqs {
		out = append(out, q.URL.Path)
	}
	return out
}

func serveTestdata(t *testing.T) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r.Clone(context.Background()))
		rec.mu.Unlock()
		fn, ok := strings.CutPrefix(r.URL.Path, PublicPrefix+"/")
		if !ok {
			fn, ok = strings.CutPrefix(r.URL.Path, PrivatePrefix+"/")
		}
		b, err := os.ReadFile(filepath.Join("testdata", fn+".json"))
		if !ok || err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			nf, _ := os.ReadFile(filepath.Join("testdata", "error-not-found.json"))
			_, _ = w.Write(nf)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

func testClient(t *testing.T) (*Client, *recorder) {
	t.Helper()
	srv, rec := serveTestdata(t)
	return New(srv.Client(), srv.URL), rec
}

// serveBody answers every request with status, content type and body.
func serveBody(t *testing.T, status int, ctype, body string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), srv.URL)
}

func TestCallPathQueryAndRows(t *testing.T) {
	c, rec := testClient(t)
	q := url.Values{"symbol": {"600519"}, "period": {"daily"}, "adjust": {""}}
	rows, err := c.Call(context.Background(), "stock_zh_a_hist", q)
	if err != nil {
		t.Fatal(err)
	}
	r := rec.last(t)
	if r.URL.Path != "/api/public/stock_zh_a_hist" || r.URL.Query().Get("symbol") != "600519" || !r.URL.Query().Has("adjust") {
		t.Errorf("request %s", r.URL)
	}
	if r.Header.Get("Authorization") != "" {
		t.Errorf("Authorization %q sent without a token", r.Header.Get("Authorization"))
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	if got := rows[0]["收盘"]; got != json.Number("1685.01") {
		t.Errorf("收盘 = %#v, want json.Number 1685.01", got)
	}
	if got := rows[2]["日期"]; got != "2024-01-04T00:00:00.000" {
		t.Errorf("日期 = %#v", got)
	}
}

func TestCallPrivatePrefix(t *testing.T) {
	c, rec := testClient(t)
	c.Prefix = PrivatePrefix
	if _, err := c.Call(context.Background(), "fund_etf_spot_em", nil); err != nil {
		t.Fatal(err)
	}
	if r := rec.last(t); r.URL.Path != "/api/private/fund_etf_spot_em" || r.URL.RawQuery != "" {
		t.Errorf("request %s", r.URL)
	}
}

func TestCallRefusesBadFunctionNames(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(srv.Client(), srv.URL)
	for _, fn := range []string{"", "Stock_zh_a_hist", "stock-zh", "stock_zh_a_hist()", "../version", "os.system", "a b", "股票"} {
		_, err := c.Call(context.Background(), fn, nil)
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "aktools") {
			t.Errorf("Call(%q) err = %v, want EINVALID naming aktools", fn, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent", calls.Load())
	}
	if !ValidFunction("stock_zh_a_hist") || !ValidFunction("sw_index_first_info") {
		t.Error("valid names refused")
	}
}

func TestCallErrors(t *testing.T) {
	notFound, _ := os.ReadFile(filepath.Join("testdata", "error-not-found.json"))
	page, _ := os.ReadFile(filepath.Join("testdata", "error-page.html"))
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		code   string
		want   string
	}{
		{"unknown function", 404, "application/json", string(notFound), sextant.EUNAVAILABLE, "HTTP 404: 未找到该接口"},
		{"error object with 200", 200, "application/json", `{"error":"该接口返回数据为空"}`, sextant.EUNAVAILABLE, "AKTools reports: 该接口返回数据为空"},
		{"call error 500", 500, "application/json", `{"error":"KeyError: 'data'","dropped_kwargs":[]}`, sextant.EUNAVAILABLE, "HTTP 500: KeyError"},
		{"html page", 200, "text/html", string(page), sextant.EUNAVAILABLE, "HTML"},
		{"html 502", 502, "text/html", string(page), sextant.EUNAVAILABLE, "HTTP 502"},
		{"empty body", 200, "application/json", "", sextant.EUNAVAILABLE, "empty body"},
		{"plain text", 200, "text/plain", "Internal Server Error", sextant.EUNAVAILABLE, "not JSON"},
		{"object not rows", 200, "application/json", `{"data":[]}`, sextant.EINVALID, "array of rows"},
		{"array of numbers", 200, "application/json", `[1,2]`, sextant.EINVALID, "malformed"},
		{"null row", 200, "application/json", `[{"a":1},null]`, sextant.EINVALID, "row 1 is null"},
		{"truncated JSON", 200, "application/json", `[{"日期":"2024-01-02","收盘":1`, sextant.EINVALID, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := serveBody(t, tt.status, tt.ctype, tt.body)
			rows, err := c.Call(context.Background(), "stock_zh_a_hist", nil)
			if rows != nil || sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("rows %v, err %v (%s); want %s containing %q", rows, err, sextant.ErrorCode(err), tt.code, tt.want)
			}
			if msg := sextant.ErrorMessage(err); !strings.HasPrefix(msg, "aktools: stock_zh_a_hist") {
				t.Errorf("message %q does not start with aktools: and the function", msg)
			}
		})
	}
}

func TestCallEmptyAnswer(t *testing.T) {
	rows, err := serveBody(t, 200, "application/json", "[]").Call(context.Background(), "stock_zh_a_hist", nil)
	if err != nil || len(rows) != 0 {
		t.Fatalf("rows %v, err %v; want none and no error", rows, err)
	}
}

func TestCallConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	_, err := New(nil, base).Call(context.Background(), "stock_zh_a_hist", nil)
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(sextant.ErrorMessage(err), "aktools: stock_zh_a_hist: request failed") {
		t.Fatalf("err = %v, want EUNAVAILABLE naming aktools and the function", err)
	}
}

func TestCallContextCancelled(t *testing.T) {
	c, _ := testClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Call(ctx, "stock_zh_a_hist", nil)
	if !errors.Is(err, context.Canceled) || sextant.ErrorCode(err) != sextant.EUNAVAILABLE {
		t.Fatalf("err = %v, want EUNAVAILABLE wrapping context.Canceled", err)
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(nil, "")
	if c.Endpoint.BaseURL != DefaultBaseURL || c.Endpoint.HTTP != http.DefaultClient || c.Prefix != PublicPrefix {
		t.Errorf("client %+v", c)
	}
	if c := New(nil, "http://10.0.0.5:8080/"); c.Endpoint.BaseURL != "http://10.0.0.5:8080" {
		t.Errorf("base %q keeps its trailing slash", c.Endpoint.BaseURL)
	}
}

// testResponse builds a transport.Response for decode.
type testResponse struct {
	status int
	body   string
}

func (r *testResponse) resp() transport.Response {
	return transport.Response{Status: r.status, ContentType: "application/json", Body: []byte(r.body)}
}
