package csvfile

import (
	"context"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

// FuzzRead feeds arbitrary bytes through detection and parsing for every
// dataset (the dataset is picked by the first input byte). Reading must
// never panic, and every row it accepts must pass its Validate method.
// Each input is also read whole and cut into chunks (of a size derived
// from the input) for parallel parsing: the result must be the same.
// Seeds live in testdata/fuzz/FuzzRead; add more with `go test -fuzz FuzzRead`.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"\x00symbol,date,open,high,low,close,volume\n600519.SH,2024-01-02,10,11,9,10,100\n",
		"\x00日期,开盘,收盘,最高,最低,成交量\n2024-01-02,1,1,1,1,1\n",
		"\x00date,XLK,XLF\n2024-01-02,1,\n",
		"\x04date,exchange,code,name,total_shares_wanfen\n2026-05-14,SSE,510010,x,1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		d := market.Datasets[int(data[0])%len(market.Datasets)]
		for _, skip := range []bool{false, true} {
			opts := Options{Dataset: d, SkipInvalid: skip}
			res, err := read(context.Background(), "F.csv", strings.NewReader(string(data[1:])), opts, 0, sequential)
			if res == nil {
				t.Fatalf("nil result (err %v)", err)
			}
			if err != nil && res.Batch.Len() != 0 {
				t.Fatalf("error %v with %d rows in the batch", err, res.Batch.Len())
			}
			if err := validateBatch(&res.Batch); err != nil {
				t.Fatalf("accepted an invalid row: %v", err)
			}
			if res.Batch.Len() > 0 && res.Rows == 0 {
				t.Fatalf("rows from nowhere")
			}
			chunk := 1 + int(data[0])*7919%len(data)
			text := string(data[1:])
			par, perr := read(context.Background(), "F.csv", strings.NewReader(text), opts, int64(len(text)), split{min: 1, chunk: chunk})
			if errText(perr) != errText(err) {
				t.Fatalf("chunks of %d: error %v, sequential %v", chunk, perr, err)
			}
			if d := sameResult(par, res); d != "" {
				t.Fatalf("chunks of %d: %s", chunk, d)
			}
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func validateBatch(b *market.Batch) error {
	for _, x := range b.Bars {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Instruments {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Sectors {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Members {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Shares {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Margin {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Flows {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Fundamentals {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	for _, x := range b.Valuations {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	return nil
}
