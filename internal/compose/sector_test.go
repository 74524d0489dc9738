package compose

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var headingNumber = regexp.MustCompile(`(?m)^## \d+\. `)

// sectionOrder is DESIGN §1's order of sections.
var sectionOrder = []string{report.SecFindings, report.SecRelated, report.SecPosition, report.SecTechnology, report.SecPolicy,
	report.SecOrders, report.SecFlows, report.SecSustain, report.SecOpportunities, report.SecStyle, report.SecRisks,
	report.SecConclusion, report.SecMethod}

func sectorReport(t *testing.T, sector, lang string, asOf time.Time) *report.Report {
	t.Helper()
	st, _ := loadDemo(t)
	r, err := Sector(context.Background(), sources(st), SectorRequest{Sector: sector, Lang: lang, AsOf: asOf, Generator: "sextant test", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSectorReportSections: 国防军工 and "defense" in both languages render
// every section with content, cite at least five documents, and pass the
// template verifier with every figure traced.
func TestSectorReportSections(t *testing.T) {
	for _, sector := range []string{"国防军工", "defense"} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(sector+"/"+lang, func(t *testing.T) {
				r := sectorReport(t, sector, lang, time.Time{})
				if r.Subject.Code != "801740" || !r.Demo || r.Lang != lang {
					t.Fatalf("subject %+v demo %v lang %s", r.Subject, r.Demo, r.Lang)
				}
				if len(r.Sections) != len(sectionOrder) {
					t.Fatalf("%d sections, want %d", len(r.Sections), len(sectionOrder))
				}
				for i, s := range r.Sections {
					if s.ID != sectionOrder[i] {
						t.Errorf("section %d is %s, want %s", i, s.ID, sectionOrder[i])
					}
					if len(s.Blocks) == 0 {
						t.Errorf("section %s has no content (missing: %q)", s.ID, s.Missing)
					}
				}
				docs := 0
				for _, ref := range r.References {
					if ref.Kind == report.RefDocument {
						docs++
						if ref.Citation.Language != lang {
							t.Errorf("reference %d is in %s, want the report's language %s", ref.N, ref.Citation.Language, lang)
						}
					}
				}
				if docs < 5 {
					t.Errorf("%d documents cited, want ≥ 5", docs)
				}
				v := r.Verifier
				if v == nil || v.Figures < 150 || v.Traced != v.Figures || len(v.Problems) > 0 {
					t.Errorf("verifier %+v", v)
				}
			})
		}
	}
}

// TestMarkdownFiguresAreFacts parses every number out of the rendered
// Markdown body (everything before the references) and finds each in the
// fact ledger; a planted false figure must be caught.
func TestMarkdownFiguresAreFacts(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		r := sectorReport(t, "国防军工", lang, time.Time{})
		md := string(report.Markdown(r))
		body, _, ok := strings.Cut(md, "\n## "+map[string]string{"en": "References", "zh": "参考文献"}[lang])
		if !ok {
			t.Fatal("no references heading")
		}
		body = headingNumber.ReplaceAllString(body, "## ") // section numbers are structure, not figures
		ledger := evidence.LedgerOf(r.Facts)
		untraced := func(s string) []string {
			var out []string
			for _, n := range evidence.Numbers(s) {
				if _, ok := ledger.Match(n); !ok {
					out = append(out, n.Text)
				}
			}
			return out
		}
		if n := len(evidence.Numbers(body)); n < 150 {
			t.Errorf("%s: only %d figures in the body", lang, n)
		}
		if bad := untraced(body); len(bad) > 0 {
			t.Errorf("%s: figures not in the ledger: %q", lang, bad)
		}
		planted := strings.Replace(body, "+13.8%", "+14.8%", 1)
		if planted == body || len(untraced(planted)) != 1 {
			t.Errorf("%s: a planted false figure was not caught", lang)
		}
	}
}

// TestReportAsOfPast: a report as of an earlier day cites nothing
// published after it and reads its figures on that day.
func TestReportAsOfPast(t *testing.T) {
	asOf := market.Day(2026, time.October, 30)
	r := sectorReport(t, "801740", "en", asOf)
	if !r.AsOf.Equal(asOf) {
		t.Fatalf("as of %s, want %s", market.FormatDate(r.AsOf), market.FormatDate(asOf))
	}
	for _, c := range r.Citations {
		if c.PublishedAt.After(asOf) {
			t.Errorf("cites %q published %s, after the as-of date", c.Title, market.FormatDate(c.PublishedAt))
		}
	}
	for _, f := range r.Facts {
		if f.Formula != "quoted" && f.AsOf.After(asOf) {
			t.Errorf("fact %s (%s) as of %s", f.ID, f.Label, market.FormatDate(f.AsOf))
		}
	}
}

// TestReportWithoutDocuments: without a document store the driver
// sections say why they are empty; the rest still renders.
func TestReportWithoutDocuments(t *testing.T) {
	st, _ := loadDemo(t)
	src := sources(st)
	src.Docs = nil
	r, err := Sector(context.Background(), src, SectorRequest{Sector: "801750", Lang: "en", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{report.SecTechnology, report.SecPolicy} {
		s, _ := r.Section(id)
		if !strings.Contains(s.Missing, "No document store") {
			t.Errorf("%s: missing = %q", id, s.Missing)
		}
	}
	for _, ref := range r.References {
		if ref.Kind == report.RefDocument {
			t.Errorf("cites %v without a document store", ref.Citation.Title)
		}
	}
	if s, _ := r.Section(report.SecPosition); len(s.Blocks) == 0 {
		t.Error("market position is empty")
	}
}

// TestGolden renders the defense report in every text format and compares
// with testdata (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		r := sectorReport(t, "国防军工", lang, time.Time{})
		js, err := report.JSON(r)
		if err != nil {
			t.Fatal(err)
		}
		outs := map[string][]byte{
			"defense_" + lang + ".md":   report.Markdown(r),
			"defense_" + lang + ".txt":  report.Terminal(r, report.TermOptions{Width: 100}),
			"defense_" + lang + ".json": js,
		}
		for name, got := range outs {
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from the golden file (go test -update rewrites it)", name)
			}
		}
		back, err := report.ReadJSON(js)
		if err != nil || len(back.Facts) != len(r.Facts) || string(report.Markdown(back)) != string(report.Markdown(r)) {
			t.Errorf("JSON does not round-trip: %v", err)
		}
	}
}
