package copilot

import (
	"fmt"
	"time"

	"github.com/sextant-ai/sextant/internal/compose"
	"github.com/sextant-ai/sextant/internal/copilot/understand"
	"github.com/sextant-ai/sextant/internal/market"
)

// Report kinds a plan can produce.
const (
	ReportSector  = "sector"
	ReportCompare = "compare"
	ReportStock   = "stock"
	ReportMarket  = "market"
)

// Plan is what an answer will do: which report, about what, as of when,
// and the read-only tool calls behind it.
type Plan struct {
	Intents     []understand.Intent `json:"intents"`
	Report      string              `json:"report"`
	Focus       string              `json:"focus,omitempty"` // flows, etf, style, or "" for the full report
	Sectors     []market.Sector     `json:"sectors,omitempty"`
	Symbol      market.Symbol       `json:"symbol,omitempty"`
	AsOf        time.Time           `json:"as_of,omitzero"` // zero = the latest trading day
	Window      string              `json:"window,omitempty"`
	Lang        string              `json:"lang"`
	Steps       []Step              `json:"steps"`
	Assumptions []string            `json:"assumptions,omitempty"`
}

// Step is one tool call of a plan.
type Step struct {
	Tool string         `json:"tool"`
	Args map[string]any `json:"args"`
}

// stepsFor are the tools each report kind runs (concurrently, where they
// are independent: see compose).
var stepsFor = map[string][]string{
	ReportSector:  {"related_instruments", "performance", "rotation", "flows", "sustainability", "base_rates", "etf_tiers", "company_scores", "style", "search_documents"},
	ReportCompare: {"performance", "rotation", "flows", "sustainability", "base_rates", "etf_tiers"},
	ReportStock:   {"performance", "company_scores", "sustainability", "search_documents"},
	ReportMarket:  {"rotation", "performance", "style", "flows", "search_documents"},
}

// planFor turns an understanding into a plan. Only the question decides
// the plan: nothing read later (documents included) changes it.
func planFor(u understand.Understanding, lang string) (Plan, error) {
	p := Plan{Intents: u.Intents, Lang: lang}
	if p.Lang == "" {
		p.Lang = u.Lang
	}
	var syms []market.Symbol
	for _, e := range u.Entities {
		switch {
		case e.Sector != nil:
			p.Sectors = append(p.Sectors, *e.Sector)
		case e.Symbol != "":
			syms = append(syms, e.Symbol)
		}
	}
	p.Assumptions = u.Assumptions()
	if t := u.Time; t != nil {
		p.AsOf, p.Window = t.To, t.Window
		p.Assumptions = append(p.Assumptions, timeAssumption(p.Lang, t))
	}
	primary := understand.Intent("")
	if len(u.Intents) > 0 {
		primary = u.Intents[0]
	}
	switch {
	case primary == understand.IntentStock && len(syms) > 0, len(p.Sectors) == 0 && len(syms) > 0:
		p.Report, p.Symbol = ReportStock, syms[0]
	case len(p.Sectors) >= 2 && (primary == understand.IntentCompare || has(u.Intents, understand.IntentCompare)):
		p.Report = ReportCompare
	case len(p.Sectors) >= 1 && primary != understand.IntentMarket:
		p.Report = ReportSector
		p.Focus = map[understand.Intent]string{understand.IntentFlows: compose.FocusFlows, understand.IntentETF: compose.FocusETF}[primary]
	default:
		p.Report = ReportMarket
		if primary == understand.IntentStyle {
			p.Focus = "style"
		}
		if !askedForMarket(u) {
			p.Assumptions = append(p.Assumptions, noEntityAssumption(p.Lang))
		}
	}
	for _, tool := range stepsFor[p.Report] {
		p.Steps = append(p.Steps, Step{Tool: tool, Args: p.args()})
	}
	if p.Report == "" {
		return p, fmt.Errorf("no plan for intents %v", u.Intents)
	}
	return p, nil
}

// args are the arguments every step of the plan shares.
func (p Plan) args() map[string]any {
	a := map[string]any{}
	var secs []string
	for _, s := range p.Sectors {
		secs = append(secs, s.Taxonomy+":"+s.Code)
	}
	if len(secs) > 0 {
		a["sectors"] = secs
	}
	if p.Symbol != "" {
		a["symbol"] = string(p.Symbol)
	}
	if !p.AsOf.IsZero() {
		a["as_of"] = market.FormatDate(p.AsOf)
	}
	return a
}

func has(is []understand.Intent, i understand.Intent) bool {
	for _, x := range is {
		if x == i {
			return true
		}
	}
	return false
}

// timeAssumption states how a time expression was read.
func timeAssumption(lang string, t *understand.TimeRange) string {
	if lang == "zh" {
		return fmt.Sprintf("将时间“%s”理解为 %s 至 %s；报告数据截至 %s。", t.Text, market.FormatDate(t.From), market.FormatDate(t.To), market.FormatDate(t.To))
	}
	return fmt.Sprintf("Read the time %q as %s to %s; the report is as of %s.", t.Text, market.FormatDate(t.From), market.FormatDate(t.To), market.FormatDate(t.To))
}

// noEntityAssumption says that the question named nothing the store holds.
func noEntityAssumption(lang string) string {
	if lang == "zh" {
		return "问题中没有找到库中已有的行业或标的，因此给出市场概览。"
	}
	return "The question names no sector or instrument held in the store, so this is the market overview."
}

// askedForMarket reports whether the question itself asks about the
// market or style (a cue), rather than falling back to it for want of a
// name the store knows.
func askedForMarket(u understand.Understanding) bool {
	for _, c := range u.Cues {
		if c.Intent == understand.IntentMarket || c.Intent == understand.IntentStyle {
			return true
		}
	}
	return false
}
