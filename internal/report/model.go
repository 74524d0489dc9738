package report

import (
	"encoding/json"
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// Schema is the version of the JSON form. A change that removes or
// renames a field bumps it.
const Schema = "sextant.report/v1"

// Report is one research report.
type Report struct {
	Schema      string              `json:"schema"`
	Kind        string              `json:"kind"` // "sector"
	Lang        string              `json:"lang"` // "en" or "zh"
	Title       string              `json:"title"`
	Question    string              `json:"question,omitempty"`
	AsOf        time.Time           `json:"as_of"`
	Subject     Subject             `json:"subject"`
	Demo        bool                `json:"demo"`
	Generator   string              `json:"generator"` // "sextant vX.Y.Z"
	Health      []Health            `json:"health"`
	Assumptions []string            `json:"assumptions,omitempty"` // inline markup
	Sections    []Section           `json:"sections"`
	Facts       []evidence.Fact     `json:"facts"`
	Citations   []research.Citation `json:"citations"`
	References  []Reference         `json:"references"`
	Verifier    *Verification       `json:"verifier,omitempty"`
}

// Subject is what the report is about.
type Subject struct {
	Taxonomy  string        `json:"taxonomy,omitempty"`
	Code      string        `json:"code,omitempty"`
	Name      string        `json:"name"`
	NameEN    string        `json:"name_en,omitempty"`
	Symbol    market.Symbol `json:"symbol,omitempty"`
	Benchmark market.Symbol `json:"benchmark,omitempty"`
}

// Health is the freshness of one dataset the report relies on.
type Health struct {
	Dataset market.Dataset   `json:"dataset"`
	Status  market.Freshness `json:"status"`
	Last    time.Time        `json:"last,omitzero"`
	Rows    int64            `json:"rows"`
	Note    string           `json:"note,omitempty"`
	// Sources are the sources that keep the dataset, each with its last
	// successful run: freshness per source.
	Sources []SourceHealth `json:"sources,omitempty"`
}

// SourceHealth is one source of a dataset: the finish of its last
// successful run and whether its last run failed.
type SourceHealth struct {
	Source  string    `json:"source"`
	LastOK  time.Time `json:"last_ok,omitzero"`
	Failing bool      `json:"failing,omitempty"`
	Error   string    `json:"error,omitempty"`
}

// Section ids, in the order of DESIGN §1.
const (
	SecFindings      = "key_findings"
	SecRelated       = "related_instruments"
	SecPosition      = "market_position"
	SecTechnology    = "drivers_technology"
	SecPolicy        = "drivers_policy"
	SecOrders        = "drivers_orders"
	SecFlows         = "drivers_flows"
	SecSustain       = "sustainability"
	SecOpportunities = "opportunities"
	SecStyle         = "style_rotation"
	SecRisks         = "risks"
	SecConclusion    = "conclusion"
	SecMethod        = "method"
)

// Section is one part of the report. Missing, when set, says why the
// section has no content (it never invents any).
type Section struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Blocks  []Block `json:"blocks"`
	Missing string  `json:"missing,omitempty"`
}

// Block kinds.
const (
	BlockParagraph = "paragraph"
	BlockBullets   = "bullets"
	BlockTable     = "table"
	BlockChart     = "chart"
	BlockNote      = "note"
)

// Block is a paragraph, a bullet list, a table, a chart or a note.
type Block struct {
	Kind  string   `json:"kind"`
	Text  string   `json:"text,omitempty"`  // paragraph or note, inline markup
	Items []string `json:"items,omitempty"` // bullets, inline markup
	Table *Table   `json:"table,omitempty"`
	Chart *Chart   `json:"chart,omitempty"`
}

// Table is a table whose cells are inline markup.
type Table struct {
	Caption string     `json:"caption,omitempty"`
	Columns []Column   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Source  string     `json:"source,omitempty"` // inline markup, usually reference markers
}

// Column is a table column.
type Column struct {
	Title string `json:"title"`
	Right bool   `json:"right,omitempty"` // right-aligned (figures)
}

// Chart kinds.
const (
	ChartRotation = "rotation" // relative rotation with tails: Series X = RS-Ratio, Y = RS-Momentum
	ChartLines    = "lines"    // cumulative returns over Dates
	ChartBars     = "bars"     // a daily flow over Dates
)

// Chart is the data of a chart; renderers draw it (HTML) or describe it.
type Chart struct {
	Kind    string        `json:"kind"`
	Title   string        `json:"title"`
	Caption string        `json:"caption,omitempty"` // inline markup
	Unit    evidence.Unit `json:"unit,omitempty"`
	Dates   []time.Time   `json:"dates,omitempty"` // lines and bars
	Series  []Series      `json:"series"`
}

// Series is one line, bar series or rotation tail. Facts, when set, names
// the fact each point states ("" for none), for provenance tooltips.
type Series struct {
	Name   string        `json:"name"`
	Symbol market.Symbol `json:"symbol,omitempty"`
	Role   string        `json:"role,omitempty"` // sector, benchmark, excess, etf, peer
	Values Floats        `json:"values,omitempty"`
	X      Floats        `json:"x,omitempty"`
	Y      Floats        `json:"y,omitempty"`
	Dates  []time.Time   `json:"dates,omitempty"` // rotation tail dates
	Facts  []string      `json:"facts,omitempty"`
}

// Floats is a float slice whose NaNs are JSON nulls.
type Floats []float64

// MarshalJSON writes NaN and ±Inf as null.
func (f Floats) MarshalJSON() ([]byte, error) {
	out := make([]*float64, len(f))
	for i := range f {
		if !math.IsNaN(f[i]) && !math.IsInf(f[i], 0) {
			out[i] = &f[i]
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads nulls back as NaN.
func (f *Floats) UnmarshalJSON(b []byte) error {
	var in []*float64
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*f = make(Floats, len(in))
	for i, p := range in {
		(*f)[i] = math.NaN()
		if p != nil {
			(*f)[i] = *p
		}
	}
	return nil
}

// Reference kinds.
const (
	RefDocument = "document"
	RefData     = "data"
)

// Reference is one numbered reference: a cited document passage or a data
// citation.
type Reference struct {
	N        int                `json:"n"`
	ID       string             `json:"id"` // C… or D…
	Kind     string             `json:"kind"`
	Citation *research.Citation `json:"citation,omitempty"`
	Data     *DataRef           `json:"data,omitempty"`
}

// DataRef cites stored data: a dataset, the symbols read, the window and
// the ingest runs that wrote the rows.
type DataRef struct {
	Dataset market.Dataset  `json:"dataset"`
	Label   string          `json:"label"` // what was read, in the report's language
	Symbols []market.Symbol `json:"symbols,omitempty"`
	Members int             `json:"members,omitempty"`
	From    time.Time       `json:"from,omitzero"`
	To      time.Time       `json:"to,omitzero"`
	Runs    []int64         `json:"runs,omitempty"`
	Sources []string        `json:"sources,omitempty"`
	Demo    bool            `json:"demo,omitempty"`
}

// Verification is the verifier's summary of the report's prose.
type Verification struct {
	Mode     string   `json:"mode"`    // "templates" or "llm"
	Figures  int      `json:"figures"` // figures checked against the ledger
	Traced   int      `json:"traced"`  // figures that matched a fact
	Markers  int      `json:"markers"` // reference markers checked
	Claims   int      `json:"claims"`  // sentences checked
	Removed  int      `json:"removed"` // sentences removed
	Flagged  int      `json:"flagged"` // sentences kept with a flag
	Problems []string `json:"problems,omitempty"`
}

// Fact returns a fact of the report by id.
func (r *Report) Fact(id string) (evidence.Fact, bool) {
	for _, f := range r.Facts {
		if f.ID == id {
			return f, true
		}
	}
	return evidence.Fact{}, false
}

// Reference returns a reference by id (C… or D…).
func (r *Report) Reference(id string) (Reference, bool) {
	for _, ref := range r.References {
		if ref.ID == id {
			return ref, true
		}
	}
	return Reference{}, false
}

// Section returns a section by id.
func (r *Report) Section(id string) (Section, bool) {
	for _, s := range r.Sections {
		if s.ID == id {
			return s, true
		}
	}
	return Section{}, false
}
