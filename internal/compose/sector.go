package compose

import (
	"context"
	"fmt"
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
)

// Sources are the readers a report is composed from. Docs, Index and Runs
// are optional: without documents the driver sections say so; without an
// index documents are ranked by keyword overlap; without Runs data
// citations omit ingest runs.
type Sources struct {
	Data   analysis.Data
	Status market.StatusReader
	Docs   research.DocumentReader
	Index  research.Index
	Runs   RunFinder
}

// SectorRequest asks for a sector report.
type SectorRequest struct {
	Sector    string // code, index symbol, name or alias as the user typed it
	Taxonomy  string // narrows Sector; "" = any
	Benchmark string // "" = the default benchmark
	AsOf      time.Time
	Lang      string // "en" or "zh"; "" = en
	Question  string // the question that asked for it, shown as the title
	Generator string // "sextant v…"
	Now       func() time.Time
	// Resolved is set by a caller that already resolved the sector (the
	// copilot) and states its own assumption: no "interpreted … as"
	// assumption is added.
	Resolved bool
	// Focus moves one section right after the key findings: "flows"
	// (capital flows), "etf" (opportunities: ETF tiers) or "" for the
	// standard order.
	Focus string
}

// FocusFlows and FocusETF are the focuses of a sector report.
const (
	FocusFlows = "flows"
	FocusETF   = "etf"
)

// sectorData is everything the sections are written from.
type sectorData struct {
	req     SectorRequest
	sector  market.Sector
	rot     *analysis.Rotation
	flows   *analysis.FlowsReport
	sustain *analysis.SustainReport
	extra   extras
	docs    *docSet
	status  healthData
}

// Sector composes the report on one sector.
func Sector(ctx context.Context, src Sources, req SectorRequest) (*report.Report, error) {
	if req.Lang == "" {
		req.Lang = "en"
	}
	if req.Lang != "en" && req.Lang != "zh" {
		return nil, sextant.Errorf(sextant.EINVALID, "language %q: want en or zh", req.Lang)
	}
	if req.Now == nil {
		req.Now = time.Now
	}
	sec, err := analysis.ResolveSector(ctx, src.Data, req.Sector, req.Taxonomy)
	if err != nil {
		return nil, err
	}
	if sec.IndexSymbol == "" {
		return nil, sextant.Errorf(sextant.EINVALID, "sector %s/%s has no index symbol: nothing to report on", sec.Taxonomy, sec.Code)
	}
	sd, err := gather(ctx, src, req, sec)
	if err != nil {
		return nil, err
	}
	return sd.compose(ctx, src.Runs)
}

// compose writes the report from the gathered results.
func (sd *sectorData) compose(ctx context.Context, runs RunFinder) (*report.Report, error) {
	if runs != nil {
		memo := &runMemo{runs: runs, seen: map[string]runAnswer{}}
		memo.prefetch(ctx, func(rf RunFinder) { sd.write(newBuilder(ctx, sd.req.Lang, rf, sd.rot.AsOf)) })
		runs = memo
	}
	b := newBuilder(ctx, sd.req.Lang, runs, sd.rot.AsOf)
	b.demo = sd.rot.Demo
	sd.write(b)
	rep := b.finish()
	verifyTemplates(b)
	if len(b.errs) > 0 {
		return nil, sextant.Errorf(sextant.EINTERNAL, "composing the report: %v", b.errs[0])
	}
	return rep, nil
}

// gather resolves the as-of trading day, finds the documents, then runs
// the analyses concurrently on that day.
func gather(ctx context.Context, src Sources, req SectorRequest, sec market.Sector) (*sectorData, error) {
	bench, asOf, err := analysis.BenchmarkAsOf(ctx, src.Data, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	req.AsOf = asOf
	sd := &sectorData{req: req, sector: sec}
	if sd.docs, err = findDocuments(ctx, src, sec, asOf, req.Lang); err != nil {
		return nil, err
	}
	cat := sd.docs.catalysts(asOf)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		sd.rot, err = analysis.RunRotation(gctx, src.Data, analysis.RotationRequest{
			Taxonomy: sec.Taxonomy, Level: sec.Level, Benchmark: req.Benchmark, AsOf: asOf})
		return err
	})
	// Sustainability, the longest analysis, starts at once and takes its
	// flow readings from the flows answer when it needs them.
	flowsDone := make(chan struct{})
	var flowsErr error
	g.Go(func() error {
		defer close(flowsDone)
		sd.flows, flowsErr = analysis.RunFlows(gctx, src.Data, analysis.FlowsRequest{
			Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: req.Benchmark, AsOf: asOf})
		return flowsErr
	})
	g.Go(func() (err error) {
		sd.sustain, err = analysis.RunSustain(gctx, src.Data, analysis.SustainRequest{
			Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: req.Benchmark, AsOf: asOf, Catalysts: cat,
			Flows: func() (*analysis.FlowsReport, error) {
				<-flowsDone
				return sd.flows, flowsErr
			}})
		return err
	})
	g.Go(func() (err error) {
		sd.extra, err = runExtras(gctx, src.Data, req, sec, bench)
		return err
	})
	if src.Status != nil {
		g.Go(func() (err error) {
			sd.status, err = readHealth(gctx, src.Status)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return sd, nil
}

// write fills the report in section order.
func (sd *sectorData) write(b *builder) {
	r := b.rep
	r.Kind = "sector"
	r.AsOf = sd.rot.AsOf
	r.Demo = sd.rot.Demo
	r.Generator = sd.req.Generator
	r.Question = sd.req.Question
	r.Subject = report.Subject{Taxonomy: sd.sector.Taxonomy, Code: sd.sector.Code, Name: sd.sector.Name,
		NameEN: sd.sector.NameEN, Symbol: sd.sector.IndexSymbol, Benchmark: sd.rot.Benchmark}
	r.Title = sd.title(b)
	r.Health = health(sd.status, sd.req.Now())
	r.Assumptions = sd.assumptions(b)
	pos := sd.position(b)
	flows := sd.flowSection(b)
	sus := sd.sustainSection(b)
	drivers := sd.driverSections(b)
	opps := sd.opportunities(b)
	style := sd.styleSection(b)
	risks := sd.riskSection(b)
	// Key findings and related instruments come first but draw on the
	// facts the later sections registered.
	b.section(report.SecFindings, []report.Block{bullets(sd.findings(b))}, "")
	sd.related(b)
	rest := append(append([]report.Section{pos}, drivers...), flows, sus, opps, style, risks)
	b.rep.Sections = append(b.rep.Sections, focused(rest, sd.req.Focus)...)
	sd.conclusion(b)
	sd.method(b)
}

// focused moves the focus's section to the front.
func focused(secs []report.Section, focus string) []report.Section {
	id := map[string]string{FocusFlows: report.SecFlows, FocusETF: report.SecOpportunities}[focus]
	for i, s := range secs {
		if s.ID == id && i > 0 {
			return append([]report.Section{s}, append(secs[:i:i], secs[i+1:]...)...)
		}
	}
	return secs
}

// displayName is the sector's name in the report's language.
func (sd *sectorData) displayName(lang string) string {
	s := sd.sector
	if lang == "en" && s.NameEN != "" && s.NameEN != s.Name {
		return fmt.Sprintf("%s (%s)", s.NameEN, s.Name)
	}
	if lang == "en" && s.NameEN != "" {
		return s.NameEN
	}
	return s.Name
}

func (sd *sectorData) title(b *builder) string {
	if q := strings.TrimSpace(sd.req.Question); q != "" {
		return q
	}
	return fmt.Sprintf(b.t.get("title"), sd.displayName(b.lang), sd.sector.IndexSymbol)
}

func (sd *sectorData) assumptions(b *builder) []string {
	s := sd.sector
	var out []string
	if !sd.req.Resolved {
		out = append(out, fmt.Sprintf(b.t.get("assume_sector"), sd.req.Sector, s.Name, s.Taxonomy, s.Code))
	}
	out = append(out, fmt.Sprintf(b.t.get("assume_bench"), sd.rot.Benchmark, market.FormatDate(sd.rot.AsOf)))
	return out
}

// runMemo asks the store once per distinct input: the sections of one
// report name the same inputs (a company's fundamentals, the index's bars)
// many times. It lives for one report.
type runMemo struct {
	runs RunFinder
	mu   sync.Mutex
	seen map[string]runAnswer
}

type runAnswer struct {
	runs []market.IngestRun
	err  error
}

func (m *runMemo) InputRuns(ctx context.Context, d market.Dataset, symbols []market.Symbol, from, to time.Time) ([]market.IngestRun, error) {
	key := runKey(d, symbols, from, to)
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.seen[key]
	if !ok {
		a.runs, a.err = m.runs.InputRuns(ctx, d, symbols, from, to)
		m.seen[key] = a
	}
	return slices.Clone(a.runs), a.err
}

// healthData is what the data-health line is made of: every dataset's
// status and every source's runs.
type healthData struct {
	status []market.DatasetStatus
	runs   []market.SourceRun
}

// readHealth reads the store's status and its runs per source.
func readHealth(ctx context.Context, sr market.StatusReader) (healthData, error) {
	st, err := sr.Status(ctx)
	if err != nil {
		return healthData{}, err
	}
	runs, err := sr.SourceRuns(ctx)
	return healthData{status: st, runs: runs}, err
}

// health is the data-health line: every dataset's freshness, and the
// sources that keep it, each with the day of its last successful run (or
// "failing" when its last run failed). Sources that write mixed batches
// (the demo, imports of several datasets) are not listed per dataset.
func health(h healthData, now time.Time) []report.Health {
	out := make([]report.Health, 0, len(h.status))
	for _, s := range h.status {
		hl := report.Health{Dataset: s.Dataset, Status: s.Freshness(now), Last: s.Last, Rows: s.Rows}
		for _, r := range h.runs {
			if r.Dataset != string(s.Dataset) {
				continue
			}
			src := report.SourceHealth{Source: r.Source, LastOK: r.LastOK, Failing: r.Failing()}
			if src.Failing {
				src.Error = r.Error
			}
			hl.Sources = append(hl.Sources, src)
		}
		out = append(out, hl)
	}
	return out
}
