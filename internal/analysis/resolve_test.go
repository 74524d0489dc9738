package analysis

import (
	"context"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// fakeCatalog is an in-memory Catalog.
type fakeCatalog struct {
	ins     []market.Instrument
	sectors []market.Sector
}

func (f fakeCatalog) Instrument(_ context.Context, s market.Symbol) (market.Instrument, error) {
	for _, in := range f.ins {
		if in.Symbol == s {
			return in, nil
		}
	}
	return market.Instrument{}, sextant.Errorf(sextant.ENOTFOUND, "no instrument %s", s)
}

func (f fakeCatalog) Instruments(context.Context, market.InstrumentFilter) ([]market.Instrument, error) {
	return f.ins, nil
}

func (f fakeCatalog) Taxonomies(context.Context) ([]market.Taxonomy, error) {
	return []market.Taxonomy{{ID: "em-industry"}, {ID: "sw2021"}}, nil
}

func (f fakeCatalog) Sectors(_ context.Context, tax string, level int) ([]market.Sector, error) {
	var out []market.Sector
	for _, s := range f.sectors {
		if s.Taxonomy == tax && (level == 0 || s.Level == level) {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f fakeCatalog) Members(context.Context, string, string, time.Time) ([]market.Membership, error) {
	return nil, nil
}

func (f fakeCatalog) MembershipHistory(context.Context, string, string) ([]market.Membership, error) {
	return nil, nil
}

func (f fakeCatalog) Bars(context.Context, market.Symbol, time.Time, time.Time) ([]market.Bar, error) {
	return nil, nil
}

func (f fakeCatalog) BarMatrix(context.Context, []market.Symbol, time.Time, time.Time, market.BarField) (*market.Matrix, error) {
	return nil, nil
}

// TradingDays pretends SPY.US and 600519.SH have bars but no instrument row.
func (f fakeCatalog) TradingDays(_ context.Context, s market.Symbol, _, _ time.Time) ([]time.Time, error) {
	if s == "SPY.US" || s == "600519.SH" {
		return []time.Time{market.Day(2024, 1, 2)}, nil
	}
	return nil, nil
}

// FundShares pretends 159995.SZ is known only from a shares file.
func (f fakeCatalog) FundShares(_ context.Context, syms []market.Symbol, _, _ time.Time) ([]market.FundShares, error) {
	if len(syms) == 1 && syms[0] == "159995.SZ" {
		return []market.FundShares{{Symbol: "159995.SZ", Date: market.Day(2024, 1, 2), Shares: 1e9}}, nil
	}
	return nil, nil
}

func (f fakeCatalog) Margin(context.Context, []market.Symbol, time.Time, time.Time) ([]market.Margin, error) {
	return nil, nil
}

func (f fakeCatalog) Flows(context.Context, []market.Symbol, time.Time, time.Time) ([]market.CapitalFlow, error) {
	return nil, nil
}

func (f fakeCatalog) Valuations(context.Context, []market.Symbol, time.Time, time.Time) ([]market.Valuation, error) {
	return nil, nil
}

var catalog = fakeCatalog{
	ins: []market.Instrument{
		{Symbol: "XLK.US", Kind: market.KindETF, Name: "Technology Select Sector SPDR"},
		{Symbol: "000001.SZ", Kind: market.KindStock, Name: "平安银行"},
		{Symbol: "000001.SH", Kind: market.KindIndex, Name: "上证指数"},
		{Symbol: "BRK.B.US", Kind: market.KindStock, Name: "Berkshire Hathaway B"},
	},
	sectors: []market.Sector{
		{Taxonomy: "sw2021", Code: "801740", Level: 1, Name: "国防军工", NameEN: "Defense & Aerospace", IndexSymbol: "801740.SI", Aliases: []string{"军工", "A&D", "defense"}},
		{Taxonomy: "sw2021", Code: "801750", Level: 1, Name: "计算机", NameEN: "Computers", IndexSymbol: "801750.SI"},
		{Taxonomy: "sw2021", Code: "801741", Level: 2, Parent: "801740", Name: "航天装备", NameEN: "Aerospace Equipment", IndexSymbol: "801741.SI", Aliases: []string{"卫星"}},
		{Taxonomy: "em-industry", Code: "BK0480", Level: 1, Name: "航天航空", NameEN: "Aerospace", IndexSymbol: "BK0480.EM", Aliases: []string{"军工"}},
	},
}

func TestResolveSymbol(t *testing.T) {
	tests := []struct {
		in   string
		want market.Symbol
		code string
	}{
		{"XLK", "XLK.US", ""},
		{"xlk", "XLK.US", ""},
		{"XLK.US", "XLK.US", ""},
		{"sz000001", "000001.SZ", ""},
		{"000001", "", sextant.EINVALID}, // SZ stock and SH index
		{"BRK.B", "BRK.B.US", ""},
		{"SPY", "SPY.US", ""},       // bars only: guessed venue
		{"SPY.US", "SPY.US", ""},    // bars only
		{"600519", "600519.SH", ""}, // bars only: A-share prefix rule
		{"QQQ", "", sextant.ENOTFOUND},
		{"159995", "159995.SZ", ""}, // shares only
		{"600000.SH", "", sextant.ENOTFOUND},
		{"", "", sextant.EINVALID},
	}
	for _, tt := range tests {
		got, err := ResolveSymbol(context.Background(), catalog, tt.in)
		if got != tt.want || sextant.ErrorCode(err) != tt.code {
			t.Errorf("ResolveSymbol(%q) = %q, %v; want %q code %q", tt.in, got, err, tt.want, tt.code)
		}
	}
}

func TestResolveSector(t *testing.T) {
	tests := []struct {
		in, tax  string
		want     string
		notFound bool
	}{
		{"801740", "", "801740", false},
		{"801740.SI", "", "801740", false},
		{"国防军工", "", "801740", false},
		{"defense & aerospace", "", "801740", false},
		{"军工", "", "801740", false},            // alias in two taxonomies: sw2021 preferred
		{"军工", "em-industry", "BK0480", false}, // narrowed
		{"卫星", "", "801741", false},            // level-2 alias
		{"Computers", "", "801750", false},
		{"Aerospace", "", "BK0480", false}, // exact name beats nothing
		{"banks", "", "", true},
	}
	for _, tt := range tests {
		got, err := ResolveSector(context.Background(), catalog, tt.in, tt.tax)
		if tt.notFound {
			if sextant.ErrorCode(err) != sextant.ENOTFOUND {
				t.Errorf("ResolveSector(%q) = %v, %v; want not found", tt.in, got.Code, err)
			}
			continue
		}
		if err != nil || got.Code != tt.want {
			t.Errorf("ResolveSector(%q, %q) = %q, %v; want %q", tt.in, tt.tax, got.Code, err, tt.want)
		}
	}
}
