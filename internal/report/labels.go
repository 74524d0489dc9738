package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// labels are the renderers' fixed words in each language.
type labels struct {
	asOf, demo, health, assumptions, references, data, runs, chart, missing, noData, members, verifier string
	status                                                                                          map[market.Freshness]string
}

var labelSets = map[string]labels{
	"en": {
		asOf: "As of", demo: "DEMO data — synthetic market, not real prices", health: "Data health",
		assumptions: "Assumptions", references: "References", data: "Data", runs: "ingest runs",
		chart: "Chart", missing: "Not available", noData: "no data", members: "members", verifier: "Verifier",
		status: map[market.Freshness]string{market.Fresh: "fresh", market.Stale: "stale", market.Missing: "missing", market.Static: "ok"},
	},
	"zh": {
		asOf: "数据截至", demo: "DEMO 演示数据——合成市场，并非真实行情", health: "数据健康",
		assumptions: "假设", references: "参考文献", data: "数据", runs: "导入批次",
		chart: "图表", missing: "暂无", noData: "无数据", members: "成分股", verifier: "校验",
		status: map[market.Freshness]string{market.Fresh: "最新", market.Stale: "过期", market.Missing: "缺失", market.Static: "正常"},
	},
}

func labelsFor(lang string) labels {
	if strings.HasPrefix(lang, "zh") {
		return labelSets["zh"]
	}
	return labelSets["en"]
}

// date formats a day.
func date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return market.FormatDate(t)
}

// healthLine is the one-line data-health summary.
func healthLine(r *Report) string {
	l := labelsFor(r.Lang)
	parts := make([]string, 0, len(r.Health))
	for _, h := range r.Health {
		s := fmt.Sprintf("%s %s", h.Dataset, l.status[h.Status])
		if !h.Last.IsZero() {
			s += " (" + date(h.Last) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

// referenceText is a reference as one line of plain text.
func referenceText(r *Report, ref Reference) string {
	l := labelsFor(r.Lang)
	if c := ref.Citation; c != nil {
		parts := []string{c.Title}
		if c.Publisher != "" {
			parts = append(parts, c.Publisher)
		}
		parts = append(parts, date(c.PublishedAt))
		if c.URL != "" {
			parts = append(parts, c.URL)
		}
		return strings.Join(parts, " — ")
	}
	d := ref.Data
	if d == nil {
		return ref.ID
	}
	s := fmt.Sprintf("%s: %s", l.data, d.Label)
	if len(d.Symbols) > 0 {
		s += " · " + symbolList(d.Symbols, 6)
	}
	if d.Members > 0 {
		s += fmt.Sprintf(" · %d %s", d.Members, l.members)
	}
	if !d.From.IsZero() || !d.To.IsZero() {
		s += " · " + date(d.From) + " → " + date(d.To)
	}
	if len(d.Runs) > 0 {
		runs := make([]string, len(d.Runs))
		for i, r := range d.Runs {
			runs[i] = fmt.Sprintf("#%d", r)
		}
		s += " · " + l.runs + " " + strings.Join(runs, ", ")
	}
	if d.Demo {
		s += " · DEMO"
	}
	return s
}

func symbolList(ss []market.Symbol, max int) string {
	parts := make([]string, 0, min(len(ss), max)+1)
	for i, s := range ss {
		if i == max {
			parts = append(parts, fmt.Sprintf("+%d", len(ss)-max))
			break
		}
		parts = append(parts, string(s))
	}
	return strings.Join(parts, ", ")
}
