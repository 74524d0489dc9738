package csvfile

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func TestInstruments(t *testing.T) {
	res := mustRead(t, "i.csv", "symbol,kind,name,name_en,currency,list_date,delist_date,ownership,tracks,theme\n"+
		"512660.SH,etf,军工ETF,Defense ETF,cny,2016-08-08,,,399967.SZ,国防军工\n600760.SH,stock,中航沈飞,,CNY,19960704,,state,,\n",
		Options{Dataset: market.DatasetInstruments})
	in := res.Batch.Instruments
	if len(in) != 2 || in[0].Kind != market.KindETF || in[0].Currency != "CNY" || in[0].Tracks != "399967.SZ" ||
		!in[0].ListDate.Equal(market.Day(2016, 8, 8)) || in[1].Ownership != market.OwnershipState || in[1].Name != "中航沈飞" {
		t.Fatalf("%+v", in)
	}
	_, err := Read(context.Background(), "i.csv", strings.NewReader("symbol,kind,name\n600760.SH,bond,x\n"), Options{Dataset: market.DatasetInstruments})
	if got := sextant.ErrorMessage(err); got != `i.csv:2: 600760.SH: unknown kind "bond" (want stock, etf, index, sector or fund)` {
		t.Errorf("%s", got)
	}
}

func TestSectors(t *testing.T) {
	res := mustRead(t, "s.csv", "taxonomy,code,level,name,name_en,parent,index_symbol,aliases\n"+
		"sw2021,801740,1,国防军工,Defense,,801740.SI,军工|A&D\nsw2021,801741,2,航天装备Ⅱ,,801740,,\n",
		Options{Dataset: market.DatasetSectors})
	s := res.Batch.Sectors
	if len(s) != 2 || s[0].IndexSymbol != "801740.SI" || strings.Join(s[0].Aliases, "|") != "军工|A&D" || s[1].Parent != "801740" || s[1].Level != 2 {
		t.Fatalf("%+v", s)
	}
	if tx := res.Batch.Taxonomies; len(tx) != 1 || tx[0] != (market.Taxonomy{ID: "sw2021", Name: "Shenwan 2021", Levels: 2}) {
		t.Errorf("taxonomies %+v", tx)
	}
	res = mustRead(t, "sw.csv", "行业代码,行业名称,code6\n801010.SI,农林牧渔,801010\n", Options{Dataset: market.DatasetSectors})
	if res.Layout != "sw-industry-list" || len(res.Batch.Sectors) != 1 ||
		res.Batch.Sectors[0].Code != "801010" || res.Batch.Sectors[0].Taxonomy != "sw2021" || res.Batch.Sectors[0].Level != 1 {
		t.Fatalf("%+v", res.Batch.Sectors)
	}
}

func TestMembers(t *testing.T) {
	res := mustRead(t, "m.csv", "taxonomy,sector,symbol,from,to,weight\nsw2021,801740,600760,2021-07-30,,0.05\nsw2021,801740,000768.SZ,2014-01-01,2021-07-30,\n",
		Options{Dataset: market.DatasetMembers})
	m := res.Batch.Members
	if len(m) != 2 || m[0].Symbol != "600760.SH" || m[0].Weight != 0.05 || !m[0].To.IsZero() || !m[1].To.Equal(market.Day(2021, 7, 30)) {
		t.Fatalf("%+v", m)
	}
	_, err := Read(context.Background(), "m.csv", strings.NewReader("taxonomy,sector,symbol,from,to\nsw2021,801740,600760.SH,2021-07-30,2021-07-01\n"), Options{Dataset: market.DatasetMembers})
	if got := sextant.ErrorMessage(err); got != "m.csv:2: membership 600760.SH in sw2021/801740: end 2021-07-01 not after start 2021-07-30" {
		t.Errorf("%s", got)
	}
}

func TestDatedDatasets(t *testing.T) {
	t.Run("shares in 万份 with exchange column", func(t *testing.T) {
		res := mustRead(t, "etf_shares_2026-05.csv", "date,exchange,code,name,total_shares_wanfen\n2026-05-14,SSE,510010,治理ETF,13552.44\n2026-05-14,SZSE,159400,科创债ETF景顺,6385.73\n",
			Options{Dataset: market.DatasetShares})
		s := res.Batch.Shares
		if res.Layout != "exchange-code" || len(s) != 2 || s[0].Symbol != "510010.SH" || s[1].Symbol != "159400.SZ" || !near(s[0].Shares, 135524400) || !math.IsNaN(s[0].NAV) {
			t.Fatalf("%+v", s)
		}
	})
	t.Run("canonical shares", func(t *testing.T) {
		res := mustRead(t, "s.csv", "symbol,date,shares,nav\n512660.SH,2024-01-02,1000000,1.02\n", Options{Dataset: market.DatasetShares})
		if s := res.Batch.Shares; len(s) != 1 || s[0].NAV != 1.02 || s[0].Shares != 1e6 {
			t.Fatalf("%+v", s)
		}
		_, err := Read(context.Background(), "s.csv", strings.NewReader("symbol,date,shares\n512660.SH,2024-01-02,-1\n"), Options{Dataset: market.DatasetShares})
		if got := sextant.ErrorMessage(err); got != "s.csv:2: shares -1 is negative or not a number" {
			t.Errorf("%s", got)
		}
	})
	t.Run("margin in 亿元 detected", func(t *testing.T) {
		text := "date,fin_balance,loan_balance,fin_buy,guarantee\n2012-09-27,704.53,15.31,34.09,257.28\n"
		res := mustRead(t, "margin.csv", text, Options{Dataset: market.DatasetMargin, Symbol: "ALL.CN"})
		m := res.Batch.Margin
		if res.Layout != "eastmoney-margin" || len(m) != 1 || !near(m[0].FinBalance, 704.53e8) || !near(m[0].SecBalance, 15.31e8) || !near(m[0].FinBuy, 34.09e8) || !math.IsNaN(m[0].FinRepay) {
			t.Fatalf("%+v", m)
		}
		res = mustRead(t, "margin.csv", text, Options{Dataset: market.DatasetMargin, Symbol: "ALL.CN", Unit: "万元"})
		if !near(res.Batch.Margin[0].FinBalance, 704.53e4) {
			t.Fatalf("--unit: %+v", res.Batch.Margin)
		}
	})
	t.Run("flows", func(t *testing.T) {
		res := mustRead(t, "flow.csv", "date,main_net,super_net,large_net\n2026-04-01,17343229952.0,24369512448.0,-7026282496.0\n",
			Options{Dataset: market.DatasetFlows, Symbol: "ALL.CN"})
		f := res.Batch.Flows
		if len(f) != 1 || f[0].MainNet != 17343229952 || f[0].LargeNet != -7026282496 || !math.IsNaN(f[0].SmallNet) {
			t.Fatalf("%+v", f)
		}
	})
	t.Run("valuation tushare 万元", func(t *testing.T) {
		res := mustRead(t, "v.csv", "ts_code,trade_date,pe_ttm,pb,total_mv,circ_mv\n600519.SH,20240102,30.5,9.1,21500000,21500000\n", Options{Dataset: market.DatasetValuation})
		v := res.Batch.Valuations
		if len(v) != 1 || v[0].TotalMV != 2.15e11 || v[0].PETTM != 30.5 {
			t.Fatalf("%+v", v)
		}
	})
}

func TestFundamentals(t *testing.T) {
	res := mustRead(t, "f.csv", "symbol,period_end,report_date,field,value,unit\n600760.SH,2024-12-31,2025-03-28,revenue,428.5,亿元\n600760.SH,2024-12-31,2025-03-28,rd_expense,5,%\n",
		Options{Dataset: market.DatasetFundamentals})
	f := res.Batch.Fundamentals
	if len(f) != 2 || f[0].Value != 428.5e8 || f[0].Unit != "CNY" || f[1].Unit != "ratio" || !near(f[1].Value, 0.05) {
		t.Fatalf("%+v", f)
	}
	_, err := Read(context.Background(), "f.csv", strings.NewReader("symbol,period_end,report_date,field,value,unit\n600760.SH,2024-12-31,2024-03-28,revenue,1,元\n"), Options{Dataset: market.DatasetFundamentals})
	if got := sextant.ErrorMessage(err); got != "f.csv:2: 600760.SH revenue: report date 2024-03-28 before period end 2024-12-31" {
		t.Errorf("%s", got)
	}
	_, err = Read(context.Background(), "f.csv", strings.NewReader("symbol,period_end,field,value\n600760.SH,2024-12-31,revenue,1\n"), Options{Dataset: market.DatasetFundamentals})
	if got := sextant.ErrorMessage(err); !strings.HasPrefix(got, "f.csv:1: no unit column and no --unit") {
		t.Errorf("%s", got)
	}
}
