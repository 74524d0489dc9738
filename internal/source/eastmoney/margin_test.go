package eastmoney

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func decodeData(t *testing.T, name string) dataResponse {
	t.Helper()
	var w dataResponse
	if err := json.Unmarshal(readTestdata(t, name), &w); err != nil {
		t.Fatal(err)
	}
	return w
}

// same compares floats with NaN equal to NaN.
func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func TestMarginFromWire(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		file   string
		sym    market.Symbol
		pages  int
		empty  bool
		want   []market.Margin
		code   string // error code; empty for success
		errHas string
	}{
		{name: "values, NaN for null and -", file: "margin-600519.json", sym: "600519.SH", pages: 1, want: []market.Margin{
			{Symbol: "600519.SH", Date: day("2024-01-05"), FinBalance: 17190512345, FinBuy: 301234567, FinRepay: 289765432, SecBalance: 912345678},
			{Symbol: "600519.SH", Date: day("2024-01-04"), FinBalance: 17179043210, FinBuy: 254321000, FinRepay: 261000000, SecBalance: nan},
			{Symbol: "600519.SH", Date: day("2024-01-03"), FinBalance: 17185722210, FinBuy: 198765432, FinRepay: nan, SecBalance: 905432100},
		}},
		{name: "first of two pages", file: "margin-000001-p1.json", sym: "000001.SZ", pages: 2, want: []market.Margin{
			{Symbol: "000001.SZ", Date: day("2024-01-05"), FinBalance: 4512345678, FinBuy: 123456789, FinRepay: 120000000, SecBalance: 23456789},
			{Symbol: "000001.SZ", Date: day("2024-01-04"), FinBalance: 4508888889, FinBuy: 98765432, FinRepay: 101000000, SecBalance: 23000000},
		}},
		{name: "no rows", file: "margin-none.json", sym: "600000.SH", empty: true},
		{name: "refused", file: "margin-refused.json", sym: "600519.SH", code: sextant.EUNAVAILABLE, errHas: "报表不存在"},
		{name: "renamed DATE", file: "margin-drift.json", sym: "600519.SH", code: sextant.EINVALID, errHas: "result.data[0].DATE"},
		{name: "other stock's rows", file: "margin-600519.json", sym: "600000.SH", code: sextant.EINVALID, errHas: "SCODE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := marginFromWire(decodeData(t, tc.file), tc.sym)
			if tc.code != "" {
				if sextant.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.errHas) || !strings.Contains(err.Error(), "eastmoney") {
					t.Fatalf("error %v (code %q), want %s containing %q", err, sextant.ErrorCode(err), tc.code, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if page.Empty != tc.empty || page.Pages != tc.pages || len(page.Rows) != len(tc.want) {
				t.Fatalf("empty %v, pages %d, %d rows; want %v, %d, %d", page.Empty, page.Pages, len(page.Rows), tc.empty, tc.pages, len(tc.want))
			}
			for i, g := range page.Rows {
				w := tc.want[i]
				if g.Symbol != w.Symbol || !g.Date.Equal(w.Date) || !same(g.FinBalance, w.FinBalance) || !same(g.FinBuy, w.FinBuy) ||
					!same(g.FinRepay, w.FinRepay) || !same(g.SecBalance, w.SecBalance) {
					t.Errorf("row %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestMarginFromWireDrift(t *testing.T) {
	good := string(readTestdata(t, "margin-600519.json"))
	tests := []struct {
		name, old, new, want string
		code                 string
	}{
		{"result missing", `"result":`, `"result_x":`, "result", sextant.EINVALID},
		{"pages missing", `"pages":`, `"pages_x":`, "result.pages", sextant.EINVALID},
		{"data missing", `"data":`, `"data_x":`, "result.data", sextant.EINVALID},
		{"RZYE missing", `"RZYE":`, `"RZYE_x":`, "result.data[0].RZYE", sextant.EINVALID},
		{"RQYE not a number", `"RQYE":912345678.0`, `"RQYE":true`, "result.data[0].RQYE", sextant.EINVALID},
		{"bad date", `"2024-01-04 00:00:00"`, `"04/01/2024"`, "result.data[1].DATE", sextant.EINVALID},
		{"negative balance", `"RZYE":17190512345.0`, `"RZYE":-1`, "result.data[0]", sextant.EINVALID},
		{"no value at all", `"RZYE":17190512345.0,"RZMRE":301234567.0,"RZCHE":289765432.0,"RQYE":912345678.0`,
			`"RZYE":null,"RZMRE":null,"RZCHE":"","RQYE":"-"`, "no margin value", sextant.EINVALID},
		{"success false", `"success":true`, `"success":false`, "ok", sextant.EUNAVAILABLE},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.Replace(good, tc.old, tc.new, 1)
			if body == good {
				t.Fatalf("%q not in the testdata", tc.old)
			}
			var w dataResponse
			if err := json.Unmarshal([]byte(body), &w); err != nil {
				t.Fatal(err)
			}
			_, err := marginFromWire(w, "600519.SH")
			if sextant.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v (code %q), want %s naming %q", err, sextant.ErrorCode(err), tc.code, tc.want)
			}
		})
	}
}

// serveData answers the data-center path with the files of pages (page n
// is pages[n-1]) and records every query.
func serveData(t *testing.T, pages ...string) (*Client, func() []url.Values) {
	t.Helper()
	var mu sync.Mutex
	var seen []url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != dataPath {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		mu.Lock()
		seen = append(seen, q)
		mu.Unlock()
		var n int
		for i := range pages {
			if q.Get("pageNumber") == strconv.Itoa(i+1) {
				n = i + 1
			}
		}
		if n == 0 {
			http.Error(w, "no such page", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		_, _ = w.Write(readTestdata(t, pages[n-1]))
	}))
	t.Cleanup(srv.Close)
	return New(srv.Client(), srv.URL), func() []url.Values {
		mu.Lock()
		defer mu.Unlock()
		return append([]url.Values(nil), seen...)
	}
}

func TestMarginHistoryQueryAndPaging(t *testing.T) {
	c, seen := serveData(t, "margin-000001-p1.json", "margin-000001-p2.json")
	got, err := c.MarginHistory(context.Background(), "000001.SZ", day("2024-01-01"), day("2024-01-04"))
	if err != nil {
		t.Fatal(err)
	}
	qs := seen()
	if len(qs) != 2 {
		t.Fatalf("%d requests, want 2 (result.pages 2)", len(qs))
	}
	for i, q := range qs {
		want := map[string]string{
			"reportName": "RPTA_WEB_RZRQ_GGMX", "columns": "ALL", "source": "WEB", "client": "WEB",
			"filter": `(SCODE="000001")(DATE>='2024-01-01')`, "pageSize": "500", "pageNumber": strconv.Itoa(i + 1),
			"sortColumns": "DATE", "sortTypes": "-1",
		}
		for k, v := range want {
			if q.Get(k) != v {
				t.Errorf("request %d: %s=%q, want %q", i+1, k, q.Get(k), v)
			}
		}
	}
	wantDates := []string{"2024-01-02", "2024-01-03", "2024-01-04"} // 01-05 is after to
	if len(got) != len(wantDates) {
		t.Fatalf("%d rows %+v, want %v", len(got), got, wantDates)
	}
	for i, m := range got {
		if market.FormatDate(m.Date) != wantDates[i] || m.Symbol != "000001.SZ" {
			t.Errorf("row %d: %s %s, want %s", i, m.Symbol, market.FormatDate(m.Date), wantDates[i])
		}
	}
	if got[0].FinBalance != 4513469136 || got[2].SecBalance != 23000000 {
		t.Errorf("values %+v", got)
	}
}

func TestMarginHistoryOpenWindow(t *testing.T) {
	c, seen := serveData(t, "margin-600519.json")
	got, err := c.MarginHistory(context.Background(), "600519.SH", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if f := seen()[0].Get("filter"); f != `(SCODE="600519")` {
		t.Errorf("filter %q, want only the code", f)
	}
	if len(got) != 3 || market.FormatDate(got[0].Date) != "2024-01-03" || market.FormatDate(got[2].Date) != "2024-01-05" {
		t.Fatalf("rows %+v, want 01-03..01-05 ascending", got)
	}
	if !math.IsNaN(got[0].FinRepay) || !math.IsNaN(got[1].SecBalance) {
		t.Errorf("unpublished values should be NaN: %+v", got[:2])
	}
}

func TestMarginHistoryNoRows(t *testing.T) {
	c, _ := serveData(t, "margin-none.json")
	got, err := c.MarginHistory(context.Background(), "600000.SH", time.Time{}, time.Time{})
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("got %v, %v; want an empty slice and no error", got, err)
	}
}

func TestMarginHistoryRefused(t *testing.T) {
	c, _ := serveData(t, "margin-refused.json")
	_, err := c.MarginHistory(context.Background(), "600519.SH", time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "报表不存在") {
		t.Fatalf("error %v, want EUNAVAILABLE with the message", err)
	}
}

func TestMarginHistoryNullOnLaterPage(t *testing.T) {
	c, _ := serveData(t, "margin-000001-p1.json", "margin-none.json")
	_, err := c.MarginHistory(context.Background(), "000001.SZ", time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "page 2") {
		t.Fatalf("error %v, want EINVALID naming page 2", err)
	}
}

func TestMarginHistoryBadArguments(t *testing.T) {
	c := New(nil, "http://127.0.0.1:1")
	for _, tc := range []struct {
		sym      market.Symbol
		from, to time.Time
	}{
		{"BK0480.EM", time.Time{}, time.Time{}},
		{"60051.SH", time.Time{}, time.Time{}},
		{"AAPL.US", time.Time{}, time.Time{}},
		{"600519.SH", day("2024-02-01"), day("2024-01-01")},
	} {
		if _, err := c.MarginHistory(context.Background(), tc.sym, tc.from, tc.to); sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("%s %v..%v: error %v, want EINVALID", tc.sym, tc.from, tc.to, err)
		}
	}
}

func TestNewDataEndpoint(t *testing.T) {
	c := New(nil, "http://127.0.0.1:9/eastmoney/")
	if c.Data.BaseURL != "http://127.0.0.1:9/eastmoney" {
		t.Errorf("data endpoint %q, want the given base", c.Data.BaseURL)
	}
	if d := New(nil, ""); d.Data.BaseURL != "https://datacenter-web.eastmoney.com" {
		t.Errorf("default data endpoint %q", d.Data.BaseURL)
	}
}
