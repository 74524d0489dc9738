package market

import (
	"context"
	"time"
)

// InstrumentFilter selects instruments; empty fields match everything.
type InstrumentFilter struct {
	Kinds   []Kind
	Venue   string
	Symbols []Symbol
}

// InstrumentReader reads instruments.
type InstrumentReader interface {
	// Instrument returns one instrument or an ENOTFOUND error.
	Instrument(ctx context.Context, s Symbol) (Instrument, error)
	// Instruments returns the matching instruments sorted by symbol.
	Instruments(ctx context.Context, f InstrumentFilter) ([]Instrument, error)
}

// SectorReader reads taxonomies, sectors and point-in-time memberships.
type SectorReader interface {
	Taxonomies(ctx context.Context) ([]Taxonomy, error)
	// Sectors returns the sectors of a taxonomy at a level (0 = all levels),
	// sorted by code.
	Sectors(ctx context.Context, taxonomy string, level int) ([]Sector, error)
	// Members returns the memberships of sector active on asOf, sorted by symbol.
	Members(ctx context.Context, taxonomy, sector string, asOf time.Time) ([]Membership, error)
	// MembershipHistory returns every membership of a sector, all dates.
	MembershipHistory(ctx context.Context, taxonomy, sector string) ([]Membership, error)
}

// BarField selects the value a bar matrix holds.
type BarField string

// Bar fields for BarMatrix.
const (
	FieldClose    BarField = "close"
	FieldAdjClose BarField = "adj_close" // close × adjust factor
	FieldAmount   BarField = "amount"
	FieldVolume   BarField = "volume"
	FieldTurnover BarField = "turnover"
)

// BarReader reads daily bars.
type BarReader interface {
	// Bars returns one symbol's bars in [from, to] (zero bounds are open),
	// sorted by date.
	Bars(ctx context.Context, s Symbol, from, to time.Time) ([]Bar, error)
	// BarMatrix returns one field of many symbols over [from, to] as an
	// aligned matrix in one columnar read: rows are the union of the
	// symbols' dates, missing observations are NaN. Symbols appear in the
	// order given; a symbol without data is an all-NaN column.
	BarMatrix(ctx context.Context, symbols []Symbol, from, to time.Time, field BarField) (*Matrix, error)
	// TradingDays returns the dates on which s has a bar in [from, to]: the
	// calendar of a venue is the trading days of its benchmark.
	TradingDays(ctx context.Context, s Symbol, from, to time.Time) ([]time.Time, error)
}

// SeriesReader reads the per-day datasets other than bars. A nil symbol
// list means all symbols; zero bounds are open. Results are sorted by
// symbol, then date.
type SeriesReader interface {
	FundShares(ctx context.Context, symbols []Symbol, from, to time.Time) ([]FundShares, error)
	Margin(ctx context.Context, symbols []Symbol, from, to time.Time) ([]Margin, error)
	Flows(ctx context.Context, symbols []Symbol, from, to time.Time) ([]CapitalFlow, error)
	Valuations(ctx context.Context, symbols []Symbol, from, to time.Time) ([]Valuation, error)
}

// SeriesMatrixReader reads per-day datasets as aligned matrices, for
// cross-sectional work over many symbols.
type SeriesMatrixReader interface {
	// SeriesMatrix reads fields of one per-day dataset (DatasetBars,
	// DatasetShares, DatasetMargin, DatasetFlows or DatasetValuation) for
	// many symbols on the given days in one columnar read: the counterpart
	// of the SeriesReader methods for aligned work, and of BarMatrix when
	// the rows are a known calendar (a benchmark's trading days). days must
	// be ascending; rows dated between the first and the last day on other
	// days are counted in Dropped, not placed. Symbols appear in the order
	// given. An unknown dataset, a field the dataset does not have or days
	// out of order are EINVALID.
	SeriesMatrix(ctx context.Context, dataset Dataset, fields []SeriesField, symbols []Symbol, days []time.Time) (*SeriesPanel, error)
}

// SeriesField names one value of a per-day dataset for SeriesMatrix: a
// column as docs/data-formats.md names it. Bars take the BarField names
// (SeriesField(FieldAdjClose) is close × adjust factor, as in BarMatrix).
type SeriesField string

// Series fields by dataset.
const (
	FieldShares     SeriesField = "shares" // DatasetShares: units outstanding
	FieldNAV        SeriesField = "nav"
	FieldFinBalance SeriesField = "fin_balance" // DatasetMargin
	FieldFinBuy     SeriesField = "fin_buy"
	FieldFinRepay   SeriesField = "fin_repay"
	FieldSecBalance SeriesField = "sec_balance"
	FieldMainNet    SeriesField = "main_net" // DatasetFlows
	FieldSuperNet   SeriesField = "super_net"
	FieldLargeNet   SeriesField = "large_net"
	FieldMediumNet  SeriesField = "medium_net"
	FieldSmallNet   SeriesField = "small_net"
	FieldPETTM      SeriesField = "pe_ttm" // DatasetValuation
	FieldPB         SeriesField = "pb"
	FieldTotalMV    SeriesField = "total_mv"
	FieldFloatMV    SeriesField = "float_mv"
)

// SeriesPanel is what SeriesMatrix reads: one Matrix per field, in the
// order of Fields, all on the same Dates (the requested days) and Symbols.
// A value is NaN where the symbol has no row that day or the field is
// NULL; Rows tells the two apart per symbol.
type SeriesPanel struct {
	Dates   []time.Time
	Symbols []Symbol
	Fields  []SeriesField
	Values  []*Matrix
	Rows    []int // per symbol: rows placed (0 = no row on any of Dates)
	Dropped []int // per symbol: rows between the first and the last day on other days
}

// Field returns the matrix of f, or nil when f was not read.
func (p *SeriesPanel) Field(f SeriesField) *Matrix {
	for i, g := range p.Fields {
		if g == f {
			return p.Values[i]
		}
	}
	return nil
}

// FundamentalReader reads fundamentals point-in-time.
type FundamentalReader interface {
	// Fundamentals returns the figures of the given symbols and fields
	// (nil = all) whose report date is on or before knownAt (zero = no
	// limit), sorted by symbol, field, period end.
	Fundamentals(ctx context.Context, symbols []Symbol, fields []string, knownAt time.Time) ([]Fundamental, error)
}

// StatusReader describes what a store holds.
type StatusReader interface {
	// Status returns one entry per dataset in Datasets order, then one for
	// DatasetDocuments (Rows = documents, Symbols = distinct linked
	// symbols, First and Last = publication days), empty ones included.
	Status(ctx context.Context) ([]DatasetStatus, error)
	// IngestRuns returns the most recent runs first, at most limit (0 = all).
	IngestRuns(ctx context.Context, limit int) ([]IngestRun, error)
	// SourceRuns summarises the ingest runs per source and dataset, sorted
	// by source then dataset: how fresh each source keeps each dataset.
	SourceRuns(ctx context.Context) ([]SourceRun, error)
}

// ProvenanceReader answers where stored rows came from, for the fact
// ledger: every figure names the ingest runs of its inputs.
type ProvenanceReader interface {
	// InputRuns returns the ingest runs that last wrote the rows of dataset
	// for the given symbols (nil = all symbols) observed in [from, to] (zero
	// bounds are open), sorted by run id. Observation dates are those of
	// Status: a bar's date, a fundamental's period end, a document's
	// publication day; a membership counts when its interval overlaps
	// [from, to]; instruments and sectors (by index symbol) ignore the
	// dates. An unknown dataset is an EINVALID error.
	InputRuns(ctx context.Context, dataset Dataset, symbols []Symbol, from, to time.Time) ([]IngestRun, error)
}

// ProvenanceQuery is one InputRuns question.
type ProvenanceQuery struct {
	Dataset  Dataset
	Symbols  []Symbol
	From, To time.Time
}

// ProvenanceBatchReader answers many InputRuns questions in one pass: a
// report names the inputs of hundreds of figures, and a store can answer
// them all with one scan per dataset instead of one each. Answers are
// those InputRuns would give, in the order of qs.
type ProvenanceBatchReader interface {
	InputRunsBatch(ctx context.Context, qs []ProvenanceQuery) ([][]IngestRun, error)
}

// CoverageReader says how far stored data reaches, for incremental sync.
type CoverageReader interface {
	// LastDates returns, for each of the given symbols that has rows in a
	// dated dataset (bars, shares, margin, flows, valuation), its last
	// observation date; symbols without rows are absent from the map. nil
	// symbols means every symbol. A static dataset is EINVALID.
	LastDates(ctx context.Context, dataset Dataset, symbols []Symbol) (map[Symbol]time.Time, error)
}

// BatchWriter writes a batch atomically: in one transaction, as idempotent
// upserts keyed on each dataset's natural key, recording run as an ingest
// run. Rows identical to stored ones are left untouched (and counted as
// unchanged), so writing the same batch twice changes no data. On error
// nothing is written.
type BatchWriter interface {
	Write(ctx context.Context, run IngestRun, b *Batch) (WriteResult, error)
}

// Store is everything a market store provides. Consumers should depend on
// the narrow role interfaces above; Store is for wiring.
type Store interface {
	InstrumentReader
	SectorReader
	BarReader
	SeriesReader
	SeriesMatrixReader
	FundamentalReader
	StatusReader
	ProvenanceReader
	CoverageReader
	BatchWriter
	Close() error
}
