package market

import (
	"fmt"
	"time"
)

// Dataset names one kind of stored data. They are the KIND argument of
// `sextant import` and the rows of `sextant data status`.
type Dataset string

// The datasets of DESIGN §3.
const (
	DatasetInstruments  Dataset = "instruments"
	DatasetSectors      Dataset = "sectors"
	DatasetMembers      Dataset = "members"
	DatasetBars         Dataset = "bars"
	DatasetShares       Dataset = "shares"
	DatasetMargin       Dataset = "margin"
	DatasetFlows        Dataset = "flows"
	DatasetFundamentals Dataset = "fundamentals"
	DatasetValuation    Dataset = "valuation"

	// DatasetDocuments is the research documents (internal/research). They
	// are not part of a Batch: stores write them through
	// research.DocumentWriter, and Status lists them after the market
	// datasets.
	DatasetDocuments Dataset = "documents"
)

// Datasets lists the market datasets a Batch carries, in display order:
// the KINDs of `sextant import`. DatasetDocuments is not among them.
var Datasets = []Dataset{
	DatasetInstruments, DatasetSectors, DatasetMembers, DatasetBars, DatasetShares,
	DatasetMargin, DatasetFlows, DatasetFundamentals, DatasetValuation,
}

// ParseDataset returns the dataset named s.
func ParseDataset(s string) (Dataset, error) {
	for _, d := range Datasets {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown dataset %q (want one of %v)", s, Datasets)
}

// Batch is everything one input (a file, a demo build, a sync step) writes.
// A store writes a batch in one transaction: all of it or nothing.
type Batch struct {
	Taxonomies   []Taxonomy
	Instruments  []Instrument
	Sectors      []Sector
	Members      []Membership
	Bars         []Bar
	Shares       []FundShares
	Margin       []Margin
	Flows        []CapitalFlow
	Fundamentals []Fundamental
	Valuations   []Valuation
}

// Len is the number of rows in the batch.
func (b *Batch) Len() int {
	return len(b.Taxonomies) + len(b.Instruments) + len(b.Sectors) + len(b.Members) + len(b.Bars) +
		len(b.Shares) + len(b.Margin) + len(b.Flows) + len(b.Fundamentals) + len(b.Valuations)
}

// Append adds o's rows to b.
func (b *Batch) Append(o *Batch) {
	b.Taxonomies = append(b.Taxonomies, o.Taxonomies...)
	b.Instruments = append(b.Instruments, o.Instruments...)
	b.Sectors = append(b.Sectors, o.Sectors...)
	b.Members = append(b.Members, o.Members...)
	b.Bars = append(b.Bars, o.Bars...)
	b.Shares = append(b.Shares, o.Shares...)
	b.Margin = append(b.Margin, o.Margin...)
	b.Flows = append(b.Flows, o.Flows...)
	b.Fundamentals = append(b.Fundamentals, o.Fundamentals...)
	b.Valuations = append(b.Valuations, o.Valuations...)
}

// IngestRun records one write: where the rows came from and what they
// changed. Every stored row keeps the id of the run that last changed it.
type IngestRun struct {
	ID         int64
	Source     string // "csvfile", "demo", "eastmoney", …
	Dataset    string // dataset name, or "mixed" for a batch of several
	Input      string // file path, URL or description
	InputHash  string // sha256 of the input bytes, when it is a file
	StartedAt  time.Time
	FinishedAt time.Time
	Rows       int // rows offered
	Inserted   int // rows that were new
	Updated    int // rows that existed with different values
	Unchanged  int // rows identical to what was stored
	Note       string
}

// FailedNote starts the Note of a run that records a failed fetch (an
// empty write): "failed: eastmoney: HTTP 500".
const FailedNote = "failed: "

// SourceRun summarises the runs of one source for one dataset.
type SourceRun struct {
	Source  string
	Dataset string
	Runs    int
	LastOK  time.Time // finish of the last run that wrote (zero if none)
	// LastFailed and Error describe the last recorded failure (zero and ""
	// if none); a failure after LastOK means the source is failing now.
	LastFailed time.Time
	Error      string
}

// Failing reports whether the last recorded run of the source failed.
func (s SourceRun) Failing() bool { return s.LastFailed.After(s.LastOK) }

// WriteResult is what a write changed, per dataset.
type WriteResult struct {
	RunID     int64
	Inserted  int
	Updated   int
	Unchanged int
	ByDataset map[Dataset]WriteCounts
}

// WriteCounts counts the effect of a write on one dataset.
type WriteCounts struct {
	Inserted, Updated, Unchanged int
}

// DatasetStatus summarises one dataset for `sextant data status` and the
// reports' data-health line.
type DatasetStatus struct {
	Dataset    Dataset
	Rows       int64
	Symbols    int64
	First      time.Time // first observation date (zero for static datasets)
	Last       time.Time // last observation date
	LastIngest time.Time // finish time of the last run that wrote this dataset
	LastRunID  int64
	Sources    []string // sources that wrote the rows
	Demo       bool     // any of the rows come from the demo market
}
