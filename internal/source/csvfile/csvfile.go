package csvfile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Options say what a file holds and how to complete what it leaves out.
type Options struct {
	Dataset     market.Dataset                // which dataset the file holds; "" reads as bars
	Symbol      market.Symbol                 // --symbol: for files that do not name their instrument
	Venue       string                        // --venue: completes bare codes ("881101" + THS); "" = infer
	Unit        string                        // --unit: money unit when the file does not say ("元", "万元", "亿元", "千元")
	SkipInvalid bool                          // import valid rows, report rejected ones
	MaxIssues   int                           // errors/warnings kept in detail (0 → 20)
	Calendars   map[string]market.Calendar    // venue → trading calendar, for warnings
	Kinds       map[market.Symbol]market.Kind // known instrument kinds, for price-limit warnings
}

// Issue is an error or warning about a place in a file.
type Issue struct {
	File    string
	Line    int
	Message string
}

// String renders the issue as "FILE:LINE: message" ("FILE: message" when
// Line is 0).
func (i Issue) String() string {
	if i.Line == 0 {
		return i.File + ": " + i.Message
	}
	return i.File + ":" + strconv.Itoa(i.Line) + ": " + i.Message
}

// Rejected is a row left out by SkipInvalid, with the reason.
type Rejected struct {
	Line   int
	Record []string
	Reason string
}

// Result is what reading a file produced.
type Result struct {
	File         string
	Layout       string // detected layout: "canonical", "akshare", "tushare", "baostock", "yfinance", …
	Header       []string
	Rows         int // data rows read
	Batch        market.Batch
	Errors       []Issue
	ErrorCount   int
	Warnings     []Issue
	WarningCount int
	Rejected     []Rejected
}

// ReadFile reads the file at path: .csv, .txt, .tsv or .parquet (bars),
// optionally gzip-compressed (.gz). See Read.
func ReadFile(ctx context.Context, path string, opts Options) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, sextant.Errorf(sextant.ENOTFOUND, "%s: no such file", path)
		}
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: path + ": cannot open", Op: "csvfile.ReadFile", Err: err}
	}
	defer f.Close()
	size := int64(0)
	if st, err := f.Stat(); err == nil && !strings.HasSuffix(path, ".gz") {
		size = st.Size()
	}
	return read(ctx, path, f, opts, size, defaultSplit)
}

// Read reads one file's content. It detects gzip and Parquet by their magic
// bytes and a CSV layout from the header (see the package documentation).
//
// When a row is invalid and SkipInvalid is false, Read returns the Result
// with Errors filled and an empty Batch, and an EINVALID *sextant.Error whose
// message is the first error ("FILE:LINE: reason (and N more errors)").
// With SkipInvalid the valid rows are in Batch and the others in Rejected.
// Warnings never fail a read.
func Read(ctx context.Context, name string, r io.Reader, opts Options) (*Result, error) {
	size := int64(0)
	if l, ok := r.(interface{ Len() int }); ok {
		size = int64(l.Len())
	}
	return read(ctx, name, r, opts, size, defaultSplit)
}

// read reads r, whose size is size bytes (0 when unknown). Inputs of at
// least sp.min bytes are read whole and may be parsed in parallel (see
// parseChunks).
func read(ctx context.Context, name string, r io.Reader, opts Options, size int64, sp split) (*Result, error) {
	res := &Result{File: name}
	if opts.Dataset == "" {
		opts.Dataset = market.DatasetBars
	}
	if opts.MaxIssues <= 0 {
		opts.MaxIssues = 20
	}
	if _, err := market.ParseDataset(string(opts.Dataset)); err != nil {
		return res, structural(res, "unknown dataset %q (want one of %v)", opts.Dataset, market.Datasets)
	}
	if opts.Unit != "" {
		if _, _, ok := market.UnitScale(opts.Unit); !ok {
			return res, structural(res, "unknown unit %q (want 元, 千元, 万元, 百万元 or 亿元)", opts.Unit)
		}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(4)
	if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return res, structural(res, "corrupt gzip data: %v", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
		magic, _ = br.Peek(4)
		size = 0
	}
	if string(magic) == "PAR1" {
		data, err := io.ReadAll(br)
		if err != nil {
			return res, &sextant.Error{Code: sextant.EINVALID, Message: name + ": cannot read", Op: "csvfile.Read", Err: err}
		}
		return readParquet(ctx, name, bytes.NewReader(data), &opts, res)
	}
	first, _ := br.Peek(64 << 10)
	hint := estimateRows(size, first)
	var rr *recordReader
	if size > 0 && size >= int64(sp.min) {
		data, err := readWhole(br, size)
		if err != nil {
			return res, &sextant.Error{Code: sextant.EINVALID, Message: name + ": cannot read", Op: "csvfile.Read", Err: err}
		}
		rr = newStringReader(data)
	} else {
		rr = newRecordReader(br)
	}
	if strings.HasSuffix(strings.ToLower(strings.TrimSuffix(name, ".gz")), ".tsv") {
		rr.delim = '\t'
	} else if isTabbed(first[:min(len(first), 4096)]) {
		rr.delim = '\t'
	}
	return readCSV(ctx, name, rr, &opts, res, hint, sp)
}

// estimateRows guesses the number of lines of an input of size bytes from
// its first bytes, erring high so that the rows rarely outgrow their slice.
func estimateRows(size int64, first []byte) int {
	n := bytes.Count(first, []byte{'\n'})
	if size <= 0 || n == 0 {
		return 0
	}
	if int64(len(first)) >= size {
		return n + 1
	}
	est := size * int64(n) / int64(len(first))
	return int(est + est/16 + 64)
}

// isTabbed reports whether the first line uses tabs and no commas.
func isTabbed(b []byte) bool {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return bytes.IndexByte(b, '\t') >= 0 && bytes.IndexByte(b, ',') < 0
}

func readCSV(ctx context.Context, name string, rr *recordReader, opts *Options, res *Result, hint int, sp split) (*Result, error) {
	header, _, err := rr.next()
	if err == io.EOF {
		return res, structural(res, "empty file: no header")
	} else if err != nil {
		return res, structural(res, "unreadable header: %v", err)
	}
	res.Header = cloneAll(header)
	if len(res.Header) > 0 {
		res.Header[0] = strings.TrimPrefix(res.Header[0], "\ufeff")
	}
	run := newRun(name, opts, res)
	inMemory := rr.r == nil
	if inMemory {
		hint = 0 // parseChunks or reserve sizes the rows exactly
	}
	p, msg := newParser(run, res.Header, hint)
	if msg != "" {
		return res, structural(res, "%s", msg)
	}
	want := len(res.Header)
	if bp, ok := p.(*barParser); ok && inMemory {
		done, err := parseChunks(ctx, run, bp, rr, want, sp)
		if err == errBadRecord {
			return res, run.fail()
		} else if err != nil {
			return res, err
		}
		if done {
			return finish(run, p)
		}
		bp.reserve(strings.Count(rr.chunk[rr.pos:], "\n") + 1)
	}
	if err := parseRows(ctx, rr, p, run, want); err == errBadRecord {
		return res, run.fail()
	} else if err != nil {
		return res, err
	}
	return finish(run, p)
}

// errBadRecord reports a record the reader could not split (an unclosed
// quote); the read fails there, as the reader cannot resynchronise.
var errBadRecord = errors.New("bad record")

// parseRows feeds the records of rr to p. It returns ctx's error when the
// read is cancelled and errBadRecord, with the record rejected, when rr
// fails.
func parseRows(ctx context.Context, rr *recordReader, p parser, run *run, want int) error {
	res := run.res
	for {
		rec, line, err := rr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			run.reject(rec, line, err.Error())
			return errBadRecord
		}
		res.Rows++
		if res.Rows&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(rec) != want {
			if len(rec) < want || !allEmpty(rec[want:]) {
				run.reject(rec, line, fmt.Sprintf("row has %d fields, header has %d", len(rec), want))
				continue
			}
			rec = rec[:want]
		}
		if reason := p.row(rec, line); reason != "" {
			run.reject(rec, line, reason)
		}
	}
}

// finish runs the parser's whole-file checks and decides the outcome.
func finish(run *run, p parser) (*Result, error) {
	res := run.res
	if run.errs.count > 0 && !run.opts.SkipInvalid {
		run.errs.done()
		return res, run.fail()
	}
	p.finish(&res.Batch)
	run.errs.done()
	run.warns.done()
	res.Errors, res.ErrorCount = run.errs.items, run.errs.count
	res.Warnings, res.WarningCount = run.warns.items, run.warns.count
	return res, nil
}

func allEmpty(fs []string) bool {
	for _, f := range fs {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func cloneAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = strings.Clone(s)
	}
	return out
}

// structural records a header or file problem (line 1) and returns its error.
func structural(res *Result, format string, args ...any) error {
	is := Issue{File: res.File, Line: 1, Message: fmt.Sprintf(format, args...)}
	res.Errors, res.ErrorCount = []Issue{is}, 1
	return &sextant.Error{Code: sextant.EINVALID, Message: is.String(), Op: "csvfile.Read"}
}

// issueList keeps the first max issues of each pass and counts all.
type issueList struct {
	items []Issue
	count int
	max   int
	pass  int // issues added in the current pass
}

func (l *issueList) add(file string, line int, msg string) {
	l.count++
	if l.pass < l.max {
		l.items = append(l.items, Issue{File: file, Line: line, Message: msg})
	}
	l.pass++
}

// newPass lets a later check keep its own first max issues; done sorts them
// all by line and keeps the first max.
func (l *issueList) newPass() { l.pass = 0 }

func (l *issueList) done() {
	sort.SliceStable(l.items, func(a, b int) bool { return l.items[a].Line < l.items[b].Line })
	if len(l.items) > l.max {
		l.items = l.items[:l.max]
	}
}

// run is the state of one read shared by the parsers.
type run struct {
	name  string
	opts  *Options
	res   *Result
	errs  issueList
	warns issueList
}

func newRun(name string, opts *Options, res *Result) *run {
	return &run{name: name, opts: opts, res: res,
		errs: issueList{max: opts.MaxIssues}, warns: issueList{max: opts.MaxIssues}}
}

func (r *run) reject(rec []string, line int, reason string) {
	r.errs.add(r.name, line, reason)
	if r.opts.SkipInvalid {
		r.res.Rejected = append(r.res.Rejected, Rejected{Line: line, Record: cloneAll(rec), Reason: reason})
	}
}

func (r *run) warn(line int, msg string) { r.warns.add(r.name, line, msg) }

// fail empties the batch and returns the EINVALID error of the first error.
func (r *run) fail() error {
	res := r.res
	r.errs.done()
	r.warns.done()
	res.Batch = market.Batch{}
	res.Errors, res.ErrorCount = r.errs.items, r.errs.count
	res.Warnings, res.WarningCount = r.warns.items, r.warns.count
	res.Rejected = nil
	msg := res.Errors[0].String()
	if n := res.ErrorCount - 1; n == 1 {
		msg += " (and 1 more error)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", n)
	}
	return &sextant.Error{Code: sextant.EINVALID, Message: msg, Op: "csvfile.Read"}
}
