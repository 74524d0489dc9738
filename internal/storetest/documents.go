package storetest

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// DocumentStore is a store of market data and documents: what
// RunDocuments checks.
type DocumentStore interface {
	market.Store
	research.DocumentStore
}

// RunDocuments runs the document part of the suite: round trips,
// idempotence by content hash, filters, deletion, atomicity, status and
// provenance. open must return a fresh, empty store closed by t.Cleanup.
func RunDocuments(t *testing.T, open func(t *testing.T) DocumentStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s DocumentStore)
	}{
		{"RoundTrip", testDocRoundTrip},
		{"Dedup", testDocDedup},
		{"Filters", testDocFilters},
		{"Delete", testDocDelete},
		{"Invalid", testDocInvalid},
		{"Status", testDocStatus},
		{"InputRuns", testDocInputRuns},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// docFixture is four finished documents: Chinese news on the defense
// sector, an English research note on satellites, a zh-CN policy notice
// on both, and an English demo filing; oldest to newest: filing, policy,
// news, research.
func docFixture() []research.Document {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 30, 0, 0, time.UTC) }
	docs := []research.Document{
		{Title: "军工板块领涨", Publisher: "证券时报", URL: "https://example.com/a", PublishedAt: at(2024, 3, 1, 9),
			Language: "zh", Kind: research.KindNews, Symbols: []market.Symbol{"512660.SH", "600760.SH"},
			Sectors: []research.SectorRef{{Taxonomy: "sw2021", Code: "801740"}}, Source: "rss", Origin: "https://example.com/feed",
			Body: "军工板块今日领涨，中航沈飞涨停。\n\n分析人士认为，订单回暖与装备更新是主要驱动因素，板块轮动有望持续一段时间。"},
		{Title: "Satellite constellations: a primer", Publisher: "Example Research", PublishedAt: at(2024, 3, 5, 14),
			Language: "en", Kind: research.KindResearch, Symbols: []market.Symbol{"600118.SH"},
			Sectors: []research.SectorRef{{Taxonomy: "theme", Code: "space"}}, Source: "docfile", Origin: "/notes/sat.md",
			Body: "Commercial space launches doubled in 2023.\n\nSatellite internet constellations drive demand for launch capacity and ground equipment."},
		{Title: "关于促进商业航天发展的指导意见", Publisher: "国务院", PublishedAt: at(2024, 2, 10, 0),
			Language: "zh-CN", Kind: research.KindPolicy,
			Sectors: []research.SectorRef{{Taxonomy: "sw2021", Code: "801740"}, {Taxonomy: "theme", Code: "space"}}, Source: "docfile",
			Body: "为促进商业航天高质量发展，支持卫星互联网建设，现提出如下意见。"},
		{Title: "Annual report 2023", Publisher: "AVIC Shenyang", PublishedAt: at(2023, 12, 29, 16),
			Language: "en", Kind: research.KindFiling, Symbols: []market.Symbol{"600760.SH"}, Source: "demo", Demo: true,
			Body: "Revenue grew 12% as contract liabilities rose. Deliveries of aircraft increased."},
	}
	for i := range docs {
		docs[i].Finish()
	}
	return docs
}

// putDocs stores docs and fails the test on error.
func putDocs(t *testing.T, s DocumentStore, source string, docs []research.Document) research.PutResult {
	t.Helper()
	res, err := s.PutDocuments(context.Background(), market.IngestRun{Source: source, Input: "storetest"}, docs)
	if err != nil {
		t.Fatalf("PutDocuments: %v", err)
	}
	if res.RunID <= 0 {
		t.Fatalf("PutDocuments assigned run id %d", res.RunID)
	}
	return res
}

func docIDs(docs []research.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.ID
	}
	return out
}

func testDocRoundTrip(t *testing.T, s DocumentStore) {
	ctx := context.Background()
	docs := docFixture()
	res := putDocs(t, s, "test", docs)
	same(t, "put result", res, research.PutResult{RunID: res.RunID, Inserted: 4, IDs: docIDs(docs)})
	for _, want := range docs {
		if len(want.Passages) == 0 {
			t.Fatalf("fixture %q has no passages", want.Title)
		}
		same(t, "document "+want.Title, must(s.Document(ctx, want.ID)).ok(t), want)
	}
	_, err := s.Document(ctx, "dnope")
	wantCode(t, err, sextant.ENOTFOUND)
	all := must(s.Documents(ctx, research.Filter{})).ok(t)
	same(t, "all, newest first", docIDs(all), []string{docs[1].ID, docs[0].ID, docs[2].ID, docs[3].ID})
	same(t, "first of all", all[0], docs[1])
	ids := docIDs(docs)
	sort.Strings(ids)
	same(t, "document ids", must(s.DocumentIDs(ctx)).ok(t), ids)
}

func testDocDedup(t *testing.T, s DocumentStore) {
	ctx := context.Background()
	docs := docFixture()
	first := putDocs(t, s, "test", docs[:2])
	// The same bodies again, one retitled (whitespace differs: the hash is
	// over the normalised body), plus a new document repeated in the batch.
	again := docFixture()
	again[0].Title = "改过的标题"
	again[0].Body = again[0].Body + "\n\n\n"
	again[0].Finish()
	batch := []research.Document{again[0], again[1], again[2], again[2]}
	res := putDocs(t, s, "test", batch)
	same(t, "second put", res, research.PutResult{RunID: res.RunID, Inserted: 1, Unchanged: 3, IDs: docIDs(batch)})
	if res.RunID == first.RunID {
		t.Errorf("both puts got run id %d", res.RunID)
	}
	same(t, "first write's metadata kept", must(s.Document(ctx, docs[0].ID)).ok(t), docs[0])
	same(t, "ids", len(must(s.DocumentIDs(ctx)).ok(t)), 3)
	runs := must(s.IngestRuns(ctx, 1)).ok(t)
	want := market.IngestRun{ID: res.RunID, Source: "test", Dataset: "documents", Input: "storetest", Rows: 4, Inserted: 1, Unchanged: 3}
	got := runs[0]
	got.StartedAt, got.FinishedAt = time.Time{}, time.Time{}
	same(t, "ingest run", got, want)
	if runs[0].StartedAt.IsZero() || runs[0].FinishedAt.Before(runs[0].StartedAt) {
		t.Errorf("run times %v – %v", runs[0].StartedAt, runs[0].FinishedAt)
	}
	empty := putDocs(t, s, "test", nil)
	same(t, "empty put", empty, research.PutResult{RunID: empty.RunID, IDs: []string{}})
}

func testDocFilters(t *testing.T, s DocumentStore) {
	ctx := context.Background()
	docs := docFixture()
	putDocs(t, s, "test", docs)
	news, note, policy, filing := docs[0].ID, docs[1].ID, docs[2].ID, docs[3].ID
	defense := research.SectorRef{Taxonomy: "sw2021", Code: "801740"}
	space := research.SectorRef{Taxonomy: "theme", Code: "space"}
	tests := []struct {
		name string
		f    research.Filter
		want []string
	}{
		{"from is an instant", research.Filter{From: time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)}, []string{note, news}},
		{"from after the instant", research.Filter{From: time.Date(2024, 3, 1, 9, 31, 0, 0, time.UTC)}, []string{note}},
		{"to takes its whole day", research.Filter{To: day(2024, 3, 1)}, []string{news, policy, filing}},
		{"window", research.Filter{From: day(2024, 1, 1), To: day(2024, 3, 1)}, []string{news, policy}},
		{"sector", research.Filter{Sectors: []research.SectorRef{defense}}, []string{news, policy}},
		{"any of two sectors", research.Filter{Sectors: []research.SectorRef{space, {Taxonomy: "x", Code: "y"}}}, []string{note, policy}},
		{"symbol", research.Filter{Symbols: []market.Symbol{"600760.SH"}}, []string{news, filing}},
		{"unknown symbol", research.Filter{Symbols: []market.Symbol{"NOPE.SH"}}, nil},
		{"kinds", research.Filter{Kinds: []research.Kind{research.KindPolicy, research.KindFiling}}, []string{policy, filing}},
		{"zh matches zh-CN", research.Filter{Languages: []string{"zh"}}, []string{news, policy}},
		{"zh-CN exactly, any case", research.Filter{Languages: []string{"ZH-cn"}}, []string{policy}},
		{"en", research.Filter{Languages: []string{"en"}}, []string{note, filing}},
		{"limit", research.Filter{Limit: 2}, []string{note, news}},
		{"combined", research.Filter{Sectors: []research.SectorRef{defense}, Languages: []string{"zh"}, Kinds: []research.Kind{research.KindNews}, To: day(2024, 12, 31)},
			[]string{news}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := must(s.Documents(ctx, tc.f)).ok(t)
			if len(got) > 0 || len(tc.want) > 0 {
				same(t, "ids", docIDs(got), tc.want)
			}
			for _, d := range got {
				if len(d.Passages) == 0 {
					t.Errorf("%s returned without passages", d.ID)
				}
			}
		})
	}
}

func testDocDelete(t *testing.T, s DocumentStore) {
	ctx := context.Background()
	docs := docFixture()
	putDocs(t, s, "test", docs)
	if err := s.DeleteDocuments(ctx, []string{docs[0].ID, "dunknown", docs[3].ID}); err != nil {
		t.Fatal(err)
	}
	want := []string{docs[1].ID, docs[2].ID}
	sort.Strings(want)
	same(t, "ids after delete", must(s.DocumentIDs(ctx)).ok(t), want)
	_, err := s.Document(ctx, docs[0].ID)
	wantCode(t, err, sextant.ENOTFOUND)
	same(t, "documents after delete", len(must(s.Documents(ctx, research.Filter{})).ok(t)), 2)
	if err := s.DeleteDocuments(ctx, nil); err != nil {
		t.Errorf("deleting nothing: %v", err)
	}
	// A deleted document can be stored again, with its passages.
	res := putDocs(t, s, "test", docs[:1])
	same(t, "re-put counts", [2]int{res.Inserted, res.Unchanged}, [2]int{1, 0})
	same(t, "re-put document", must(s.Document(ctx, docs[0].ID)).ok(t), docs[0])
}

func testDocInvalid(t *testing.T, s DocumentStore) {
	ctx := context.Background()
	putDocs(t, s, "test", docFixture()[:1])
	runs := len(must(s.IngestRuns(ctx, 0)).ok(t))
	unfinished := research.Document{Title: "x", Body: "body", PublishedAt: day(2024, 1, 1)}
	edited := docFixture()[1]
	edited.Body += " More."
	outside := docFixture()[1]
	outside.Passages[0].End = len(outside.Body) + 1
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		doc  research.Document
		code string
		msg  string
	}{
		{"unfinished", ctx, unfinished, sextant.EINVALID, "document 2"},
		{"body edited after Finish", ctx, edited, sextant.EINVALID, "call Finish"},
		{"passage outside the body", ctx, outside, sextant.EINVALID, "outside the body"},
		{"cancelled context", cancelled, docFixture()[2], "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			batch := []research.Document{docFixture()[3], tc.doc}
			_, err := s.PutDocuments(tc.ctx, market.IngestRun{Source: "test"}, batch)
			if err == nil {
				t.Fatal("PutDocuments succeeded")
			}
			if tc.code != "" {
				wantCode(t, err, tc.code)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", err, tc.msg)
			}
			same(t, "documents after a failed put", len(must(s.DocumentIDs(ctx)).ok(t)), 1)
			same(t, "runs after a failed put", len(must(s.IngestRuns(ctx, 0)).ok(t)), runs)
		})
	}
}

func testDocStatus(t *testing.T, s DocumentStore) {
	if st := counts(t, s)[market.DatasetDocuments]; st.Dataset != market.DatasetDocuments || st.Rows != 0 || st.Symbols != 0 {
		t.Errorf("empty store: documents status %+v", st)
	}
	docs := docFixture()
	putDocs(t, s, "rss", docs[:3])
	last := putDocs(t, s, "demo", docs)
	all := must(s.Status(context.Background())).ok(t)
	if len(all) != len(market.Datasets)+1 {
		t.Fatalf("%d status rows, want the %d datasets then documents", len(all), len(market.Datasets))
	}
	st := all[len(all)-1]
	type row struct {
		Dataset       market.Dataset
		Rows, Symbols int64
		First, Last   time.Time
		RunID         int64
		Sources       []string
		Demo          bool
	}
	same(t, "documents status", row{st.Dataset, st.Rows, st.Symbols, st.First, st.Last, st.LastRunID, st.Sources, st.Demo},
		row{market.DatasetDocuments, 4, 3, day(2023, 12, 29), day(2024, 3, 5), last.RunID, []string{"demo", "rss"}, true})
	if st.LastIngest.IsZero() {
		t.Error("documents: no last ingest time")
	}
}

func testDocInputRuns(t *testing.T, s DocumentStore) {
	ctx := context.Background()
	docs := docFixture()
	first := putDocs(t, s, "rss", docs[:2])
	second := putDocs(t, s, "docfile", docs)
	tests := []struct {
		name     string
		symbols  []market.Symbol
		from, to time.Time
		want     []int64
	}{
		{"all", nil, zero, zero, []int64{first.RunID, second.RunID}},
		{"symbol in both runs", []market.Symbol{"600760.SH"}, zero, zero, []int64{first.RunID, second.RunID}},
		{"symbol of the second run", []market.Symbol{"600760.SH"}, zero, day(2024, 1, 1), []int64{second.RunID}},
		{"publication day counts whole", nil, day(2024, 3, 5), day(2024, 3, 5), []int64{first.RunID}},
		{"no symbols", []market.Symbol{}, zero, zero, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			for _, r := range must(s.InputRuns(ctx, market.DatasetDocuments, tc.symbols, tc.from, tc.to)).ok(t) {
				got = append(got, r.ID)
			}
			same(t, "runs", got, tc.want)
		})
	}
}
