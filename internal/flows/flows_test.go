package flows

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

var nan = math.NaN()

func days(n int) []time.Time {
	out := make([]time.Time, n)
	d := market.Day(2024, 1, 1)
	for i := range out {
		out[i] = d.AddDate(0, 0, i)
	}
	return out
}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func wantSlice(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", name, len(got), len(want))
	}
	for i := range want {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d] = %v, want %v (all %v)", name, i, got[i], want[i], got)
		}
	}
}

func TestRollingSum(t *testing.T) {
	xs := []float64{1, 2, 3, nan, 5, 6, 7, 8}
	wantSlice(t, "sum3", rollingSum(xs, 3), []float64{nan, nan, 6, nan, nan, nan, 18, 21})
	wantSlice(t, "sum1", rollingSum(xs, 1), xs)
}

func TestTrailingZHand(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 100}
	z := trailingZ(xs, 5, 2)
	// row 2: baseline {1,2}: mean 1.5, sd √0.5
	// row 5: baseline {1..5}: mean 3, sd √2.5 (current value excluded)
	wantSlice(t, "z", z, []float64{nan, nan, 1.5 / math.Sqrt(0.5), (4 - 2) / 1.0, (5 - 2.5) / math.Sqrt(5.0/3), 97 / math.Sqrt(2.5)})
	// a constant baseline has no spread: NaN, not ±Inf
	if v := trailingZ([]float64{7, 7, 7, 8}, 3, 2)[3]; !math.IsNaN(v) {
		t.Errorf("constant baseline z = %v, want NaN", v)
	}
}

// naiveZ is the two-pass reference for trailingZ.
func naiveZ(xs []float64, L, minObs int) []float64 {
	out := make([]float64, len(xs))
	for i := range xs {
		var w []float64
		for _, v := range xs[max(0, i-L):i] {
			if !math.IsNaN(v) {
				w = append(w, v)
			}
		}
		out[i] = nan
		if math.IsNaN(xs[i]) || len(w) < minObs || len(w) < 2 {
			continue
		}
		var m, ss float64
		for _, v := range w {
			m += v
		}
		m /= float64(len(w))
		for _, v := range w {
			ss += (v - m) * (v - m)
		}
		if sd := math.Sqrt(ss / float64(len(w)-1)); sd > 0 {
			out[i] = (xs[i] - m) / sd
		}
	}
	return out
}

func TestTrailingZMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 3000)
	for i := range xs {
		xs[i] = 5e8 + 1e8*r.NormFloat64() // flows in yuan with a drift
		if r.IntN(20) == 0 {
			xs[i] = nan
		}
	}
	got, want := trailingZ(xs, 252, 126), naiveZ(xs, 252, 126)
	for i := range want {
		if math.IsNaN(got[i]) != math.IsNaN(want[i]) || !math.IsNaN(want[i]) && math.Abs(got[i]-want[i]) > 1e-8 {
			t.Fatalf("z[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if !math.IsNaN(got[125]) || math.IsNaN(got[200]) && !math.IsNaN(xs[200]) {
		t.Errorf("min-obs rule: z[125]=%v z[200]=%v", got[125], got[200])
	}
}

func etfPanel() *ETFPanel {
	return &ETFPanel{
		Dates:   days(6),
		Symbols: []market.Symbol{"512660.SH", "512670.SH"},
		Shares:  [][]float64{{100, 110, 105, nan, 120, 120}, {50, 60, 70, 80, 90, 100}},
		NAV:     [][]float64{{1, 2, nan, 1, 1.5, 1.5}, {1, 1, 1, 1, 1, 1}},
		Close:   [][]float64{{1, 2.1, 3, 1, 1.6, 1.6}, {1, 1, 1, 1, 1, 1}},
	}
}

func TestETFCreations(t *testing.T) {
	f, err := ETFCreations(etfPanel(), Params{Windows: []int{2}, ZLookback: 3, ZMinObs: 2})
	if err != nil {
		t.Fatal(err)
	}
	a := f.ETF("512660.SH")
	wantSlice(t, "change", a.ShareChange, []float64{nan, 10, -5, nan, nan, 0})
	wantSlice(t, "pct", a.ShareChangePct, []float64{nan, 0.1, -5.0 / 110, nan, nan, 0})
	wantSlice(t, "creation", a.Creation.Values, []float64{nan, 20, -15, nan, nan, 0})
	wantMethods := []Method{MethodNone, MethodNAV, MethodClose, MethodNone, MethodNone, MethodNAV}
	for i, m := range wantMethods {
		if a.Creation.Method[i] != m {
			t.Errorf("method[%d] = %v, want %v", i, a.Creation.Method[i], m)
		}
	}
	if a.Creation.Methods[MethodNAV] != 2 || a.Creation.Methods[MethodClose] != 1 {
		t.Errorf("methods = %v", a.Creation.Methods)
	}
	wantSlice(t, "sum2", a.Creation.Windows[0].Sum, []float64{nan, nan, 5, nan, nan, nan})

	iv, ok := a.Interval(days(6)[1], days(6)[2])
	if !ok || iv.ShareChange != 5 || !near(iv.ShareChangePct, 0.05) || iv.NetCreation != 5 || iv.NAVDays != 1 || iv.CloseDays != 1 || iv.Days != 2 {
		t.Errorf("interval = %+v", iv)
	}
	iv, _ = a.Interval(days(6)[2], days(6)[5].Add(48*time.Hour))
	if iv.ShareChange != 10 || !math.IsNaN(iv.NetCreation) || iv.MissingDays != 2 || !iv.To.Equal(days(6)[5]) {
		t.Errorf("interval with gaps = %+v", iv)
	}
	iv, _ = a.Interval(days(6)[0], days(6)[1])
	if !math.IsNaN(iv.ShareChange) {
		t.Errorf("interval from the first row has no base: %+v", iv)
	}
	if _, ok := a.Interval(days(6)[5].AddDate(0, 0, 1), days(6)[5].AddDate(0, 0, 9)); ok {
		t.Error("empty range reported ok")
	}
	if f.Meta.Measure != "etf_net_creation" || len(f.Meta.Symbols) != 2 || !f.Meta.To.Equal(days(6)[5]) {
		t.Errorf("meta = %+v", f.Meta)
	}
}

func TestMapETFsAndSectorCreations(t *testing.T) {
	sectors := []market.Sector{
		{Taxonomy: "sw2021", Code: "801740", Name: "国防军工", NameEN: "Defense", IndexSymbol: "801740.SI", Aliases: []string{"军工", "A&D"}},
		{Taxonomy: "sw2021", Code: "801080", Name: "电子", NameEN: "Electronics", IndexSymbol: "801080.SI"},
	}
	ins := []market.Instrument{
		{Symbol: "512660.SH", Kind: market.KindETF, Tracks: "399967.SZ", Theme: " a&d "},
		{Symbol: "512670.SH", Kind: market.KindETF, Tracks: "801740.SI", Theme: "电子"},
		{Symbol: "512480.SH", Kind: market.KindETF, Theme: "semiconductors"},
		{Symbol: "600760.SH", Kind: market.KindStock, Theme: "军工"},
	}
	m := MapETFs(ins, sectors)
	def := SectorKey{"sw2021", "801740"}
	if len(m) != 2 || m["512660.SH"] != (Assignment{def, "theme"}) || m["512670.SH"] != (Assignment{def, "tracks"}) {
		t.Fatalf("mapping = %v", m)
	}
	f, _ := ETFCreations(etfPanel(), Params{Windows: []int{2}, ZLookback: 3, ZMinObs: 2})
	sf := SectorCreations(f, m)
	if len(sf.Sectors) != 1 {
		t.Fatalf("sectors = %+v", sf.Sectors)
	}
	s := sf.Sector(def).Series
	wantSlice(t, "sector creation", s.Values, []float64{nan, 30, -5, 10, 10, 10})
	want := []int{0, 2, 2, 1, 1, 2}
	for i, c := range want {
		if s.Contributors[i] != c {
			t.Errorf("contributors[%d] = %d, want %d", i, s.Contributors[i], c)
		}
	}
	wantSlice(t, "sector sum2", s.Windows[0].Sum, []float64{nan, nan, 25, 5, 20, 20})
	if s.Methods[MethodClose] != 1 || s.Methods[MethodNAV] != 7 {
		t.Errorf("methods = %v", s.Methods)
	}
}

func marginPanel() *MarginPanel {
	return &MarginPanel{
		Dates:      days(5),
		Symbols:    []market.Symbol{"A.SH", "B.SZ"},
		FinBalance: [][]float64{{100, 110, 120, 125, 125}, {50, 55, nan, 70, 65}},
		FinBuy:     [][]float64{{20, 20, 20, 20, 20}, {5, nan, nan, nan, 10}},
		FinRepay:   [][]float64{{10, 10, 10, 15, 20}, {2, 1, 1, 1, 15}},
	}
}

func TestMargin(t *testing.T) {
	p := marginPanel()
	b, err := StockMargin(p, "B.SZ", DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	// day 1: Δbalance 5; day 2: balance missing → NaN; day 3: previous balance missing → NaN
	wantSlice(t, "B net", b.Series.Values, []float64{3, 5, nan, nan, -5})
	if b.Series.Method[1] != MethodBalanceChange || b.Series.Method[4] != MethodBuyRepay || b.Series.Methods[MethodBalanceChange] != 1 {
		t.Errorf("methods %v %v", b.Series.Method, b.Series.Methods)
	}
	ms := []market.Membership{
		{Taxonomy: "sw", Sector: "S1", Symbol: "A.SH", From: days(5)[0]},
		{Taxonomy: "sw", Sector: "S1", Symbol: "B.SZ", From: days(5)[1], To: days(5)[3]},
		{Taxonomy: "sw", Sector: "S1", Symbol: "B.SZ", From: days(5)[2], To: days(5)[3]}, // overlap: counted once
		{Taxonomy: "sw", Sector: "S2", Symbol: "B.SZ", From: days(5)[3]},
		{Taxonomy: "sw", Sector: "S2", Symbol: "C.SH", From: days(5)[0]},
	}
	net, bal, err := SectorMargin(p, ms, Params{Windows: []int{2}})
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := net.Sector(SectorKey{"sw", "S1"}).Series, net.Sector(SectorKey{"sw", "S2"}).Series
	wantSlice(t, "S1 net", s1.Values, []float64{10, 15, 10, 5, 0})
	wantSlice(t, "S2 net", s2.Values, []float64{nan, nan, nan, nan, -5})
	wantSlice(t, "S1 sum2", s1.Windows[0].Sum, []float64{nan, 25, 25, 15, 5})
	if c := s1.Contributors; c[0] != 1 || c[1] != 2 || c[2] != 1 || c[3] != 1 {
		t.Errorf("S1 contributors = %v", c)
	}
	wantSlice(t, "S1 balance", bal.Sector(SectorKey{"sw", "S1"}).Series.Values, []float64{100, 165, 120, 125, 125})
	wantSlice(t, "S2 balance", bal.Sector(SectorKey{"sw", "S2"}).Series.Values, []float64{nan, nan, nan, 70, 65})
	if len(bal.Sectors[0].Series.Windows) != 0 {
		t.Error("a balance is a level: no rolling windows")
	}
	if len(net.Unmatched) != 1 || net.Unmatched[0] != "C.SH" {
		t.Errorf("unmatched = %v", net.Unmatched)
	}
	if len(net.Meta.Symbols) != 2 || net.Meta.Measure != "margin_net_purchase" || bal.Meta.Measure != "financing_balance" {
		t.Errorf("meta = %+v / %+v", net.Meta, bal.Meta)
	}
}

func TestMainFlows(t *testing.T) {
	p := &FlowPanel{
		Dates:    days(4),
		Symbols:  []market.Symbol{"A.SH", "BK0480.EM"},
		MainNet:  [][]float64{{1, nan, nan, -2}, {100, 200, 300, 400}},
		SuperNet: [][]float64{{0, 3, nan, 0}, {0, 0, 0, 0}},
		LargeNet: [][]float64{{0, 4, 1, 0}, {0, 0, 0, 0}},
	}
	a, err := MainFlow(p, "A.SH", Params{Windows: []int{2}})
	if err != nil {
		t.Fatal(err)
	}
	wantSlice(t, "A main", a.Series.Values, []float64{1, 7, nan, -2})
	if a.Series.Method[1] != MethodSuperLarge || a.Series.Method[0] != MethodMainNet {
		t.Errorf("methods = %v", a.Series.Method)
	}
	board, _ := MainFlow(p, "BK0480.EM", Params{Windows: []int{2}})
	snap := board.Series.At(time.Time{})
	if snap.Value != 400 || snap.Sign != 1 || snap.Windows[0].Sum != 700 {
		t.Errorf("board snapshot = %+v", snap)
	}
	ms := []market.Membership{{Taxonomy: "em", Sector: "X", Symbol: "A.SH", From: days(4)[1]}}
	sf, _ := SectorMainFlows(p, ms, Params{Windows: []int{2}})
	wantSlice(t, "sector main", sf.Sectors[0].Series.Values, []float64{nan, 7, nan, -2})
	if _, err := MainFlow(p, "Z.SH", DefaultParams()); err == nil {
		t.Error("unknown symbol: no error")
	}
}

func TestSnapshotUsesLastKnownRow(t *testing.T) {
	s := Series{Dates: days(4), Values: []float64{1, -3, nan, nan}}
	s.withWindows(Params{Windows: []int{2}, ZLookback: 2, ZMinObs: 2})
	snap := s.At(days(4)[3])
	if !snap.Valid || !snap.Date.Equal(days(4)[1]) || snap.Value != -3 || snap.Sign != -1 || snap.Windows[0].Sum != -2 || snap.Windows[0].SumSign != -1 {
		t.Errorf("snapshot = %+v", snap)
	}
	if snap := s.At(days(4)[0].AddDate(0, 0, -1)); snap.Valid || !math.IsNaN(snap.Value) {
		t.Errorf("snapshot before data = %+v", snap)
	}
}

func TestPanels(t *testing.T) {
	d := days(3)
	rows := []market.Margin{
		{Symbol: "A.SH", Date: d[0], FinBalance: 1, FinBuy: nan, FinRepay: nan},
		{Symbol: "A.SH", Date: d[2], FinBalance: 3, FinBuy: 2, FinRepay: 1},
		{Symbol: "B.SH", Date: d[1].In(time.FixedZone("CST", 8*3600)).Add(time.Hour), FinBalance: 5, FinBuy: nan, FinRepay: nan},
		{Symbol: "A.SH", Date: d[2].AddDate(0, 0, 1), FinBalance: 9},
	}
	p, dropped := NewMarginPanel(d, rows)
	if dropped != 1 || len(p.Symbols) != 2 {
		t.Fatalf("dropped %d, symbols %v", dropped, p.Symbols)
	}
	wantSlice(t, "A bal", p.FinBalance[0], []float64{1, nan, 3})
	wantSlice(t, "B bal", p.FinBalance[1], []float64{nan, 5, nan})

	closes := market.NewMatrix([]time.Time{d[1], d[2]}, []market.Symbol{"E.SH"})
	closes.Values[0][0], closes.Values[0][1] = 1.5, 1.6
	ep, _ := NewETFPanel(d, []market.FundShares{{Symbol: "E.SH", Date: d[0], Shares: 10, NAV: nan}, {Symbol: "E.SH", Date: d[1], Shares: 12, NAV: nan}}, closes)
	wantSlice(t, "close", ep.Close[0], []float64{nan, 1.5, 1.6})
	f, err := ETFCreations(ep, DefaultParams())
	if err != nil || f.ETFs[0].Creation.Values[1] != 3 || f.ETFs[0].Creation.Method[1] != MethodClose {
		t.Errorf("creation from panel: %v %+v", err, f.ETFs[0].Creation)
	}

	bad := &MarginPanel{Dates: d, Symbols: []market.Symbol{"A.SH"}, FinBuy: [][]float64{{1, 2}}}
	if _, _, err := SectorMargin(bad, nil, DefaultParams()); err == nil {
		t.Error("ragged panel: no error")
	}
	unsorted := &FlowPanel{Dates: []time.Time{d[1], d[0]}, Symbols: nil}
	if _, err := SectorMainFlows(unsorted, nil, DefaultParams()); err == nil {
		t.Error("unsorted dates: no error")
	}
}

func TestMethodText(t *testing.T) {
	b, _ := MethodBalanceChange.MarshalText()
	if string(b) != "balance_change" || Method(99).String() != "method(99)" {
		t.Errorf("method text %q", b)
	}
}

// TestPlantedInflowScores plants a 20-day inflow after a year of noise in
// one sector's margin data: its 20-day z-score must stand out, its sign be
// positive, and a quiet sector stay near zero.
func TestPlantedInflowScores(t *testing.T) {
	const n = 400
	r := rand.New(rand.NewPCG(9, 9))
	p := &MarginPanel{Dates: days(n), Symbols: []market.Symbol{"A.SH", "B.SH", "C.SH"}}
	for j := range p.Symbols {
		buy, repay := make([]float64, n), make([]float64, n)
		for i := range buy {
			buy[i], repay[i] = 1e7+1e6*r.NormFloat64(), 1e7+1e6*r.NormFloat64()
			if j < 2 && i >= n-20 {
				buy[i] += 3e6 // hot sector: both members buy on margin for 20 days
			}
		}
		p.FinBuy, p.FinRepay = append(p.FinBuy, buy), append(p.FinRepay, repay)
	}
	ms := []market.Membership{
		{Taxonomy: "sw", Sector: "hot", Symbol: "A.SH", From: days(n)[0]},
		{Taxonomy: "sw", Sector: "hot", Symbol: "B.SH", From: days(n)[0]},
		{Taxonomy: "sw", Sector: "quiet", Symbol: "C.SH", From: days(n)[0]},
	}
	net, _, err := SectorMargin(p, ms, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	hot := net.Sector(SectorKey{"sw", "hot"}).Series.At(time.Time{})
	quiet := net.Sector(SectorKey{"sw", "quiet"}).Series.At(time.Time{})
	if z := hot.Windows[1].Z; hot.Windows[1].Days != 20 || z < 4 || hot.Windows[1].SumSign != 1 {
		t.Errorf("hot sector 20-day: %+v", hot.Windows[1])
	}
	if z := quiet.Windows[1].Z; math.IsNaN(z) || math.Abs(z) > 3 {
		t.Errorf("quiet sector 20-day z = %v", z)
	}
	if hot.Contributors != 2 || !hot.Date.Equal(days(n)[n-1]) || net.Sectors[0].Series.Methods[MethodBuyRepay] != 2*n {
		t.Errorf("hot snapshot %+v methods %v", hot, net.Sectors[0].Series.Methods)
	}
}
