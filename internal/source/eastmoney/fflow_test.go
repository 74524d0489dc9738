package eastmoney

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func flowData(code string, lines ...string) string {
	b, _ := json.Marshal(append([]string{}, lines...))
	return `{"rc":0,"data":{"code":"` + code + `","market":1,"name":"x","klines":` + string(b) + `}}`
}

func sameFlow(a, b market.CapitalFlow) bool {
	eq := func(x, y float64) bool { return math.IsNaN(x) && math.IsNaN(y) || x == y }
	return a.Symbol == b.Symbol && a.Date.Equal(b.Date) && eq(a.MainNet, b.MainNet) && eq(a.SuperNet, b.SuperNet) &&
		eq(a.LargeNet, b.LargeNet) && eq(a.MediumNet, b.MediumNet) && eq(a.SmallNet, b.SmallNet)
}

const goodFlow = "2024-01-02,-412345678.0,198765432.0,213580246.0,-150000000.0,-262345678.0,-7.59,3.66,3.93,-2.76,-4.83,1685.01,-2.38,0.00,0.00"

func TestFlowsFromWireColumns(t *testing.T) {
	tests := []struct {
		name string
		line string
		want market.CapitalFlow
	}{
		// f52 main, f53 small, f54 medium, f55 large, f56 super-large.
		{"stock", goodFlow, market.CapitalFlow{Symbol: "600519.SH", Date: day("2024-01-02"),
			MainNet: -412345678, SmallNet: 198765432, MediumNet: 213580246, LargeNet: -150000000, SuperNet: -262345678}},
		{"distinct columns", "2024-01-03,1,2,3,4,5,6,7,8,9,10,11,12,13,14", market.CapitalFlow{Symbol: "600519.SH", Date: day("2024-01-03"),
			MainNet: 1, SmallNet: 2, MediumNet: 3, LargeNet: 4, SuperNet: 5}},
		{"unpublished small", "2024-01-04,9,-,3,4,5,-,-,-,-,-,-,-,-,-", market.CapitalFlow{Symbol: "600519.SH", Date: day("2024-01-04"),
			MainNet: 9, SmallNet: math.NaN(), MediumNet: 3, LargeNet: 4, SuperNet: 5}},
		{"empty super", "2024-01-05,9,1,3,4,,0,0,0,0,0,0,0,0,0", market.CapitalFlow{Symbol: "600519.SH", Date: day("2024-01-05"),
			MainNet: 9, SmallNet: 1, MediumNet: 3, LargeNet: 4, SuperNet: math.NaN()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flowsFromWire(resp(t, flowData("600519", tt.line)), "600519.SH", time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !sameFlow(got[0], tt.want) {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestFlowsFromWireWindow(t *testing.T) {
	lines := []string{goodFlow,
		strings.Replace(goodFlow, "2024-01-02", "2024-01-03", 1),
		strings.Replace(goodFlow, "2024-01-02", "2024-01-04", 1)}
	for _, tt := range []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"open", time.Time{}, time.Time{}, []string{"2024-01-02", "2024-01-03", "2024-01-04"}},
		{"from", day("2024-01-03"), time.Time{}, []string{"2024-01-03", "2024-01-04"}},
		{"to", time.Time{}, day("2024-01-03"), []string{"2024-01-02", "2024-01-03"}},
		{"one day, intraday bounds", day("2024-01-03").Add(15 * time.Hour), day("2024-01-03").Add(9 * time.Hour), []string{"2024-01-03"}},
		{"none", day("2024-02-01"), time.Time{}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flowsFromWire(resp(t, flowData("600519", lines...)), "600519.SH", tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || len(got) != len(tt.want) {
				t.Fatalf("%d flows (%v), want %v", len(got), got, tt.want)
			}
			for i, d := range tt.want {
				if market.FormatDate(got[i].Date) != d {
					t.Errorf("flow %d dated %s, want %s", i, market.FormatDate(got[i].Date), d)
				}
			}
		})
	}
}

func TestFlowsFromWireDrift(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		code  string
		field string
	}{
		{"missing data", `{"rc":0}`, sextant.EINVALID, "eastmoney: data: missing"},
		{"rc without data", `{"rc":102}`, sextant.EUNAVAILABLE, "rc 102"},
		{"null data", `{"rc":0,"data":null}`, sextant.ENOTFOUND, "600519.SH"},
		{"klines missing", `{"rc":0,"data":{"code":"600519","kline":[]}}`, sextant.EINVALID, "data.klines: missing"},
		{"other code", flowData("000001"), sextant.EINVALID, "data.code"},
		{"11 fields", flowData("600519", "2024-01-02,1,2,3,4,5,6,7,8,9,10"), sextant.EINVALID, "11 fields, want 15"},
		{"bad date", flowData("600519", strings.Replace(goodFlow, "2024-01-02", "20240102", 1)), sextant.EINVALID, "date"},
		{"bad main", flowData("600519", strings.Replace(goodFlow, "-412345678.0", "--", 1)), sextant.EINVALID, "main net"},
		{"bad large", flowData("600519", "2024-01-02,1,2,3,4亿,5,0,0,0,0,0,0,0,0,0"), sextant.EINVALID, "large net"},
		{"infinite", flowData("600519", "2024-01-02,1,2,3,Inf,5,0,0,0,0,0,0,0,0,0"), sextant.EINVALID, "large net"},
		{"all unpublished", flowData("600519", "2024-01-02,-,-,-,-,-,0,0,0,0,0,0,0,0,0"), sextant.EINVALID, "no flow value"},
		{"out of order", flowData("600519", goodFlow, goodFlow), sextant.EINVALID, "does not follow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flowsFromWire(resp(t, tt.body), "600519.SH", time.Time{}, time.Time{})
			if err == nil {
				t.Fatalf("no error; flows %+v", got)
			}
			if got != nil {
				t.Errorf("flows %+v returned with the error", got)
			}
			if c := sextant.ErrorCode(err); c != tt.code {
				t.Errorf("code %s, want %s (%v)", c, tt.code, err)
			}
			if msg := err.Error(); !strings.Contains(msg, "eastmoney") || !strings.Contains(msg, tt.field) {
				t.Errorf("error %q does not name eastmoney and %q", msg, tt.field)
			}
		})
	}
}

func serveFlows(t *testing.T, name string) (*Client, *url.Values) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	last := &url.Values{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != fflowPath {
			http.NotFound(w, r)
			return
		}
		*last = r.URL.Query()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), srv.URL), last
}

func TestFlowsStock(t *testing.T) {
	c, q := serveFlows(t, "fflow-600519.json")
	got, err := c.Flows(context.Background(), "600519.SH", day("2024-01-03"), day("2024-01-04"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"secid": "1.600519", "lmt": "0", "klt": "101", "fields1": "f1,f2,f3,f7",
		"fields2": "f51,f52,f53,f54,f55,f56,f57,f58,f59,f60,f61,f62,f63,f64,f65"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("query %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d flows, want 2 (Jan 3 and 4)", len(got))
	}
	first := market.CapitalFlow{Symbol: "600519.SH", Date: day("2024-01-03"),
		MainNet: 123e6, SmallNet: -80e6, MediumNet: -43e6, LargeNet: 23e6, SuperNet: 100e6}
	if !sameFlow(got[0], first) {
		t.Errorf("first flow %+v, want %+v", got[0], first)
	}
	for i, f := range got {
		if f.MainNet != f.SuperNet+f.LargeNet {
			t.Errorf("flow %d: main %v is not super %v + large %v", i, f.MainNet, f.SuperNet, f.LargeNet)
		}
	}
}

func TestFlowsBoard(t *testing.T) {
	c, q := serveFlows(t, "fflow-BK0480.json")
	got, err := c.Flows(context.Background(), "BK0480.EM", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("secid") != "90.BK0480" || len(got) != 2 {
		t.Fatalf("secid %q, %d flows", q.Get("secid"), len(got))
	}
	if !math.IsNaN(got[1].SmallNet) || got[1].MediumNet != -210e6 || got[0].MainNet != -1523456789 {
		t.Errorf("flows %+v", got)
	}
}

func TestFlowsRefusesBeforeSending(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(srv.Client(), srv.URL)
	for name, call := range map[string]func() error{
		"venue": func() error { _, err := c.Flows(context.Background(), "XLK.US", time.Time{}, time.Time{}); return err },
		"window": func() error {
			_, err := c.Flows(context.Background(), "600519.SH", day("2024-02-01"), day("2024-01-01"))
			return err
		},
	} {
		if err := call(); sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "eastmoney") {
			t.Errorf("%s: err = %v, want EINVALID naming eastmoney", name, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent", calls.Load())
	}
}
