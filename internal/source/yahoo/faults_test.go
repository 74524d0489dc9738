package yahoo

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"

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

// TestEventsMustBePositive: a dividend or split ratio that is not positive
// is schema drift, never stored as an event.
func TestEventsMustBePositive(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "null-close.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, events := range map[string]string{
		"negative dividend": `{"dividends":{"1704204000":{"amount":-0.5,"date":1704204000}}}`,
		"zero split":        `{"splits":{"1704204000":{"date":1704204000,"numerator":0,"denominator":1}}}`,
	} {
		var w chartResponse
		if err := json.Unmarshal(base, &w); err != nil {
			t.Fatal(err)
		}
		r := &w.Chart.Result[0]
		if err := json.Unmarshal([]byte(events), &r.Events); err != nil {
			t.Fatal(err)
		}
		_, err := fromWire(w, "AAPL.US")
		if sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), "events.") {
			t.Errorf("%s: %v, want an EINVALID naming the event", name, err)
		}
	}
}
