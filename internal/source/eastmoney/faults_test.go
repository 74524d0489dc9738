package eastmoney

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

func TestKlinesFaults(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "600519-none.json"))
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "eastmoney", Good: good, ContentType: "application/json", Field: "klines",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).Klines(ctx, "600519.SH", AdjustNone, day("2024-01-01"), day("2024-01-05"))
			return err
		},
	})
}
