package csvfile

import (
	"fmt"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// parser turns the data rows of one dataset into batch rows. row returns a
// rejection reason or ""; finish runs the whole-file checks (duplicates,
// calendar and price-limit warnings) and moves the rows into the batch.
type parser interface {
	row(rec []string, line int) string
	finish(b *market.Batch)
}

// newParser detects the layout of header for the run's dataset. It returns
// a message when the header does not fit.
func newParser(r *run, header []string, hint int) (parser, string) {
	switch r.opts.Dataset {
	case market.DatasetBars:
		l, msg := detectBars(header, r.opts)
		if msg != "" {
			return nil, msg
		}
		p, msg := newBarParser(r, l, hint)
		r.res.Layout = l.name
		return p, msg
	case market.DatasetInstruments:
		return newInstrumentParser(r, header)
	case market.DatasetSectors:
		return newSectorParser(r, header)
	case market.DatasetMembers:
		return newMemberParser(r, header)
	case market.DatasetFundamentals:
		return newFundamentalParser(r, header)
	}
	return newDatedParser(r, header)
}

// num is one numeric column: its position and unit scale.
type num struct {
	i     int
	scale float64
	name  string
}

func numCol(l *layout, f field, name string) num {
	i := l.idx[f]
	if i < 0 {
		return num{i: -1, name: name}
	}
	s := l.cols[i].scale
	if s == 0 {
		s = 1
	}
	return num{i: i, scale: s, name: name}
}

// get reads an optional number: NaN when the column is absent or empty.
func (n num) get(rec []string) (float64, string) {
	if n.i < 0 {
		return nan, ""
	}
	v, present, err := parseNum(rec[n.i])
	if err != nil {
		return nan, n.name + ": " + err.Error()
	}
	if present && n.scale != 1 {
		v *= n.scale
	}
	return v, ""
}

// must reads a required number.
func (n num) must(rec []string) (float64, string) {
	v, present, err := parseNum(rec[n.i])
	if err != nil {
		return nan, n.name + ": " + err.Error()
	}
	if !present {
		return nan, n.name + " is empty"
	}
	if n.scale != 1 {
		v *= n.scale
	}
	return v, ""
}

type barParser struct {
	r     *run
	l     *layout
	fixed market.Symbol // the file's symbol when it has no symbol column
	syms  *symbolCache
	iSym  int
	iDate int
	cols  [7]num // open high low close volume amount turnover
	adjF  num
	adjC  num
	bars  []market.Bar
	lines []int32
}

func newBarParser(r *run, l *layout, hint int) (parser, string) {
	p := &barParser{r: r, l: l, iSym: l.idx[fSymbol], iDate: l.idx[fDate]}
	if hint > 0 {
		p.bars = make([]market.Bar, 0, hint)
		p.lines = make([]int32, 0, hint)
	}
	p.syms = newSymbolCache(r.opts.Venue, l.index)
	if p.iSym < 0 && l.wide == nil {
		s, err := fileSymbol(r.name, r.opts, l.index)
		if err != nil {
			return nil, strings.TrimPrefix(err.Error(), r.name+":1: ")
		}
		p.fixed = s
		if s.Venue() == market.VenueTHS && l.name == "canonical" {
			l.name = "ths"
		}
	}
	for k, f := range []field{fOpen, fHigh, fLow, fClose, fVolume, fAmount, fTurnover} {
		p.cols[k] = numCol(l, f, strings.ToLower(fieldNames[f]))
	}
	p.adjF, p.adjC = numCol(l, fAdjFactor, "adj_factor"), numCol(l, fAdjClose, "adj close")
	return p, ""
}

var fieldNames = map[field]string{
	fOpen: "open", fHigh: "high", fLow: "low", fClose: "close", fVolume: "volume",
	fAmount: "amount", fTurnover: "turnover",
}

func (p *barParser) row(rec []string, line int) string {
	if p.l.wide != nil {
		return p.wideRow(rec, line)
	}
	b := market.Bar{Symbol: p.fixed}
	if p.iSym >= 0 {
		s, reason := p.syms.get(rec[p.iSym], "")
		if reason != "" {
			return reason
		}
		b.Symbol = s
	}
	d, err := dateCell(rec[p.iDate], "date")
	if err != "" {
		return err
	}
	b.Date = d
	var v [7]float64
	for k := range p.cols {
		var reason string
		if k == 3 {
			v[k], reason = p.cols[k].must(rec)
		} else {
			v[k], reason = p.cols[k].get(rec)
		}
		if reason != "" {
			return reason
		}
	}
	b.Open, b.High, b.Low, b.Close, b.Volume, b.Amount, b.Turnover = v[0], v[1], v[2], v[3], v[4], v[5], v[6]
	adj, reason := p.adjF.get(rec)
	if reason != "" {
		return reason
	}
	if p.adjC.i >= 0 {
		ac, reason := p.adjC.get(rec)
		if reason != "" {
			return reason
		}
		if b.Close > 0 && ac > 0 {
			adj = ac / b.Close
		}
	}
	b.AdjFactor = adj
	if err := b.Validate(); err != nil {
		return err.Error()
	}
	p.bars = append(p.bars, b)
	p.lines = append(p.lines, int32(line))
	return ""
}

// dateCell parses a required date cell.
func dateCell(s, name string) (t time.Time, reason string) {
	if strings.TrimSpace(s) == "" {
		return t, name + " is empty"
	}
	d, err := parseDay(s)
	if err != nil {
		return t, err.Error()
	}
	return d, ""
}

// wideRow reads a date and one close per symbol column; empty cells are
// skipped (the instrument did not trade or did not exist yet).
func (p *barParser) wideRow(rec []string, line int) string {
	d, reason := dateCell(rec[p.iDate], "date")
	if reason != "" {
		return reason
	}
	n := len(p.bars)
	for j, sym := range p.l.wide {
		if sym == "" {
			continue
		}
		v, present, err := parseNum(rec[j])
		if err != nil {
			p.bars = p.bars[:n]
			p.lines = p.lines[:n]
			return fmt.Sprintf("%s: %v", sym, err)
		}
		if !present {
			continue
		}
		b := market.Bar{Symbol: sym, Date: d, Open: nan, High: nan, Low: nan, Close: v,
			Volume: nan, Amount: nan, Turnover: nan, AdjFactor: nan}
		if err := b.Validate(); err != nil {
			p.bars = p.bars[:n]
			p.lines = p.lines[:n]
			return fmt.Sprintf("%s: %v", sym, err)
		}
		p.bars = append(p.bars, b)
		p.lines = append(p.lines, int32(line))
	}
	return ""
}

func (p *barParser) finish(b *market.Batch) {
	bars, lines := dedupeBars(p.r, p.bars, p.lines)
	checkBars(p.r, bars, lines)
	b.Bars = bars
}

// sameBar compares every value of two bars of the same key.
func sameBar(a, b *market.Bar) bool {
	return eqf(a.Open, b.Open) && eqf(a.High, b.High) && eqf(a.Low, b.Low) && eqf(a.Close, b.Close) &&
		eqf(a.Volume, b.Volume) && eqf(a.Amount, b.Amount) && eqf(a.Turnover, b.Turnover) && eqf(a.AdjFactor, b.AdjFactor)
}

// symbolCache resolves the symbol cells of a file, parsing each distinct
// spelling once. Exchange-qualified codes (an "exchange" column) use one
// cache per exchange.
type symbolCache struct {
	venue string
	index bool
	last  string
	lastS market.Symbol
	m     map[string]market.Symbol
	bad   map[string]string
	byEx  map[string]*symbolCache
}

func newSymbolCache(venue string, index bool) *symbolCache {
	return &symbolCache{venue: venue, index: index, m: map[string]market.Symbol{}, bad: map[string]string{}}
}

// get returns the symbol of raw (with exchange ex, "" when the file has no
// exchange column) or a rejection reason.
func (c *symbolCache) get(raw, ex string) (market.Symbol, string) {
	if ex != "" {
		sub := c.byEx[ex]
		if sub == nil {
			if c.byEx == nil {
				c.byEx = map[string]*symbolCache{}
			}
			v, ok := exchangeVenue(ex)
			if !ok {
				return "", fmt.Sprintf("unknown exchange %q", clip(ex))
			}
			sub = newSymbolCache(v, false)
			c.byEx[strings.Clone(ex)] = sub
		}
		return sub.get(raw, "")
	}
	if raw == c.last && c.lastS != "" {
		return c.lastS, ""
	}
	if s, ok := c.m[raw]; ok {
		c.last, c.lastS = raw, s // raw is immutable; it pins one chunk at most
		return s, ""
	}
	if reason, ok := c.bad[raw]; ok {
		return "", reason
	}
	key := strings.Clone(raw)
	if strings.TrimSpace(key) == "" {
		return "", "symbol is empty"
	}
	s, err := inferSymbol(strings.TrimSpace(key), c.venue, c.index, false)
	if err != nil {
		reason := sextant.ErrorMessage(err)
		c.bad[key] = reason
		return "", reason
	}
	c.m[key] = s
	c.last, c.lastS = key, s
	return s, ""
}

// exchangeVenue maps exchange names to venues: SSE → SH, SZSE → SZ, BSE → BJ.
func exchangeVenue(ex string) (string, bool) {
	switch strings.ToUpper(strings.TrimSpace(ex)) {
	case "SSE", "SH", "SHSE", "XSHG", "上交所", "上海":
		return market.VenueSH, true
	case "SZSE", "SZ", "XSHE", "深交所", "深圳":
		return market.VenueSZ, true
	case "BSE", "BJ", "北交所":
		return market.VenueBJ, true
	}
	v := strings.ToUpper(strings.TrimSpace(ex))
	return v, market.KnownVenue(v)
}
