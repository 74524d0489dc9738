package market

import (
	"testing"
	"time"
)

func TestParseSymbol(t *testing.T) {
	tests := []struct {
		in, venue string
		want      Symbol
		wantErr   bool
	}{
		{"600519.SH", "", "600519.SH", false},
		{"600519.sh", "", "600519.SH", false},
		{"sh600519", "", "600519.SH", false},
		{"sz.000001", "", "000001.SZ", false},
		{"000001.XSHE", "", "000001.SZ", false},
		{"600000.XSHG", "", "600000.SH", false},
		{"xlk.us", "", "XLK.US", false},
		{"SPY.US", "", "SPY.US", false},
		{"BK0480.EM", "", "BK0480.EM", false},
		{"881166", "", "881166.THS", false},
		{"801740", "", "801740.SI", false},
		{"300750", "", "300750.SZ", false},
		{"512660", "", "512660.SH", false},
		{"159995", "", "159995.SZ", false},
		{"430047", "", "430047.BJ", false},
		{"XLK", "US", "XLK.US", false},
		{"000300", "SH", "000300.SH", false},
		{"ALL.CN", "", "ALL.CN", false},
		{"all.sh", "", "ALL.SH", false},
		{"XLK", "", "", true},
		{"", "", "", true},
		{"AAPL.NASDAQ", "", "", true},
		{"XLK", "MOON", "", true},
	}
	for _, tt := range tests {
		got, err := ParseSymbol(tt.in, tt.venue)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSymbol(%q, %q) = %q, %v; want %q, err=%v", tt.in, tt.venue, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := Day(2024, time.January, 2)
	for _, s := range []string{"2024-01-02", "20240102", "2024/01/02", "2024/1/2", "2024-01-02 00:00:00-05:00", "2024-01-02T00:00:00+08:00", "2024年1月2日", " 2024-01-02 "} {
		got, err := ParseDate(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "2024-13-01", "yesterday", "2024-02-30"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded, want error", s)
		}
	}
}

func TestBarValidate(t *testing.T) {
	d := Day(2024, 1, 2)
	ok := Bar{Symbol: "A.SH", Date: d, Open: 10, High: 11, Low: 9, Close: 10.5, Volume: 100}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid bar rejected: %v", err)
	}
	bad := map[string]Bar{
		"high<low":     {Symbol: "A.SH", Date: d, Open: 10, High: 9, Low: 11, Close: 10},
		"neg volume":   {Symbol: "A.SH", Date: d, Open: 10, High: 11, Low: 9, Close: 10, Volume: -1},
		"zero close":   {Symbol: "A.SH", Date: d, Open: 10, High: 11, Low: 9, Close: 0},
		"close>high":   {Symbol: "A.SH", Date: d, Open: 10, High: 11, Low: 9, Close: 12},
		"no date":      {Symbol: "A.SH", Open: 10, High: 11, Low: 9, Close: 10},
		"neg turnover": {Symbol: "A.SH", Date: d, Open: 10, High: 11, Low: 9, Close: 10, Turnover: -0.1},
	}
	for name, b := range bad {
		if err := b.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCheckBars(t *testing.T) {
	cal := NewCalendar(VenueSH, []time.Time{Day(2024, 1, 2), Day(2024, 1, 3), Day(2024, 1, 5)})
	bars := []Bar{
		{Symbol: "600000.SH", Date: Day(2024, 1, 2), Close: 10},
		{Symbol: "600000.SH", Date: Day(2024, 1, 3), Close: 12}, // +20% on a 10% board
		{Symbol: "600000.SH", Date: Day(2024, 1, 4), Close: 12}, // not a trading day
		{Symbol: "000300.SH", Date: Day(2024, 1, 3), Close: 15}, // index: no limit
		{Symbol: "000300.SH", Date: Day(2024, 1, 2), Close: 10},
	}
	ws := CheckBars(bars, map[string]Calendar{VenueSH: cal}, map[Symbol]Kind{"000300.SH": KindIndex})
	if len(ws) != 2 || ws[0].Index != 1 || ws[1].Index != 2 {
		t.Fatalf("warnings = %+v; want one for bar 1 (limit) and one for bar 2 (calendar)", ws)
	}
}

func TestFreshness(t *testing.T) {
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		s    DatasetStatus
		want Freshness
	}{
		{DatasetStatus{Dataset: DatasetBars}, Missing},
		{DatasetStatus{Dataset: DatasetBars, Rows: 1, Last: Day(2026, 11, 20)}, Fresh},
		{DatasetStatus{Dataset: DatasetBars, Rows: 1, Last: Day(2026, 10, 1)}, Stale},
		{DatasetStatus{Dataset: DatasetInstruments, Rows: 5}, Static},
		{DatasetStatus{Dataset: DatasetFundamentals, Rows: 5, Last: Day(2026, 9, 30)}, Fresh},
	}
	for _, tt := range tests {
		if got := tt.s.Freshness(now); got != tt.want {
			t.Errorf("%s last %s: %s, want %s", tt.s.Dataset, FormatDate(tt.s.Last), got, tt.want)
		}
	}
}
