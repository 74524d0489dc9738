package eastmoney

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestKlinesFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "eastmoney", Good: readTestdata(t, "600519-none.json"), ContentType: "application/json", Field: "klines",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).Klines(ctx, "600519.SH", AdjustNone, day("2024-01-01"), day("2024-01-05"))
			return err
		},
	})
}

// The list targets read one page: each good response holds all of
// data.total. The renamed field is the first row's f12 (its code).
func TestBoardsFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "eastmoney", Good: readTestdata(t, "boards-industry.json"), ContentType: "application/json", Field: "f12",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).Boards(ctx, BoardIndustry)
			return err
		},
	})
}

func TestBoardMembersFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "eastmoney", Good: readTestdata(t, "members-BK0477.json"), ContentType: "application/json", Field: "total",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			got, err := New(client, base).BoardMembers(ctx, "BK0477.EM")
			if err == nil && len(got) != 3 {
				t.Errorf("%d members, want 3", len(got))
			}
			return err
		},
	})
}

func TestETFsFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "eastmoney", Good: readTestdata(t, "etfs.json"), ContentType: "application/json", Field: "f13",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).ETFs(ctx)
			return err
		},
	})
}

func TestFlowsFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "eastmoney", Good: readTestdata(t, "fflow-600519.json"), ContentType: "application/json", Field: "klines",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).Flows(ctx, "600519.SH", time.Time{}, time.Time{})
			return err
		},
	})
}

// The margin target reads one page (result.pages 1). The renamed field is
// the first row's RZYE (its financing balance).
func TestMarginHistoryFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "eastmoney", Good: readTestdata(t, "margin-600519.json"), ContentType: "application/json", Field: "RZYE",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			got, err := New(client, base).MarginHistory(ctx, "600519.SH", time.Time{}, time.Time{})
			if err == nil && len(got) != 3 {
				t.Errorf("%d rows, want 3", len(got))
			}
			return err
		},
	})
}
