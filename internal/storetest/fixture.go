package storetest

import (
	"math"
	"strconv"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

var nan = math.NaN()

func day(y int, m time.Month, d int) time.Time { return market.Day(y, m, d) }

// fixture is a small market touching every dataset and every awkward value:
// NaN fields, open-ended memberships, aliases, the Demo flag, ownership,
// restated fundamentals and an unknown report date.
func fixture() *market.Batch {
	return &market.Batch{
		Taxonomies: []market.Taxonomy{
			{ID: "sw2021", Name: "申万2021", Levels: 3},
			{ID: "theme", Name: "Themes", Levels: 1},
		},
		Instruments: []market.Instrument{
			{Symbol: "600760.SH", Kind: market.KindStock, Name: "中航沈飞", NameEN: "AVIC Shenyang", Currency: "CNY",
				ListDate: day(1996, 10, 11), Ownership: market.OwnershipState},
			{Symbol: "002013.SZ", Kind: market.KindStock, Name: "中航机电", Currency: "CNY",
				ListDate: day(2004, 7, 5), DelistAt: day(2023, 3, 1), Ownership: market.OwnershipPrivate},
			{Symbol: "512660.SH", Kind: market.KindETF, Name: "军工ETF", Currency: "CNY", Tracks: "399967.SZ", Theme: "国防军工"},
			{Symbol: "801740.SI", Kind: market.KindSector, Name: "国防军工", NameEN: "Defense"},
			{Symbol: "DEMO1.SH", Kind: market.KindStock, Name: "演示一号", Currency: "CNY", Demo: true},
		},
		Sectors: []market.Sector{
			{Taxonomy: "sw2021", Code: "801740", Level: 1, Name: "国防军工", NameEN: "Defense", IndexSymbol: "801740.SI",
				Aliases: []string{"军工", "A&D", "aerospace & defense"}},
			{Taxonomy: "sw2021", Code: "801741", Level: 2, Name: "航空装备", Parent: "801740"},
			{Taxonomy: "theme", Code: "space", Level: 1, NameEN: "Commercial space", Aliases: []string{"商业航天"}},
		},
		Members: []market.Membership{
			{Taxonomy: "sw2021", Sector: "801740", Symbol: "600760.SH", From: day(2021, 7, 1), Weight: 0.12},
			{Taxonomy: "sw2021", Sector: "801740", Symbol: "002013.SZ", From: day(2021, 7, 1), To: day(2023, 3, 1)},
			{Taxonomy: "sw2021", Sector: "801740", Symbol: "DEMO1.SH", From: day(2024, 1, 2), To: day(2024, 6, 1), Weight: nan},
			{Taxonomy: "sw2021", Sector: "801741", Symbol: "600760.SH", From: day(2021, 7, 1)},
		},
		Bars: []market.Bar{
			{Symbol: "600760.SH", Date: day(2024, 1, 2), Open: 40, High: 41, Low: 39, Close: 40.5, Volume: 1e6, Amount: 4.05e7, Turnover: 0.01, AdjFactor: 2},
			{Symbol: "600760.SH", Date: day(2024, 1, 3), Open: 40.5, High: 42, Low: 40, Close: 41.8, Volume: 2e6, Amount: 8.3e7, Turnover: nan, AdjFactor: 2},
			{Symbol: "600760.SH", Date: day(2024, 1, 5), Open: nan, High: nan, Low: nan, Close: 42, Volume: 1.5e6, Amount: 6.3e7, Turnover: 0.012, AdjFactor: 2.5},
			{Symbol: "512660.SH", Date: day(2024, 1, 2), Open: 1, High: 1.1, Low: 0.9, Close: 1.05, Volume: 5e8, Amount: 5.2e8, AdjFactor: 0},
			{Symbol: "512660.SH", Date: day(2024, 1, 4), Open: 1.05, High: 1.1, Low: 1, Close: 1.08, Volume: 4e8, Amount: 4.3e8, AdjFactor: nan},
			{Symbol: "801740.SI", Date: day(2024, 1, 3), Open: 1500, High: 1520, Low: 1490, Close: 1510, Volume: nan, Amount: nan, Turnover: nan, AdjFactor: 1},
		},
		Shares: []market.FundShares{
			{Symbol: "512660.SH", Date: day(2024, 1, 2), Shares: 8.1e9, NAV: 1.049},
			{Symbol: "512660.SH", Date: day(2024, 1, 3), Shares: 8.3e9, NAV: nan},
		},
		Margin: []market.Margin{
			{Symbol: "600760.SH", Date: day(2024, 1, 2), FinBalance: 1.2e9, FinBuy: 1e8, FinRepay: 9e7, SecBalance: nan},
			{Symbol: market.MarketTotal("SH"), Date: day(2024, 1, 2), FinBalance: 8e11, FinBuy: 4e10, FinRepay: 3.9e10, SecBalance: 5e9},
		},
		Flows: []market.CapitalFlow{
			{Symbol: "600760.SH", Date: day(2024, 1, 2), MainNet: -3e7, SuperNet: -1e7, LargeNet: -2e7, MediumNet: 1e7, SmallNet: 2e7},
			{Symbol: "BK0480.EM", Date: day(2024, 1, 3), MainNet: 5e8, SuperNet: nan, LargeNet: nan, MediumNet: nan, SmallNet: nan},
		},
		Fundamentals: []market.Fundamental{
			{Symbol: "600760.SH", PeriodEnd: day(2023, 9, 30), ReportDate: day(2023, 10, 28), Field: market.FieldRevenue, Value: 3e10, Unit: "CNY"},
			{Symbol: "600760.SH", PeriodEnd: day(2023, 9, 30), ReportDate: day(2024, 3, 30), Field: market.FieldRevenue, Value: 3.1e10, Unit: "CNY"},
			{Symbol: "600760.SH", PeriodEnd: day(2023, 12, 31), ReportDate: day(2024, 3, 30), Field: market.FieldRevenue, Value: 4.6e10, Unit: "CNY"},
			{Symbol: "600760.SH", PeriodEnd: day(2023, 12, 31), ReportDate: day(2024, 3, 30), Field: market.FieldContractLiabilities, Value: -1.5e9, Unit: "CNY"},
			{Symbol: "002013.SZ", PeriodEnd: day(2022, 12, 31), Field: market.FieldRD, Value: 0.05, Unit: "ratio"},
		},
		Valuations: []market.Valuation{
			{Symbol: "600760.SH", Date: day(2024, 1, 2), PETTM: 45.2, PB: 6.1, TotalMV: 1.1e11, FloatMV: 1.0e11},
			{Symbol: "600760.SH", Date: day(2024, 1, 3), PETTM: -3.5, PB: nan, TotalMV: 1.2e11, FloatMV: nan},
		},
	}
}

// fixtureRows is the number of distinct rows in fixture().
func fixtureRows() int { return fixture().Len() }

// bigBars makes n symbols × d consecutive days of bars (for write tests
// that cross the Appender's chunk size).
func bigBars(symbols, days int) []market.Bar {
	out := make([]market.Bar, 0, symbols*days)
	start := day(2020, 1, 1)
	for s := range symbols {
		sym := market.Symbol("S" + strconv.Itoa(s) + ".SZ")
		for d := range days {
			c := 10 + float64(s) + float64(d)/100
			out = append(out, market.Bar{Symbol: sym, Date: start.AddDate(0, 0, d), Open: c, High: c, Low: c, Close: c,
				Volume: float64(d), Amount: c * float64(d), Turnover: nan, AdjFactor: 1})
		}
	}
	return out
}
