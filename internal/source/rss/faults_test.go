package rss

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

func TestFetchFaults(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "rss2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "feed", Good: good, ContentType: "application/rss+xml", Field: "channel",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := NewFetcher(client, DefaultFetcherOptions()).Fetch(ctx, FeedState{URL: base + "/feed.xml"})
			return err
		},
	})
}
