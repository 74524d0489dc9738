package sse

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
		{"ETFShares", "etf-scale.json", "TOT_VOL", func(ctx context.Context, c *Client) error {
			_, err := c.ETFShares(ctx, day("2025-01-15"))
			return err
		}},
		{"MarginDetail", "margin-detail.json", "rzye", func(ctx context.Context, c *Client) error {
			_, err := c.MarginDetail(ctx, day("2023-09-22"))
			return err
		}},
		{"MarginTotal", "margin-total.json", "rzmre", func(ctx context.Context, c *Client) error {
			_, err := c.MarginTotal(ctx, day("2023-09-21"), day("2023-09-22"))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			sourcetest.RunFaults(t, sourcetest.Target{
				Source: "sse", Good: good, ContentType: "application/json;charset=UTF-8", Field: tc.field,
				Call: func(ctx context.Context, client *http.Client, base string) error {
					return tc.call(ctx, New(client, base))
				},
			})
		})
	}
}
