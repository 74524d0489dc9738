package fulltext

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// memStore is an in-memory research.DocumentStore with the store's
// contract (first write of a body wins, newest first, ENOTFOUND), enough
// for the index's tests: the store's own behaviour is checked by
// internal/storetest.
type memStore struct {
	mu   sync.Mutex
	docs map[string]research.Document
	runs int64
}

func newMemStore() *memStore { return &memStore{docs: map[string]research.Document{}} }

func (s *memStore) PutDocuments(_ context.Context, _ market.IngestRun, docs []research.Document) (research.PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs++
	res := research.PutResult{RunID: s.runs}
	for _, d := range docs {
		res.IDs = append(res.IDs, d.ID)
		if _, ok := s.docs[d.ID]; ok {
			res.Unchanged++
			continue
		}
		s.docs[d.ID] = d
		res.Inserted++
	}
	return res, nil
}

func (s *memStore) DeleteDocuments(_ context.Context, ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		delete(s.docs, id)
	}
	return nil
}

func (s *memStore) Document(_ context.Context, id string) (research.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[id]
	if !ok {
		return d, sextant.Errorf(sextant.ENOTFOUND, "document %s not found", id)
	}
	return d, nil
}

func (s *memStore) Documents(_ context.Context, f research.Filter) ([]research.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []research.Document
	for _, d := range s.docs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].PublishedAt.Equal(out[j].PublishedAt) {
			return out[i].PublishedAt.After(out[j].PublishedAt)
		}
		return out[i].ID < out[j].ID
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (s *memStore) DocumentIDs(_ context.Context) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id := range s.docs {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

// Fixture documents, by letter.
const (
	docSpace    = iota // zh news: commercial space, satellites
	docDefense         // zh news: the defense sector rally
	docEVPolicy        // zh-CN policy: new-energy vehicles
	docSatEN           // en research: satellite makers
	docBudget          // en news: defense budget
	docBattery         // en filing: batteries
)

var (
	defense = research.SectorRef{Taxonomy: "sw2021", Code: "801740"}
	space   = research.SectorRef{Taxonomy: "theme", Code: "space"}
	autos   = research.SectorRef{Taxonomy: "sw2021", Code: "801880"}
)

// fixtureDocs is six finished documents, three Chinese and three English.
func fixtureDocs() []research.Document {
	at := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 8, 0, 0, 0, time.UTC) }
	docs := []research.Document{
		{Title: "商业航天迎来发射高峰", Publisher: "证券时报", PublishedAt: at(3, 1), Language: "zh", Kind: research.KindNews,
			Sectors: []research.SectorRef{defense, space}, Symbols: []market.Symbol{"600118.SH"},
			Body: "今年以来，商业航天发射次数大幅增加，多家民营火箭公司完成入轨发射，火箭回收技术取得突破。\n\n" +
				"卫星互联网星座建设加速，低轨卫星的批量发射带动了卫星制造和地面设备的需求，相关公司订单饱满。"},
		{Title: "军工板块领涨", Publisher: "上海证券报", PublishedAt: at(3, 5), Language: "zh", Kind: research.KindNews,
			Sectors: []research.SectorRef{defense}, Symbols: []market.Symbol{"600760.SH", "512660.SH"},
			Body: "国防军工板块今日领涨两市，中航沈飞涨停，军工ETF放量上涨，成交额创下年内新高。\n\n" +
				"分析师认为，装备订单回暖、合同负债增长是军工行业景气度回升的重要信号，板块轮动有望持续。"},
		{Title: "关于加快发展新能源汽车的通知", Publisher: "工业和信息化部", PublishedAt: at(1, 15), Language: "zh-CN", Kind: research.KindPolicy,
			Sectors: []research.SectorRef{autos},
			Body: "各地要加快充电基础设施建设，推动新能源汽车下乡，完善县域充电网络和换电服务体系。\n\n" +
				"鼓励企业加大动力电池研发投入，提升产业链供应链竞争力，支持整车企业拓展海外市场。"},
		{Title: "Satellite makers ramp up production", Publisher: "Example Research", PublishedAt: at(2, 20), Language: "en", Kind: research.KindResearch,
			Sectors: []research.SectorRef{space}, Symbols: []market.Symbol{"600118.SH"},
			Body: "Satellite manufacturers are ramping up production as low-earth-orbit constellations expand across several countries.\n\n" +
				"Launch costs keep falling, which supports demand for commercial space services and ground equipment."},
		{Title: "Defense budget rises", Publisher: "Example News", PublishedAt: at(3, 10), Language: "en", Kind: research.KindNews,
			Sectors: []research.SectorRef{defense}, Symbols: []market.Symbol{"LMT.US"},
			Body: "The defense budget for next year rises by four percent, with more funding for missiles, aircraft and shipbuilding.\n\n" +
				"Defense contractors reported a record backlog of orders, and their shares outperformed the market."},
		{Title: "Annual report: power batteries", Publisher: "Battery Co", PublishedAt: at(1, 2).AddDate(0, 0, -14), Language: "en", Kind: research.KindFiling,
			Sectors: []research.SectorRef{autos}, Symbols: []market.Symbol{"300750.SZ"},
			Body: "Revenue from power batteries grew strongly during the year under review.\n\n" +
				"The company expects electric vehicle demand to stay firm and plans new battery plants in Europe."},
	}
	for i := range docs {
		docs[i].Finish()
	}
	return docs
}

// openMem opens an in-memory index closed at the end of the test.
func openMem(t *testing.T) *Index {
	t.Helper()
	x, err := Open("", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x
}

// indexed returns an in-memory index of the fixture and the fixture.
func indexed(t *testing.T) (*Index, []research.Document) {
	t.Helper()
	x, docs := openMem(t), fixtureDocs()
	if err := x.Index(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return x, docs
}

// hitDocs returns the distinct document ids of hits, in hit order.
func hitDocs(hits []research.Hit) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.DocID] {
			seen[h.DocID] = true
			out = append(out, h.DocID)
		}
	}
	return out
}

// ids returns the ids of the fixture documents with the given indexes,
// sorted.
func ids(docs []research.Document, which ...int) []string {
	out := make([]string, len(which))
	for i, w := range which {
		out[i] = docs[w].ID
	}
	sort.Strings(out)
	return out
}

// wantCode checks that err carries the application code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := sextant.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if g, w := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want); g != w {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}
