package compose

import (
	"context"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/report"
)

// referencesHeading is the Markdown heading the body ends at.
var referencesHeading = map[string]string{"en": "References", "zh": "参考文献"}

// checkTraced renders the report as Markdown, parses every number of the
// body (everything before the references) and finds each in the fact
// ledger, as TestMarkdownFiguresAreFacts does for the sector report; the
// template verifier must agree. min is the fewest figures expected.
func checkTraced(t *testing.T, r *report.Report, min int) {
	t.Helper()
	md := string(report.Markdown(r))
	body, _, ok := strings.Cut(md, "\n## "+referencesHeading[r.Lang])
	if !ok {
		t.Fatal("no references heading")
	}
	body = headingNumber.ReplaceAllString(body, "## ")
	ledger := evidence.LedgerOf(r.Facts)
	var bad []string
	ns := evidence.Numbers(body)
	for _, n := range ns {
		if _, ok := ledger.Match(n); !ok {
			bad = append(bad, n.Text)
		}
	}
	if len(ns) < min {
		t.Errorf("only %d figures in the body, want ≥ %d", len(ns), min)
	}
	if len(bad) > 0 {
		t.Errorf("figures not in the ledger: %q", bad)
	}
	v := r.Verifier
	if v == nil || v.Figures < min || v.Traced != v.Figures || len(v.Problems) > 0 {
		t.Errorf("verifier %+v", v)
	}
	checkRenders(t, r)
}

// checkRenders renders the report in every format: HTML draws every
// chart, the terminal form is not empty, JSON round-trips.
func checkRenders(t *testing.T, r *report.Report) {
	t.Helper()
	if _, err := report.HTML(r, report.HTMLOptions{}); err != nil {
		t.Errorf("HTML: %v", err)
	}
	if len(report.Terminal(r, report.TermOptions{Width: 100})) == 0 {
		t.Error("empty terminal rendering")
	}
	js, err := report.JSON(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := report.ReadJSON(js)
	if err != nil || string(report.Markdown(back)) != string(report.Markdown(r)) {
		t.Errorf("JSON does not round-trip: %v", err)
	}
}

// sectionText is a section's prose with facts and references resolved.
func sectionText(r *report.Report, id string) string {
	s, ok := r.Section(id)
	if !ok {
		return ""
	}
	var parts []string
	add := func(x string) { parts = append(parts, report.Plain(r, x)) }
	add(s.Missing)
	for _, bl := range s.Blocks {
		visitBlock(bl, add)
	}
	return strings.Join(parts, "\n")
}

func compareReport(t *testing.T, lang string, sectors ...string) *report.Report {
	t.Helper()
	st, _ := loadDemo(t)
	r, err := Compare(context.Background(), sources(st), CompareRequest{Sectors: sectors, Lang: lang, Generator: "sextant test", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCompareDefenseComputers: the planted truth — the defense rally holds,
// the computers rally fades — makes the comparison favour defense, in
// both languages, with every figure traced.
func TestCompareDefenseComputers(t *testing.T) {
	_, truth := loadDemo(t)
	want := []string{report.SecFindings, report.SecPosition, report.SecFlows, report.SecSustain, report.SecOpportunities,
		report.SecRisks, report.SecConclusion, report.SecMethod}
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			r := compareReport(t, lang, "defense", truth.Fading.Name)
			if r.Kind != "compare" || r.Lang != lang || !r.Demo || r.Subject.Code != truth.Rally.Sector+","+truth.Fading.Sector {
				t.Fatalf("kind %s lang %s demo %v subject %+v", r.Kind, r.Lang, r.Demo, r.Subject)
			}
			if len(r.Sections) != len(want) {
				t.Fatalf("%d sections, want %d", len(r.Sections), len(want))
			}
			for i, s := range r.Sections {
				if s.ID != want[i] || len(s.Blocks) == 0 {
					t.Errorf("section %d: %s with %d blocks (missing %q), want %s with content", i, s.ID, len(s.Blocks), s.Missing, want[i])
				}
			}
			name := map[string]string{"en": truth.Rally.NameEN, "zh": truth.Rally.Name}[lang]
			favours := map[string]string{"en": "The evidence favours " + name, "zh": "证据更支持" + name}[lang]
			if c := sectionText(r, report.SecConclusion); !strings.Contains(c, favours) {
				t.Errorf("conclusion does not favour %s:\n%s", name, c)
			}
			lead := map[string]string{"en": "Over one month " + name + " leads", "zh": "近一个月" + name + "领先"}[lang]
			if f := sectionText(r, report.SecFindings); !strings.Contains(f, lead) {
				t.Errorf("findings do not say %s leads:\n%s", name, f)
			}
			pos, _ := r.Section(report.SecPosition)
			charts := 0
			for _, bl := range pos.Blocks {
				if bl.Chart != nil && bl.Chart.Kind == report.ChartRotation {
					charts++
					if len(bl.Chart.Series) != 2 {
						t.Errorf("rotation chart has %d series, want 2", len(bl.Chart.Series))
					}
				}
			}
			if charts != 1 {
				t.Errorf("%d rotation charts, want 1", charts)
			}
			checkTraced(t, r, 80)
		})
	}
}

// TestCompareRequests: two to four distinct sectors.
func TestCompareRequests(t *testing.T) {
	st, _ := loadDemo(t)
	ctx := context.Background()
	for _, secs := range [][]string{{"801740"}, {"801740", "801750", "801770", "801080", "801120"}, {"801740", "国防军工"}} {
		if _, err := Compare(ctx, sources(st), CompareRequest{Sectors: secs, Now: fixedNow}); err == nil {
			t.Errorf("%v: no error", secs)
		}
	}
	if _, err := Compare(ctx, sources(st), CompareRequest{Sectors: []string{"801740", "801750"}, Lang: "fr", Now: fixedNow}); err == nil {
		t.Error("lang fr: no error")
	}
}
