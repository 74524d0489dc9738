package compose

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/research"
)

// RunFinder finds the ingest runs that wrote a dataset's rows (implemented
// by stores as market.ProvenanceReader).
type RunFinder interface {
	InputRuns(ctx context.Context, dataset market.Dataset, symbols []market.Symbol, from, to time.Time) ([]market.IngestRun, error)
}

// builder accumulates a report: facts, citations, references, sections.
type builder struct {
	ctx    context.Context
	lang   string
	t      phrases
	ledger *evidence.Ledger
	refs   []report.Reference
	cites  map[string]string // passage id → citation id
	data   map[string]string // data reference key → reference id
	runs   RunFinder
	demo   bool
	asOf   time.Time
	rep    *report.Report
	errs   []error
}

func newBuilder(ctx context.Context, lang string, runs RunFinder, asOf time.Time) *builder {
	return &builder{
		ctx: ctx, lang: lang, t: phrasesFor(lang), ledger: evidence.NewLedger(),
		cites: map[string]string{}, data: map[string]string{}, runs: runs, asOf: asOf,
		rep: &report.Report{Schema: report.Schema, Lang: lang},
	}
}

// fact records a fact and returns its inline markup, or "" when the value
// is missing (the caller then writes the missing phrase instead).
func (b *builder) fact(f evidence.Fact) string {
	if !f.Valid() {
		return ""
	}
	if f.AsOf.IsZero() {
		f.AsOf = b.asOf
	}
	if f.Decimals == 0 && f.Unit != evidence.UnitCount && f.Unit != evidence.UnitDeg && f.Formula != "quoted" {
		f.Decimals = evidence.DefaultDecimals(f.Unit)
	}
	f.Demo = f.Demo || b.demo
	id, err := b.ledger.Add(f)
	if err != nil {
		b.errs = append(b.errs, err)
		return ""
	}
	return report.FactMark(id)
}

// orMissing returns mark, or the language's "n/a" when the fact was missing.
func (b *builder) orMissing(mark string) string {
	if mark == "" {
		return b.t.get("na")
	}
	return mark
}

// cite records a document passage as a citation and returns its marker.
func (b *builder) cite(d research.Document, p research.Passage) string {
	key := p.PassageID()
	if id, ok := b.cites[key]; ok {
		return report.RefMark(id)
	}
	id := fmt.Sprintf("C%d", len(b.rep.Citations)+1)
	c := research.Cite(id, d, p)
	b.rep.Citations = append(b.rep.Citations, c)
	b.refs = append(b.refs, report.Reference{ID: id, Kind: report.RefDocument, Citation: &b.rep.Citations[len(b.rep.Citations)-1]})
	b.cites[key] = id
	return report.RefMark(id)
}

// dataRef records a data citation (deduplicated by dataset, label, symbols
// and window) and returns its marker. It looks up the ingest runs that
// wrote the rows.
func (b *builder) dataRef(in evidence.Input, label string) string {
	key := fmt.Sprintf("%s|%s|%v|%s|%s", in.Dataset, label, in.Symbols, market.FormatDate(in.From), market.FormatDate(in.To))
	if id, ok := b.data[key]; ok {
		return report.RefMark(id)
	}
	id := fmt.Sprintf("D%d", len(b.data)+1)
	ref := &report.DataRef{Dataset: in.Dataset, Label: label, Symbols: in.Symbols, Members: in.Members, From: in.From, To: in.To, Runs: in.Runs, Demo: b.demo}
	if len(ref.Runs) == 0 {
		ref.Runs, ref.Sources = b.inputRuns(in)
	}
	b.refs = append(b.refs, report.Reference{ID: id, Kind: report.RefData, Data: ref})
	b.data[key] = id
	return report.RefMark(id)
}

// inputRuns asks the store which ingest runs wrote an input's rows; a
// store that cannot say leaves the list empty.
func (b *builder) inputRuns(in evidence.Input) ([]int64, []string) {
	if b.runs == nil {
		return nil, nil
	}
	runs, err := b.runs.InputRuns(b.ctx, in.Dataset, in.Symbols, in.From, in.To)
	if err != nil {
		return nil, nil
	}
	var ids []int64
	var sources []string
	for _, r := range runs {
		ids = append(ids, r.ID)
		if !slices.Contains(sources, r.Source) {
			sources = append(sources, r.Source)
		}
	}
	return ids, sources
}

// withRuns fills an input's ingest runs.
func (b *builder) withRuns(in evidence.Input) evidence.Input {
	if len(in.Runs) == 0 {
		in.Runs, _ = b.inputRuns(in)
	}
	return in
}

// section appends a section.
func (b *builder) section(id string, blocks []report.Block, missing string) {
	if len(blocks) == 0 && missing == "" {
		missing = b.t.get("no_content")
	}
	b.rep.Sections = append(b.rep.Sections, report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: blocks, Missing: missing})
}

func paragraph(s string) report.Block { return report.Block{Kind: report.BlockParagraph, Text: s} }
func note(s string) report.Block      { return report.Block{Kind: report.BlockNote, Text: s} }
func bullets(items []string) report.Block {
	return report.Block{Kind: report.BlockBullets, Items: items}
}
func table(t *report.Table) report.Block { return report.Block{Kind: report.BlockTable, Table: t} }
func chartBlock(c *report.Chart) report.Block {
	return report.Block{Kind: report.BlockChart, Chart: c}
}

// finish numbers the references in order of first use in the rendered
// sections (references never used are dropped) and stores the facts.
func (b *builder) finish() *report.Report {
	order := map[string]int{}
	visit := func(s string) {
		for _, t := range report.Tokens(s) {
			if t.Ref != "" {
				if _, ok := order[t.Ref]; !ok {
					order[t.Ref] = len(order) + 1
				}
			}
		}
	}
	for _, a := range b.rep.Assumptions {
		visit(a)
	}
	for _, s := range b.rep.Sections {
		visit(s.Missing)
		for _, bl := range s.Blocks {
			visitBlock(bl, visit)
		}
	}
	var refs []report.Reference
	for _, r := range b.refs {
		if n, ok := order[r.ID]; ok {
			r.N = n
			refs = append(refs, r)
		}
	}
	slices.SortFunc(refs, func(x, y report.Reference) int { return x.N - y.N })
	b.rep.References = refs
	b.rep.Facts = b.ledger.Facts()
	return b.rep
}

func visitBlock(bl report.Block, visit func(string)) {
	visit(bl.Text)
	for _, it := range bl.Items {
		visit(it)
	}
	if t := bl.Table; t != nil {
		visit(t.Caption)
		visit(t.Source)
		for _, r := range t.Rows {
			for _, c := range r {
				visit(c)
			}
		}
	}
	if c := bl.Chart; c != nil {
		visit(c.Caption)
	}
}

// runKey identifies an InputRuns question (runMemo).
func runKey(d market.Dataset, symbols []market.Symbol, from, to time.Time) string {
	return fmt.Sprint(d, symbols == nil, symbols, from.Unix(), to.Unix())
}

// runQuery is one InputRuns question.
type runQuery struct {
	dataset  market.Dataset
	symbols  []market.Symbol
	from, to time.Time
}

// runRecorder answers no InputRuns question and records each distinct one.
type runRecorder struct {
	mu   sync.Mutex
	seen map[string]bool
	qs   []runQuery
}

func (r *runRecorder) InputRuns(_ context.Context, d market.Dataset, symbols []market.Symbol, from, to time.Time) ([]market.IngestRun, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if key := runKey(d, symbols, from, to); !r.seen[key] {
		r.seen[key] = true
		r.qs = append(r.qs, runQuery{d, slices.Clone(symbols), from, to})
	}
	return nil, nil
}

// prefetchLimit bounds the provenance questions asked at once.
const prefetchLimit = 4

// prefetch learns which inputs a report names by writing it once with a
// recorder (dry, the result discarded: writing costs milliseconds, the
// store's answers tens), then asks the store about all of them — in one
// batch when the store answers batches (market.ProvenanceBatchReader),
// else concurrently — and memoises the answers, so that the real write finds
// each one ready. Inputs the dry write did not name (none, unless writing
// depends on the answers) are still asked when the real write names them.
func (m *runMemo) prefetch(ctx context.Context, write func(RunFinder)) {
	rec := &runRecorder{seen: map[string]bool{}}
	write(rec)
	answers := make([]runAnswer, len(rec.qs))
	if batch, ok := m.runs.(market.ProvenanceBatchReader); ok {
		qs := make([]market.ProvenanceQuery, len(rec.qs))
		for i, q := range rec.qs {
			qs[i] = market.ProvenanceQuery{Dataset: q.dataset, Symbols: q.symbols, From: q.from, To: q.to}
		}
		runs, err := batch.InputRunsBatch(ctx, qs)
		for i := range answers {
			if err != nil {
				answers[i].err = err
			} else {
				answers[i].runs = runs[i]
			}
		}
	} else {
		var g errgroup.Group
		g.SetLimit(prefetchLimit)
		for i, q := range rec.qs {
			g.Go(func() error {
				answers[i].runs, answers[i].err = m.runs.InputRuns(ctx, q.dataset, q.symbols, q.from, q.to)
				return nil
			})
		}
		_ = g.Wait() // the goroutines report through answers
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, q := range rec.qs {
		m.seen[runKey(q.dataset, q.symbols, q.from, q.to)] = answers[i]
	}
}
