package fulltext

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

func TestSearchLanguages(t *testing.T) {
	x, docs := indexed(t)
	tests := []struct {
		query     string
		docs      []int  // the documents hits may come from (all of them must appear)
		top       int    // the document of the best hit
		highlight string // in the best hit's highlight
	}{
		{"商业航天", []int{docSpace}, docSpace, "«商业航天»"},
		{"卫星", []int{docSpace}, docSpace, "«卫星»互联网"},
		{"军工", []int{docDefense}, docDefense, "«军工»ETF"},
		{"新能源汽车", []int{docEVPolicy}, docEVPolicy, "«新能源汽车»下乡"},
		{"充电 电池", []int{docEVPolicy}, docEVPolicy, "«充电»"},
		{"satellite", []int{docSatEN}, docSatEN, "«Satellite» manufacturers"},
		{"satellites constellation", []int{docSatEN}, docSatEN, "«constellations»"},
		{"defense budget", []int{docBudget}, docBudget, "The «defense» «budget»"},
		{"battery plants", []int{docBattery}, docBattery, "«battery» «plants»"},
		{"ETF", []int{docDefense}, docDefense, "«ETF»"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			hits, err := x.Search(context.Background(), research.Query{Text: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			got := hitDocs(hits)
			sort.Strings(got)
			same(t, "documents", got, ids(docs, tc.docs...))
			best := hits[0]
			if best.DocID != docs[tc.top].ID || !strings.Contains(best.Highlight, tc.highlight) {
				t.Errorf("best hit %s %q, want %s with %q", best.DocID, best.Highlight, docs[tc.top].ID, tc.highlight)
			}
			for i, h := range hits {
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("hit %d scores %g above hit %d (%g)", i, h.Score, i-1, hits[i-1].Score)
				}
				if strings.NewReplacer("«", "", "»", "").Replace(h.Highlight) != h.Text {
					t.Errorf("highlight %q is not the passage %q with markers", h.Highlight, h.Text)
				}
			}
		})
	}
}

func TestSearchHitFields(t *testing.T) {
	x, docs := indexed(t)
	hits, err := x.Search(context.Background(), research.Query{Text: "火箭回收"})
	if err != nil || len(hits) == 0 {
		t.Fatalf("hits %v, err %v", hits, err)
	}
	d := docs[docSpace]
	p := d.Passages[0]
	h := hits[0]
	h.Score, h.Highlight = 0, ""
	same(t, "hit", h, research.Hit{Passage: p, Title: d.Title, Publisher: d.Publisher, PublishedAt: d.PublishedAt,
		Kind: d.Kind, Language: d.Language})
	if d.Body[p.Start:p.End] != hits[0].Text {
		t.Errorf("offsets [%d, %d) do not select the passage", p.Start, p.End)
	}
	if !strings.Contains(hits[0].Highlight, "«火箭回收»") || hits[0].Score <= 0 {
		t.Errorf("highlight %q, score %g", hits[0].Highlight, hits[0].Score)
	}
}

func TestSearchFilters(t *testing.T) {
	x, docs := indexed(t)
	const everything = "商业航天 卫星 军工 新能源 电池 satellite defense battery"
	day := func(m time.Month, d int) time.Time { return market.Day(2024, m, d) }
	tests := []struct {
		name string
		q    research.Query
		want []int
	}{
		{"no filter", research.Query{Limit: 100}, []int{docSpace, docDefense, docEVPolicy, docSatEN, docBudget, docBattery}},
		{"zh matches zh-CN", research.Query{Filter: research.Filter{Languages: []string{"zh"}}}, []int{docSpace, docDefense, docEVPolicy}},
		{"zh-CN exactly", research.Query{Filter: research.Filter{Languages: []string{"ZH-cn"}}}, []int{docEVPolicy}},
		{"en", research.Query{Filter: research.Filter{Languages: []string{"en"}}}, []int{docSatEN, docBudget, docBattery}},
		{"kinds", research.Query{Filter: research.Filter{Kinds: []research.Kind{research.KindPolicy, research.KindFiling}}}, []int{docEVPolicy, docBattery}},
		{"sector", research.Query{Filter: research.Filter{Sectors: []research.SectorRef{space}}}, []int{docSpace, docSatEN}},
		{"symbols", research.Query{Filter: research.Filter{Symbols: []market.Symbol{"600760.SH", "300750.SZ"}}}, []int{docDefense, docBattery}},
		{"from", research.Query{Filter: research.Filter{From: day(3, 1)}}, []int{docSpace, docDefense, docBudget}},
		{"to takes its whole day", research.Query{Filter: research.Filter{To: day(3, 1)}}, []int{docSpace, docEVPolicy, docSatEN, docBattery}},
		{"window", research.Query{Filter: research.Filter{From: day(2, 1), To: day(3, 5)}}, []int{docSpace, docDefense, docSatEN}},
		{"conjunction", research.Query{Filter: research.Filter{Sectors: []research.SectorRef{defense}, Languages: []string{"en"}}}, []int{docBudget}},
		{"nothing matches", research.Query{Filter: research.Filter{Sectors: []research.SectorRef{defense}, Kinds: []research.Kind{research.KindFiling}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Text = everything
			if q.Limit == 0 {
				q.Limit = 100
			}
			hits, err := x.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			got := hitDocs(hits)
			sort.Strings(got)
			if len(got) > 0 || len(tc.want) > 0 {
				same(t, "documents", got, ids(docs, tc.want...))
			}
		})
	}
}

func TestSearchLimit(t *testing.T) {
	x, _ := indexed(t)
	ctx := context.Background()
	const text = "商业航天 卫星 军工 新能源 电池 satellite defense battery"
	for _, tc := range []struct {
		q    research.Query
		want int
	}{
		{research.Query{Text: text, Limit: 3}, 3},
		{research.Query{Text: text, Filter: research.Filter{Limit: 2}}, 2},
		{research.Query{Text: text, Limit: 4, Filter: research.Filter{Limit: 2}}, 4},
	} {
		hits, err := x.Search(ctx, tc.q)
		if err != nil || len(hits) != tc.want {
			t.Errorf("limit %d / filter limit %d: %d hits (%v), want %d", tc.q.Limit, tc.q.Filter.Limit, len(hits), err, tc.want)
		}
	}
	_, err := x.Search(ctx, research.Query{Text: "  "})
	wantCode(t, err, sextant.EINVALID)
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		spans [][2]int
		want  string
	}{
		{"none", "abc", nil, "abc"},
		{"one", "the defense budget", [][2]int{{4, 11}}, "the «defense» budget"},
		{"two apart", "the defense budget", [][2]int{{12, 18}, {4, 11}}, "the «defense» «budget»"},
		{"overlapping bigrams", "商业航天发射", [][2]int{{0, 6}, {3, 9}, {6, 12}}, "«商业航天»发射"},
		{"touching", "商业航天发射", [][2]int{{6, 12}, {0, 6}}, "«商业航天»发射"},
		{"out of range ignored", "abc", [][2]int{{2, 9}}, "abc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			same(t, "highlight", highlight(tc.text, tc.spans), tc.want)
		})
	}
}

// TestSingleCharacter documents a limit of bigram indexing: a single
// Chinese character is a unigram and matches no bigram of a word.
func TestSingleCharacter(t *testing.T) {
	x, _ := indexed(t)
	hits, err := x.Search(context.Background(), research.Query{Text: "军"})
	if err != nil || len(hits) != 0 {
		t.Errorf("single character: %d hits (%v), want none", len(hits), err)
	}
}
