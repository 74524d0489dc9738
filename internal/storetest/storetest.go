// Package storetest is the conformance suite every market.Store passes
// (DuckDB now, PostgreSQL later): round-trips of every dataset, idempotent
// and updating writes, atomicity, point-in-time reads, aligned matrices
// (BarMatrix, SeriesMatrix), status, provenance (InputRuns) and coverage (LastDates). [RunDocuments] checks the research
// documents of a store that also holds them. A behaviour difference
// between stores is a bug in one of them.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) market.Store { return openTempStore(t) })
//	}
//
// open must return a fresh, empty store and arrange for it to be closed
// (t.Cleanup).
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// zero is an open date bound.
var zero time.Time

// Run runs the suite; open is called once per subtest.
func Run(t *testing.T, open func(t *testing.T) market.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s market.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"InstrumentFilter", testInstrumentFilter},
		{"SeriesFilters", testSeriesFilters},
		{"Idempotent", testIdempotent},
		{"Update", testUpdate},
		{"DuplicateKeysLastWins", testDuplicateKeys},
		{"LargeBatch", testLargeBatch},
		{"MixedNewChangedUnchanged", testMixed},
		{"OverlappingWrites", testOverlapping},
		{"Atomicity", testAtomicity},
		{"Members", testMembers},
		{"BarMatrix", testBarMatrix},
		{"SeriesMatrix", testSeriesMatrix},
		{"SeriesMatrixLarge", testSeriesMatrixLarge},
		{"SeriesMatrixMany", testSeriesMatrixMany},
		{"Fundamentals", testFundamentals},
		{"Status", testStatus},
		{"IngestRuns", testIngestRuns},
		{"InputRuns", testInputRuns},
		{"LastDates", testLastDates},
		{"SourceRuns", testSourceRuns},
		{"InputRunsBatch", testInputRunsBatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// write writes b and fails the test on error.
func write(t *testing.T, s market.Store, source string, b *market.Batch) market.WriteResult {
	t.Helper()
	res, err := s.Write(context.Background(), market.IngestRun{Source: source, Input: "storetest"}, b)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if res.RunID <= 0 {
		t.Fatalf("Write assigned run id %d", res.RunID)
	}
	return res
}

// same compares values by their %+v rendering, which treats NaN as equal
// to NaN (reflect.DeepEqual does not) and shows the difference readably.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	g, w := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want)
	if g != w {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// wantCode checks that err is a *sextant.Error with the given code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var se *sextant.Error
	if err == nil || !errors.As(err, &se) {
		t.Fatalf("error %v is not a *sextant.Error", err)
	}
	if got := sextant.ErrorCode(err); got != code {
		t.Errorf("error code %q (%v), want %q", got, err, code)
	}
}

func bySymbolDate[T any](rows []T, key func(T) string) []T {
	out := append([]T(nil), rows...)
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

// result holds a reader's return values until a test checks them:
// must(s.Bars(ctx, …)).ok(t).
type result[T any] struct {
	v   T
	err error
}

func must[T any](v T, err error) result[T] { return result[T]{v, err} }

// ok fails the test on error and returns the value.
func (r result[T]) ok(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

// counts returns the status rows of every dataset by name.
func counts(t *testing.T, s market.Store) map[market.Dataset]market.DatasetStatus {
	t.Helper()
	st := must(s.Status(context.Background())).ok(t)
	out := map[market.Dataset]market.DatasetStatus{}
	for _, d := range st {
		out[d.Dataset] = d
	}
	return out
}
