package aktools

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func near(a, b float64) bool {
	return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func sameBar(a, b market.Bar) bool {
	return a.Symbol == b.Symbol && a.Date.Equal(b.Date) && near(a.Open, b.Open) && near(a.High, b.High) && near(a.Low, b.Low) &&
		near(a.Close, b.Close) && near(a.Volume, b.Volume) && near(a.Amount, b.Amount) && near(a.Turnover, b.Turnover) && near(a.AdjFactor, b.AdjFactor)
}

// wantQuery checks the path and every listed query value of r.
func wantQuery(t *testing.T, r *http.Request, fn string, want map[string]string) {
	t.Helper()
	if r.URL.Path != PublicPrefix+"/"+fn {
		t.Errorf("path %s, want %s/%s", r.URL.Path, PublicPrefix, fn)
	}
	q := r.URL.Query()
	for k, v := range want {
		if !q.Has(k) || q.Get(k) != v {
			t.Errorf("query %s = %q (present %v), want %q", k, q.Get(k), q.Has(k), v)
		}
	}
	if len(q) != len(want) {
		t.Errorf("query %v has other keys than %v", q, want)
	}
}

func TestBarRoutes(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		call  func(c *Client) ([]market.Bar, error)
		fn    string
		query map[string]string
		n     int
		first market.Bar
	}{
		{"stock", func(c *Client) ([]market.Bar, error) {
			return c.StockBars(ctx, "600519.SH", AdjustForward, day("2024-01-01"), day("2024-01-05"))
		}, "stock_zh_a_hist", map[string]string{"symbol": "600519", "period": "daily", "start_date": "20240101", "end_date": "20240105", "adjust": "qfq"}, 3,
			market.Bar{Symbol: "600519.SH", Date: day("2024-01-02"), Open: 1715, High: 1718.19, Low: 1678.1, Close: 1685.01,
				Volume: 3215500, Amount: 5431833600, Turnover: 0.0026, AdjFactor: 1}},
		{"etf", func(c *Client) ([]market.Bar, error) {
			return c.ETFBars(ctx, "512660.SH", AdjustNone, time.Time{}, time.Time{})
		}, "fund_etf_hist_em", map[string]string{"symbol": "512660", "period": "daily", "start_date": "19700101", "end_date": "20500101", "adjust": ""}, 2,
			market.Bar{Symbol: "512660.SH", Date: day("2024-03-01"), Open: 0.912, High: 0.927, Low: 0.910, Close: 0.925,
				Volume: 215487300, Amount: 198765432, Turnover: 0.0241, AdjFactor: 1}},
		{"index, epoch dates", func(c *Client) ([]market.Bar, error) {
			return c.IndexBars(ctx, "000300.SH", day("2024-01-02"), day("2024-01-03"))
		}, "index_zh_a_hist", map[string]string{"symbol": "000300", "period": "daily", "start_date": "20240102", "end_date": "20240103"}, 2,
			market.Bar{Symbol: "000300.SH", Date: day("2024-01-02"), Open: 3437.64, High: 3438.26, Low: 3383.52, Close: 3386.35,
				Volume: 11186954600, Amount: 178003476480, Turnover: 0.0041, AdjFactor: 1}},
		{"board", func(c *Client) ([]market.Bar, error) {
			return c.BoardBars(ctx, "航天航空", "BK0480.EM", day("2024-03-01"), day("2024-03-31"))
		}, "stock_board_industry_hist_em", map[string]string{"symbol": "航天航空", "period": "日k", "start_date": "20240301", "end_date": "20240331", "adjust": ""}, 2,
			market.Bar{Symbol: "BK0480.EM", Date: day("2024-03-01"), Open: 1050.5, High: 1065, Low: 1048.2, Close: 1062.3,
				Volume: 452187300, Amount: 9876543210, Turnover: 0.0195, AdjFactor: 1}},
		{"shenwan, window applied here, sorted", func(c *Client) ([]market.Bar, error) {
			return c.SWIndexBars(ctx, "801010.SI", day("2024-01-03"), time.Time{})
		}, "index_hist_sw", map[string]string{"symbol": "801010", "period": "day"}, 2,
			market.Bar{Symbol: "801010.SI", Date: day("2024-01-03"), Open: 2925, High: 2930.33, Low: 2905.87, Close: 2912.4,
				Volume: 8.12e8, Amount: 84.07e8, Turnover: math.NaN(), AdjFactor: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := testClient(t)
			bars, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			wantQuery(t, rec.last(t), tt.fn, tt.query)
			if len(bars) != tt.n {
				t.Fatalf("%d bars, want %d", len(bars), tt.n)
			}
			if !sameBar(bars[0], tt.first) {
				t.Errorf("first bar\n got  %+v\n want %+v", bars[0], tt.first)
			}
			for i := 1; i < len(bars); i++ {
				if !bars[i-1].Date.Before(bars[i].Date) {
					t.Errorf("bars out of order at %d", i)
				}
			}
		})
	}
}

func TestETFBarsMissingTurnoverIsNaN(t *testing.T) {
	c, _ := testClient(t)
	bars, err := c.ETFBars(context.Background(), "512660.SH", AdjustNone, time.Time{}, time.Time{})
	if err != nil || len(bars) != 2 || !math.IsNaN(bars[1].Turnover) || bars[1].Volume != 187654200 {
		t.Fatalf("bars %+v, err %v; want the second turnover NaN", bars, err)
	}
}

func TestRoutesRefuseBeforeSending(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c := New(srv.Client(), srv.URL)
	ctx := context.Background()
	z := time.Time{}
	for name, call := range map[string]func() error{
		"stock venue": func() error { _, err := c.StockBars(ctx, "XLK.US", "", z, z); return err },
		"stock code":  func() error { _, err := c.StockBars(ctx, "60051.SH", "", z, z); return err },
		"adjust":      func() error { _, err := c.StockBars(ctx, "600519.SH", "forward", z, z); return err },
		"window": func() error {
			_, err := c.StockBars(ctx, "600519.SH", "", day("2024-02-01"), day("2024-01-01"))
			return err
		},
		"etf venue":      func() error { _, err := c.ETFBars(ctx, "512660.BJ", "", z, z); return err },
		"index venue":    func() error { _, err := c.IndexBars(ctx, "801010.SI", z, z); return err },
		"board name":     func() error { _, err := c.BoardBars(ctx, " ", "BK0480.EM", z, z); return err },
		"board symbol":   func() error { _, err := c.BoardBars(ctx, "航天航空", "801010.SI", z, z); return err },
		"sw code":        func() error { _, err := c.SWIndexBars(ctx, "8010", z, z); return err },
		"sw level":       func() error { _, err := c.SWIndices(ctx, 4); return err },
		"sw components":  func() error { _, err := c.SWComponents(ctx, "abc"); return err },
		"members name":   func() error { _, err := c.BoardMembers(ctx, ""); return err },
		"flows symbol":   func() error { _, err := c.StockFlows(ctx, "BK0480.EM", z, z); return err },
		"board flows":    func() error { _, err := c.BoardFlows(ctx, "航天航空", "600519.SH", z, z); return err },
		"shares ex":      func() error { _, err := c.ETFShares(ctx, "BJ", day("2024-01-15")); return err },
		"shares date":    func() error { _, err := c.ETFShares(ctx, "SH", z); return err },
		"detail ex":      func() error { _, err := c.MarginDetail(ctx, "HK", day("2024-01-15")); return err },
		"detail date":    func() error { _, err := c.MarginDetail(ctx, "SZ", z); return err },
		"total open":     func() error { _, err := c.MarginTotal(ctx, "SH", z, day("2024-01-15")); return err },
		"total sz range": func() error { _, err := c.MarginTotal(ctx, "SZ", day("2024-01-15"), day("2024-01-16")); return err },
	} {
		err := call()
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.HasPrefix(sextant.ErrorMessage(err), "aktools:") || !strings.HasPrefix(err.Error(), "aktools.") {
			t.Errorf("%s: err = %v, want EINVALID with op aktools.… and message aktools:…", name, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent", calls.Load())
	}
}

func TestBoardsAndMembers(t *testing.T) {
	c, rec := testClient(t)
	boards, err := c.Boards(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_board_industry_name_em", nil)
	want := market.Sector{Taxonomy: "em-industry", Code: "BK0480", Level: 1, Name: "航天航空", IndexSymbol: "BK0480.EM"}
	if len(boards) != 2 || boards[0].Code != want.Code || boards[0].Name != want.Name || boards[0].IndexSymbol != want.IndexSymbol ||
		boards[0].Taxonomy != want.Taxonomy || boards[0].Level != 1 || boards[1].IndexSymbol != "BK1036.EM" {
		t.Errorf("boards %+v", boards)
	}
	members, err := c.BoardMembers(context.Background(), "航天航空")
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_board_industry_cons_em", map[string]string{"symbol": "航天航空"})
	if len(members) != 3 || members[0].Symbol != "600893.SH" || members[1].Symbol != "000768.SZ" || members[2].Symbol != "688297.SH" ||
		members[0].Name != "航发动力" || members[0].Kind != market.KindStock || members[0].Currency != "CNY" {
		t.Errorf("members %+v", members)
	}
}

func TestShenwanRoutes(t *testing.T) {
	c, rec := testClient(t)
	l1, err := c.SWIndices(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(l1) != 2 || l1[0].Code != "801010" || l1[0].Name != "农林牧渔" || l1[0].IndexSymbol != "801010.SI" || l1[0].Taxonomy != "sw2021" || l1[0].Parent != "" {
		t.Errorf("level 1 %+v", l1)
	}
	l2, err := c.SWIndices(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if p := rec.paths(); len(p) != 3 || p[1] != "/api/public/sw_index_second_info" || p[2] != "/api/public/sw_index_first_info" {
		t.Errorf("paths %v", p)
	}
	if len(l2) != 2 || l2[0].Code != "801016" || l2[0].Level != 2 || l2[0].Parent != "801010" || l2[1].Parent != "801030" {
		t.Errorf("level 2 %+v", l2)
	}
	ms, err := c.SWComponents(context.Background(), "801010")
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "index_component_sw", map[string]string{"symbol": "801010"})
	if len(ms) != 3 || ms[0].Symbol != "002714.SZ" || ms[0].Sector != "801010" || ms[0].Taxonomy != "sw2021" ||
		!ms[0].From.Equal(day("2014-01-28")) || !near(ms[0].Weight, 0.0985) || !ms[0].To.IsZero() ||
		ms[2].Symbol != "600598.SH" || ms[2].Weight != 0 {
		t.Errorf("components %+v", ms)
	}
}

func TestFlowRoutes(t *testing.T) {
	c, rec := testClient(t)
	flows, err := c.BoardFlows(context.Background(), "航天航空", "BK0480.EM", day("2024-03-01"), day("2024-03-04"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_sector_fund_flow_hist", map[string]string{"symbol": "航天航空"})
	if len(flows) != 2 || flows[0].Symbol != "BK0480.EM" || flows[0].MainNet != 325e6 || flows[0].SuperNet != 200e6 ||
		flows[0].LargeNet != 125e6 || flows[0].MediumNet != -100e6 || flows[0].SmallNet != -225e6 || !math.IsNaN(flows[1].SmallNet) {
		t.Errorf("board flows %+v", flows)
	}
	flows, err = c.StockFlows(context.Background(), "600519.SH", day("2024-01-03"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_individual_fund_flow", map[string]string{"stock": "600519", "market": "sh"})
	if len(flows) != 1 || !flows[0].Date.Equal(day("2024-01-03")) || flows[0].MainNet != 98765432 || flows[0].Symbol != "600519.SH" {
		t.Errorf("stock flows %+v", flows)
	}
}

func TestFundRoutes(t *testing.T) {
	c, rec := testClient(t)
	etfs, err := c.ETFs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "fund_etf_spot_em", nil)
	if len(etfs) != 2 || etfs[0].Symbol != "512660.SH" || etfs[1].Symbol != "159915.SZ" || etfs[0].Kind != market.KindETF || etfs[0].Name != "军工ETF" {
		t.Errorf("etfs %+v", etfs)
	}
	sh, err := c.ETFShares(context.Background(), "sh", day("2024-01-15"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "fund_etf_scale_sse", map[string]string{"date": "20240115"})
	if len(sh) != 2 || sh[0].Symbol != "510300.SH" || sh[0].Shares != 31234567800 || !sh[0].Date.Equal(day("2024-01-15")) || !math.IsNaN(sh[0].NAV) {
		t.Errorf("SH shares %+v (the row without shares must be left out)", sh)
	}
	sz, err := c.ETFShares(context.Background(), "SZ", day("2024-01-15"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "fund_etf_scale_szse", nil)
	if len(sz) != 2 || sz[0].Symbol != "159915.SZ" || sz[0].Shares != 17190000000 || sz[0].NAV != 1.8123 || !math.IsNaN(sz[1].NAV) || !sz[1].Date.Equal(day("2024-01-15")) {
		t.Errorf("SZ shares %+v", sz)
	}
}

func TestMarginRoutes(t *testing.T) {
	c, rec := testClient(t)
	ctx := context.Background()
	d := day("2024-01-15")

	sh, err := c.MarginDetail(ctx, "SH", d)
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_margin_detail_sse", map[string]string{"date": "20240115"})
	if len(sh) != 2 || sh[0].Symbol != "600519.SH" || sh[0].FinBalance != 16234567890 || sh[0].FinBuy != 512345678 ||
		sh[0].FinRepay != 498765432 || !math.IsNaN(sh[0].SecBalance) || !math.IsNaN(sh[1].FinRepay) || !sh[0].Date.Equal(d) {
		t.Errorf("SH detail %+v", sh)
	}

	sz, err := c.MarginDetail(ctx, "SZ", d)
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_margin_detail_szse", map[string]string{"date": "20240115"})
	if len(sz) != 2 || sz[0].Symbol != "000001.SZ" || sz[0].FinBalance != 5123456789 || sz[0].SecBalance != 4567000 ||
		!math.IsNaN(sz[0].FinRepay) || !sz[1].Date.Equal(d) {
		t.Errorf("SZ detail %+v", sz)
	}

	tot, err := c.MarginTotal(ctx, "SH", d, day("2024-01-16"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_margin_sse", map[string]string{"start_date": "20240115", "end_date": "20240116"})
	if len(tot) != 2 || tot[0].Symbol != "ALL.SH" || !tot[0].Date.Equal(d) || tot[0].FinBalance != 835123456789 ||
		tot[0].SecBalance != 45123456789 || !math.IsNaN(tot[0].FinRepay) || !tot[1].Date.Equal(day("2024-01-16")) {
		t.Errorf("SH totals %+v (want date order)", tot)
	}

	szt, err := c.MarginTotal(ctx, "SZ", d, d)
	if err != nil {
		t.Fatal(err)
	}
	wantQuery(t, rec.last(t), "stock_margin_szse", map[string]string{"date": "20240115"})
	if len(szt) != 1 || szt[0].Symbol != "ALL.SZ" || !szt[0].Date.Equal(d) || !near(szt[0].FinBalance, 7077.67e8) ||
		!near(szt[0].FinBuy, 321.08e8) || !near(szt[0].SecBalance, 157.3e8) || !math.IsNaN(szt[0].FinRepay) {
		t.Errorf("SZ total %+v", szt)
	}
}

func TestRouteAnswerErrors(t *testing.T) {
	ctx := context.Background()
	c := serveBody(t, 200, "application/json", `[{"日期":"2024-01-02","开盘":1,"最高":2,"最低":0.5,"成交量":1,"成交额":1,"换手率":1}]`)
	_, err := c.StockBars(ctx, "600519.SH", "", time.Time{}, time.Time{})
	if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "stock_zh_a_hist: column 收盘 missing") || !strings.HasPrefix(err.Error(), "aktools.StockBars: aktools:") {
		t.Errorf("renamed close: err = %v", err)
	}
	c = serveBody(t, 500, "application/json", `{"error":"ConnectionError"}`)
	_, err = c.MarginTotal(ctx, "SH", day("2024-01-15"), day("2024-01-16"))
	if sextant.ErrorCode(err) != sextant.EUNAVAILABLE || !strings.Contains(err.Error(), "stock_margin_sse: HTTP 500: ConnectionError") {
		t.Errorf("500: err = %v", err)
	}
}
