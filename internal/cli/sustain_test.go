package cli

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// sustainDoc decodes the JSON contract with pointers where null is allowed.
type sustainDoc struct {
	AsOf      string   `json:"asof"`
	Benchmark string   `json:"benchmark"`
	Demo      bool     `json:"demo"`
	Peers     int      `json:"peers"`
	Score     *float64 `json:"score"`
	Label     string   `json:"label"`
	Sector    struct {
		Code   string `json:"code"`
		Symbol string `json:"symbol"`
	} `json:"sector"`
	Dimensions []struct {
		Dimension string   `json:"dimension"`
		Score     *float64 `json:"score"`
		Missing   bool     `json:"missing"`
		Signal    string   `json:"signal"`
		Readings  []struct {
			Name    string   `json:"name"`
			Value   *float64 `json:"value"`
			Symbols []string `json:"symbols"`
			Members int      `json:"members"`
			Window  string   `json:"window"`
			Date    string   `json:"date"`
			Note    string   `json:"note"`
		} `json:"readings"`
	} `json:"dimensions"`
	BaseRate *struct {
		State      map[string]string `json:"state"`
		Dims       []string          `json:"dims"`
		Dropped    []string          `json:"dropped"`
		FlowSource string            `json:"flow_source"`
		Sectors    int               `json:"sectors"`
		Horizons   []struct {
			Weeks   int      `json:"weeks"`
			N       int      `json:"n"`
			Mean    *float64 `json:"mean"`
			Median  *float64 `json:"median"`
			HitRate *float64 `json:"hit_rate"`
			Lo      *float64 `json:"lo"`
			Hi      *float64 `json:"hi"`
		} `json:"horizons"`
	} `json:"base_rate"`
	Audit *struct {
		Dates      int      `json:"dates"`
		MeanIC     *float64 `json:"mean_ic"`
		TStat      *float64 `json:"t_stat"`
		HitRate    *float64 `json:"hit_rate"`
		MeanSpread *float64 `json:"mean_spread"`
		Verdict    string   `json:"verdict"`
		Dimensions []string `json:"dimensions"`
	} `json:"audit"`
	Notes []string `json:"notes"`
}

func sustainJSONRun(t *testing.T, home string, args ...string) sustainDoc {
	t.Helper()
	res := run(t, home, append([]string{"sustain"}, append(args, "--format", "json")...)...)
	if res.code != 0 {
		t.Fatalf("sustain %v: exit %d: %s", args, res.code, res.err)
	}
	var doc sustainDoc
	if err := json.Unmarshal([]byte(res.out), &doc); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, res.out)
	}
	return doc
}

func finite(p *float64) bool { return p != nil && !math.IsNaN(*p) && !math.IsInf(*p, 0) }

// reading finds a reading by name.
func (d sustainDoc) reading(name string) (value *float64, note string, members int, ok bool) {
	for _, dim := range d.Dimensions {
		for _, r := range dim.Readings {
			if r.Name == name {
				return r.Value, r.Note, r.Members, true
			}
		}
	}
	return nil, "", 0, false
}

// TestSustain runs the command four times on the demo store: defense by
// Chinese name (JSON), English name (table) and code (JSON), and the
// fading Computers sector by index symbol (JSON).
func TestSustain(t *testing.T) {
	home, _ := demoHome(t)
	def := sustainJSONRun(t, home, "国防军工")
	t.Run("defense", func(t *testing.T) { checkDefense(t, def) })
	t.Run("table", func(t *testing.T) { checkSustainTable(t, home) })
	t.Run("code", func(t *testing.T) {
		byCode := sustainJSONRun(t, home, "801740")
		if byCode.Sector.Code != "801740" || !finite(byCode.Score) || *byCode.Score != *def.Score {
			t.Errorf("801740 score %v, 国防军工 %v", fmtp(byCode.Score), fmtp(def.Score))
		}
	})
	t.Run("fading", func(t *testing.T) { checkFading(t, def, sustainJSONRun(t, home, "801750.SI")) })
}

func checkDefense(t *testing.T, doc sustainDoc) {
	if doc.Sector.Code != "801740" || doc.Benchmark != "000300.SH" || !doc.Demo || doc.AsOf != "2026-11-20" || doc.Peers != 31 {
		t.Fatalf("header: %+v", doc)
	}
	if !finite(doc.Score) || *doc.Score < 55 || doc.Label == "unknown" {
		t.Errorf("defense score %v label %s; want a finite score ≥ 55 (the planted rally)", fmtp(doc.Score), doc.Label)
	}
	want := []string{"trend", "momentum", "breadth", "flows", "leverage", "crowding", "valuation", "catalysts"}
	if len(doc.Dimensions) != len(want) {
		t.Fatalf("%d dimensions, want %d", len(doc.Dimensions), len(want))
	}
	for i, d := range doc.Dimensions {
		if d.Dimension != want[i] {
			t.Errorf("dimension %d = %s, want %s", i, d.Dimension, want[i])
		}
		if d.Dimension == "catalysts" {
			if !d.Missing || d.Signal != "missing" || d.Readings[0].Note == "" {
				t.Errorf("catalysts: missing=%v signal=%s note=%q; want missing with a note", d.Missing, d.Signal, d.Readings[0].Note)
			}
			continue
		}
		if d.Missing || !finite(d.Score) {
			t.Errorf("%s is missing on the demo market", d.Dimension)
		}
	}
	// Planted: ETF creations, margin net buying and main-force inflows.
	for _, name := range []string{"etf_flow_z20", "main_flow_z20", "margin_z20"} {
		v, note, members, ok := doc.reading(name)
		if !ok || !finite(v) || *v <= 0 || members == 0 {
			t.Errorf("%s = %v (members %d, note %q); want a positive z-score", name, fmtp(v), members, note)
		}
	}
	if v, _, _, _ := doc.reading("excess_63d"); !finite(v) || *v < 0.10 {
		t.Errorf("excess_63d = %v, want > +10%% (planted rally)", fmtp(v))
	}
	if v, _, members, _ := doc.reading("above_ma60"); !finite(v) || *v < 0.6 || members < 10 {
		t.Errorf("above_ma60 = %v over %d members", fmtp(v), members)
	}
	br := doc.BaseRate
	if br == nil {
		t.Fatal("no base rate")
	}
	if br.Sectors != 31 || br.FlowSource != "margin_net_purchase" || len(br.Dims) == 0 || br.Dims[0] != "quadrant" || br.State["quadrant"] == "" {
		t.Errorf("base rate: %+v", br)
	}
	if len(br.Dims)+len(br.Dropped) != 4 {
		t.Errorf("dims %v + dropped %v should be the four state dimensions", br.Dims, br.Dropped)
	}
	if len(br.Horizons) != 2 || br.Horizons[0].Weeks != 4 || br.Horizons[1].Weeks != 12 {
		t.Fatalf("horizons: %+v", br.Horizons)
	}
	for _, h := range br.Horizons {
		if h.N <= 0 || !finite(h.Mean) || !finite(h.Median) || !finite(h.Lo) || !finite(h.Hi) || !finite(h.HitRate) ||
			*h.Lo > *h.Mean || *h.Mean > *h.Hi || *h.HitRate < 0 || *h.HitRate > 1 {
			t.Errorf("%d-week outcome: %+v", h.Weeks, h)
		}
	}
	a := doc.Audit
	if a == nil || a.Dates < 20 || !finite(a.MeanIC) || !finite(a.TStat) || !finite(a.HitRate) || !finite(a.MeanSpread) ||
		math.Abs(*a.MeanIC) > 1 || a.Verdict == "" || len(a.Dimensions) < 5 {
		t.Errorf("audit: %+v", a)
	}
}

func checkSustainTable(t *testing.T, home string) {
	res := run(t, home, "sustain", "Defense & Aerospace")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.err)
	}
	for _, want := range []string{"DEMO", "801740.SI", "000300.SH", "Score ", "trend", "catalysts", "non-overlapping past episodes",
		"over the next 4 weeks", "over the next 12 weeks", "Signal audit: on ", "note: catalysts missing"} {
		if !strings.Contains(res.out, want) {
			t.Errorf("table lacks %q:\n%s", want, res.out)
		}
	}
}

func checkFading(t *testing.T, def, fade sustainDoc) {
	if !finite(fade.Score) || !finite(def.Score) || *fade.Score >= *def.Score-10 {
		t.Errorf("fading 801750 scores %v, defense %v; want the fade at least 10 points lower", fmtp(fade.Score), fmtp(def.Score))
	}
	// The fade is the last 30 trading days: the close is below its 60-day mean.
	if v, _, _, _ := fade.reading("price_vs_ma60"); !finite(v) || *v >= 0 {
		t.Errorf("fading sector price_vs_ma60 = %v, want negative", fmtp(v))
	}
	for _, name := range []string{"etf_flow_z20", "margin_z20"} {
		if v, _, _, _ := fade.reading(name); !finite(v) || *v >= 0 {
			t.Errorf("fading sector %s = %v, want negative (planted outflows)", name, fmtp(v))
		}
	}
}

func TestSustainErrors(t *testing.T) {
	home, _ := demoHome(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sustain", "no-such-sector"}, ExitNotFound, "no sector matches"},
		{[]string{"sustain"}, ExitInvalid, "need one SECTOR"},
		{[]string{"sustain", "801740", "--format", "csv"}, ExitInvalid, "--format"},
		{[]string{"sustain", "801740", "--asof", "2026-13-01"}, ExitInvalid, "--asof"},
	}
	for _, tt := range tests {
		res := run(t, home, tt.args...)
		if res.code != tt.code || !strings.Contains(res.err, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d containing %q", tt.args, res.code, res.err, tt.code, tt.want)
		}
	}
}

func fmtp(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
