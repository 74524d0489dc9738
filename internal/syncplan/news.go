package syncplan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/source/rss"
)

// Documents stores documents a sync fetched (the document store, then the
// full-text index) and records its own ingest run.
type Documents func(ctx context.Context, docs []research.Document, source, input string) (research.PutResult, error)

// News is what the feeds stage needs: the fetcher, where documents go and
// where each feed's validators are kept between syncs.
type News struct {
	Fetcher *rss.Fetcher
	Store   Documents
	State   *FeedStates
	Closer  io.Closer // the index behind Store, closed by Close
}

// Close releases what Store holds.
func (n *News) Close() error {
	if n == nil || n.Closer == nil {
		return nil
	}
	return n.Closer.Close()
}

// FeedStates keeps each feed's ETag and Last-Modified in a JSON file, so
// that the next sync sends a conditional GET. The file is rewritten
// atomically after each feed's documents are stored; losing it costs one
// unconditional fetch, whose documents are already stored and so change
// nothing.
type FeedStates struct {
	Path string

	mu sync.Mutex
	m  map[string]feedValidators
}

type feedValidators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// LoadFeedStates reads path; a missing file is an empty state.
func LoadFeedStates(path string) (*FeedStates, error) {
	s := &FeedStates{Path: path, m: map[string]feedValidators{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &s.m); err != nil {
		return nil, fmt.Errorf("%s: %v (delete it to fetch every feed afresh)", path, err)
	}
	return s, nil
}

func (s *FeedStates) get(url string) feedValidators {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[url]
}

func (s *FeedStates) set(url string, v feedValidators) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[url] = v
	b, err := json.MarshalIndent(s.m, "", "  ")
	if err != nil {
		return err
	}
	tmp := s.Path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, s.Path)
}

// newsStage fetches the preset's feeds and stores their items as
// documents, linked to the stored sectors and instruments.
func (p *Plan) newsStage() ingest.Stage {
	return stage("news feeds", func(ctx context.Context, _ *ingest.Runner) ([]ingest.Task, error) {
		sectors, err := p.Store.Sectors(ctx, "", 0)
		if err != nil {
			return nil, err
		}
		ins, err := p.Store.Instruments(ctx, market.InstrumentFilter{})
		if err != nil {
			return nil, err
		}
		linker := research.NewLinker(sectors, ins)
		var tasks []ingest.Task
		for _, u := range p.Preset.Feeds {
			tasks = append(tasks, ingest.Task{Source: "rss", Dataset: market.DatasetDocuments, Name: "feed " + u, Input: u,
				Write: func(ctx context.Context) (int, market.WriteResult, error) {
					v := p.News.State.get(u)
					res, err := p.News.Fetcher.Fetch(ctx, rss.FeedState{URL: u, ETag: v.ETag, LastModified: v.LastModified, Linker: linker})
					if err != nil {
						return 0, market.WriteResult{}, err
					}
					next := feedValidators{ETag: res.ETag, LastModified: res.LastModified}
					if res.NotModified || len(res.Documents) == 0 {
						return 0, market.WriteResult{}, p.News.State.set(u, next)
					}
					put, err := p.News.Store(ctx, res.Documents, "rss", u)
					if err != nil {
						return 0, market.WriteResult{}, err
					}
					return len(res.Documents), market.WriteResult{RunID: put.RunID, Inserted: put.Inserted, Unchanged: put.Unchanged},
						p.News.State.set(u, next)
				}})
		}
		return tasks, nil
	})
}
