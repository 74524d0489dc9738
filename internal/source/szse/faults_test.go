package szse

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

func TestFaults(t *testing.T) {
	for _, tc := range []struct {
		name, file, field string
		call              func(ctx context.Context, c *Client) error
	}{
		{"ETFShares", "etf-scale.json", "current_size", func(ctx context.Context, c *Client) error {
			_, err := c.ETFShares(ctx, day("2026-04-01"))
			return err
		}},
		{"MarginDetail", "margin-2024-04-11.json", "zqdm", func(ctx context.Context, c *Client) error {
			_, err := c.MarginDetail(ctx, day("2024-04-11"))
			return err
		}},
		{"MarginTotal", "margin-2024-04-11.json", "jrrzye", func(ctx context.Context, c *Client) error {
			_, err := c.MarginTotal(ctx, day("2024-04-11"))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			sourcetest.RunFaults(t, sourcetest.Target{
				Source: "szse", Good: good, ContentType: "application/json;charset=UTF-8", Field: tc.field,
				Call: func(ctx context.Context, client *http.Client, base string) error {
					return tc.call(ctx, New(client, base))
				},
			})
		})
	}
}
