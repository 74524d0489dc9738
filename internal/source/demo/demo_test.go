package demo

import (
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    Size
		wantErr bool
	}{
		{"small", SizeSmall, false},
		{"full", SizeFull, false},
		{"", "", true},
		{"huge", "", true},
		{"Small", "", true},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSize(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("ParseSize(%q) error code %q, want invalid", tt.in, sextant.ErrorCode(err))
		}
	}
}

func TestOptionsNormalize(t *testing.T) {
	tests := []struct {
		name    string
		in      Options
		want    Options
		wantErr bool
	}{
		{"defaults", Options{Seed: 3}, Options{Seed: 3, Size: SizeSmall, End: DefaultEnd, Years: 8}, false},
		{"full", Options{Size: SizeFull}, Options{Size: SizeFull, End: DefaultEnd, Years: 10}, false},
		{"end truncated to day", Options{End: time.Date(2025, 3, 4, 15, 0, 0, 0, time.UTC), Years: 3}, Options{Size: SizeSmall, End: market.Day(2025, 3, 4), Years: 3}, false},
		{"bad size", Options{Size: "medium"}, Options{}, true},
		{"too short", Options{Years: 1}, Options{}, true},
		{"too long", Options{Years: 31}, Options{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.normalize()
			if tt.wantErr {
				if sextant.ErrorCode(err) != sextant.EINVALID {
					t.Fatalf("normalize() error %v, want an invalid error", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("normalize() = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	if d := DefaultOptions(); d.Seed != 1 || d.Size != SizeSmall || !d.End.Equal(market.Day(2026, 11, 20)) {
		t.Errorf("DefaultOptions() = %+v", d)
	}
}

func TestCalendarHolidays(t *testing.T) {
	days := TradingDays(market.Day(2024, 1, 1), market.Day(2026, 12, 31))
	cal := market.NewCalendar("SH", days)
	tests := []struct {
		date string
		open bool
	}{
		{"2026-01-01", false}, // New Year's Day (Thu) …
		{"2026-01-02", false}, // … and its bridge Friday
		{"2026-01-05", true},
		{"2026-02-13", true},  // Friday before the Spring Festival
		{"2026-02-16", false}, // Lunar New Year's Eve (Spring Festival 17 Feb)
		{"2026-02-20", false},
		{"2026-02-23", false}, // sixth day
		{"2026-02-24", true},
		{"2026-04-06", false}, // Qingming on Sunday 5 Apr → Monday off
		{"2026-05-01", false}, // Labour Day 1–5 May
		{"2026-05-05", false},
		{"2026-05-06", true},
		{"2026-06-19", false}, // Dragon Boat
		{"2026-09-25", false}, // Mid-Autumn
		{"2026-10-01", false}, // National Day week
		{"2026-10-07", false},
		{"2026-10-08", true},
		{"2025-10-08", false}, // Mid-Autumn on 6 Oct extends the week
		{"2025-10-09", true},
		{"2024-02-09", false}, // Lunar New Year's Eve 2024
		{"2024-02-19", true},
		{"2026-11-20", true},
		{"2026-11-21", false}, // Saturday
	}
	for _, tt := range tests {
		d, _ := market.ParseDate(tt.date)
		if got := cal.IsTradingDay(d); got != tt.open {
			t.Errorf("%s trading = %v, want %v", tt.date, got, tt.open)
		}
	}
	perYear := map[int]int{}
	for _, d := range days {
		if isWeekend(d) {
			t.Errorf("%s is a weekend", market.FormatDate(d))
		}
		perYear[d.Year()]++
	}
	for y, n := range perYear {
		if n < 238 || n > 246 {
			t.Errorf("%d has %d trading days, want 238–246 like the A-share calendar", y, n)
		}
	}
}

func TestTruthShape(t *testing.T) {
	c := defaultMarket(t)
	tr := c.truth
	if tr.Label != "DEMO" || tr.Seed != 1 || tr.Size != SizeSmall || tr.Benchmark != "000300.SH" || tr.Taxonomy != "sw2021" {
		t.Errorf("truth header = %q %d %q %q %q", tr.Label, tr.Seed, tr.Size, tr.Benchmark, tr.Taxonomy)
	}
	if !tr.End.Equal(market.Day(2026, 11, 20)) || !tr.Start.Equal(market.Day(2018, 11, 21)) {
		t.Errorf("period %s–%s, want 2018-11-21–2026-11-20", market.FormatDate(tr.Start), market.FormatDate(tr.End))
	}
	if n := len(tr.Calendar.Days); n < 1900 || n > 1960 {
		t.Errorf("%d trading days in 8 years", n)
	}
	if tr.Rally.Index != "801740.SI" || tr.Rally.NameEN != "Defense & Aerospace" || tr.Fading.Index != "801750.SI" {
		t.Errorf("scenarios = %s %s / %s", tr.Rally.Index, tr.Rally.NameEN, tr.Fading.Index)
	}
	checkPhases(t, tr.Rally.Phases, []string{"build-up", "rally", "pullback", "breakout"}, tr.End, BuildUpDays+RallyDays)
	checkPhases(t, tr.Fading.Phases, []string{"run-up", "pause", "blow-off", "roll-over"}, tr.End, FadeRunFrom)
	if p := tr.Rally.Phases[1]; p.Drift != RallyDriftStart || p.DriftEnd != RallyDriftEnd {
		t.Errorf("rally phase = %+v", p)
	}
	if tr.Rows[market.DatasetSectors] != 31 || tr.Rows[market.DatasetMembers] != len(c.ref.Members) {
		t.Errorf("rows = %v", tr.Rows)
	}
	for _, ds := range market.Datasets {
		if tr.Rows[ds] == 0 {
			t.Errorf("no %s rows", ds)
		}
	}
}

// checkPhases checks that phases have the given names, follow each other
// without gaps over the last `days` trading days and end on end.
func checkPhases(t *testing.T, ps []Phase, names []string, end time.Time, days int) {
	t.Helper()
	if len(ps) != len(names) {
		t.Fatalf("%d phases, want %v", len(ps), names)
	}
	n := 0
	for i, p := range ps {
		n += p.Days
		if p.Name != names[i] || (i > 0 && !p.Start.After(ps[i-1].End)) {
			t.Errorf("phase %d = %+v, want %s after %s", i, p, names[i], market.FormatDate(ps[max(0, i-1)].End))
		}
	}
	if n != days || !ps[len(ps)-1].End.Equal(end) {
		t.Errorf("phases cover %d days to %s, want %d to %s", n, market.FormatDate(ps[len(ps)-1].End), days, market.FormatDate(end))
	}
}

func TestReferenceData(t *testing.T) {
	c := defaultMarket(t)
	ref := c.ref
	if len(ref.Sectors) < 28 {
		t.Errorf("%d sectors, want ≥ 28", len(ref.Sectors))
	}
	sectorSyms := map[market.Symbol]string{}
	for _, s := range ref.Sectors {
		if s.Name == "" || s.NameEN == "" || s.Level != 1 || s.Taxonomy != "sw2021" || len(s.Aliases) == 0 {
			t.Errorf("sector %+v lacks a name, level, taxonomy or aliases", s)
		}
		if s.IndexSymbol != market.Symbol(s.Code+".SI") {
			t.Errorf("sector %s index %s", s.Code, s.IndexSymbol)
		}
		sectorSyms[s.IndexSymbol] = s.Name
	}
	def := ref.Sectors[sectorIndex(DefenseCode)]
	for _, a := range []string{"军工", "国防", "defense", "A&D", "aerospace & defense"} {
		if !contains(def.Aliases, a) {
			t.Errorf("国防军工 aliases %v lack %q", def.Aliases, a)
		}
	}
	kinds := map[market.Kind]int{}
	owners := map[market.Ownership]int{}
	names := map[string]bool{}
	code := regexp.MustCompile(`^(60[0135]\d{3}\.SH|688\d{3}\.SH|00[012]\d{3}\.SZ|30[01]\d{3}\.SZ)$`)
	for _, in := range ref.Instruments {
		kinds[in.Kind]++
		if !in.Demo || in.Currency != "CNY" {
			t.Errorf("%s: Demo %v currency %q", in.Symbol, in.Demo, in.Currency)
		}
		switch in.Kind {
		case market.KindStock:
			owners[in.Ownership]++
			if !code.MatchString(string(in.Symbol)) {
				t.Errorf("stock code %s is not an A-share code", in.Symbol)
			}
			if names[in.Name] || in.NameEN == "" {
				t.Errorf("stock name %q duplicated or without English name", in.Name)
			}
			names[in.Name] = true
		case market.KindETF:
			if theme, ok := sectorSyms[in.Tracks]; !ok || theme != in.Theme {
				t.Errorf("ETF %s tracks %s with theme %q", in.Symbol, in.Tracks, in.Theme)
			}
		}
	}
	if kinds[market.KindStock] < 1400 || kinds[market.KindStock] > 1600 {
		t.Errorf("%d stocks, want about 1,500", kinds[market.KindStock])
	}
	if kinds[market.KindETF] < 30 || kinds[market.KindSector] != len(ref.Sectors) || kinds[market.KindIndex] != 5 {
		t.Errorf("kinds = %v", kinds)
	}
	if owners[market.OwnershipState] < 200 || owners[market.OwnershipPrivate] < 500 {
		t.Errorf("ownership = %v", owners)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestEveryRowValid(t *testing.T) {
	c := defaultMarket(t)
	if len(c.invalid) > 0 {
		t.Errorf("invalid rows: %v", c.invalid)
	}
	if len(c.warnings) > 0 {
		t.Errorf("CheckBars warnings (calendar or price limit): %v", c.warnings)
	}
	sort.Float64s(c.vols)
	if med := c.vols[len(c.vols)/2]; med < 0.012 || med > 0.025 {
		t.Errorf("median daily stock volatility %.2f%%, want 1.2–2.5%%", 100*med)
	}
}
