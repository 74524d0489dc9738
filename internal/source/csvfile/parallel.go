package csvfile

import (
	"context"
	"io"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/sextant-ai/sextant/internal/market"
)

// split says which inputs are read whole and how they are cut for parallel
// parsing.
type split struct {
	min   int              // inputs of at least min bytes (and of known size) are read whole
	chunk int              // bytes per chunk; 0 = the data section cut into 2×GOMAXPROCS chunks
	cut   func(chunks int) // tests: called when a read is parsed in chunks
}

// defaultSplit reads inputs of 8 MB and more whole: smaller ones take under
// 0.1 s to parse on one core.
var defaultSplit = split{min: 8 << 20}

// readWhole reads all of r, size bytes expected, into one string.
func readWhole(r io.Reader, size int64) (string, error) {
	// make, unlike bytes.Buffer.Grow, does not clear memory fresh from the
	// operating system: the read is the first to touch it.
	buf := make([]byte, 0, size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grew since Stat: let append find room
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
	}
	if len(buf) == 0 {
		return "", nil
	}
	// buf is never written again and nothing else refers to it: viewing it
	// as a string saves copying a file that may be gigabytes long.
	return unsafe.String(&buf[0], len(buf)), nil
}

// part is one chunk of the data section and what parsing it produced.
type part struct {
	start, end int // byte range of the chunk in the input
	line       int // physical line of start
	newlines   int
	rows       int // upper bound of its records: its lines
	quote      bool
	run        *run
	p          *barParser
	err        error
}

// parseChunks parses the data rows of an in-memory bar file (rr is
// positioned after the header) on all cores when the data section holds no
// quote: then every newline ends a record, so the data can be cut at
// newlines into chunks parsed independently, each numbering its lines from
// the count of newlines before it. The chunks' rows, rejects and issues are
// merged in file order into p and run exactly as parseRows would have left
// them; duplicates and market checks run afterwards on the merged rows
// (finish), so they see the same sequences. It returns false, having changed nothing,
// when the data section holds a quote (a quoted cell may span lines) or is
// too small to cut.
func parseChunks(ctx context.Context, run *run, p *barParser, rr *recordReader, want int, sp split) (bool, error) {
	chunk := sp.chunk
	data := rr.chunk
	if chunk <= 0 {
		chunk = (len(data)-rr.pos)/(2*runtime.GOMAXPROCS(0)) + 1
	}
	var parts []*part
	for start := rr.pos; start < len(data); {
		end := len(data)
		if start+chunk < len(data) {
			if i := strings.IndexByte(data[start+chunk-1:], '\n'); i >= 0 {
				end = start + chunk + i
			}
		}
		parts = append(parts, &part{start: start, end: end})
		start = end
	}
	if len(parts) < 2 {
		return false, nil
	}
	var wg sync.WaitGroup
	for _, pt := range parts {
		wg.Go(func() {
			s := data[pt.start:pt.end]
			pt.quote = strings.IndexByte(s, '"') >= 0
			pt.newlines = strings.Count(s, "\n")
		})
	}
	wg.Wait()
	line, total := rr.line, 0
	for _, pt := range parts {
		if pt.quote {
			return false, nil
		}
		pt.line, line = line, line+pt.newlines
		pt.rows = pt.newlines
		if data[pt.end-1] != '\n' {
			pt.rows++ // the last line has no newline
		}
		total += pt.rows
	}
	// Each chunk appends into its own stretch of one slice; when every row
	// is valid the stretches join up and merging moves nothing.
	if sp.cut != nil {
		sp.cut(len(parts))
	}
	bars, lines := make([]market.Bar, 0, total), make([]int32, 0, total)
	base := 0
	for _, pt := range parts {
		pt.run = newRun(run.name, run.opts, &Result{File: run.name})
		pt.p = p.fork(pt.run, bars[base:base:base+pt.rows], lines[base:base:base+pt.rows])
		base += pt.rows
	}
	for _, pt := range parts {
		wg.Go(func() {
			cr := newStringReader(data[pt.start:pt.end])
			cr.delim, cr.line = rr.delim, pt.line
			pt.err = parseRows(ctx, cr, pt.p, pt.run, want)
		})
	}
	wg.Wait()
	rr.pos = len(data)
	return true, merge(run, p, parts, bars, lines)
}

// merge joins the parsed chunks into p and run in file order. bars and
// lines are the slices the chunks appended into; a chunk that outgrew its
// stretch (wide files: several bars a row) makes merge copy into new ones.
// A chunk's error ends the merge there, as it would have ended parseRows.
func merge(run *run, p *barParser, parts []*part, bars []market.Bar, lines []int32) error {
	inPlace, n := true, 0
	for _, pt := range parts {
		inPlace = inPlace && cap(pt.p.bars) == pt.rows && cap(pt.p.lines) == pt.rows
		n += len(pt.p.bars)
	}
	if !inPlace {
		bars, lines = make([]market.Bar, 0, n), make([]int32, 0, n)
	}
	res := run.res
	out, outLines, base := bars[:0], lines[:0], 0
	defer func() { p.bars, p.lines = out, outLines }()
	for _, pt := range parts {
		if pt.err != nil && pt.err != errBadRecord {
			return pt.err
		}
		res.Rows += pt.run.res.Rows
		run.errs.merge(&pt.run.errs)
		run.warns.merge(&pt.run.warns)
		res.Rejected = append(res.Rejected, pt.run.res.Rejected...)
		if k := len(out); inPlace && k == base {
			out, outLines = out[:k+len(pt.p.bars)], outLines[:k+len(pt.p.lines)]
		} else {
			out, outLines = append(out, pt.p.bars...), append(outLines, pt.p.lines...)
		}
		base += pt.rows
		if pt.err != nil {
			return pt.err
		}
	}
	return nil
}

// fork returns a parser for one chunk of p's file: the same layout, its own
// symbol cache, appending to bars and lines.
func (p *barParser) fork(r *run, bars []market.Bar, lines []int32) *barParser {
	q := *p
	q.r, q.bars, q.lines = r, bars, lines
	q.syms = newSymbolCache(p.syms.venue, p.syms.index)
	return &q
}

// reserve makes room for n rows.
func (p *barParser) reserve(n int) {
	if cap(p.bars)-len(p.bars) < n {
		p.bars = append(make([]market.Bar, 0, len(p.bars)+n), p.bars...)
		p.lines = append(make([]int32, 0, len(p.lines)+n), p.lines...)
	}
}

// merge adds the issues of o, the next stretch of the same pass, as if they
// had been added here one by one.
func (l *issueList) merge(o *issueList) {
	for _, is := range o.items {
		if l.pass < l.max {
			l.items = append(l.items, is)
		}
		l.pass++
	}
	l.pass += o.pass - len(o.items)
	l.count += o.count
}
