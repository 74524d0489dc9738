package sws

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"
)

func TestIndicesFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "sws", Good: read(t, "indices-l2.json"), ContentType: "application/json", Field: "swindexcode",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).Indices(ctx, 2)
			return err
		},
	})
}

func TestComponentsFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "sws", Good: read(t, "components-801740.json"), ContentType: "application/json", Field: "stockcode",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).Components(ctx, "801740")
			return err
		},
	})
}

func TestHistoryFaults(t *testing.T) {
	sourcetest.RunFaults(t, sourcetest.Target{
		Source: "sws", Good: read(t, "trend-801740.json"), ContentType: "application/json", Field: "closeindex",
		Call: func(ctx context.Context, client *http.Client, base string) error {
			_, err := New(client, base).History(ctx, "801740", time.Time{}, time.Time{})
			return err
		},
	})
}
