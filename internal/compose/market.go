package compose

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/series"
)

// MarketRequest asks for the market overview: the sector leaderboard of a
// taxonomy level, relative rotation, style rotation, flows of the leaders
// and laggards, and recent documents.
type MarketRequest struct {
	Taxonomy  string // "taxonomy:level"; "" = DefaultMarketTaxonomy
	Focus     string // "" or "style": style puts the style section first and titles the report for it
	Benchmark string // "" = the default benchmark
	AsOf      time.Time
	Lang      string // "en" or "zh"; "" = en
	Question  string
	Generator string
	Now       func() time.Time
}

// DefaultMarketTaxonomy is the sector level a market overview ranks.
const DefaultMarketTaxonomy = "sw2021:1"

// FocusStyle asks for the style-rotation view of the market overview.
const FocusStyle = "style"

const (
	marketEnds    = 5  // sectors listed at the top and at the bottom
	marketDocs    = 8  // documents listed
	marketDocDays = 28 // how far back "recent" documents go, in calendar days
)

// marketData is everything the market overview is written from.
type marketData struct {
	req    MarketRequest
	tax    string
	level  int
	bench  market.Symbol
	asOf   time.Time
	rot    *analysis.Rotation
	style  *analysis.StyleReport
	views  map[market.Symbol]*sectorData // every sector of the level; flows only for the top and bottom
	order  []market.Symbol               // sector indices by 1M return, best first (NaN last)
	docs   []research.Document
	status healthData
}

// Market composes the market overview (or, with Focus "style", the style
// rotation report).
func Market(ctx context.Context, src Sources, req MarketRequest) (*report.Report, error) {
	var err error
	if req.Lang, err = checkLang(req.Lang); err != nil {
		return nil, err
	}
	if req.Now == nil {
		req.Now = time.Now
	}
	if req.Taxonomy == "" {
		req.Taxonomy = DefaultMarketTaxonomy
	}
	if req.Focus != "" && req.Focus != FocusStyle {
		return nil, sextant.Errorf(sextant.EINVALID, "market focus %q: want \"\" or %q", req.Focus, FocusStyle)
	}
	md := &marketData{req: req}
	if md.tax, md.level, err = analysis.ParseTaxonomy(req.Taxonomy); err != nil {
		return nil, err
	}
	if err := md.gather(ctx, src); err != nil {
		return nil, err
	}
	b := newBuilder(ctx, req.Lang, src.Runs, md.asOf)
	b.demo = md.rot.Demo
	md.write(b)
	return done(b)
}

// gather runs the rotation board, style, documents and status, then the
// flows and bars of the top and bottom sectors.
func (md *marketData) gather(ctx context.Context, src Sources) error {
	var err error
	if md.bench, md.asOf, err = analysis.BenchmarkAsOf(ctx, src.Data, md.req.Benchmark, md.req.AsOf); err != nil {
		return err
	}
	var sectors []market.Sector
	var cal []time.Time
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		md.rot, err = analysis.RunRotation(gctx, src.Data, analysis.RotationRequest{Taxonomy: md.tax, Level: md.level, Benchmark: md.req.Benchmark, AsOf: md.asOf})
		return err
	})
	g.Go(func() (err error) {
		sectors, err = src.Data.Sectors(gctx, md.tax, md.level)
		return err
	})
	g.Go(func() (err error) {
		cal, err = src.Data.TradingDays(gctx, md.bench, md.asOf.AddDate(-2, 0, 0), md.asOf)
		return err
	})
	g.Go(func() (err error) {
		md.style, err = analysis.RunStyle(gctx, src.Data, analysis.StyleRequest{AsOf: md.asOf})
		return err
	})
	g.Go(func() (err error) {
		md.docs, err = recentDocuments(gctx, src, md.asOf, md.req.Lang)
		return err
	})
	if src.Status != nil {
		g.Go(func() (err error) {
			md.status, err = readHealth(gctx, src.Status)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	md.views = map[market.Symbol]*sectorData{}
	for _, s := range sectors {
		if s.IndexSymbol != "" {
			md.views[s.IndexSymbol] = &sectorData{sector: s, rot: md.rot,
				extra: extras{calendar: cal, bars: map[market.Symbol][]market.Bar{}}}
		}
	}
	for _, r := range md.rot.Rows {
		if md.views[r.Symbol] != nil {
			md.order = append(md.order, r.Symbol)
		}
	}
	slices.SortStableFunc(md.order, func(a, b market.Symbol) int {
		return series.CompareDesc(boardRow(md.rot, a).Returns["1m"], boardRow(md.rot, b).Returns["1m"])
	})
	return md.gatherEnds(ctx, src)
}

// ends are the top and bottom sectors by 1M return.
func (md *marketData) ends() (top, bottom []market.Symbol) {
	n := len(md.order)
	top = md.order[:min(marketEnds, n)]
	bottom = md.order[max(len(top), n-marketEnds):]
	return top, bottom
}

// gatherEnds runs the flows and reads the bars and members of the top and
// bottom sectors (their bars make the returns' provenance rows).
func (md *marketData) gatherEnds(ctx context.Context, src Sources) error {
	top, bottom := md.ends()
	from := md.asOf.AddDate(-2, 0, 0)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(2)
	g.Go(func() error {
		bs, err := src.Data.Bars(gctx, md.bench, from, md.asOf)
		mu.Lock()
		defer mu.Unlock()
		for _, v := range md.views {
			v.extra.bars[md.bench] = bs
		}
		return err
	})
	for _, sym := range append(slices.Clone(top), bottom...) {
		v := md.views[sym]
		g.Go(func() (err error) {
			v.flows, err = analysis.RunFlows(gctx, src.Data, analysis.FlowsRequest{Sector: v.sector.Code, Taxonomy: v.sector.Taxonomy, Benchmark: md.req.Benchmark, AsOf: md.asOf})
			if err != nil {
				return err
			}
			bs, err := src.Data.Bars(gctx, sym, from, md.asOf)
			if err != nil {
				return err
			}
			hist, err := src.Data.MembershipHistory(gctx, v.sector.Taxonomy, v.sector.Code)
			mu.Lock()
			defer mu.Unlock()
			v.extra.bars[sym], v.extra.members = bs, activeSince(hist, from, md.asOf)
			return err
		})
	}
	return g.Wait()
}

// recentDocuments are the documents of the last weeks up to the as-of day,
// market-wide — news, research and policy; a company's announcements and
// filings are left to its stock report — in the report's language when
// there are any in it, newest first; when the last weeks have none, the
// last quarter's.
func recentDocuments(ctx context.Context, src Sources, asOf time.Time, lang string) ([]research.Document, error) {
	if src.Docs == nil {
		return nil, nil
	}
	to := endOfDay(asOf)
	var docs []research.Document
	for _, days := range []int{marketDocDays, 91} {
		var err error
		f := research.Filter{From: asOf.AddDate(0, 0, -days), To: to, Kinds: []research.Kind{research.KindNews, research.KindResearch, research.KindPolicy}}
		if docs, err = src.Docs.Documents(ctx, f); err != nil {
			return nil, err
		}
		if len(docs) > 0 {
			break
		}
	}
	docs = newestFirst(docs, lang, to)
	if i := slices.IndexFunc(docs, func(d research.Document) bool { return !strings.HasPrefix(d.Language, lang) }); i > 0 {
		docs = docs[:i]
	}
	return docs[:min(len(docs), marketDocs)], nil
}

// write fills the report in section order.
func (md *marketData) write(b *builder) {
	r := b.rep
	r.Kind = "market"
	r.AsOf = md.asOf
	r.Demo = b.demo
	r.Generator = md.req.Generator
	r.Question = md.req.Question
	r.Subject = report.Subject{Taxonomy: md.tax, Name: b.t.get("mkt_subject"), Benchmark: md.bench}
	r.Title = strings.TrimSpace(md.req.Question)
	if r.Title == "" {
		key := "mkt_title"
		if md.req.Focus == FocusStyle {
			key = "mkt_title_style"
		}
		r.Title = fmt.Sprintf(b.t.get(key), market.FormatDate(md.asOf))
	}
	r.Health = health(md.status, md.req.Now())
	level := paramFact(b, "taxonomy.level", float64(md.level), "taxonomy level ranked", "排名的行业分类层级")
	r.Assumptions = []string{fmt.Sprintf(b.t.get("mkt_assume"), md.tax, level),
		fmt.Sprintf(b.t.get("assume_bench"), md.bench, market.FormatDate(md.asOf))}
	board := md.leaderboard(b)
	rot := md.rotation(b)
	style := md.styleSection(b)
	fl := md.flows(b)
	docs := md.docSection(b)
	risks := md.risks(b)
	b.section(report.SecFindings, []report.Block{bullets(md.findings(b))}, "")
	if md.req.Focus == FocusStyle {
		b.rep.Sections = append(b.rep.Sections, style, board, rot, fl, docs, risks)
	} else {
		b.rep.Sections = append(b.rep.Sections, board, rot, style, fl, docs, risks)
	}
	md.conclusion(b)
	methodOf(b, md.rot, b.t.get("method_flows"), b.t.get("mkt_method"))
}

// view is a sector's view by index symbol.
func (md *marketData) view(sym market.Symbol) *sectorData { return md.views[sym] }

// barsRef cites the bars of the board.
func (md *marketData) barsRef(b *builder) string {
	syms := slices.Clone(md.order)
	slices.Sort(syms)
	syms = append(syms, md.bench)
	cal := md.view(md.order[0]).extra.calendar
	from := windowStart(cal, md.asOf, rotation.Window{Name: "1y", Days: 252})
	return b.dataRef(evidenceBars(syms, from, md.asOf), b.t.get("ref_bars"))
}

// leaderboard writes the quadrant counts and the top and bottom sectors by
// one-month return.
func (md *marketData) leaderboard(b *builder) report.Section {
	if len(md.order) == 0 {
		return titled(b, secLeaderboard, "mkt_sec_leaderboard", nil, b.t.get("mkt_no_board"))
	}
	src := md.barsRef(b)
	top, bottom := md.ends()
	blocks := []report.Block{paragraph(fmt.Sprintf(b.t.get("mkt_quadrants"), md.quadrantCounts(b), src))}
	blocks = append(blocks, table(md.boardTable(b, top, "mkt_top_caption", src)))
	if len(bottom) > 0 {
		blocks = append(blocks, table(md.boardTable(b, bottom, "mkt_bottom_caption", src)))
	}
	return titled(b, secLeaderboard, "mkt_sec_leaderboard", blocks, "")
}

// quadrantCounts states how many sectors sit in each quadrant.
func (md *marketData) quadrantCounts(b *builder) string {
	counts := map[rotation.Quadrant]int{}
	for _, r := range md.rot.Rows {
		counts[r.Quadrant]++
	}
	var parts []string
	for _, q := range []rotation.Quadrant{rotation.Leading, rotation.Weakening, rotation.Lagging, rotation.Improving} {
		n := b.fact(countFact("quadrant:"+md.tax+":"+string(q), counts[q], "sectors in the "+string(q)+" quadrant",
			"处于"+phrasesFor("zh").quadrant(string(q))+"象限的行业数"))
		parts = append(parts, fmt.Sprintf(b.t.get("mkt_quadrant_part"), b.t.quadrant(string(q)), n))
	}
	total := b.fact(countFact("sectors:"+md.tax+":"+fmt.Sprint(md.level), len(md.rot.Rows), "sectors ranked", "参与排名的行业数"))
	return fmt.Sprintf(b.t.get("mkt_quadrants_of"), total, strings.Join(parts, b.t.get("list_sep")))
}

// boardTable lists sectors with their 1M and 3M returns, 1M excess, rank
// and quadrant.
func (md *marketData) boardTable(b *builder, syms []market.Symbol, captionKey, src string) *report.Table {
	t := &report.Table{Caption: b.t.get(captionKey), Source: src, Columns: []report.Column{{Title: b.t.get("col_rank"), Right: true},
		{Title: b.t.get("cmp_col_sector")}, {Title: "1M", Right: true}, {Title: b.t.get("mkt_col_excess1m"), Right: true},
		{Title: "3M", Right: true}, {Title: b.t.get("mkt_col_quadrant")}}}
	m1, _ := window(md.rot, "1m")
	m3, _ := window(md.rot, "3m")
	for _, sym := range syms {
		v, row := md.view(sym), boardRow(md.rot, sym)
		rank := ""
		if rk := perfRank(md.rot, sym, "1m"); rk > 0 {
			rank = b.fact(rankFact(sym, m1, rk))
		}
		ret := v.returnFact(b, sym, m1, row.Returns["1m"])
		ex := ""
		if ret != "" {
			ex = v.excessFact(b, sym, m1, fmtPct(row.Excess["1m"]), fmtPct(row.Returns["1m"]), fmtPct(md.rot.BenchRet["1m"]))
		}
		r3 := v.returnFact(b, sym, m3, row.Returns["3m"])
		t.Rows = append(t.Rows, []string{b.orMissing(rank), v.sideName(b.lang) + " " + string(sym), b.orMissing(ret), b.orMissing(ex), b.orMissing(r3),
			b.t.quadrant(string(row.Quadrant))})
	}
	return t
}

// rotation writes the rotation chart of the one-month leaders with each
// one's reading.
func (md *marketData) rotation(b *builder) report.Section {
	top, _ := md.ends()
	var rows []*rotation.BoardRow
	var names, items []string
	for _, sym := range top {
		row := boardRow(md.rot, sym)
		if row == nil || len(row.Tail) == 0 {
			continue
		}
		v := md.view(sym)
		ratio, mom := rrgFacts(b, md.rot, row)
		items = append(items, fmt.Sprintf(b.t.get("cmp_quadrant_part"), v.sideName(b.lang), b.t.quadrant(string(row.Quadrant)), b.orMissing(ratio), b.orMissing(mom)))
		rows, names = append(rows, row), append(names, v.sideName(b.lang))
	}
	if len(rows) == 0 {
		return titled(b, report.SecPosition, "mkt_sec_rotation", nil, b.t.get("mkt_no_board"))
	}
	blocks := []report.Block{paragraph(b.t.get("mkt_rotation_text")), bullets(items), chartBlock(rotationChartOf(b, md.rot, rows, names, "mkt_chart_rotation"))}
	return titled(b, report.SecPosition, "mkt_sec_rotation", blocks, "")
}

// styleSection is the sector report's style section over the market's
// style reading, without the notes on pairs the store does not hold (the
// US pairs of an A-share store, and the other way round).
func (md *marketData) styleSection(b *builder) report.Section {
	st := md.style
	if st != nil {
		cp := *st
		cp.Notes = slices.DeleteFunc(slices.Clone(st.Notes), func(n string) bool {
			for _, p := range analysis.DefaultStylePairs() {
				if _, ok := st.Pair(p.Name); !ok && strings.Contains(n, string(p.A)) {
					return true
				}
			}
			return false
		})
		st = &cp
	}
	sd := &sectorData{extra: extras{style: st}}
	s := sd.styleSection(b)
	if md.req.Focus == FocusStyle && len(s.Blocks) > 0 {
		s.Blocks = append([]report.Block{paragraph(b.t.get("mkt_style_intro"))}, s.Blocks...)
	}
	return s
}

// flowRows are the top and bottom sectors with ETF creations over twenty
// days, by creations (largest first; sectors without them last).
func (md *marketData) flowRows() []*sectorData {
	top, bottom := md.ends()
	var out []*sectorData
	for _, sym := range append(slices.Clone(top), bottom...) {
		if v := md.view(sym); v.flows != nil {
			out = append(out, v)
		}
	}
	creation := func(v *sectorData) float64 {
		if m, ok := v.sideMeasure("etf_net_creation"); ok && len(m.Snap.Windows) > 0 {
			return m.Snap.Windows[len(m.Snap.Windows)-1].Sum
		}
		return math.NaN()
	}
	slices.SortStableFunc(out, func(x, y *sectorData) int { return series.CompareDesc(creation(x), creation(y)) })
	return out
}

// mktMeasures are the flow measures of the market overview.
var mktMeasures = []string{"etf_net_creation", "margin_net_purchase"}

// flows writes the flows of the top and bottom sectors side by side.
func (md *marketData) flows(b *builder) report.Section {
	cols := []report.Column{{Title: b.t.get("cmp_col_sector")}}
	for _, m := range mktMeasures {
		cols = append(cols, report.Column{Title: fmt.Sprintf(b.t.get("cmp_col_sum20"), b.t.measure(m)), Right: true},
			report.Column{Title: b.t.get("col_z20"), Right: true})
	}
	t := &report.Table{Caption: b.t.get("mkt_flows_caption"), Columns: cols}
	have := false
	for _, v := range md.flowRows() {
		row := []string{v.sideName(b.lang)}
		var refs []string
		for _, m := range mktMeasures {
			sum, z, ref := v.sideFlowCells(b, m)
			if sum != "" {
				have = true
				refs = append(refs, ref)
			}
			row = append(row, b.orMissing(sum), b.orMissing(z))
		}
		row[0] += " " + strings.Join(refs, "")
		t.Rows = append(t.Rows, row)
	}
	if !have {
		return titled(b, report.SecFlows, "mkt_sec_flows", nil, b.t.get("mkt_no_flows"))
	}
	return titled(b, report.SecFlows, "mkt_sec_flows", []report.Block{table(t)}, "")
}

// docSection lists the recent documents, newest first.
func (md *marketData) docSection(b *builder) report.Section {
	if len(md.docs) == 0 {
		return titled(b, secDocuments, "mkt_sec_documents", nil, b.t.get("mkt_no_docs"))
	}
	var items []string
	for _, d := range md.docs {
		if p, ok := pickOf(d); ok {
			items = append(items, docItem(b, p))
		}
	}
	return titled(b, secDocuments, "mkt_sec_documents", []report.Block{bullets(items)}, "")
}

// risks writes the market's data flags: leaders whose momentum fades,
// redemptions at the top and bottom, narrow leadership; then the risks
// recent documents name.
func (md *marketData) risks(b *builder) report.Section {
	var items []string
	top, _ := md.ends()
	for _, sym := range top {
		row := boardRow(md.rot, sym)
		if row.Quadrant == rotation.Weakening || row.Quadrant == rotation.Lagging {
			_, mom := rrgFacts(b, md.rot, row)
			items = append(items, fmt.Sprintf(b.t.get("mkt_risk_fading"), md.view(sym).sideName(b.lang), b.t.quadrant(string(row.Quadrant)), b.orMissing(mom)))
		}
	}
	for _, v := range md.flowRows() {
		m, ok := v.sideMeasure("etf_net_creation")
		if !ok || len(m.Snap.Windows) == 0 || !(m.Snap.Windows[len(m.Snap.Windows)-1].Z <= -1) {
			continue
		}
		if _, z, _ := v.sideFlowCells(b, "etf_net_creation"); z != "" {
			items = append(items, fmt.Sprintf(b.t.get("cmp_risk_item"), v.sideName(b.lang), fmt.Sprintf(b.t.get("risk_redemptions"), z)))
		}
	}
	beat := 0
	for _, r := range md.rot.Rows {
		if r.Excess["1m"] > 0 {
			beat++
		}
	}
	if n := len(md.rot.Rows); n > 0 && beat*3 < n {
		k := b.fact(countFact("beat:"+md.tax+":1m", beat, "sectors with a positive 1M excess return", "近1月跑赢基准的行业数"))
		total := b.fact(countFact("sectors:"+md.tax+":"+fmt.Sprint(md.level), n, "sectors ranked", "参与排名的行业数"))
		items = append(items, fmt.Sprintf(b.t.get("mkt_risk_narrow"), k, total))
	}
	var blocks []report.Block
	if len(items) > 0 {
		blocks = append(blocks, paragraph(b.t.get("risks_data")), bullets(items))
	} else {
		blocks = append(blocks, paragraph(b.t.get("mkt_risks_none")))
	}
	var docs []string
	for _, d := range md.docs {
		if topic, p := classify(d); topic == topicRisk && len(docs) < 3 {
			docs = append(docs, docItem(b, p))
		}
	}
	if len(docs) > 0 {
		blocks = append(blocks, paragraph(b.t.get("risks_docs")), bullets(docs))
	}
	return report.Section{ID: report.SecRisks, Title: b.t.get("sec_" + report.SecRisks), Blocks: blocks}
}

// styleParts are each style pair's regime in words.
func (md *marketData) styleParts(b *builder) []string {
	var out []string
	if md.style == nil {
		return nil
	}
	for _, p := range md.style.Pairs {
		if p.Reading == nil || p.Reading.Leader == "" {
			continue
		}
		out = append(out, fmt.Sprintf(b.t.get("mkt_style_part"), b.t.pair(p.Pair.Name), b.t.regime(p.Reading.Leader), market.FormatDate(p.Reading.Since)))
	}
	return out
}

// conclusion says where leadership is confirmed by rotation and which
// style leads — an overview, not a call on any one sector.
func (md *marketData) conclusion(b *builder) {
	top, _ := md.ends()
	var leading []string
	for _, sym := range top {
		if boardRow(md.rot, sym).Quadrant == rotation.Leading {
			leading = append(leading, md.view(sym).sideName(b.lang))
		}
	}
	var text string
	if len(leading) > 0 {
		text = fmt.Sprintf(b.t.get("mkt_conclusion_leading"), strings.Join(leading, b.t.get("name_sep")))
	} else {
		text = b.t.get("mkt_conclusion_no_leading")
	}
	var items []string
	if parts := md.styleParts(b); len(parts) > 0 {
		items = append(items, fmt.Sprintf(b.t.get("mkt_conclusion_style"), strings.Join(parts, b.t.get("list_sep"))))
	}
	items = append(items, b.t.get("mkt_conclusion_next"))
	b.section(report.SecConclusion, []report.Block{paragraph(text), bullets(items)}, "")
}

// findings are the key findings, drawn from facts the sections recorded.
func (md *marketData) findings(b *builder) []string {
	var out []string
	if len(md.order) > 0 {
		src := md.barsRef(b)
		m1, _ := window(md.rot, "1m")
		first := md.order[0]
		v, row := md.view(first), boardRow(md.rot, first)
		ret := v.returnFact(b, first, m1, row.Returns["1m"])
		ex := v.excessFact(b, first, m1, fmtPct(row.Excess["1m"]), fmtPct(row.Returns["1m"]), fmtPct(md.rot.BenchRet["1m"]))
		if ret != "" {
			out = append(out, fmt.Sprintf(b.t.get("mkt_finding_top"), v.sideName(b.lang), first, b.orMissing(ret), b.orMissing(ex), md.bench, src))
		}
		last := md.order[len(md.order)-1]
		lv, lrow := md.view(last), boardRow(md.rot, last)
		if lret := lv.returnFact(b, last, m1, lrow.Returns["1m"]); lret != "" && last != first {
			out = append(out, fmt.Sprintf(b.t.get("mkt_finding_bottom"), lv.sideName(b.lang), last, lret, src))
		}
		out = append(out, fmt.Sprintf(b.t.get("mkt_finding_quadrants"), md.quadrantCounts(b), src))
	}
	if parts := md.styleParts(b); len(parts) > 0 {
		out = append(out, fmt.Sprintf(b.t.get("mkt_finding_style"), strings.Join(parts, b.t.get("list_sep"))))
	}
	if rows := md.flowRows(); len(rows) > 0 {
		if sum, _, ref := rows[0].sideFlowCells(b, "etf_net_creation"); sum != "" {
			out = append(out, fmt.Sprintf(b.t.get("mkt_finding_flows"), rows[0].sideName(b.lang), sum, ref))
		}
	}
	if len(md.docs) > 0 {
		if p, ok := pickOf(md.docs[0]); ok {
			c := b.cite(p.doc, p.passage)
			out = append(out, fmt.Sprintf(b.t.get("stock_finding_doc"), market.FormatDate(p.doc.PublishedAt), b.title(p, c), c))
		}
	}
	return out
}
