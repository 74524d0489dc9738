package aktools

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

func TestFaults(t *testing.T) {
	targets := []struct {
		name  string
		file  string
		field string // "" skips the renamed-field case
		call  func(ctx context.Context, c *Client) error
	}{
		// Call returns rows as AKTools sends them and knows no columns, so a
		// renamed column is the typed routes' business.
		{"Call", "stock_zh_a_hist.json", "", func(ctx context.Context, c *Client) error {
			_, err := c.Call(ctx, "stock_zh_a_hist", nil)
			return err
		}},
		{"StockBars", "stock_zh_a_hist.json", "收盘", func(ctx context.Context, c *Client) error {
			_, err := c.StockBars(ctx, "600519.SH", AdjustNone, day("2024-01-01"), day("2024-01-05"))
			return err
		}},
		{"SWIndexBars", "index_hist_sw.json", "日期", func(ctx context.Context, c *Client) error {
			_, err := c.SWIndexBars(ctx, "801010", time.Time{}, time.Time{})
			return err
		}},
		{"BoardFlows", "stock_sector_fund_flow_hist.json", "主力净流入-净额", func(ctx context.Context, c *Client) error {
			_, err := c.BoardFlows(ctx, "航天航空", "BK0480.EM", time.Time{}, time.Time{})
			return err
		}},
		{"ETFShares", "fund_etf_scale_sse.json", "基金份额", func(ctx context.Context, c *Client) error {
			_, err := c.ETFShares(ctx, "SH", day("2024-01-15"))
			return err
		}},
		{"MarginTotal", "stock_margin_sse.json", "融资余额", func(ctx context.Context, c *Client) error {
			_, err := c.MarginTotal(ctx, "SH", day("2024-01-15"), day("2024-01-16"))
			return err
		}},
		{"SWComponents", "index_component_sw.json", "计入日期", func(ctx context.Context, c *Client) error {
			_, err := c.SWComponents(ctx, "801010")
			return err
		}},
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			good, err := os.ReadFile(filepath.Join("testdata", tg.file))
			if err != nil {
				t.Fatal(err)
			}
			sourcetest.RunFaults(t, sourcetest.Target{
				Source: "aktools", Good: good, ContentType: "application/json", Field: tg.field,
				Call: func(ctx context.Context, client *http.Client, base string) error {
					return tg.call(ctx, New(client, base))
				},
			})
		})
	}
}
