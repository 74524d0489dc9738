package copilot

import (
	"context"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/compose"
	"github.com/sextant-ai/sextant/internal/copilot/understand"
	"github.com/sextant-ai/sextant/internal/llm"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
)

// Options configure a Copilot.
type Options struct {
	LLM       llm.Client // nil: templates only
	Model     string
	MaxRounds int // model ↔ tool rounds; 0 = 4
	Generator string
	Now       func() time.Time
}

// Copilot answers questions from the sources it is given.
type Copilot struct {
	src     compose.Sources
	catalog understand.Catalog
	o       Options
}

// New makes a copilot over the sources; catalog is what entity linking
// matches against (the store's sectors and instruments, its latest day).
func New(src compose.Sources, catalog understand.Catalog, o Options) *Copilot {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxRounds <= 0 {
		o.MaxRounds = 4
	}
	return &Copilot{src: src, catalog: catalog, o: o}
}

// Request is one question.
type Request struct {
	Question string
	Lang     string    // "" = the question's language
	AsOf     time.Time // overrides a time the question states; zero = none
	// Previous is the understanding of the conversation so far, for
	// follow-ups ("and what about satellites?"); nil for a first question.
	Previous *understand.Understanding
}

// Answer is the outcome of a question.
type Answer struct {
	Understanding understand.Understanding
	Plan          Plan
	Report        *report.Report
}

// Ask answers a question: events go to sink as they happen; the verified
// report is returned (and sent as the last event).
func (c *Copilot) Ask(ctx context.Context, req Request, sink Sink) (*Answer, error) {
	if sink == nil {
		sink = discard
	}
	// An ambiguity left here (chat asks back before) is resolved to the
	// most plausible reading, stated as an assumption in the report.
	u := c.Understand(req.Question, req.Previous).Assume()
	if err := sink(Event{Kind: EventUnderstood, Understanding: &u}); err != nil {
		return nil, err
	}
	plan, err := planFor(u, req.Lang)
	if err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "%v", err)
	}
	if !req.AsOf.IsZero() {
		plan.AsOf = req.AsOf
	}
	if err := sink(Event{Kind: EventPlan, Plan: &plan}); err != nil {
		return nil, err
	}
	rep, err := c.compose(ctx, req.Question, plan, sink)
	if err != nil {
		return nil, err
	}
	if c.o.LLM != nil {
		if rep, err = c.narrate(ctx, req.Question, plan, rep, sink); err != nil {
			return nil, err
		}
	}
	if err := sink(Event{Kind: EventVerify, Verify: rep.Verifier}); err != nil {
		return nil, err
	}
	if err := sink(Event{Kind: EventReport, Report: rep}); err != nil {
		return nil, err
	}
	return &Answer{Understanding: u, Plan: plan, Report: rep}, nil
}

// compose builds the plan's report from the templates, reporting each
// step as a tool call.
func (c *Copilot) compose(ctx context.Context, question string, p Plan, sink Sink) (*report.Report, error) {
	start := c.o.Now()
	for _, s := range p.Steps {
		if err := sink(Event{Kind: EventToolStart, Tool: &ToolEvent{Name: s.Tool, Args: argsJSON(s.Args), By: "plan"}}); err != nil {
			return nil, err
		}
	}
	rep, err := c.run(ctx, question, p)
	d := c.o.Now().Sub(start)
	for _, s := range p.Steps {
		ev := &ToolEvent{Name: s.Tool, By: "plan", Duration: d}
		if err != nil {
			ev.Error = sextant.ErrorMessage(err)
		}
		if serr := sink(Event{Kind: EventToolEnd, Tool: ev}); serr != nil {
			return nil, serr
		}
	}
	if err != nil {
		return nil, err
	}
	rep.Assumptions = append(rep.Assumptions, p.Assumptions...)
	return rep, nil
}

// Understand reads a question (as a follow-up of prev when given) without
// answering it: chat uses it to ask back about ambiguous names.
func (c *Copilot) Understand(question string, prev *understand.Understanding) understand.Understanding {
	u := understand.Understand(question, c.catalog)
	if prev != nil {
		u = u.WithContext(*prev)
	}
	return u
}

// LoadCatalog reads what entity linking matches from the store: every
// sector of every taxonomy, every instrument, and the benchmark's latest
// trading day as the anchor of relative time (zero when no default
// benchmark is stored).
func LoadCatalog(ctx context.Context, d analysis.Data) (understand.Catalog, error) {
	var c understand.Catalog
	taxes, err := d.Taxonomies(ctx)
	if err != nil {
		return c, err
	}
	for _, t := range taxes {
		secs, err := d.Sectors(ctx, t.ID, 0)
		if err != nil {
			return c, err
		}
		c.Sectors = append(c.Sectors, secs...)
	}
	if c.Instruments, err = d.Instruments(ctx, market.InstrumentFilter{}); err != nil {
		return c, err
	}
	if _, day, err := analysis.BenchmarkAsOf(ctx, d, "", time.Time{}); err == nil {
		c.AsOf = day
	}
	return c, nil
}
