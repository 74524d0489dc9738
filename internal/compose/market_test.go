package compose

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
)

func marketReport(t *testing.T, lang, focus string) *report.Report {
	t.Helper()
	st, _ := loadDemo(t)
	r, err := Market(context.Background(), sources(st), MarketRequest{Lang: lang, Focus: focus, Generator: "sextant test", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMarketOverview: the planted defense rally tops the board by 1M and
// the planted growth → value shift reads value-led, in both languages,
// with every figure traced.
func TestMarketOverview(t *testing.T) {
	_, truth := loadDemo(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			r := marketReport(t, lang, "")
			if r.Kind != "market" || r.Lang != lang || !r.Demo {
				t.Fatalf("kind %s lang %s demo %v", r.Kind, r.Lang, r.Demo)
			}
			board, ok := r.Section(secLeaderboard)
			if !ok || len(board.Blocks) < 2 || board.Blocks[1].Table == nil {
				t.Fatalf("leaderboard %+v", board)
			}
			if first := board.Blocks[1].Table.Rows[0]; !strings.Contains(first[1], string(truth.Rally.Index)) {
				t.Errorf("first by 1M is %q, want %s", first[1], truth.Rally.Index)
			}
			valueLed := map[string]string{"en": "value-led", "zh": "价值占优"}[lang]
			if f := sectionText(r, report.SecFindings); !strings.Contains(f, valueLed) {
				t.Errorf("findings do not say %s:\n%s", valueLed, f)
			}
			if r.Sections[2].ID != report.SecPosition || r.Sections[3].ID != report.SecStyle {
				t.Errorf("sections %s, %s after the leaderboard", r.Sections[2].ID, r.Sections[3].ID)
			}
			for _, s := range r.Sections {
				if len(s.Blocks) == 0 {
					t.Errorf("section %s has no content (missing %q)", s.ID, s.Missing)
				}
			}
			for _, c := range r.Citations {
				if c.Kind != "news" && c.Kind != "research" && c.Kind != "policy" {
					t.Errorf("cites a %s: %q", c.Kind, c.Title)
				}
			}
			checkTraced(t, r, 80)
		})
	}
}

// TestMarketStyleFocus: the style focus puts style rotation first and
// titles the report for it.
func TestMarketStyleFocus(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		r := marketReport(t, lang, FocusStyle)
		if r.Sections[1].ID != report.SecStyle {
			t.Errorf("%s: section after the findings is %s", lang, r.Sections[1].ID)
		}
		if want := map[string]string{"en": "Style rotation", "zh": "风格轮动"}[lang]; !strings.HasPrefix(r.Title, want) {
			t.Errorf("%s: title %q", lang, r.Title)
		}
		checkTraced(t, r, 60)
	}
	st, _ := loadDemo(t)
	if _, err := Market(context.Background(), sources(st), MarketRequest{Focus: "sectors", Now: fixedNow}); err == nil {
		t.Error("unknown focus: no error")
	}
}

// TestMarketAsOfPast: an overview as of an earlier day reads its figures
// on that day and cites nothing published after it.
func TestMarketAsOfPast(t *testing.T) {
	st, _ := loadDemo(t)
	asOf := market.Day(2026, time.October, 30)
	r, err := Market(context.Background(), sources(st), MarketRequest{AsOf: asOf, Lang: "en", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !r.AsOf.Equal(asOf) {
		t.Fatalf("as of %s, want %s", market.FormatDate(r.AsOf), market.FormatDate(asOf))
	}
	for _, f := range r.Facts {
		if f.Formula != "quoted" && f.AsOf.After(asOf) {
			t.Errorf("fact %s (%s) as of %s", f.ID, f.Label, market.FormatDate(f.AsOf))
		}
	}
	for _, c := range r.Citations {
		if c.PublishedAt.After(asOf) {
			t.Errorf("cites %q published %s", c.Title, market.FormatDate(c.PublishedAt))
		}
	}
	checkTraced(t, r, 60)
}
