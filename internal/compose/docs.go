package compose

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/research"
)

// Driver topics a document can support.
const (
	topicTechnology = "technology"
	topicPolicy     = "policy"
	topicOrders     = "orders"
	topicRisk       = "risk"
)

// topicWords are the cue words of each topic, in both languages. A
// document goes to the topic whose cues it matches most (its kind breaks
// ties: policy notices to policy, announcements and filings to orders).
var topicWords = map[string][]string{
	topicTechnology: {"launch", "satellite", "constellation", "test flight", "maiden", "prototype", "breakthrough", "mass production",
		"technology", "r&d", "rocket", "engine", "chip", "milestone", "发射", "卫星", "星座", "试飞", "首飞", "技术", "突破", "量产",
		"研发", "火箭", "发动机", "芯片", "里程碑", "组网"},
	topicPolicy: {"policy", "budget", "ministry", "action plan", "development plan", "modernisation plan", "measures", "guideline", "regulation", "subsidy", "support", "state council",
		"政策", "预算", "规划", "通知", "意见", "国务院", "工信部", "支持", "补贴", "方案", "部署"},
	topicOrders: {"order", "contract", "backlog", "award", "tender", "bid", "deliver", "revenue", "guidance", "订单", "合同", "中标",
		"交付", "在手", "营收", "收入", "预告", "签订", "签署"},
	topicRisk: {"risk", "valuation", "crowded", "crowding", "overheat", "delay", "unlock", "correction", "volatility", "reduce holdings",
		"profit-taking", "redemption", "reversal", "beware", "overheating", "fading", "sell shares", "share sale", "风险", "估值", "拥挤", "过热", "延迟", "延期", "减持", "解禁", "回调", "波动", "赎回", "获利了结", "反转", "警惕", "退潮"},
}

// docLookback is how far back documents are considered.
const docLookback = 365 * 24 * time.Hour

// docSet is the documents a report may cite, by topic, newest first.
type docSet struct {
	byTopic map[string][]docPick
	reason  string // why there are none, when there are none
	total   int
}

// docPick is one document with the passage that best supports its topic.
type docPick struct {
	doc     research.Document
	passage research.Passage
	score   int
}

// findDocuments reads the documents linked to the sector up to the as-of
// date and sorts them into driver topics. When the store has none linked,
// a full-text search for the sector's names is the fallback.
func findDocuments(ctx context.Context, src Sources, sec market.Sector, asOf time.Time, lang string) (*docSet, error) {
	ds := &docSet{byTopic: map[string][]docPick{}}
	if src.Docs == nil {
		ds.reason = "no_doc_store"
		return ds, nil
	}
	to := asOf.Add(24*time.Hour - time.Nanosecond)
	f := research.Filter{From: asOf.Add(-docLookback), To: to, Sectors: []research.SectorRef{{Taxonomy: sec.Taxonomy, Code: sec.Code}}}
	docs, err := src.Docs.Documents(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 && src.Index != nil {
		if docs, err = searchDocuments(ctx, src, sec, f); err != nil {
			return nil, err
		}
	}
	for _, d := range docs {
		if d.PublishedAt.After(to) {
			continue // never cite the future
		}
		topic, pick := classify(d)
		if topic != "" {
			ds.byTopic[topic] = append(ds.byTopic[topic], pick)
			ds.total++
		}
	}
	// Documents in the report's language first, then newest first.
	other := func(p docPick) int {
		if strings.HasPrefix(p.doc.Language, lang) {
			return 0
		}
		return 1
	}
	for _, picks := range ds.byTopic {
		slices.SortStableFunc(picks, func(a, b docPick) int {
			if c := other(a) - other(b); c != 0 {
				return c
			}
			return b.doc.PublishedAt.Compare(a.doc.PublishedAt)
		})
	}
	if ds.total == 0 {
		ds.reason = "no_docs"
	}
	return ds, nil
}

// searchDocuments finds documents mentioning the sector by name through
// the full-text index, then reads them from the store (the store is the
// truth: a hit the store lacks is dropped).
func searchDocuments(ctx context.Context, src Sources, sec market.Sector, f research.Filter) ([]research.Document, error) {
	f.Sectors = nil
	seen := map[string]bool{}
	var out []research.Document
	for _, q := range []string{sec.Name, sec.NameEN} {
		if q == "" {
			continue
		}
		hits, err := src.Index.Search(ctx, research.Query{Text: q, Filter: f, Limit: 20})
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if seen[h.DocID] {
				continue
			}
			seen[h.DocID] = true
			d, err := src.Docs.Document(ctx, h.DocID)
			if err != nil {
				continue
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// classify picks a document's topic and its best passage for it.
func classify(d research.Document) (string, docPick) {
	best, bestScore := "", 0
	var bestPassage research.Passage
	for _, topic := range []string{topicTechnology, topicPolicy, topicOrders, topicRisk} {
		score, p := topicScore(d, topic)
		if kindTopic(d.Kind) == topic {
			score++
		}
		if score > bestScore {
			best, bestScore, bestPassage = topic, score, p
		}
	}
	return best, docPick{doc: d, passage: bestPassage, score: bestScore}
}

func kindTopic(k research.Kind) string {
	switch k {
	case research.KindPolicy:
		return topicPolicy
	case research.KindAnnouncement, research.KindFiling:
		return topicOrders
	}
	return ""
}

// topicScore counts cue words in the title and passages; the best passage
// is the one with the most cues (the first on ties).
func topicScore(d research.Document, topic string) (int, research.Passage) {
	count := func(s string) int {
		s = strings.ToLower(s)
		n := 0
		for _, w := range topicWords[topic] {
			n += strings.Count(s, w)
		}
		return n
	}
	total := 2 * count(d.Title)
	var best research.Passage
	bestN := -1
	for _, p := range d.Passages {
		n := count(p.Text)
		total += n
		if n > bestN {
			best, bestN = p, n
		}
	}
	return total, best
}

// excerpt is the first sentences of a passage, at most about max runes,
// with the figures it states turned into quoted facts.
func (b *builder) excerpt(p docPick, cite string, max int) string {
	text := p.passage.Text
	if utf8.RuneCountInString(text) > max {
		cut := 0
		for i, r := range text {
			if utf8.RuneCountInString(text[:i]) > max {
				break
			}
			end := i + utf8.RuneLen(r)
			switch {
			case strings.ContainsRune("。！？；", r):
				cut = end
			case strings.ContainsRune(".!?", r) && (end == len(text) || text[end] == ' ' || text[end] == '\n'):
				cut = end // a full stop, not the dot of 515230.SZ or 1.5
			}
		}
		if cut == 0 {
			cut = len(string([]rune(text)[:max]))
			text = text[:cut] + "…"
		} else {
			text = text[:cut]
		}
	}
	text = strings.Join(strings.Fields(text), " ")
	return b.quoteFigures(text, p, strings.Trim(cite, "[]"), "passage")
}

// title is a document's title with its figures quoted.
func (b *builder) title(p docPick, cite string) string {
	return b.quoteFigures(p.doc.Title, p, strings.Trim(cite, "[]"), "title")
}

// quoteFigures replaces each figure a document states with a fact whose
// provenance is the citation, so that it is traceable like any other.
func (b *builder) quoteFigures(text string, p docPick, citeID, part string) string {
	ns := evidence.Numbers(text)
	if len(ns) == 0 {
		return text
	}
	var out strings.Builder
	last := 0
	for i, n := range ns {
		u := n.Unit
		if u == "" {
			u = evidence.UnitRatio
			if n.Decimals == 0 {
				u = evidence.UnitCount
			}
		}
		mark := b.fact(evidence.Fact{
			Key: fmt.Sprintf("quoted:%s:%s:%d", p.passage.PassageID(), part, i), Value: n.Value, Unit: u, Signed: n.Signed,
			Decimals: max(n.Decimals, 0), Label: "figure quoted from " + p.doc.Title, LabelZH: "引自《" + p.doc.Title + "》的数字",
			Symbols: p.doc.Symbols, AsOf: p.doc.PublishedAt, Formula: "quoted", Citation: citeID,
			Method: "stated in the cited document; not computed by Sextant", Detail: n.Text,
		})
		if mark == "" {
			continue
		}
		out.WriteString(text[last:n.Start])
		out.WriteString(mark)
		last = n.End
	}
	out.WriteString(text[last:])
	return out.String()
}

// driverSections writes the technology, policy and orders driver sections.
func (sd *sectorData) driverSections(b *builder) []report.Section {
	return []report.Section{
		sd.docBullets(b, report.SecTechnology, topicTechnology, 5),
		sd.policyTable(b),
		sd.ordersSection(b),
	}
}

// docBullets lists a topic's documents as dated, cited bullets.
func (sd *sectorData) docBullets(b *builder, id, topic string, n int) report.Section {
	picks := sd.docs.byTopic[topic]
	if len(picks) == 0 {
		return report.Section{ID: id, Title: b.t.get("sec_" + id), Missing: b.t.get(sd.docsMissing())}
	}
	var items []string
	for _, p := range firstN(picks, n, b.lang) {
		c := b.cite(p.doc, p.passage)
		items = append(items, fmt.Sprintf("%s — %s: %s %s", market.FormatDate(p.doc.PublishedAt), b.title(p, c), b.excerpt(p, c, 140), c))
	}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: []report.Block{bullets(items)}}
}

func (sd *sectorData) docsMissing() string {
	if sd.docs.reason != "" {
		return sd.docs.reason
	}
	return "no_topic_docs"
}

// policyTable tabulates policy initiatives and their expected impact.
func (sd *sectorData) policyTable(b *builder) report.Section {
	id := report.SecPolicy
	picks := sd.docs.byTopic[topicPolicy]
	if len(picks) == 0 {
		return report.Section{ID: id, Title: b.t.get("sec_" + id), Missing: b.t.get(sd.docsMissing())}
	}
	t := &report.Table{Columns: []report.Column{{Title: b.t.get("col_initiative")}, {Title: b.t.get("col_date")},
		{Title: b.t.get("col_impact")}, {Title: b.t.get("col_ref")}}}
	for _, p := range firstN(picks, 5, b.lang) {
		p = impactPassage(p)
		c := b.cite(p.doc, p.passage)
		t.Rows = append(t.Rows, []string{b.title(p, c), market.FormatDate(p.doc.PublishedAt), b.excerpt(p, c, 120), c})
	}
	return report.Section{ID: id, Title: b.t.get("sec_" + id), Blocks: []report.Block{table(t)}}
}

// catalystWindow is how recent a catalyst must be to count.
const catalystWindow = 90 * 24 * time.Hour

// catalysts counts distinct recent catalyst events: documents about
// technology, policy or orders published in the catalyst window. A
// document and its translation (same day, kind and linked symbols) are one
// event. Nil when no document store was searched.
func (ds *docSet) catalysts(asOf time.Time) *analysis.Catalysts {
	if ds.reason == "no_doc_store" {
		return nil
	}
	from := asOf.Add(-catalystWindow)
	c := &analysis.Catalysts{From: from, Window: "90 calendar days",
		Detail: "distinct technology, policy and order documents linked to the sector; translations counted once"}
	seen := map[string]bool{}
	for _, topic := range []string{topicTechnology, topicPolicy, topicOrders} {
		for _, p := range ds.byTopic[topic] {
			d := p.doc
			if d.PublishedAt.Before(from) {
				continue
			}
			key := fmt.Sprintf("%s|%s|%v", market.FormatDate(d.PublishedAt), d.Kind, d.Symbols)
			if seen[key] {
				continue
			}
			seen[key] = true
			c.Count++
			c.Docs = append(c.Docs, d.ID)
		}
	}
	return c
}

// firstN is the first n picks in the report's language, or, when there are
// none in it, the first n in any language (picks are sorted with the
// report's language first).
func firstN(picks []docPick, n int, lang string) []docPick {
	same := 0
	for _, p := range picks {
		if strings.HasPrefix(p.doc.Language, lang) {
			same++
		}
	}
	if same > 0 {
		n = min(n, same)
	}
	return picks[:min(n, len(picks))]
}

// impactMarkers introduce a policy's expected impact in a document.
var impactMarkers = []string{"Impact:", "impact:", "影响：", "影响:"}

// impactPassage prefers the passage that states the policy's impact, cut
// to start at the marker; without one the topic's best passage stays.
func impactPassage(p docPick) docPick {
	for _, ps := range p.doc.Passages {
		for _, m := range impactMarkers {
			if i := strings.Index(ps.Text, m); i >= 0 {
				ps.Text = strings.TrimSpace(ps.Text[i+len(m):])
				p.passage = ps
				return p
			}
		}
	}
	return p
}
