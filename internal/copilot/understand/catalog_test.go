package understand

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

var (
	demoOnce sync.Once
	demoCat  Catalog
	demoErr  error
)

// extraInstruments are real instruments the questions name that the demo
// market does not make: a famous A-share, a bare code shared by a stock
// and an index, US tickers.
var extraInstruments = []market.Instrument{
	{Symbol: "600519.SH", Kind: market.KindStock, Name: "贵州茅台", NameEN: "Kweichow Moutai Co., Ltd."},
	{Symbol: "300750.SZ", Kind: market.KindStock, Name: "宁德时代", NameEN: "Contemporary Amperex Technology"},
	{Symbol: "000001.SZ", Kind: market.KindStock, Name: "平安银行", NameEN: "Ping An Bank"},
	{Symbol: "000001.SH", Kind: market.KindIndex, Name: "上证指数", NameEN: "SSE Composite Index"},
	{Symbol: "XLK.US", Kind: market.KindETF, Name: "Technology Select Sector SPDR Fund", NameEN: "Technology Select Sector SPDR Fund"},
	{Symbol: "SPY.US", Kind: market.KindETF, Name: "SPDR S&P 500 ETF Trust", NameEN: "SPDR S&P 500 ETF Trust"},
	{Symbol: "AAPL.US", Kind: market.KindStock, Name: "Apple Inc.", NameEN: "Apple Inc."},
	{Symbol: "510300.SH", Kind: market.KindETF, Name: "沪深300ETF", NameEN: "CSI 300 ETF", Tracks: "000300.SH"},
}

// demoCatalog is the DEMO market's catalog (its reference chunk: sectors
// and instruments, as of demo.DefaultEnd) plus extraInstruments.
func demoCatalog(t testing.TB) Catalog {
	t.Helper()
	demoOnce.Do(func() {
		stop := errors.New("reference data read")
		var ref *market.Batch
		_, err := demo.Generate(context.Background(), demo.DefaultOptions(), func(_ demo.ChunkInfo, b *market.Batch) error {
			ref = b
			return stop
		})
		if !errors.Is(err, stop) {
			demoErr = err
			return
		}
		demoCat = Catalog{Sectors: ref.Sectors, Instruments: ref.Instruments, AsOf: demo.DefaultEnd}
		have := map[market.Symbol]bool{}
		for _, in := range ref.Instruments {
			have[in.Symbol] = true
		}
		for _, in := range extraInstruments {
			if !have[in.Symbol] {
				demoCat.Instruments = append(demoCat.Instruments, in)
			}
		}
	})
	if demoErr != nil {
		t.Fatalf("demo catalog: %v", demoErr)
	}
	return demoCat
}
