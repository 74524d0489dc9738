package analysis

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/series"
)

// DefaultStylePairs are the style pairs read when a request names none;
// pairs whose indices are not stored are skipped with a note:
//
//   - A-shares: growth/value = 399370.SZ 国证成长 vs 399371.SZ 国证价值;
//     large/small = 000016.SH 上证50 vs 000852.SH 中证1000;
//   - US: growth/value = IWF vs IWD (Russell 1000 Growth vs Value ETFs);
//     large/small = IWB vs IWM (Russell 1000 vs Russell 2000 ETFs).
func DefaultStylePairs() []rotation.StylePair {
	return []rotation.StylePair{
		{Name: "growth/value", A: "399370.SZ", B: "399371.SZ", ALabel: "growth", BLabel: "value"},
		{Name: "large/small", A: "000016.SH", B: "000852.SH", ALabel: "large", BLabel: "small"},
		{Name: "growth/value (US)", A: "IWF.US", B: "IWD.US", ALabel: "growth", BLabel: "value"},
		{Name: "large/small (US)", A: "IWB.US", B: "IWM.US", ALabel: "large", BLabel: "small"},
	}
}

// StyleRequest asks where the style pairs stand.
type StyleRequest struct {
	Pairs   []rotation.StylePair    // nil → DefaultStylePairs()
	AsOf    time.Time               // zero → each pair's latest common trading day
	Params  rotation.RotationParams // zero → rotation.DefaultRotationParams() (weekly, N = 14)
	Windows []rotation.Window       // nil → rotation.DefaultWindows
}

// StylePairReport is one pair's reading with the returns it came from.
type StylePairReport struct {
	Pair     rotation.StylePair
	From, To time.Time // first and last trading day read (To = the pair's as-of day)
	// Reading holds the regime ("value-led"), the rotation window (Since,
	// Samples), RS, RS-Ratio/RS-Momentum and the relative returns.
	Reading *rotation.StyleReading
	// AReturns and BReturns are each leg's return per window (fractions);
	// Reading.RelReturn = AReturns − BReturns over the same rows.
	AReturns, BReturns map[string]float64
}

// StyleReport is the answer to a StyleRequest: the pairs that are stored,
// in request order.
type StyleReport struct {
	AsOf    time.Time // as requested (zero = latest); each pair's reading is as of its own last common trading day on or before it
	Params  rotation.RotationParams
	Windows []rotation.Window
	Pairs   []StylePairReport
	Demo    bool
	Notes   []string // missing pairs and short histories
}

// Pair returns the report of the pair called name.
func (r *StyleReport) Pair(name string) (StylePairReport, bool) {
	for _, p := range r.Pairs {
		if p.Pair.Name == name {
			return p, true
		}
	}
	return StylePairReport{}, false
}

func (r *StyleReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// RunStyle reads growth vs value and large vs small through rotation.Style:
// for each pair, A's relative rotation against B, the regime and the
// rotation window, and each leg's returns. A pair whose indices are not
// stored is a note, not an error; so is a pair with too short a history for
// a regime.
func RunStyle(ctx context.Context, d Data, req StyleRequest) (*StyleReport, error) {
	if req.Pairs == nil {
		req.Pairs = DefaultStylePairs()
	}
	if req.Params == (rotation.RotationParams{}) {
		req.Params = rotation.DefaultRotationParams()
	}
	if req.Windows == nil {
		req.Windows = rotation.DefaultWindows
	}
	if len(req.Pairs) == 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "no style pairs to read")
	}
	rep := &StyleReport{AsOf: req.AsOf, Params: req.Params, Windows: req.Windows}
	for _, p := range req.Pairs {
		if p.A == "" || p.B == "" || p.A == p.B {
			return nil, sextant.Errorf(sextant.EINVALID, "style pair %q: %q against %q is not two indices", p.Name, p.A, p.B)
		}
		pr, err := rep.pair(ctx, d, p, req)
		if err != nil {
			return nil, err
		}
		if pr != nil {
			rep.Pairs = append(rep.Pairs, *pr)
		}
	}
	if len(rep.Pairs) == 0 {
		rep.note("none of the style pairs is stored: no style reading")
	}
	return rep, nil
}

// pair reads one style pair; nil when it is not stored.
func (rep *StyleReport) pair(ctx context.Context, d Data, p rotation.StylePair, req StyleRequest) (*StylePairReport, error) {
	asOf := req.AsOf
	if asOf.IsZero() {
		last, err := lastCommonDay(ctx, d, p)
		if err != nil {
			return nil, err
		}
		if last.IsZero() {
			rep.note("style pair %s (%s/%s): no trading day with bars of both: left out", p.Name, p.A, p.B)
			return nil, nil
		}
		asOf = last
	}
	m, err := d.BarMatrix(ctx, []market.Symbol{p.A, p.B}, lookback(asOf, req.Params), asOf, market.FieldAdjClose)
	if err != nil {
		return nil, err
	}
	a, b := m.Values[0], m.Values[1]
	var missing []string
	for _, leg := range []struct {
		sym market.Symbol
		xs  []float64
	}{{p.A, a}, {p.B, b}} {
		if series.Valid(leg.xs) == 0 {
			missing = append(missing, string(leg.sym))
		}
	}
	if len(missing) > 0 {
		rep.note("style pair %s (%s/%s): no bars of %s on or before %s: left out", p.Name, p.A, p.B, strings.Join(missing, " and "), market.FormatDate(asOf))
		return nil, nil
	}
	r, err := rotation.Style(m.Dates, a, b, p, asOf, req.Params, req.Windows)
	if err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "style pair %s: %v", p.Name, err)
	}
	perf, err := rotation.Performance(m, p.B, r.AsOf, req.Windows)
	if err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "style pair %s: %v", p.Name, err)
	}
	if r.Regime == "" {
		rep.note("style pair %s: fewer than %d %s samples of both indices up to %s: no regime", p.Name, 2*req.Params.Window, req.Params.Freq, market.FormatDate(r.AsOf))
	}
	for _, s := range []market.Symbol{p.A, p.B} {
		if ins, err := d.Instrument(ctx, s); err == nil && ins.Demo {
			rep.Demo = true
		}
	}
	return &StylePairReport{Pair: p, From: m.Dates[0], To: r.AsOf, Reading: r, AReturns: perf.Rows[0].Returns, BReturns: perf.BenchRet}, nil
}

// lastCommonDay is the last day both indices of p have a bar (zero when
// there is none, or one of them is not stored).
func lastCommonDay(ctx context.Context, d market.BarReader, p rotation.StylePair) (time.Time, error) {
	a, err := d.TradingDays(ctx, p.A, time.Time{}, time.Time{})
	if err != nil || len(a) == 0 {
		return time.Time{}, err
	}
	b, err := d.TradingDays(ctx, p.B, time.Time{}, time.Time{})
	if err != nil || len(b) == 0 {
		return time.Time{}, err
	}
	inB := make(map[int64]bool, len(b))
	for _, t := range b {
		inB[t.Unix()] = true
	}
	for i := len(a) - 1; i >= 0; i-- {
		if inB[a[i].Unix()] {
			return a[i], nil
		}
	}
	return time.Time{}, nil
}
