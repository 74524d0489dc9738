package yahoo

import (
	"context"
	"net/http"
	"testing"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

// TestDailyFaults runs the standard fault suite over a real recorded chart
// response (shared data; skipped when absent).
func TestDailyFaults(t *testing.T) {
	r := readRecorded(t, "chart-AAPL-2020-01-01-to-2020-01-03.json")
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "yahoo", Good: r.Response.BodyJSON, ContentType: "application/json", Field: "indicators",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, Options{BaseURL: base}).Daily(ctx, "AAPL", day("2020-01-01"), day("2020-01-03"))
			return err
		},
	})
}
