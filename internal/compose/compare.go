package compose

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/scoring"
	"github.com/sextant-ai/sextant/internal/series"
)

// CompareRequest asks for a side-by-side report on two to four sectors.
type CompareRequest struct {
	Sectors   []string // codes, index symbols, names or aliases as the user typed them
	Taxonomy  string   // narrows every sector; "" = any
	Benchmark string   // "" = the default benchmark
	AsOf      time.Time
	Lang      string // "en" or "zh"; "" = en
	Question  string // the question that asked for it, shown as the title
	Generator string
	Now       func() time.Time
}

// compareGap is the least lead in sustainability score, in points, for a
// comparison to favour one sector; the report's method section states it
// as a parameter fact.
const compareGap = 10

// compareData is everything a comparison is written from.
type compareData struct {
	req     CompareRequest
	bench   market.Symbol
	asOf    time.Time
	sectors []*sectorData // in the order asked
	status  healthData
}

// Compare composes the report comparing two to four sectors: performance,
// rotation, flows, sustainability, core ETFs and risks side by side, and
// which one the evidence favours.
func Compare(ctx context.Context, src Sources, req CompareRequest) (*report.Report, error) {
	var err error
	if req.Lang, err = checkLang(req.Lang); err != nil {
		return nil, err
	}
	if req.Now == nil {
		req.Now = time.Now
	}
	if n := len(req.Sectors); n < 2 || n > 4 {
		return nil, sextant.Errorf(sextant.EINVALID, "compare takes two to four sectors, got %d", n)
	}
	var secs []market.Sector
	for _, in := range req.Sectors {
		sec, err := analysis.ResolveSector(ctx, src.Data, in, req.Taxonomy)
		if err != nil {
			return nil, err
		}
		if sec.IndexSymbol == "" {
			return nil, sextant.Errorf(sextant.EINVALID, "sector %s/%s has no index symbol: nothing to compare", sec.Taxonomy, sec.Code)
		}
		for _, s := range secs {
			if s.Taxonomy == sec.Taxonomy && s.Code == sec.Code {
				return nil, sextant.Errorf(sextant.EINVALID, "%q and an earlier name both mean %s (%s): compare distinct sectors", in, sec.Name, sec.Code)
			}
		}
		secs = append(secs, sec)
	}
	cd, err := gatherCompare(ctx, src, req, secs)
	if err != nil {
		return nil, err
	}
	b := newBuilder(ctx, req.Lang, src.Runs, cd.asOf)
	for _, sd := range cd.sectors {
		b.demo = b.demo || sd.rot.Demo
	}
	cd.write(b)
	return done(b)
}

// gatherCompare runs one rotation per taxonomy level involved, then each
// sector's flows, sustainability and ETF tiers.
func gatherCompare(ctx context.Context, src Sources, req CompareRequest, secs []market.Sector) (*compareData, error) {
	bench, asOf, err := analysis.BenchmarkAsOf(ctx, src.Data, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	cd := &compareData{req: req, bench: bench, asOf: asOf, sectors: make([]*sectorData, len(secs))}
	cal, err := src.Data.TradingDays(ctx, bench, asOf.AddDate(-2, 0, 0), asOf)
	if err != nil {
		return nil, err
	}
	rots := map[string]*analysis.Rotation{}
	for _, sec := range secs {
		key := fmt.Sprintf("%s:%d", sec.Taxonomy, sec.Level)
		if rots[key] != nil {
			continue
		}
		if rots[key], err = analysis.RunRotation(ctx, src.Data, analysis.RotationRequest{Taxonomy: sec.Taxonomy, Level: sec.Level, Benchmark: req.Benchmark, AsOf: asOf}); err != nil {
			return nil, err
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(2)
	for i, sec := range secs {
		in := sectorInputs{lang: req.Lang, benchmark: req.Benchmark, bench: bench, asOf: asOf, calendar: cal,
			rot: rots[fmt.Sprintf("%s:%d", sec.Taxonomy, sec.Level)]}
		g.Go(func() (err error) {
			cd.sectors[i], err = gatherLight(gctx, src, in, sec, req.Sectors[i])
			return err
		})
	}
	if src.Status != nil {
		g.Go(func() (err error) {
			cd.status, err = readHealth(gctx, src.Status)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return cd, nil
}

// write fills the report in section order.
func (cd *compareData) write(b *builder) {
	r := b.rep
	r.Kind = "compare"
	r.AsOf = cd.asOf
	r.Demo = b.demo
	r.Generator = cd.req.Generator
	r.Question = cd.req.Question
	var names, namesEN, codes []string
	for _, sd := range cd.sectors {
		names = append(names, sd.sector.Name)
		namesEN = append(namesEN, cmpOr(sd.sector.NameEN, sd.sector.Name))
		codes = append(codes, sd.sector.Code)
	}
	first := cd.sectors[0].sector
	r.Subject = report.Subject{Taxonomy: first.Taxonomy, Code: strings.Join(codes, ","), Name: strings.Join(names, " / "),
		NameEN: strings.Join(namesEN, " / "), Benchmark: cd.bench}
	r.Title = strings.TrimSpace(cd.req.Question)
	if r.Title == "" {
		r.Title = fmt.Sprintf(b.t.get("cmp_title"), cd.joinNames(b, b.t.get("cmp_vs")))
	}
	r.Health = health(cd.status, cd.req.Now())
	for i, sd := range cd.sectors {
		r.Assumptions = append(r.Assumptions, fmt.Sprintf(b.t.get("assume_sector"), cd.req.Sectors[i], sd.sector.Name, sd.sector.Taxonomy, sd.sector.Code))
	}
	r.Assumptions = append(r.Assumptions, fmt.Sprintf(b.t.get("assume_bench"), cd.bench, market.FormatDate(cd.asOf)))
	pos := cd.position(b)
	flows := cd.flows(b)
	sus := cd.sustainability(b)
	etfs := cd.etfPicks(b)
	risks := cd.risks(b)
	b.section(report.SecFindings, []report.Block{bullets(cd.findings(b))}, "")
	b.rep.Sections = append(b.rep.Sections, pos, flows, sus, etfs, risks)
	cd.conclusion(b)
	gap := paramFact(b, "compare.gap", compareGap, "least lead in sustainability score for a comparison to favour a sector", "比较中判定占优所需的最小持续性得分差")
	methodOf(b, cd.sectors[0].rot, b.t.get("method_flows"), b.t.get("method_sustain"), fmt.Sprintf(b.t.get("cmp_method"), gap))
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// sideName is a sector's name in tables and prose.
func (sd *sectorData) sideName(lang string) string { return sectorName(lang, sd.sector) }

func (cd *compareData) joinNames(b *builder, sep string) string {
	var out []string
	for _, sd := range cd.sectors {
		out = append(out, sd.sideName(b.lang))
	}
	return strings.Join(out, sep)
}

// barsRefAll cites the bars of every sector index and the benchmark.
func (cd *compareData) barsRefAll(b *builder) string {
	syms := []market.Symbol{}
	for _, sd := range cd.sectors {
		syms = append(syms, sd.sector.IndexSymbol)
	}
	syms = append(syms, cd.bench)
	sd := cd.sectors[0]
	from := windowStart(sd.extra.calendar, cd.asOf, rotation.Window{Name: "1y", Days: 252})
	return b.dataRef(evidence.Input{Dataset: market.DatasetBars, Symbols: syms, From: from, To: cd.asOf, Field: "adj_close"}, b.t.get("ref_bars"))
}

// position writes the side-by-side performance table (a column per
// sector), each sector's rotation reading and one rotation chart.
func (cd *compareData) position(b *builder) report.Section {
	src := cd.barsRefAll(b)
	cols := []report.Column{{Title: b.t.get("col_measure")}}
	for _, sd := range cd.sectors {
		cols = append(cols, report.Column{Title: sd.sideName(b.lang), Right: true})
	}
	cols = append(cols, report.Column{Title: string(cd.bench), Right: true})
	tbl := &report.Table{Columns: cols, Source: src}
	for _, wn := range boardWindows {
		w, ok := window(cd.sectors[0].rot, wn)
		if !ok {
			continue
		}
		ret, ex, rk := []string{fmt.Sprintf(b.t.get("cmp_row_return"), windowLabel(w))}, []string{fmt.Sprintf(b.t.get("cmp_row_excess"), windowLabel(w))},
			[]string{fmt.Sprintf(b.t.get("cmp_row_rank"), windowLabel(w))}
		for _, sd := range cd.sectors {
			r, e, k := sd.sideCells(b, w)
			ret, ex, rk = append(ret, r), append(ex, e), append(rk, k)
		}
		sd := cd.sectors[0]
		ret = append(ret, b.orMissing(sd.returnFact(b, sd.rot.Benchmark, w, sd.rot.BenchRet[w.Name])))
		ex, rk = append(ex, "—"), append(rk, "—")
		tbl.Rows = append(tbl.Rows, ret, ex, rk)
	}
	blocks := []report.Block{table(tbl)}
	var rows []*rotation.BoardRow
	var names []string
	for _, sd := range cd.sectors {
		row := sd.row()
		if row == nil {
			blocks = append(blocks, paragraph(fmt.Sprintf(b.t.get("no_board_row"), sd.sector.IndexSymbol)))
			continue
		}
		blocks = append(blocks, paragraph(rotationLine(b, sd, row, src)))
		rows, names = append(rows, row), append(names, sd.sideName(b.lang))
	}
	if len(rows) > 0 {
		blocks = append(blocks, chartBlock(rotationChartOf(b, cd.sectors[0].rot, rows, names, "cmp_chart_rotation")))
	}
	return titled(b, report.SecPosition, "cmp_sec_position", blocks, "")
}

// sideCells are a sector's return, excess and rank over a window, as
// table cells.
func (sd *sectorData) sideCells(b *builder, w rotation.Window) (ret, ex, rank string) {
	row := sd.row()
	if row == nil {
		na := b.t.get("na")
		return na, na, na
	}
	ret = sd.returnFact(b, row.Symbol, w, row.Returns[w.Name])
	if ret != "" {
		ex = sd.excessFact(b, row.Symbol, w, fmtPct(row.Excess[w.Name]), fmtPct(row.Returns[w.Name]), fmtPct(sd.rot.BenchRet[w.Name]))
	}
	if rk := perfRank(sd.rot, row.Symbol, w.Name); rk > 0 {
		n := b.fact(countFact("sectors:"+sd.sector.Taxonomy+":"+fmt.Sprint(sd.sector.Level), len(sd.rot.Rows), "sectors ranked", "参与排名的行业数"))
		rank = b.fact(rankFact(row.Symbol, w, rk)) + "/" + n
	}
	return b.orMissing(ret), b.orMissing(ex), b.orMissing(rank)
}

// ranked are the sectors with a sustainability score, best first.
func (cd *compareData) ranked() []*sectorData {
	var out []*sectorData
	for _, sd := range cd.sectors {
		if sd.sideLabel() != scoring.LabelUnknown && !math.IsNaN(sd.sustain.Score.Score) {
			out = append(out, sd)
		}
	}
	slices.SortStableFunc(out, func(x, y *sectorData) int { return series.CompareDesc(x.sustain.Score.Score, y.sustain.Score.Score) })
	return out
}

// scoreGap records the lead of the best score over the second.
func (cd *compareData) scoreGap(b *builder, best, second *sectorData) (string, float64) {
	v := best.sustain.Score.Score - second.sustain.Score.Score
	return b.fact(evidence.Fact{Key: "compare:gap:" + best.sector.Code + ":" + second.sector.Code, Value: v, Unit: evidence.UnitScore,
		Label: "sustainability score of " + best.sector.Code + " minus " + second.sector.Code, LabelZH: best.sector.Name + "与" + second.sector.Name + "持续性得分之差",
		Symbols: []market.Symbol{best.sector.IndexSymbol, second.sector.IndexSymbol}, Formula: "difference",
		Method: "composite score of the first − composite score of the second"}), v
}

// verdict is the sentence on which sector the evidence favours — never
// stronger than it: a strong or moderate label and a lead of at least
// compareGap points favour; a smaller lead only leans; no strong or
// moderate label favours none.
func (cd *compareData) verdict(b *builder) string {
	rk := cd.ranked()
	if len(rk) < 2 {
		return b.t.get("conclusion_unknown")
	}
	best, second := rk[0], rk[1]
	score, _, _, _, _ := best.sideScoreFacts(b)
	other, _, _, _, _ := second.sideScoreFacts(b)
	gap, v := cd.scoreGap(b, best, second)
	switch {
	case best.sideLabel() != scoring.LabelStrong && best.sideLabel() != scoring.LabelModerate:
		return fmt.Sprintf(b.t.get("cmp_verdict_none"), best.sideName(b.lang), score)
	case v >= compareGap:
		return fmt.Sprintf(b.t.get("cmp_verdict_favours"), best.sideName(b.lang), score, gap, second.sideName(b.lang), other)
	}
	return fmt.Sprintf(b.t.get("cmp_verdict_close"), best.sideName(b.lang), score, second.sideName(b.lang), other)
}

// conclusion writes the verdict, then each sector's own conclusion with
// its base rate, and the core ETF of the favoured sector.
func (cd *compareData) conclusion(b *builder) {
	var items []string
	for _, sd := range cd.sectors {
		score, mean, hit, n, _ := sd.sideScoreFacts(b)
		if score == "" || sd.sideLabel() == scoring.LabelUnknown {
			items = append(items, fmt.Sprintf(b.t.get("cmp_risk_item"), sd.sideName(b.lang), b.t.get("conclusion_unknown")))
			continue
		}
		s := fmt.Sprintf(b.t.get("conclusion_"+string(sd.sideLabel())), sd.sideName(b.lang), score)
		if mean != "" {
			s += b.t.get("sentence_sep") + fmt.Sprintf(b.t.get("conclusion_baserate"), mean, b.orMissing(hit), b.orMissing(n))
		}
		items = append(items, s)
	}
	if rk := cd.ranked(); len(rk) > 0 && (rk[0].sideLabel() == scoring.LabelStrong || rk[0].sideLabel() == scoring.LabelModerate) {
		if r, ok := rk[0].sideCorePick(); ok && r.Role == scoring.RoleCore {
			items = append(items, fmt.Sprintf(b.t.get("conclusion_core"), string(r.Symbol)+" "+r.Name))
		}
		items = append(items, b.t.get("conclusion_watch"))
	}
	b.section(report.SecConclusion, []report.Block{paragraph(cd.verdict(b)), bullets(items)}, "")
}

// findings are the key findings: who leads and by how much, rotation,
// flows and sustainability side by side, drawn from facts the sections
// recorded.
func (cd *compareData) findings(b *builder) []string {
	var out []string
	src := cd.barsRefAll(b)
	if s := cd.leadFinding(b, src); s != "" {
		out = append(out, s)
	}
	var quads []string
	for _, sd := range cd.sectors {
		if row := sd.row(); row != nil {
			ratio, mom := rrgFacts(b, sd.rot, row)
			quads = append(quads, fmt.Sprintf(b.t.get("cmp_quadrant_part"), sd.sideName(b.lang), b.t.quadrant(string(row.Quadrant)), b.orMissing(ratio), b.orMissing(mom)))
		}
	}
	if len(quads) > 0 {
		out = append(out, fmt.Sprintf(b.t.get("cmp_finding_rotation"), strings.Join(quads, b.t.get("list_sep")), src))
	}
	for _, m := range cmpMeasures {
		if s := cd.flowLeader(b, m); s != "" {
			out = append(out, s)
			break
		}
	}
	var scores []string
	for _, sd := range cd.sectors {
		if score, _, _, _, _ := sd.sideScoreFacts(b); score != "" {
			scores = append(scores, fmt.Sprintf(b.t.get("cmp_score_part"), sd.sideName(b.lang), score, b.t.label(sd.sideLabel())))
		}
	}
	if len(scores) > 0 {
		out = append(out, fmt.Sprintf(b.t.get("cmp_finding_sustain"), strings.Join(scores, b.t.get("list_sep"))))
	}
	out = append(out, cd.verdict(b))
	return out
}

// leadFinding says which sector leads over one month and by how much over
// the runner-up, with its excess over the benchmark.
func (cd *compareData) leadFinding(b *builder, src string) string {
	w, ok := window(cd.sectors[0].rot, "1m")
	if !ok {
		return ""
	}
	var rows []*sectorData
	for _, sd := range cd.sectors {
		if r := sd.row(); r != nil && !math.IsNaN(r.Returns["1m"]) {
			rows = append(rows, sd)
		}
	}
	if len(rows) < 2 {
		return ""
	}
	slices.SortStableFunc(rows, func(x, y *sectorData) int { return series.CompareDesc(x.row().Returns["1m"], y.row().Returns["1m"]) })
	lead, next := rows[0], rows[1]
	lr, nr := lead.row(), next.row()
	ret := lead.returnFact(b, lr.Symbol, w, lr.Returns["1m"])
	ex := lead.excessFact(b, lr.Symbol, w, fmtPct(lr.Excess["1m"]), fmtPct(lr.Returns["1m"]), fmtPct(lead.rot.BenchRet["1m"]))
	other := next.returnFact(b, nr.Symbol, w, nr.Returns["1m"])
	diff := b.fact(evidence.Fact{Key: "compare:lead:1m:" + string(lr.Symbol) + ":" + string(nr.Symbol), Value: lr.Returns["1m"] - nr.Returns["1m"],
		Unit: evidence.UnitPP, Signed: true, Label: "1M return of " + string(lr.Symbol) + " minus " + string(nr.Symbol),
		LabelZH: lead.sector.Name + "与" + next.sector.Name + "近1月涨跌幅之差", Symbols: []market.Symbol{lr.Symbol, nr.Symbol},
		Window: windowWords(w), From: windowStart(lead.extra.calendar, cd.asOf, w), Formula: "difference",
		Method: "return of the first − return of the second over the same dates", Detail: fmtPct(lr.Returns["1m"]) + " − " + fmtPct(nr.Returns["1m"])})
	return fmt.Sprintf(b.t.get("cmp_finding_lead"), lead.sideName(b.lang), b.orMissing(ret), next.sideName(b.lang), b.orMissing(other), b.orMissing(diff),
		b.orMissing(ex), cd.bench, src)
}
