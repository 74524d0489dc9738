package csvfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// sequential never reads an input whole: the streaming reader, as before
// parallel parsing.
var sequential = split{min: math.MaxInt}

// readSplit reads text with sp, returning the result, the error message and
// the number of chunks it was parsed in (0: sequentially).
func readSplit(t *testing.T, name, text string, opts Options, sp split) (*Result, string, int) {
	t.Helper()
	chunks := 0
	sp.cut = func(n int) { chunks = n }
	res, err := read(context.Background(), name, strings.NewReader(text), opts, int64(len(text)), sp)
	if res == nil {
		t.Fatalf("nil result (%v)", err)
	}
	msg := ""
	if err != nil {
		msg = sextant.ErrorMessage(err)
	}
	return res, msg, chunks
}

// sameResult compares two results field by field with NaN equal to NaN
// and describes the first differing bar or, failing that, both results.
func sameResult(a, b *Result) string {
	if equalNaN(reflect.ValueOf(*a), reflect.ValueOf(*b)) {
		return ""
	}
	x, y := a.Batch.Bars, b.Batch.Bars
	for i := range min(len(x), len(y)) {
		if !equalNaN(reflect.ValueOf(x[i]), reflect.ValueOf(y[i])) {
			return fmt.Sprintf("bar %d: %+v, want %+v", i, x[i], y[i])
		}
	}
	ca, cb := *a, *b
	ca.Batch.Bars, cb.Batch.Bars = nil, nil
	return fmt.Sprintf("%d bars, want %d\n got %+v\nwant %+v", len(x), len(y), ca, cb)
}

// equalNaN is reflect.DeepEqual except that floats are equal when they
// have the same value and sign or are both NaN, and a nil slice equals an
// empty one (whether an empty batch slice was allocated has always
// depended on the size hint, which differs between the readers).
func equalNaN(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() || a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y)
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equalNaN(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !equalNaN(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Kind() == reflect.Pointer && a.Pointer() == b.Pointer() {
			return true
		}
		return equalNaN(a.Elem(), b.Elem())
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			if v := b.MapIndex(k); !v.IsValid() || !equalNaN(a.MapIndex(k), v) {
				return false
			}
		}
		return true
	}
	panic("equalNaN: cannot compare " + a.Kind().String())
}

// variedBars renders a bars file with everything the merge must keep in
// order: several symbols in runs and interleaved, runs long enough to span
// chunks, repeated keys far apart (same and different values), invalid and
// ragged rows, weekend days, moves beyond the price limit, blank lines,
// CRLF endings and no final newline.
func variedBars(seed uint64, rows int) string {
	r := rand.New(rand.NewPCG(seed, 7))
	syms := []string{"600519.SH", "000001.SZ", "XLK.US", "300750.SZ", "510300.SH"}
	var b strings.Builder
	b.WriteString("symbol,date,open,high,low,close,volume,amount,turnover,adj_factor\n")
	type key struct {
		sym string
		day int
	}
	var written []key
	day := make([]int, len(syms))
	px := []float64{1700, 10, 200, 180, 4}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	write := func(k key, close float64) {
		d := market.Day(2020, 1, 1).AddDate(0, 0, k.day)
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%d,%s,%s,1\n", k.sym, market.FormatDate(d),
			g(close), g(close*1.01), g(close*0.99), g(close), 1000+k.day, g(close*1e5), g(0.01+r.Float64()/100))
		written = append(written, k)
	}
	for len(written) < rows {
		switch x := r.IntN(100); {
		case x < 55: // a run of one symbol
			s := r.IntN(len(syms))
			for range 1 + r.IntN(60) {
				day[s]++
				px[s] *= 1 + (r.Float64()-0.5)/20
				write(key{syms[s], day[s]}, px[s])
			}
		case x < 70: // two symbols interleaved
			s, u := r.IntN(len(syms)), r.IntN(len(syms))
			for range 1 + r.IntN(20) {
				for _, k := range []int{s, u} {
					day[k]++
					write(key{syms[k], day[k]}, px[k])
				}
			}
		case x < 78 && len(written) > 0: // a repeated key, maybe with another close
			k := written[r.IntN(len(written))]
			c := px[0]
			if r.IntN(2) == 0 {
				c = px[1]
			}
			write(k, c)
		case x < 83: // beyond the price limit
			s := r.IntN(len(syms))
			day[s]++
			px[s] *= 1.3
			write(key{syms[s], day[s]}, px[s])
		case x < 93: // an invalid or ragged row
			bad := []string{
				"600519.SH,2020-03-02,10,11,9,10,-5,1,0.01,1",
				"600519.SH,2020-03-02,10,11,9,abc,5,1,0.01,1",
				"600519.SH,2020-13-02,10,11,9,10,5,1,0.01,1",
				"ABC123,2020-03-02,10,11,9,10,5,1,0.01,1",
				"600519.SH,2020-03-03,10,11",
				"600519.SH,2020-03-04,10,11,9,10,5,1,0.01,1,,",
				"600519.SH,2020-03-05,10,11,9,10,5,1,0.01,1,x",
				"000001.SZ,2020-03-06,10,9,11,10,5,1,0.01,1",
				",2020-03-06,10,11,9,10,5,1,0.01,1",
			}
			b.WriteString(bad[r.IntN(len(bad))] + "\n")
			written = append(written, key{})
		case x < 97:
			b.WriteString("\n")
		default: // CRLF
			s := r.IntN(len(syms))
			day[s]++
			fmt.Fprintf(&b, "%s,%s,,,,%s,,,,\r\n", syms[s], market.FormatDate(market.Day(2020, 1, 1).AddDate(0, 0, day[s])), g(px[s]))
			written = append(written, key{syms[s], day[s]})
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// TestParallelMatchesSequential parses the same inputs in chunks of many
// sizes and sequentially: the whole Result must be identical.
func TestParallelMatchesSequential(t *testing.T) {
	cal := market.NewCalendar("SH", []time.Time{market.Day(2020, 1, 2), market.Day(2020, 1, 3), market.Day(2020, 1, 6)})
	optsList := []Options{
		{},
		{SkipInvalid: true},
		{SkipInvalid: true, MaxIssues: 3},
		{MaxIssues: 1000, Calendars: map[string]market.Calendar{"SH": cal}},
	}
	inputs := map[string]string{
		"few.csv":   "symbol,date,close\nXLK.US,2024-01-02,10\nXLK.US,2024-01-03,11\nXLK.US,2024-01-02,10.5\nXLK.US,2024-01-06,11\n",
		"valid.csv": strings.ReplaceAll(string(canonicalBars(7, 300)), ",0.0123,", ",0.012345678901234567,"),
		"wide.csv":  "date,XLK,XLF\n2024-01-02,1,2\n\n2024-01-03,,3\n2024-01-04,x,3\n2024-01-05,2,\n2024-01-06,2,3\n2024-01-03,4,5\n",
		"512660.csv": "date,open,high,low,close,volume\n2024-01-02,1,1.1,0.9,1,5\n2024-01-03,1,1.1,0.9,1.5,5\n" +
			"2024-01-04,1,1.1,0.9,-1,5\n2024-01-02,1,1.1,0.9,1.2,5\n",
		"tabs.tsv":   "symbol\tdate\tclose\nXLK.US\t2024-01-02\t10\nXLK.US\t2024-01-03\t1e1\nXLF.US\t2024-01-02\t5\n",
		"quoted.csv": "symbol,date,close\nXLK.US,2024-01-02,10\n\"XLK.US\",2024-01-03,\"1,100.5\"\nXLK.US,2024-01-04,11\n",
	}
	for seed := range uint64(6) {
		inputs[fmt.Sprintf("varied%d.csv", seed)] = variedBars(seed, 300+int(seed)*400)
	}
	for name, text := range inputs {
		for _, opts := range optsList {
			want, wantMsg, n := readSplit(t, name, text, opts, sequential)
			if n != 0 {
				t.Fatalf("%s: sequential read cut in %d chunks", name, n)
			}
			for _, chunk := range []int{1, 7, 64, 333, 4096, 0} {
				got, msg, n := readSplit(t, name, text, opts, split{min: 1, chunk: chunk})
				if n < 2 && !strings.Contains(text[strings.IndexByte(text, '\n'):], `"`) && (chunk > 0 && chunk < len(text)/3 || chunk == 0) {
					t.Errorf("%s chunk %d: parsed in %d chunks", name, chunk, n)
				}
				if msg != wantMsg {
					t.Errorf("%s %+v chunk %d: error %q, want %q", name, opts, chunk, msg, wantMsg)
				}
				if d := sameResult(got, want); d != "" {
					t.Errorf("%s %+v chunk %d: %s", name, opts, chunk, d)
				}
			}
		}
	}
	// The inputs must exercise what the merge has to get right.
	res, _, _ := readSplit(t, "varied5.csv", inputs["varied5.csv"], Options{SkipInvalid: true, MaxIssues: 1000}, sequential)
	if len(res.Rejected) < 5 || res.WarningCount < 20 || len(res.Batch.Bars) < 1000 {
		t.Errorf("varied5.csv: %d rejected, %d warnings, %d bars", len(res.Rejected), res.WarningCount, len(res.Batch.Bars))
	}
	dups := 0
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "duplicate") {
			dups++
		}
	}
	if dups == 0 {
		t.Errorf("varied5.csv: no duplicate warnings")
	}
}

// TestReadWholeError: a large input that fails to read is an EINVALID
// error naming the file.
func TestReadWholeError(t *testing.T) {
	text := variedBars(11, 500)
	r := io.MultiReader(strings.NewReader(text), iotest.ErrReader(errors.New("disk on fire")))
	_, err := read(context.Background(), "b.csv", r, Options{}, int64(len(text)), split{min: 1})
	if sextant.ErrorCode(err) != sextant.EINVALID || sextant.ErrorMessage(err) != "b.csv: cannot read" || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("%v", err)
	}
}

// TestParallelRealFiles reads every real bar file in chunks and
// sequentially.
func TestParallelRealFiles(t *testing.T) {
	dir := sharedData(t)
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".csv") && !strings.HasSuffix(path, ".txt") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		want, wantMsg, _ := readSplit(t, path, string(data), Options{}, sequential)
		if want.Layout == "" {
			return nil // not a bars file
		}
		for _, chunk := range []int{4096, 0} {
			got, msg, _ := readSplit(t, path, string(data), Options{}, split{min: 1, chunk: chunk})
			if msg != wantMsg {
				t.Errorf("%s chunk %d: error %q, want %q", path, chunk, msg, wantMsg)
			}
			if d := sameResult(got, want); d != "" {
				t.Errorf("%s chunk %d: %s", path, chunk, d)
			}
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Errorf("only %d real bar files", n)
	}
	t.Logf("%d real bar files", n)
}
