package compose

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

func stockReport(t *testing.T, symbol, lang string) *report.Report {
	t.Helper()
	st, _ := loadDemo(t)
	r, err := Stock(context.Background(), sources(st), StockRequest{Symbol: symbol, Lang: lang, Generator: "sextant test", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestStockReportDefenseLeader: a leader of the planted defense rally is
// placed in 国防军工 point in time, scored against its sector, and the
// report cites a document naming it, in the report's language, with every
// figure traced.
func TestStockReportDefenseLeader(t *testing.T) {
	_, truth := loadDemo(t)
	leader := truth.Rally.LeaderNames[0]
	want := []string{report.SecFindings, report.SecPosition, secSector, secCompany, report.SecFlows, secDocuments,
		report.SecRisks, report.SecConclusion, report.SecMethod}
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			r := stockReport(t, string(leader.Symbol), lang)
			if r.Kind != "stock" || r.Subject.Symbol != leader.Symbol || r.Subject.Code != truth.Rally.Sector || !r.Demo {
				t.Fatalf("kind %s subject %+v demo %v", r.Kind, r.Subject, r.Demo)
			}
			if len(r.Sections) != len(want) {
				t.Fatalf("%d sections, want %d", len(r.Sections), len(want))
			}
			for i, s := range r.Sections {
				if s.ID != want[i] || len(s.Blocks) == 0 {
					t.Errorf("section %d: %s with %d blocks (missing %q), want %s with content", i, s.ID, len(s.Blocks), s.Missing, want[i])
				}
			}
			if s := sectionText(r, secSector); !strings.Contains(s, truth.Rally.Name) {
				t.Errorf("sector section does not name %s:\n%s", truth.Rally.Name, s)
			}
			name := map[string]string{"en": leader.NameEN, "zh": leader.Name}[lang]
			named := 0
			for _, c := range r.Citations {
				if c.Language != lang {
					t.Errorf("cites %q in %s", c.Title, c.Language)
				}
				if strings.Contains(c.Title+c.Quote, name) {
					named++
				}
			}
			if named == 0 {
				t.Errorf("no cited document names %s", name)
			}
			checkTraced(t, r, 60)
		})
	}
}

// TestStockPointInTime: a stock that changed sector is placed in its
// old sector before the switch and in its new one after it; figures and
// documents never come from after the as-of day.
func TestStockPointInTime(t *testing.T) {
	st, truth := loadDemo(t)
	var sw *demo.SectorSwitch
	for i, s := range truth.Switches {
		if !slices.Contains(truth.Delisted, s.Symbol) && s.On.Before(truth.End.AddDate(0, -2, 0)) {
			sw = &truth.Switches[i]
			break
		}
	}
	if sw == nil {
		t.Fatal("no sector switch in the demo truth")
	}
	for _, c := range []struct {
		asOf time.Time
		want string
	}{{sw.On.AddDate(0, 0, -10), sw.From}, {sw.On.AddDate(0, 0, 10), sw.To}} {
		r, err := Stock(context.Background(), sources(st), StockRequest{Symbol: string(sw.Symbol), AsOf: c.asOf, Lang: "en", Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		if r.Subject.Code != c.want {
			t.Errorf("%s as of %s: sector %q, want %s", sw.Symbol, market.FormatDate(c.asOf), r.Subject.Code, c.want)
		}
		for _, f := range r.Facts {
			if f.Formula != "quoted" && f.AsOf.After(c.asOf) {
				t.Errorf("fact %s (%s) as of %s, after %s", f.ID, f.Label, market.FormatDate(f.AsOf), market.FormatDate(c.asOf))
			}
		}
		for _, cit := range r.Citations {
			if cit.PublishedAt.After(c.asOf) {
				t.Errorf("cites %q published %s", cit.Title, market.FormatDate(cit.PublishedAt))
			}
		}
		checkTraced(t, r, 30)
	}
}

// TestStockWithoutSector: the benchmark index belongs to no sector; the
// report says so and still shows its performance and verdict.
func TestStockWithoutSector(t *testing.T) {
	_, truth := loadDemo(t)
	r := stockReport(t, string(truth.Benchmark), "zh")
	if r.Subject.Code != "" {
		t.Errorf("benchmark placed in sector %q", r.Subject.Code)
	}
	if s, _ := r.Section(secSector); s.Missing == "" {
		t.Errorf("sector section: %+v", s)
	}
	if s, _ := r.Section(report.SecConclusion); len(s.Blocks) == 0 {
		t.Error("no conclusion")
	}
	checkTraced(t, r, 6)
}

// TestStockByNameAndETF: an instrument's exact name resolves like its
// symbol; an ETF of the rally maps to its sector, has no company scores
// and shows its creations.
func TestStockByNameAndETF(t *testing.T) {
	_, truth := loadDemo(t)
	leader := truth.Rally.LeaderNames[0]
	if r := stockReport(t, leader.Name, "zh"); r.Subject.Symbol != leader.Symbol {
		t.Errorf("%s resolved to %s, want %s", leader.Name, r.Subject.Symbol, leader.Symbol)
	}
	r := stockReport(t, string(truth.Rally.ETFs[0]), "en")
	if r.Subject.Code != truth.Rally.Sector {
		t.Errorf("ETF %s: sector %q, want %s", truth.Rally.ETFs[0], r.Subject.Code, truth.Rally.Sector)
	}
	if s, _ := r.Section(secCompany); len(s.Blocks) > 0 || s.Missing == "" {
		t.Errorf("ETF has company scores: %+v", s)
	}
	if s, _ := r.Section(report.SecFlows); len(s.Blocks) == 0 || !strings.Contains(sectionText(r, report.SecFlows), "creations") {
		t.Errorf("ETF flows: %s", sectionText(r, report.SecFlows))
	}
	checkTraced(t, r, 30)
}
