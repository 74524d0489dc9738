package csvfile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// cells reads the text columns of a reference-data row.
type cells struct {
	idx [nFields]int
	rec []string
}

// str returns the trimmed, cloned cell of f ("" when the column is absent).
func (c cells) str(f field) string {
	if i := c.idx[f]; i >= 0 {
		return strings.Clone(strings.TrimSpace(c.rec[i]))
	}
	return ""
}

// date returns the optional date of f (zero when absent or empty).
func (c cells) date(f field, name string) (time.Time, string) {
	s := c.str(f)
	if s == "" || isMissing(s) {
		return time.Time{}, ""
	}
	d, err := parseDay(s)
	if err != nil {
		return time.Time{}, name + ": " + err.Error()
	}
	return d, ""
}

// symbol returns the optional symbol of f.
func (c cells) symbol(f field, venue, name string) (market.Symbol, string) {
	s := c.str(f)
	if s == "" {
		return "", ""
	}
	sym, err := inferSymbol(s, venue, false, false)
	if err != nil {
		return "", name + ": " + err.Error()
	}
	return sym, ""
}

// require checks that the header has the named fields.
func require(idx [nFields]int, want map[field]string) string {
	var missing []string
	for f, name := range want {
		if idx[f] < 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	sort.Strings(missing)
	return "missing required column " + strings.Join(missing, ", ")
}

type instrumentParser struct {
	r     *run
	idx   [nFields]int
	rows  []market.Instrument
	lines []int32
}

func newInstrumentParser(r *run, header []string) (parser, string) {
	idx := index(mapHeader(market.DatasetInstruments, header))
	if msg := require(idx, map[field]string{fSymbol: "symbol", fKind: "kind"}); msg != "" {
		return nil, msg
	}
	r.res.Layout = "canonical"
	return &instrumentParser{r: r, idx: idx}, ""
}

func (p *instrumentParser) row(rec []string, line int) string {
	c := cells{p.idx, rec}
	sym, reason := c.symbol(fSymbol, p.r.opts.Venue, "symbol")
	if reason != "" {
		return reason
	}
	if sym == "" {
		return "symbol is empty"
	}
	in := market.Instrument{Symbol: sym, Kind: market.Kind(strings.ToLower(c.str(fKind))), Name: c.str(fName),
		NameEN: c.str(fNameEN), Currency: strings.ToUpper(c.str(fCurrency)), Ownership: market.Ownership(strings.ToLower(c.str(fOwnership))),
		Theme: c.str(fTheme)}
	if in.ListDate, reason = c.date(fListDate, "list_date"); reason != "" {
		return reason
	}
	if in.DelistAt, reason = c.date(fDelistDate, "delist_date"); reason != "" {
		return reason
	}
	if in.Tracks, reason = c.symbol(fTracks, "", "tracks"); reason != "" {
		return reason
	}
	if err := in.Validate(); err != nil {
		return err.Error()
	}
	p.rows = append(p.rows, in)
	p.lines = append(p.lines, int32(line))
	return ""
}

func (p *instrumentParser) finish(b *market.Batch) {
	b.Instruments, _ = dedupe(p.r, p.rows, p.lines,
		func(x *market.Instrument) string { return x.Symbol.String() },
		func(x, y *market.Instrument) bool { return fmt.Sprint(*x) == fmt.Sprint(*y) })
}

type sectorParser struct {
	r     *run
	idx   [nFields]int
	sw    bool // the 行业代码,行业名称,code6 list: Shenwan 2021 level 1
	rows  []market.Sector
	lines []int32
}

func newSectorParser(r *run, header []string) (parser, string) {
	idx := index(mapHeader(market.DatasetSectors, header))
	p := &sectorParser{r: r, idx: idx}
	set := headerSet(header)
	if set["行业代码"] && set["行业名称"] && idx[fTaxonomy] < 0 {
		p.sw = true
		r.res.Layout = "sw-industry-list"
		if idx[fCode] < 0 {
			idx[fCode] = idx[fIndexSymbol]
			p.idx = idx
		}
		return p, ""
	}
	r.res.Layout = "canonical"
	if msg := require(idx, map[field]string{fTaxonomy: "taxonomy", fCode: "code", fLevel: "level"}); msg != "" {
		return nil, msg
	}
	return p, ""
}

func (p *sectorParser) row(rec []string, line int) string {
	c := cells{p.idx, rec}
	s := market.Sector{Taxonomy: c.str(fTaxonomy), Code: c.str(fCode), Name: c.str(fName), NameEN: c.str(fNameEN), Parent: c.str(fParent)}
	var reason string
	if s.IndexSymbol, reason = c.symbol(fIndexSymbol, "", "index_symbol"); reason != "" {
		return reason
	}
	if p.sw {
		s.Taxonomy, s.Level = "sw2021", 1
		s.Code = market.Symbol(s.Code).Code() // 801010.SI → 801010
		if s.IndexSymbol == "" {
			s.IndexSymbol = market.Symbol(s.Code + "." + market.VenueSI)
		}
	} else {
		lv, err := strconv.Atoi(c.str(fLevel))
		if err != nil {
			return fmt.Sprintf("level: %q is not a whole number", clip(c.str(fLevel)))
		}
		s.Level = lv
	}
	if a := c.str(fAliases); a != "" {
		for _, x := range strings.Split(a, "|") {
			if x = strings.TrimSpace(x); x != "" {
				s.Aliases = append(s.Aliases, x)
			}
		}
	}
	if err := s.Validate(); err != nil {
		return err.Error()
	}
	p.rows = append(p.rows, s)
	p.lines = append(p.lines, int32(line))
	return ""
}

// taxonomyNames are the display names of the taxonomies Sextant knows.
var taxonomyNames = map[string]string{
	"sw2021": "Shenwan 2021", "csi": "CSI industries", "em-industry": "Eastmoney industry boards",
	"em-concept": "Eastmoney concept boards", "gics": "GICS", "ths-industry": "Tonghuashun industries",
}

func (p *sectorParser) finish(b *market.Batch) {
	b.Sectors, _ = dedupe(p.r, p.rows, p.lines,
		func(x *market.Sector) string { return x.Taxonomy + "/" + x.Code },
		func(x, y *market.Sector) bool { return fmt.Sprint(*x) == fmt.Sprint(*y) })
	levels := map[string]int{}
	var order []string
	for _, s := range b.Sectors {
		if _, ok := levels[s.Taxonomy]; !ok {
			order = append(order, s.Taxonomy)
		}
		levels[s.Taxonomy] = max(levels[s.Taxonomy], s.Level)
	}
	for _, id := range order {
		name := taxonomyNames[id]
		if name == "" {
			name = id
		}
		b.Taxonomies = append(b.Taxonomies, market.Taxonomy{ID: id, Name: name, Levels: levels[id]})
	}
}

type memberParser struct {
	r     *run
	idx   [nFields]int
	rows  []market.Membership
	lines []int32
}

func newMemberParser(r *run, header []string) (parser, string) {
	idx := index(mapHeader(market.DatasetMembers, header))
	if msg := require(idx, map[field]string{fTaxonomy: "taxonomy", fSector: "sector", fSymbol: "symbol", fFrom: "from"}); msg != "" {
		return nil, msg
	}
	r.res.Layout = "canonical"
	return &memberParser{r: r, idx: idx}, ""
}

func (p *memberParser) row(rec []string, line int) string {
	c := cells{p.idx, rec}
	m := market.Membership{Taxonomy: c.str(fTaxonomy), Sector: c.str(fSector)}
	var reason string
	if m.Symbol, reason = c.symbol(fSymbol, p.r.opts.Venue, "symbol"); reason != "" {
		return reason
	}
	if c.str(fFrom) == "" {
		return "from is empty"
	}
	if m.From, reason = c.date(fFrom, "from"); reason != "" {
		return reason
	}
	if m.To, reason = c.date(fTo, "to"); reason != "" {
		return reason
	}
	if p.idx[fWeight] >= 0 {
		w, present, err := parseNum(rec[p.idx[fWeight]])
		if err != nil {
			return "weight: " + err.Error()
		}
		if present {
			m.Weight = w // Membership.Weight is 0 when unknown (see market.Membership)
		}
	}
	if err := m.Validate(); err != nil {
		return err.Error()
	}
	p.rows = append(p.rows, m)
	p.lines = append(p.lines, int32(line))
	return ""
}

func (p *memberParser) finish(b *market.Batch) {
	b.Members, _ = dedupe(p.r, p.rows, p.lines,
		func(x *market.Membership) string {
			return x.Taxonomy + "/" + x.Sector + " " + x.Symbol.String() + " from " + market.FormatDate(x.From)
		},
		func(x, y *market.Membership) bool { return *x == *y })
}
