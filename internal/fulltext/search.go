package fulltext

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
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

// Search returns the passages matching q.Text, best first (BM25; equal
// scores within the page by passage id), restricted by q's filter and at
// most q.Limit of them (0 = the filter's Limit, else DefaultLimit). Empty
// text is EINVALID.
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
	var hits []research.Hit
	err := x.use(op, func(ix bleve.Index) error {
		res, err := ix.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		terms := queryTerms(ix.Mapping(), text)
		hits = make([]research.Hit, 0, len(res.Hits))
		for _, h := range res.Hits {
			hit, err := toHit(h)
			if err != nil {
				return err
			}
			hit.Highlight = highlight(hit.Text, matchSpans(ix.Mapping(), hit, terms))
			hits = append(hits, hit)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].PassageID() < hits[j].PassageID()
	})
	return hits, nil
}

// analyzers names the analyzer of each text field.
var analyzers = map[string]string{fieldZH: cjk.AnalyzerName, fieldEN: en.AnalyzerName}

// queryTerms analyses the query text with each text field's analyzer, as
// the match queries do: the terms a passage of that field matched.
func queryTerms(m mapping.IndexMapping, text string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for field, name := range analyzers {
		out[field] = map[string]bool{}
		if a := m.AnalyzerNamed(name); a != nil {
			for _, t := range a.Analyze([]byte(text)) {
				out[field][string(t.Term)] = true
			}
		}
	}
	return out
}

// matchSpans analyses a hit's passage with its field's analyzer and
// returns the byte spans of the tokens that are query terms. Analysing
// the page's passages again is cheaper than asking bleve for term
// locations, which it would decode for every scored passage.
func matchSpans(m mapping.IndexMapping, h research.Hit, terms map[string]map[string]bool) [][2]int {
	field := textField(h.Language)
	a := m.AnalyzerNamed(analyzers[field])
	if a == nil {
		return nil
	}
	var spans [][2]int
	for _, t := range a.Analyze([]byte(h.Text)) {
		if terms[field][string(t.Term)] {
			spans = append(spans, [2]int{t.Start, t.End})
		}
	}
	return spans
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

// toHit converts a bleve hit on a passage (without its highlight).
func toHit(h *search.DocumentMatch) (research.Hit, error) {
	docID, seq, err := research.ParsePassageID(h.ID)
	if err != nil {
		return research.Hit{}, err
	}
	text, ok := h.Fields[fieldZH].(string)
	if !ok {
		text, _ = h.Fields[fieldEN].(string)
	}
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	num := func(f string) int { n, _ := h.Fields[f].(float64); return int(n) }
	published, _ := time.Parse(time.RFC3339Nano, str(fieldPublished))
	return research.Hit{
		Passage: research.Passage{DocID: docID, Seq: seq, Text: text, Start: num(fieldStart), End: num(fieldEnd)},
		Title:   str(fieldTitle), Publisher: str(fieldPublisher), PublishedAt: published.UTC(),
		Kind: research.Kind(str(fieldKind)), Language: str(fieldLanguage), Score: h.Score,
	}, nil
}

// highlight wraps the given byte spans of text in «»; spans that overlap
// or touch (the bigrams of one Chinese word) become one, and spans outside
// text are ignored.
func highlight(text string, spans [][2]int) string {
	var ok [][2]int
	for _, s := range spans {
		if s[0] >= 0 && s[0] < s[1] && s[1] <= len(text) {
			ok = append(ok, s)
		}
	}
	if len(ok) == 0 {
		return text
	}
	sort.Slice(ok, func(i, j int) bool { return ok[i][0] < ok[j][0] })
	var b strings.Builder
	pos := 0
	for i := 0; i < len(ok); {
		s, e := ok[i][0], ok[i][1]
		for i++; i < len(ok) && ok[i][0] <= e; i++ {
			e = max(e, ok[i][1])
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
