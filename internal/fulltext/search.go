package fulltext

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// DefaultLimit is the number of hits a query without a limit returns;
// MaxLimit caps any limit.
const (
	DefaultLimit = 10
	MaxLimit     = 1000
)

// storedFields are the fields a hit loads.
var storedFields = []string{fieldZH, fieldEN, fieldTitle, fieldPublisher, fieldLanguage, fieldSeq, fieldStart, fieldEnd, fieldPublished, fieldKind}

// Search returns the passages matching q.Text, best first (BM25; ties by
// passage id), restricted by q's filter and at most q.Limit of them (0 =
// the filter's Limit, else DefaultLimit). Empty text is EINVALID.
func (x *Index) Search(ctx context.Context, q research.Query) ([]research.Hit, error) {
	const op = "fulltext.Search"
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "the search text is empty"}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = q.Filter.Limit
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	req := bleve.NewSearchRequestOptions(searchQuery(text, q.Filter), min(limit, MaxLimit), 0, false)
	req.Fields = storedFields
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", "_id"})
	var hits []research.Hit
	err := x.use(op, func(ix bleve.Index) error {
		res, err := ix.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		hits = make([]research.Hit, 0, len(res.Hits))
		for _, h := range res.Hits {
			hit, err := toHit(h)
			if err != nil {
				return err
			}
			hits = append(hits, hit)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hits, nil
}

// searchQuery matches text against both text fields, each with its own
// analyzer, and restricts the matches by f without scoring it.
func searchQuery(text string, f research.Filter) query.Query {
	zh := bleve.NewMatchQuery(text)
	zh.SetField(fieldZH)
	en := bleve.NewMatchQuery(text)
	en.SetField(fieldEN)
	b := bleve.NewBooleanQuery()
	b.AddMust(bleve.NewDisjunctionQuery(zh, en))
	if filter := filterQuery(f); filter != nil {
		b.AddFilter(filter)
	}
	return b
}

// filterQuery is the conjunction of f's conditions, nil when f has none.
// Within one condition any value matches (a disjunction).
func filterQuery(f research.Filter) query.Query {
	var qs []query.Query
	if !f.From.IsZero() || !f.To.IsZero() {
		var to time.Time
		if !f.To.IsZero() {
			to = market.DayOf(f.To).AddDate(0, 0, 1)
		}
		inclusive, exclusive := true, false
		q := bleve.NewDateRangeInclusiveQuery(f.From.UTC(), to, &inclusive, &exclusive)
		q.SetField(fieldPublished)
		qs = append(qs, q)
	}
	secs := make([]string, len(f.Sectors))
	for i, s := range f.Sectors {
		secs[i] = s.String()
	}
	syms := make([]string, len(f.Symbols))
	for i, s := range f.Symbols {
		syms[i] = string(s)
	}
	kinds := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		kinds[i] = string(k)
	}
	langs := make([]string, len(f.Languages))
	for i, l := range f.Languages {
		langs[i] = strings.ToLower(l)
	}
	for _, c := range []struct {
		field string
		terms []string
	}{{fieldSectors, secs}, {fieldSymbols, syms}, {fieldKind, kinds}, {fieldLang, langs}} {
		if len(c.terms) > 0 {
			qs = append(qs, termsQuery(c.field, c.terms))
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(qs...)
}

// termsQuery matches documents whose field holds any of terms.
func termsQuery(field string, terms []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		q := bleve.NewTermQuery(t)
		q.SetField(field)
		qs[i] = q
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// toHit converts a bleve hit on a passage.
func toHit(h *search.DocumentMatch) (research.Hit, error) {
	docID, seq, err := research.ParsePassageID(h.ID)
	if err != nil {
		return research.Hit{}, err
	}
	field := fieldZH
	text, ok := h.Fields[fieldZH].(string)
	if !ok {
		field = fieldEN
		text, _ = h.Fields[fieldEN].(string)
	}
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	num := func(f string) int { n, _ := h.Fields[f].(float64); return int(n) }
	published, _ := time.Parse(time.RFC3339Nano, str(fieldPublished))
	return research.Hit{
		Passage: research.Passage{DocID: docID, Seq: seq, Text: text, Start: num(fieldStart), End: num(fieldEnd)},
		Title:   str(fieldTitle), Publisher: str(fieldPublisher), PublishedAt: published.UTC(),
		Kind: research.Kind(str(fieldKind)), Language: str(fieldLanguage),
		Score: h.Score, Highlight: highlight(text, h.Locations[field]),
	}, nil
}

// highlight wraps the matched byte spans of text in «»; spans that
// overlap or touch (the bigrams of one Chinese word) become one.
func highlight(text string, terms search.TermLocationMap) string {
	type span struct{ start, end int }
	var spans []span
	for _, locs := range terms {
		for _, l := range locs {
			if s, e := int(l.Start), int(l.End); s >= 0 && s < e && e <= len(text) {
				spans = append(spans, span{s, e})
			}
		}
	}
	if len(spans) == 0 {
		return text
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	pos := 0
	for i := 0; i < len(spans); {
		s, e := spans[i].start, spans[i].end
		for i++; i < len(spans) && spans[i].start <= e; i++ {
			e = max(e, spans[i].end)
		}
		b.WriteString(text[pos:s])
		b.WriteString("«")
		b.WriteString(text[s:e])
		b.WriteString("»")
		pos = e
	}
	b.WriteString(text[pos:])
	return b.String()
}
