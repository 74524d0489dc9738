package stooq

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

func TestDailyFaults(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "xlk-us.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "stooq", Good: good, ContentType: "text/csv", Field: "Close",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, Options{BaseURL: base}).Daily(ctx, "xlk.us", day("2024-01-01"), day("2024-12-31"))
			return err
		},
	})
}
