package compose

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// This file holds what the reports other than the one-sector report share:
// the request checks, a light per-sector gathering that reuses the sector
// report's writers, the method section and the final verification.

// Section ids of the compare, stock and market reports beyond DESIGN §1's.
const (
	secLeaderboard = "leaderboard"    // market: top and bottom sectors
	secSector      = "sector"         // stock: its sector, quadrant and sustainability
	secCompany     = "company_scores" // stock: Orders + Pipeline + Technology
	secDocuments   = "documents"      // stock and market: cited documents, newest first
)

// checkLang validates a report language ("" = en).
func checkLang(lang string) (string, error) {
	if lang == "" {
		lang = "en"
	}
	if lang != "en" && lang != "zh" {
		return "", sextant.Errorf(sextant.EINVALID, "language %q: want en or zh", lang)
	}
	return lang, nil
}

// titled is a section whose title comes from its own template key (the
// same content type as a §1 section, titled for the report it is in).
func titled(b *builder, id, titleKey string, blocks []report.Block, missing string) report.Section {
	if len(blocks) == 0 && missing == "" {
		missing = b.t.get("no_content")
	}
	return report.Section{ID: id, Title: b.t.get(titleKey), Blocks: blocks, Missing: missing}
}

// sectorName is a sector's name in the report's language.
func sectorName(lang string, s market.Sector) string {
	if lang == "en" && s.NameEN != "" {
		return s.NameEN
	}
	return s.Name
}

// sectorInputs is what the per-sector runs need besides the sector.
type sectorInputs struct {
	lang      string
	benchmark string // as requested
	bench     market.Symbol
	asOf      time.Time
	calendar  []time.Time
	rot       *analysis.Rotation
}

// gatherLight runs the analyses a side-by-side view needs for one sector —
// flows, sustainability (with its catalysts from the documents), ETF tiers
// — and reads the bars behind its returns. The result is a sectorData, so
// the sector report's writers (returns, flows, readings, ETF tiers) apply.
func gatherLight(ctx context.Context, src Sources, in sectorInputs, sec market.Sector, input string) (*sectorData, error) {
	sd := &sectorData{sector: sec, rot: in.rot,
		req: SectorRequest{Sector: input, Taxonomy: sec.Taxonomy, Benchmark: in.benchmark, AsOf: in.asOf, Lang: in.lang}}
	docs, err := findDocuments(ctx, src, sec, in.asOf, in.lang)
	if err != nil {
		return nil, err
	}
	sd.docs = docs
	sd.extra.calendar = in.calendar
	sd.extra.bars = map[market.Symbol][]market.Bar{}
	from := in.asOf.AddDate(-2, 0, 0)
	var bars, benchBars []market.Bar
	g, gctx := errgroup.WithContext(ctx)
	// Sustainability takes its flow readings from the flows answer (as in
	// the sector report's gather).
	flowsDone := make(chan struct{})
	var flowsErr error
	g.Go(func() error {
		defer close(flowsDone)
		sd.flows, flowsErr = analysis.RunFlows(gctx, src.Data, analysis.FlowsRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: in.benchmark, AsOf: in.asOf})
		return flowsErr
	})
	g.Go(func() (err error) {
		sd.sustain, err = analysis.RunSustain(gctx, src.Data, analysis.SustainRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy,
			Benchmark: in.benchmark, AsOf: in.asOf, Catalysts: docs.catalysts(in.asOf),
			Flows: func() (*analysis.FlowsReport, error) {
				<-flowsDone
				return sd.flows, flowsErr
			}})
		return err
	})
	g.Go(func() (err error) {
		sd.extra.etfs, err = analysis.RunETFTiers(gctx, src.Data, analysis.ETFTiersRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: in.benchmark, AsOf: in.asOf})
		return err
	})
	g.Go(func() (err error) {
		bars, err = src.Data.Bars(gctx, sec.IndexSymbol, from, in.asOf)
		return err
	})
	g.Go(func() (err error) {
		benchBars, err = src.Data.Bars(gctx, in.bench, from, in.asOf)
		return err
	})
	g.Go(func() error {
		hist, err := src.Data.MembershipHistory(gctx, sec.Taxonomy, sec.Code)
		sd.extra.members = activeSince(hist, from, in.asOf)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sd.extra.bars[sec.IndexSymbol], sd.extra.bars[in.bench] = bars, benchBars
	return sd, nil
}

// activeSince lists the symbols with a membership overlapping [from, asOf],
// sorted.
func activeSince(hist []market.Membership, from, asOf time.Time) []market.Symbol {
	var out []market.Symbol
	for _, m := range hist {
		if (m.To.IsZero() || m.To.After(from)) && !m.From.After(asOf) && !slices.Contains(out, m.Symbol) {
			out = append(out, m.Symbol)
		}
	}
	slices.Sort(out)
	return out
}

// boardWindows are the performance windows side-by-side views show.
var boardWindows = []string{"1w", "1m", "3m", "ytd"}

// window returns the rotation's window called name.
func window(rot *analysis.Rotation, name string) (rotation.Window, bool) {
	for _, w := range rot.Windows {
		if w.Name == name {
			return w, true
		}
	}
	return rotation.Window{}, false
}

// boardRow is the rotation row of an index symbol, nil when it has none.
func boardRow(rot *analysis.Rotation, sym market.Symbol) *rotation.BoardRow {
	for i := range rot.Rows {
		if rot.Rows[i].Symbol == sym {
			return &rot.Rows[i]
		}
	}
	return nil
}

// perfRank is the rank of sym's return over a window among the rotation's
// rows (0 = none).
func perfRank(rot *analysis.Rotation, sym market.Symbol, w string) int {
	for _, r := range rot.Perf.Rows {
		if r.Symbol == sym {
			return r.Rank[w]
		}
	}
	return 0
}

// rrgFacts records a board row's RS-Ratio and RS-Momentum with the same
// keys as the sector report's rotation text.
func rrgFacts(b *builder, rot *analysis.Rotation, row *rotation.BoardRow) (ratio, mom string) {
	base := evidence.Fact{Symbols: []market.Symbol{row.Symbol, rot.Benchmark}, Window: fmt.Sprintf("weekly, N = %d", rot.Params.Window), Formula: "relative_rotation"}
	ratioF, momF := base, base
	ratioF.Key, ratioF.Value, ratioF.Unit, ratioF.Label, ratioF.LabelZH = "rrg:"+string(row.Symbol)+":rs_ratio", row.RSRatio, evidence.UnitPoints, "RS-Ratio", "RS-Ratio（相对强度比率）"
	ratioF.Method = "100 + (RS − SMA_N(RS)) / SD_N(RS), RS = 100·P/B on weekly closes"
	momF.Key, momF.Value, momF.Unit, momF.Label, momF.LabelZH = "rrg:"+string(row.Symbol)+":rs_momentum", row.RSMomentum, evidence.UnitPoints, "RS-Momentum", "RS-Momentum（相对强度动量）"
	momF.Method = "100 + (ROC − SMA_N(ROC)) / SD_N(ROC), ROC of RS-Ratio"
	return b.fact(ratioF), b.fact(momF)
}

// rotationLine is the sector report's rotation reading with the sector
// named in the report's language: quadrant, RS-Ratio, RS-Momentum and
// heading, and the last quadrant change.
func rotationLine(b *builder, sd *sectorData, row *rotation.BoardRow, src string) string {
	ratio, mom := rrgFacts(b, sd.rot, row)
	head := b.fact(evidence.Fact{Key: "rrg:" + string(row.Symbol) + ":heading", Value: row.HeadingDeg, Unit: evidence.UnitDeg,
		Label: "heading of the last tail segment", LabelZH: "最近一段轨迹方向", Symbols: []market.Symbol{row.Symbol, sd.rot.Benchmark},
		Window: fmt.Sprintf("weekly, N = %d", sd.rot.Params.Window), Formula: "relative_rotation",
		Method: "atan2(ΔRS-Momentum, ΔRS-Ratio) in degrees, 0 = east, 90 = north"})
	s := fmt.Sprintf(b.t.get("rotation_text"), sd.sideName(b.lang), b.t.quadrant(string(row.Quadrant)), b.orMissing(ratio), b.orMissing(mom), b.orMissing(head), src)
	for _, r := range sd.rot.Rotation.Rows {
		if r.Symbol == row.Symbol && len(r.Transitions) > 0 {
			tr := r.Transitions[len(r.Transitions)-1]
			s += b.t.get("sentence_sep") + fmt.Sprintf(b.t.get("rotation_transition"), market.FormatDate(tr.Date), b.t.quadrant(string(tr.From)), b.t.quadrant(string(tr.To)))
		}
	}
	return s
}

// rotationSeries is a board row's tail as a chart series; its last point
// states the RS-Ratio fact.
func rotationSeries(b *builder, rot *analysis.Rotation, row *rotation.BoardRow, name, role string) report.Series {
	s := report.Series{Name: name, Symbol: row.Symbol, Role: role}
	for _, p := range row.Tail {
		s.X = append(s.X, p.RSRatio)
		s.Y = append(s.Y, p.RSMomentum)
		s.Dates = append(s.Dates, p.Date)
		s.Facts = append(s.Facts, "")
	}
	if n := len(s.Facts); n > 0 {
		ratio, _ := rrgFacts(b, rot, row)
		s.Facts[n-1] = strings.Trim(ratio, "{}")
	}
	return s
}

// rotationChartOf draws the given rows' tails.
func rotationChartOf(b *builder, rot *analysis.Rotation, rows []*rotation.BoardRow, names []string, titleKey string) *report.Chart {
	c := &report.Chart{Kind: report.ChartRotation, Title: b.t.get(titleKey), Unit: evidence.UnitPoints}
	for i, r := range rows {
		c.Series = append(c.Series, rotationSeries(b, rot, r, names[i], "sector"))
	}
	c.Caption = fmt.Sprintf(b.t.get("chart_rotation_caption"), paramFact(b, "rotation.tail", float64(rot.Params.Tail), "tail length of the rotation chart, in samples", "轮动图轨迹点数"))
	return c
}

// methodOf writes "Method & disclaimer" for the reports of this file's
// kinds: performance and rotation, the paragraphs given (the other
// formulas the report used), the evidence note, the demo note and the
// disclaimer (verifyTemplates adds its summary before the disclaimer).
func methodOf(b *builder, rot *analysis.Rotation, paras ...string) {
	p := rot.Params
	n := paramFact(b, "rotation.window", float64(p.Window), "rolling window of relative rotation, in weekly samples", "相对轮动滚动窗口（周）")
	tail := paramFact(b, "rotation.tail", float64(p.Tail), "tail length of the rotation chart, in samples", "轮动图轨迹点数")
	blocks := []report.Block{paragraph(b.t.get("method_perf")), paragraph(fmt.Sprintf(b.t.get("method_rotation"), n, tail))}
	for _, p := range paras {
		blocks = append(blocks, paragraph(p))
	}
	blocks = append(blocks, paragraph(b.t.get("method_evidence")))
	if b.demo {
		blocks = append(blocks, note(b.t.get("method_demo")))
	}
	blocks = append(blocks, note(b.t.get("disclaimer")))
	b.section(report.SecMethod, blocks, "")
}

// done finishes and verifies a report; a fact the builder refused is an
// internal error.
func done(b *builder) (*report.Report, error) {
	rep := b.finish()
	verifyTemplates(b)
	if len(b.errs) > 0 {
		return nil, sextant.Errorf(sextant.EINTERNAL, "composing the report: %v", b.errs[0])
	}
	return rep, nil
}

// docItem is one cited document as a dated bullet: its title and an
// excerpt of the passage chosen.
func docItem(b *builder, p docPick) string {
	c := b.cite(p.doc, p.passage)
	return fmt.Sprintf("%s — %s: %s %s", market.FormatDate(p.doc.PublishedAt), b.title(p, c), b.excerpt(p, c, 140), c)
}

// newestFirst orders documents in the report's language first, then by
// publication, newest first; documents published after to are dropped.
func newestFirst(docs []research.Document, lang string, to time.Time) []research.Document {
	docs = slices.DeleteFunc(slices.Clone(docs), func(d research.Document) bool { return d.PublishedAt.After(to) })
	other := func(d research.Document) int {
		if strings.HasPrefix(d.Language, lang) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(docs, func(a, c research.Document) int {
		if d := other(a) - other(c); d != 0 {
			return d
		}
		return c.PublishedAt.Compare(a.PublishedAt)
	})
	return docs
}

// endOfDay is the last instant of a day (documents published that day
// count as known by its close).
func endOfDay(d time.Time) time.Time { return d.Add(24*time.Hour - time.Nanosecond) }

// pickOf is a document with the passage that best supports its topic, or
// its first passage when it matches no topic; false without passages.
func pickOf(d research.Document) (docPick, bool) {
	if _, p := classify(d); p.passage.Text != "" {
		return p, true
	}
	if len(d.Passages) == 0 {
		return docPick{}, false
	}
	return docPick{doc: d, passage: d.Passages[0]}, true
}

// evidenceBars is the input of adjusted closes of syms over [from, to].
func evidenceBars(syms []market.Symbol, from, to time.Time) evidence.Input {
	return evidence.Input{Dataset: market.DatasetBars, Symbols: syms, From: from, To: to, Field: "adj_close"}
}
