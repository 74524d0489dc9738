package csvfile

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

// read parses an inline fixture and fails the test on an error.
func mustRead(t *testing.T, name, text string, opts Options) *Result {
	t.Helper()
	res, err := Read(context.Background(), name, strings.NewReader(text), opts)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return res
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestBarLayouts(t *testing.T) {
	d := market.Day
	tests := []struct {
		name, file, text string
		opts             Options
		layout           string
		n                int
		want             market.Bar // the first bar; NaN fields must be NaN
	}{
		{"canonical", "bars.csv",
			"symbol,date,open,high,low,close,volume,amount,turnover,adj_factor\n600519.SH,2024-01-02,10,11,9,10.5,1000,10500,0.012,1.5\n600519.SH,2024-01-03,10.5,11,10,10.8,900,,,\n",
			Options{}, "canonical", 2,
			market.Bar{Symbol: "600519.SH", Date: d(2024, 1, 2), Open: 10, High: 11, Low: 9, Close: 10.5, Volume: 1000, Amount: 10500, Turnover: 0.012, AdjFactor: 1.5}},
		{"canonical minimal", "bars.csv", "symbol,date,close\nsh600519,20240102,10.5\n",
			Options{}, "canonical", 1,
			market.Bar{Symbol: "600519.SH", Date: d(2024, 1, 2), Open: nan, High: nan, Low: nan, Close: 10.5, Volume: nan, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"canonical --unit 万元", "bars.csv", "symbol,date,close,amount\n600519.SH,2024-01-02,10.5,2.5\n",
			Options{Unit: "万元"}, "canonical", 1,
			market.Bar{Symbol: "600519.SH", Date: d(2024, 1, 2), Open: nan, High: nan, Low: nan, Close: 10.5, Volume: nan, Amount: 25000, Turnover: nan, AdjFactor: nan}},
		{"akshare lots and percent", "x.csv",
			"日期,代码,开盘,收盘,最高,最低,成交量,成交额,振幅,涨跌幅,涨跌额,换手率\n2024-01-02,512660,1.00,1.02,1.03,0.99,12345,1259190.0,4.0,2.0,0.02,1.5\n",
			Options{}, "akshare", 1,
			market.Bar{Symbol: "512660.SH", Date: d(2024, 1, 2), Open: 1, High: 1.03, Low: 0.99, Close: 1.02, Volume: 1234500, Amount: 1259190, Turnover: 0.015, AdjFactor: nan}},
		{"akshare without code uses the file name", "000001.csv",
			"\ufeff日期,开盘,收盘,最高,最低,成交量,成交额\n2024-01-02,9.39,9.21,9.42,9.21,1158366,1075742252.45\n",
			Options{}, "akshare", 1,
			market.Bar{Symbol: "000001.SZ", Date: d(2024, 1, 2), Open: 9.39, High: 9.42, Low: 9.21, Close: 9.21, Volume: 115836600, Amount: 1075742252.45, Turnover: nan, AdjFactor: nan}},
		{"tushare lots and thousands", "daily.csv",
			"ts_code,trade_date,open,high,low,close,pre_close,change,pct_chg,vol,amount\n000001.SZ,20240102,9.39,9.42,9.21,9.21,9.39,-0.18,-1.9169,1158366.45,1075742.252\n",
			Options{}, "tushare", 1,
			market.Bar{Symbol: "000001.SZ", Date: d(2024, 1, 2), Open: 9.39, High: 9.42, Low: 9.21, Close: 9.21, Volume: 115836645, Amount: 1075742252, Turnover: nan, AdjFactor: nan}},
		{"baostock percent turnover", "600519.csv",
			"date,code,open,high,low,close,preclose,volume,amount,adjustflag,turn,tradestatus,pctChg,isST\n2010-01-04,sh.600519,172.0000,172.0000,169.3100,169.9400,169.8200,4430488,753405635.0000,3,0.469431,1,0.070700,0\n",
			Options{}, "baostock", 1,
			market.Bar{Symbol: "600519.SH", Date: d(2010, 1, 4), Open: 172, High: 172, Low: 169.31, Close: 169.94, Volume: 4430488, Amount: 753405635, Turnover: 0.00469431, AdjFactor: nan}},
		{"yfinance zones and adj close", "SPY.csv",
			"Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits\n1993-01-29 00:00:00-05:00,43.97,43.97,43.75,43.94,24.24,1003200,0.0,0.0\n",
			Options{}, "yfinance", 1,
			market.Bar{Symbol: "SPY.US", Date: d(1993, 1, 29), Open: 43.97, High: 43.97, Low: 43.75, Close: 43.94, Volume: 1003200, Amount: nan, Turnover: nan, AdjFactor: 24.24 / 43.94}},
		{"yfinance ticker column, --venue wins", "etfs.csv",
			"Date,Open,High,Low,Close,Volume,Dividends,Stock Splits,Capital Gains,ticker\n2025-12-26 00:00:00-05:00,690.64,691.66,689.65,690.59,10131962,0.0,0.0,0.0,SPY\n",
			Options{Venue: "HK"}, "yfinance", 1,
			market.Bar{Symbol: "SPY.HK", Date: d(2025, 12, 26), Open: 690.64, High: 691.66, Low: 689.65, Close: 690.59, Volume: 10131962, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"long file with a sector column", "sector_prices.csv",
			"date,open,high,low,close,volume,sector\n2005-02-25,16.6899,16.8233,16.6461,16.7815,688594.30566553,XLK\n2005-02-25,17.0446,17.0722,16.9489,17.0584,592505.56,XLP\n",
			Options{}, "long", 2,
			market.Bar{Symbol: "XLK.US", Date: d(2005, 2, 25), Open: 16.6899, High: 16.8233, Low: 16.6461, Close: 16.7815, Volume: 688594.30566553, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"stooq daily", "xlk.us.csv", "Date,Open,High,Low,Close,Volume\n2024-01-02,190.1,191,188.5,189.9,1234567\n",
			Options{}, "stooq", 1,
			market.Bar{Symbol: "XLK.US", Date: d(2024, 1, 2), Open: 190.1, High: 191, Low: 188.5, Close: 189.9, Volume: 1234567, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"stooq bulk", "spy.us.txt",
			"<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\r\nSPY.US,D,20050225,000000,92.7949,93.8716,92.7097,93.6948,79289004,0\r\n",
			Options{}, "stooq-bulk", 1,
			market.Bar{Symbol: "SPY.US", Date: d(2005, 2, 25), Open: 92.7949, High: 93.8716, Low: 92.7097, Close: 93.6948, Volume: 79289004, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"ths board from the file name", "881166.csv",
			"\ufeffdate,open,high,low,close,volume,amount\n2025-01-02,1641.32,1642.054,1566.979,1580.283,1360312800,25574467000.0\n",
			Options{}, "ths", 1,
			market.Bar{Symbol: "881166.THS", Date: d(2025, 1, 2), Open: 1641.32, High: 1642.054, Low: 1566.979, Close: 1580.283, Volume: 1360312800, Amount: 25574467000, Turnover: nan, AdjFactor: nan}},
		{"cn etf daily", "512660.csv",
			"datetime,open,high,low,close,volume,amount,pre_close\n2016-08-09,1.012,1.017,1.01,1.016,47488032,48117112.0,\n",
			Options{}, "cn-etf", 1,
			market.Bar{Symbol: "512660.SH", Date: d(2016, 8, 9), Open: 1.012, High: 1.017, Low: 1.01, Close: 1.016, Volume: 47488032, Amount: 48117112, Turnover: nan, AdjFactor: nan}},
		{"csindex amount in 亿元, index venue rule", "000300.csv",
			"date,open,high,low,close,amount_yi,pe\n2015-01-05,3566.09,3669.04,3551.51,3641.54,5198.5,14.28\n",
			Options{}, "csindex", 1,
			market.Bar{Symbol: "000300.SH", Date: d(2015, 1, 5), Open: 3566.09, High: 3669.04, Low: 3551.51, Close: 3641.54, Volume: nan, Amount: 5198.5e8, Turnover: nan, AdjFactor: nan}},
		{"csindex CSI-only code", "H30184.csv",
			"date,open,high,low,close,amount_yi,pe\n2015-01-05,,,,2273.23,33.55,\n",
			Options{}, "csindex", 1,
			market.Bar{Symbol: "H30184.CSI", Date: d(2015, 1, 5), Open: nan, High: nan, Low: nan, Close: 2273.23, Volume: nan, Amount: 33.55e8, Turnover: nan, AdjFactor: nan}},
		{"amount (亿元) header unit", "bars.csv", "symbol,date,close,成交额(亿元)\n600519.SH,2024-01-02,10,1.5\n",
			Options{}, "canonical", 1,
			market.Bar{Symbol: "600519.SH", Date: d(2024, 1, 2), Open: nan, High: nan, Low: nan, Close: 10, Volume: nan, Amount: 1.5e8, Turnover: nan, AdjFactor: nan}},
		{"close-only, descending, slashes", "399967.csv",
			"cp,date,fifty_median,hundred_median,pb,pb_percentile,pe,pe_percentile\n11834.29,2021/6/22,1,1,4.7,63.6,61.8,30.7\n11921.44,2021/6/21,1,1,4.7,63.7,62.0,30.7\n",
			Options{}, "close-only", 2,
			market.Bar{Symbol: "399967.SZ", Date: d(2021, 6, 22), Open: nan, High: nan, Low: nan, Close: 11834.29, Volume: nan, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"wide closes", "closes.csv", "date,801010.SI,801030.SI\n2024-01-02,2800.5,\n2024-01-03,2810.1,3300\n",
			Options{}, "wide", 3,
			market.Bar{Symbol: "801010.SI", Date: d(2024, 1, 2), Open: nan, High: nan, Low: nan, Close: 2800.5, Volume: nan, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"wide US tickers", "closes.csv", "Date,XLK,XLF\n2024-01-02,190.5,38.1\n",
			Options{}, "wide", 2,
			market.Bar{Symbol: "XLK.US", Date: d(2024, 1, 2), Open: nan, High: nan, Low: nan, Close: 190.5, Volume: nan, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"tab separated, --symbol", "x.tsv", "date\topen\thigh\tlow\tclose\n2024-01-02\t1\t2\t1\t1.5\n",
			Options{Symbol: "BK0480.EM"}, "canonical", 1,
			market.Bar{Symbol: "BK0480.EM", Date: d(2024, 1, 2), Open: 1, High: 2, Low: 1, Close: 1.5, Volume: nan, Amount: nan, Turnover: nan, AdjFactor: nan}},
		{"quoted cells and thousands separators", "bars.csv",
			"symbol,date,close,volume\n\"600519.SH\",\"2024-01-02\",\"1,700.50\",\"12,000\"\n",
			Options{}, "canonical", 1,
			market.Bar{Symbol: "600519.SH", Date: d(2024, 1, 2), Open: nan, High: nan, Low: nan, Close: 1700.5, Volume: 12000, Amount: nan, Turnover: nan, AdjFactor: nan}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, tt.file, tt.text, tt.opts)
			if res.Layout != tt.layout {
				t.Errorf("layout = %q, want %q", res.Layout, tt.layout)
			}
			if len(res.Batch.Bars) != tt.n {
				t.Fatalf("%d bars, want %d", len(res.Batch.Bars), tt.n)
			}
			if got := res.Batch.Bars[0]; !sameBarExact(got, tt.want) {
				t.Errorf("first bar\n got %+v\nwant %+v", got, tt.want)
			}
			if res.ErrorCount != 0 {
				t.Errorf("errors: %v", res.Errors)
			}
		})
	}
}

func sameBarExact(a, b market.Bar) bool {
	f := func(x, y float64) bool { return math.IsNaN(x) && math.IsNaN(y) || near(x, y) }
	return a.Symbol == b.Symbol && a.Date.Equal(b.Date) && f(a.Open, b.Open) && f(a.High, b.High) && f(a.Low, b.Low) &&
		f(a.Close, b.Close) && f(a.Volume, b.Volume) && f(a.Amount, b.Amount) && f(a.Turnover, b.Turnover) && f(a.AdjFactor, b.AdjFactor)
}
