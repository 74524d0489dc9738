package demo

import (
	"context"
	"crypto/sha256"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

func TestPointInTimeMemberships(t *testing.T) {
	c := defaultMarket(t)
	tr := c.truth
	if len(tr.Switches) < 3 || len(tr.Listed) == 0 || len(tr.Delisted) == 0 {
		t.Fatalf("switches %d, listed %d, delisted %d: want some of each", len(tr.Switches), len(tr.Listed), len(tr.Delisted))
	}
	bySym := map[market.Symbol][]market.Membership{}
	for _, m := range c.ref.Members {
		bySym[m.Symbol] = append(bySym[m.Symbol], m)
	}
	for _, sw := range tr.Switches {
		ms := bySym[sw.Symbol]
		if len(ms) != 2 || ms[0].Sector != sw.From || ms[1].Sector != sw.To || sw.From == sw.To {
			t.Fatalf("%s memberships %+v, switch %+v", sw.Symbol, ms, sw)
		}
		if !ms[0].To.Equal(sw.On) || !ms[1].From.Equal(sw.On) || ms[0].Active(sw.On) || !ms[1].Active(sw.On) {
			t.Errorf("%s: memberships %+v do not hand over on %s", sw.Symbol, ms, market.FormatDate(sw.On))
		}
	}
	delisted := map[market.Symbol]bool{}
	for _, s := range tr.Delisted {
		delisted[s] = true
	}
	for _, in := range c.ref.Instruments {
		if in.Kind != market.KindStock {
			continue
		}
		ms := bySym[in.Symbol]
		if len(ms) == 0 || !ms[0].From.Equal(in.ListDate) || !ms[len(ms)-1].To.Equal(in.DelistAt) {
			t.Errorf("%s memberships %+v do not span listing %s–%s", in.Symbol, ms, in.ListDate, in.DelistAt)
		}
		if delisted[in.Symbol] == in.DelistAt.IsZero() {
			t.Errorf("%s delisted %v but DelistAt %s", in.Symbol, delisted[in.Symbol], in.DelistAt)
		}
	}
}

// TestSectorIndexIsCapWeighted recomputes the defense index's daily returns
// from its point-in-time members' closes and market caps.
func TestSectorIndexIsCapWeighted(t *testing.T) {
	c := defaultMarket(t)
	days := c.truth.Calendar.Days
	type obs struct{ close, mv float64 }
	data := map[market.Symbol]map[int]obs{}
	pos := map[int64]int{}
	for i, d := range days {
		pos[d.Unix()] = i
	}
	members := c.members(DefenseCode)
	for _, m := range members {
		vals := map[int64]float64{}
		for _, v := range c.vals[m.Symbol] {
			vals[v.Date.Unix()] = v.TotalMV
		}
		data[m.Symbol] = map[int]obs{}
		for _, b := range c.bars[m.Symbol] {
			data[m.Symbol][pos[b.Date.Unix()]] = obs{b.Close, vals[b.Date.Unix()]}
		}
	}
	idx := c.closes(sectorSymbol(DefenseCode))
	checked := 0
	for i := 1; i < len(days); i += 7 {
		var w, wr float64
		for _, m := range members {
			cur, ok1 := data[m.Symbol][i]
			prev, ok0 := data[m.Symbol][i-1]
			if ok0 && ok1 && m.Active(days[i]) {
				w += prev.mv
				wr += prev.mv * cur.close / prev.close
			}
		}
		want := wr/w - 1
		got := idx[days[i]]/idx[days[i-1]] - 1
		if math.Abs(got-want) > 2e-5 {
			t.Errorf("%s: index return %.6f, recomputed %.6f", market.FormatDate(days[i]), got, want)
		}
		checked++
	}
	if checked < 200 {
		t.Errorf("checked %d days", checked)
	}
}

func TestDeterminism(t *testing.T) {
	o := DefaultOptions()
	o.Years = 3
	a, na := digest(t, o)
	b, nb := digest(t, o)
	if a != b || na != nb || na < 5 {
		t.Errorf("two runs with seed %d differ (%d and %d chunks)", o.Seed, na, nb)
	}
	o.Seed = 2
	if d, _ := digest(t, o); d == a {
		t.Errorf("seeds 1 and 2 produce identical markets")
	}
}

// digest is the SHA-256 of every chunk Generate emits, and the chunk count.
func digest(t *testing.T, o Options) (sum [32]byte, chunks int) {
	h := sha256.New()
	_, err := Generate(context.Background(), o, func(info ChunkInfo, b *market.Batch) error {
		hashBatch(h, info, b)
		chunks++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.Sum(sum[:0])
	return sum, chunks
}

func TestOtherPeriods(t *testing.T) {
	tests := []struct {
		name    string
		end     time.Time
		years   int
		wantEnd time.Time
		star    bool
	}{
		{"before STAR market", market.Day(2016, 6, 30), 3, market.Day(2016, 6, 30), false},
		{"STAR market just opened", market.Day(2019, 10, 1), 2, market.Day(2019, 9, 30), false},
		{"weekend end", market.Day(2024, 3, 3), 2, market.Day(2024, 3, 1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			star := false
			tr, err := Generate(context.Background(), Options{Seed: 5, End: tt.end, Years: tt.years}, func(_ ChunkInfo, b *market.Batch) error {
				for _, in := range b.Instruments {
					star = star || strings.HasPrefix(string(in.Symbol), "688")
				}
				for _, x := range b.Bars {
					if err := x.Validate(); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !tr.End.Equal(tt.wantEnd) || star != tt.star {
				t.Errorf("end %s, STAR stocks %v; want %s, %v", market.FormatDate(tr.End), star, market.FormatDate(tt.wantEnd), tt.star)
			}
		})
	}
}

func TestChunks(t *testing.T) {
	c := defaultMarket(t)
	first, last := c.chunks[0], c.chunks[len(c.chunks)-1]
	if first.Stage != "reference data" || last.Done != last.Total || last.Stage != "market totals" {
		t.Errorf("chunks start %+v end %+v", first, last)
	}
	if len(c.ref.Bars) != 0 || len(c.ref.Instruments) == 0 || len(c.ref.Members) == 0 || len(c.ref.Taxonomies) != 1 {
		t.Errorf("first chunk holds %d bars, %d instruments, %d members", len(c.ref.Bars), len(c.ref.Instruments), len(c.ref.Members))
	}
	for i := 1; i < len(c.chunks); i++ {
		if c.chunks[i].Done <= c.chunks[i-1].Done || c.chunks[i].Total != last.Total {
			t.Fatalf("progress goes %+v → %+v", c.chunks[i-1], c.chunks[i])
		}
	}
	if c.chunks[1].Stage != "stocks 50/1500" {
		t.Errorf("second stage %q", c.chunks[1].Stage)
	}
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("disk full")
	calls := 0
	_, err := Generate(context.Background(), Options{Seed: 1, Years: 2}, func(ChunkInfo, *market.Batch) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("Generate = %v after %d calls, want the emit error after 3", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	_, err = Generate(ctx, Options{Seed: 1, Years: 2}, func(ChunkInfo, *market.Batch) error {
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("Generate after cancel = %v after %d calls", err, calls)
	}
}

func TestFundamentalsPointInTime(t *testing.T) {
	c := defaultMarket(t)
	for _, s := range c.truth.Rally.Leaders {
		fs := c.funds[s]
		fields := map[string]int{}
		for _, f := range fs {
			fields[f.Field]++
			if f.ReportDate.After(c.truth.End) || !f.ReportDate.After(f.PeriodEnd) || f.Unit != "CNY" {
				t.Fatalf("%s %s period %s reported %s unit %s", s, f.Field, f.PeriodEnd, f.ReportDate, f.Unit)
			}
			if days := f.ReportDate.Sub(f.PeriodEnd).Hours() / 24; days > 125 {
				t.Errorf("%s %s reported %0.f days after period end", s, f.Field, days)
			}
		}
		for _, f := range []string{market.FieldRevenue, market.FieldNetProfit, market.FieldContractLiabilities, market.FieldCapex, market.FieldConstructionInProg, market.FieldRD, market.FieldInventory} {
			if fields[f] < 4*8 {
				t.Errorf("%s has %d %s quarters, want ≥ 32", s, fields[f], f)
			}
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, size := range []Size{SizeSmall, SizeFull} {
		b.Run(string(size), func(b *testing.B) {
			rows := 0
			for b.Loop() {
				o := DefaultOptions()
				o.Size = size
				_, err := Generate(context.Background(), o, func(_ ChunkInfo, batch *market.Batch) error {
					rows += batch.Len()
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
		})
	}
}
