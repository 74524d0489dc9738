package eastmoney

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sextant-ai/sextant"
)

// listServer answers clist requests with pages[pn] (a testdata file) and
// records every query in order.
type listServer struct {
	mu      sync.Mutex
	queries []url.Values
}

func (ls *listServer) all() []url.Values {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return append([]url.Values(nil), ls.queries...)
}

func serveList(t *testing.T, pageSize int, pages map[string]string) (*Client, *listServer) {
	t.Helper()
	bodies := map[string][]byte{}
	for pn, name := range pages {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		bodies[pn] = b
	}
	ls := &listServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != clistPath {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		ls.mu.Lock()
		ls.queries = append(ls.queries, q)
		ls.mu.Unlock()
		b, ok := bodies[q.Get("pn")]
		if !ok {
			http.Error(w, "no such page", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	c := New(srv.Client(), srv.URL)
	c.PageSize = pageSize
	return c, ls
}

func checkListQuery(t *testing.T, q url.Values, pn, pz, fs string) {
	t.Helper()
	want := map[string]string{"pn": pn, "pz": pz, "po": "0", "np": "1", "fltt": "2", "invt": "2", "fid": "f12",
		"fs": fs, "fields": "f12,f13,f14"}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("page %s: query %s = %q, want %q", pn, k, got, v)
		}
	}
}

func TestBoards(t *testing.T) {
	for _, tt := range []struct {
		kind BoardKind
		fs   string
	}{{BoardIndustry, "m:90 t:2"}, {BoardConcept, "m:90 t:3"}} {
		t.Run(tt.kind.String(), func(t *testing.T) {
			c, ls := serveList(t, 0, map[string]string{"1": "boards-industry.json"})
			got, err := c.Boards(context.Background(), tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			want := []Listing{{"BK0437.EM", "煤炭行业"}, {"BK0477.EM", "酿酒行业"}, {"BK0480.EM", "航天航空"}}
			if len(got) != len(want) {
				t.Fatalf("boards %+v, want %+v", got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("board %d = %+v, want %+v", i, got[i], want[i])
				}
			}
			qs := ls.all()
			if len(qs) != 1 {
				t.Fatalf("%d requests, want 1", len(qs))
			}
			checkListQuery(t, qs[0], "1", "100", tt.fs)
		})
	}
}

func TestBoardMembersPages(t *testing.T) {
	c, ls := serveList(t, 3, map[string]string{"1": "members-BK0480-p1.json", "2": "members-BK0480-p2.json"})
	got, err := c.BoardMembers(context.Background(), "BK0480.EM")
	if err != nil {
		t.Fatal(err)
	}
	want := []Listing{{"000768.SZ", "中航西飞"}, {"430047.BJ", "诺思兰德"}, {"600893.SH", "航发动力"},
		{"688297.SH", "中无人机"}, {"920088.BJ", "科力股份"}}
	if len(got) != len(want) {
		t.Fatalf("members %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("member %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	qs := ls.all()
	if len(qs) != 2 {
		t.Fatalf("%d requests, want 2 pages", len(qs))
	}
	checkListQuery(t, qs[0], "1", "3", "b:BK0480 f:!50")
	checkListQuery(t, qs[1], "2", "3", "b:BK0480 f:!50")
}

func TestListPagesDeduplicateShiftedRows(t *testing.T) {
	// Page 2 repeats page 1's last row (the list moved between requests):
	// it is listed once.
	c, ls := serveList(t, 3, map[string]string{"1": "members-BK0480-p1.json", "2": "members-BK0480-p2-shifted.json"})
	got, err := c.BoardMembers(context.Background(), "BK0480.EM")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || len(ls.all()) != 2 || got[2].Symbol != "600893.SH" || got[3].Symbol != "688297.SH" {
		t.Fatalf("members %+v after %d requests, want 5 distinct after 2", got, len(ls.all()))
	}
}

func TestETFs(t *testing.T) {
	c, ls := serveList(t, 0, map[string]string{"1": "etfs.json"})
	got, err := c.ETFs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Listing{{"159915.SZ", "创业板ETF"}, {"510300.SH", "沪深300ETF"}, {"512660.SH", "军工ETF"}}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("ETFs %+v, want %+v", got, want)
	}
	checkListQuery(t, ls.all()[0], "1", "100", etfFilter)
	for _, mk := range []string{"b:MK0021", "b:MK0022", "b:MK0023", "b:MK0024"} {
		if !strings.Contains(ls.all()[0].Get("fs"), mk) {
			t.Errorf("fs %q lacks %s", ls.all()[0].Get("fs"), mk)
		}
	}
}

func TestListEmptyAndNull(t *testing.T) {
	c, _ := serveList(t, 0, map[string]string{"1": "list-empty.json"})
	got, err := c.ETFs(context.Background())
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("ETFs %v, err %v; want an empty list", got, err)
	}
	c, _ = serveList(t, 0, map[string]string{"1": "list-null.json"})
	_, err = c.BoardMembers(context.Background(), "BK9999.EM")
	if sextant.ErrorCode(err) != sextant.ENOTFOUND || !strings.Contains(err.Error(), "BK9999.EM") {
		t.Fatalf("err = %v, want ENOTFOUND naming the board", err)
	}
}

func TestListPageErrors(t *testing.T) {
	tests := []struct {
		name  string
		pages map[string]string
		code  string
		want  string
	}{
		{"page 2 missing", map[string]string{"1": "members-BK0480-p1.json"}, sextant.EUNAVAILABLE, "HTTP 400"},
		{"page 2 null", map[string]string{"1": "members-BK0480-p1.json", "2": "list-null.json"}, sextant.EINVALID, "null on page 2"},
		{"page 2 empty", map[string]string{"1": "members-BK0480-p1.json", "2": "list-empty.json"}, sextant.EINVALID, "page 2 is empty"},
		{"html", map[string]string{"1": "error-page.html"}, sextant.EUNAVAILABLE, "HTML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := serveList(t, 3, tt.pages)
			got, err := c.BoardMembers(context.Background(), "BK0480.EM")
			if got != nil || sextant.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), "eastmoney.BoardMembers") {
				t.Fatalf("members %v, err = %v; want %s naming %q", got, err, tt.code, tt.want)
			}
		})
	}
}

func TestListsRefuseBeforeSending(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(srv.Client(), srv.URL)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"board kind":     func() error { _, err := c.Boards(ctx, BoardKind(9)); return err },
		"stock as board": func() error { _, err := c.BoardMembers(ctx, "600519.SH"); return err },
		"bad board":      func() error { _, err := c.BoardMembers(ctx, "BKX.EM"); return err },
	} {
		err := call()
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "eastmoney") {
			t.Errorf("%s: err = %v, want EINVALID naming eastmoney", name, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent", calls.Load())
	}
}

func TestNewOneBaseServesBoth(t *testing.T) {
	c := New(nil, "http://127.0.0.1:9/eastmoney/")
	if c.Endpoint.BaseURL != "http://127.0.0.1:9/eastmoney" || c.Lists.BaseURL != c.Endpoint.BaseURL {
		t.Errorf("endpoints %q and %q, want both the given base", c.Endpoint.BaseURL, c.Lists.BaseURL)
	}
	d := New(nil, "")
	if d.Endpoint.BaseURL != "https://push2his.eastmoney.com" || d.Lists.BaseURL != "https://push2.eastmoney.com" || d.PageSize != DefaultPageSize {
		t.Errorf("defaults %q, %q, page size %d", d.Endpoint.BaseURL, d.Lists.BaseURL, d.PageSize)
	}
	opts := DefaultTransportOptions()
	if strings.Join(opts.Hosts, ",") != Host+","+ListHost+","+DataHost {
		t.Errorf("allowed hosts %v", opts.Hosts)
	}
}
