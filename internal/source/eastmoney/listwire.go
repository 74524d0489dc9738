package eastmoney

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// clistResponse is the body of GET /api/qt/clist/get. Data stays raw so
// that an absent data (drift) and data: null (nothing matched) differ.
type clistResponse struct {
	RC   *int            `json:"rc"`
	Data json.RawMessage `json:"data"`
}

// clistData is the non-null data object; with np=1 diff is an array of
// rows, one object per row keyed by the requested fields.
type clistData struct {
	Total *int            `json:"total"`
	Diff  json.RawMessage `json:"diff"`
}

// clistRow holds the fields every list asks for (fields=f12,f13,f14).
// Pointers tell a missing field from an empty one.
type clistRow struct {
	Code   *string `json:"f12"` // code: "600519", "BK0480"
	Market *int    `json:"f13"` // market id: 1 Shanghai, 0 Shenzhen and Beijing, 90 boards
	Name   *string `json:"f14"`
}

// clistPage is one translated page.
type clistPage struct {
	Total int
	Rows  []Listing
}

// errNoRows marks a data: null answer; callers turn it into ENOTFOUND
// naming what they asked for.
var errNoRows = &sextant.Error{Code: sextant.ENOTFOUND, Op: "eastmoney.listFromWire", Message: "eastmoney: data is null (nothing matched the list filter)"}

// rowMapper turns one row into a listing; its error names the field.
type rowMapper func(r clistRow) (Listing, error)

// listFromWire translates one clist page with mapRow. A page whose data is
// null is errNoRows; a missing data, total, diff, f12, f13 or f14 is an
// EINVALID error naming the field.
func listFromWire(resp clistResponse, mapRow rowMapper) (clistPage, error) {
	raw := bytes.TrimSpace(resp.Data)
	if len(raw) == 0 {
		if resp.RC != nil && *resp.RC != 0 {
			return clistPage{}, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "eastmoney.listFromWire",
				Message: fmt.Sprintf("eastmoney: rc %d and no list data", *resp.RC)}
		}
		return clistPage{}, drift("data", "missing")
	}
	if string(raw) == "null" {
		return clistPage{}, errNoRows
	}
	var d clistData
	if err := json.Unmarshal(raw, &d); err != nil {
		return clistPage{}, drift("data", "not an object with total and diff: %v", err)
	}
	if d.Total == nil {
		return clistPage{}, drift("data.total", "missing")
	}
	if *d.Total < 0 {
		return clistPage{}, drift("data.total", "%d is negative", *d.Total)
	}
	diff := bytes.TrimSpace(d.Diff)
	if len(diff) == 0 || string(diff) == "null" {
		return clistPage{}, drift("data.diff", "missing")
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(diff, &rows); err != nil {
		return clistPage{}, drift("data.diff", "not an array of rows (np=1): %v", err)
	}
	page := clistPage{Total: *d.Total, Rows: make([]Listing, 0, len(rows))}
	for i, rr := range rows {
		field := fmt.Sprintf("data.diff[%d]", i)
		var r clistRow
		if err := json.Unmarshal(rr, &r); err != nil {
			return clistPage{}, drift(field, "not a row of f12, f13, f14: %v", err)
		}
		switch {
		case r.Code == nil:
			return clistPage{}, drift(field+".f12", "missing")
		case r.Market == nil:
			return clistPage{}, drift(field+".f13", "missing")
		case r.Name == nil:
			return clistPage{}, drift(field+".f14", "missing")
		}
		l, err := mapRow(r)
		if err != nil {
			return clistPage{}, drift(field, "%v", err)
		}
		page.Rows = append(page.Rows, l)
	}
	return page, nil
}

// boardRow maps a board row: market 90 and a BKnnnn code → BK0480.EM.
func boardRow(r clistRow) (Listing, error) {
	code := strings.TrimSpace(*r.Code)
	if *r.Market != 90 {
		return Listing{}, fmt.Errorf("f13 market %d for board %q, want 90", *r.Market, code)
	}
	if len(code) <= 2 || !strings.HasPrefix(code, "BK") || !digits(code[2:]) {
		return Listing{}, fmt.Errorf("f12 %q is not a BKnnnn board code", code)
	}
	return listing(code+"."+market.VenueEM, *r.Name)
}

// stockRow maps a board member: market 1 is Shanghai; market 0 is Beijing
// for codes starting 4, 8 or 9 (北交所 and the former NEEQ codes) and
// Shenzhen otherwise.
func stockRow(r clistRow) (Listing, error) {
	code := strings.TrimSpace(*r.Code)
	if len(code) != 6 || !digits(code) {
		return Listing{}, fmt.Errorf("f12 %q is not a six-digit stock code", code)
	}
	switch *r.Market {
	case 1:
		return listing(code+"."+market.VenueSH, *r.Name)
	case 0:
		if c := code[0]; c == '4' || c == '8' || c == '9' {
			return listing(code+"."+market.VenueBJ, *r.Name)
		}
		return listing(code+"."+market.VenueSZ, *r.Name)
	}
	return Listing{}, fmt.Errorf("f13 market %d for stock %s, want 1 (SH) or 0 (SZ, BJ)", *r.Market, code)
}

// fundRow maps an exchange-traded fund: market 1 is Shanghai (51xxxx,
// 56xxxx, 58xxxx), market 0 Shenzhen (15xxxx).
func fundRow(r clistRow) (Listing, error) {
	code := strings.TrimSpace(*r.Code)
	if len(code) != 6 || !digits(code) {
		return Listing{}, fmt.Errorf("f12 %q is not a six-digit fund code", code)
	}
	switch *r.Market {
	case 1:
		return listing(code+"."+market.VenueSH, *r.Name)
	case 0:
		return listing(code+"."+market.VenueSZ, *r.Name)
	}
	return Listing{}, fmt.Errorf("f13 market %d for fund %s, want 1 (SH) or 0 (SZ)", *r.Market, code)
}

func listing(sym, name string) (Listing, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "-" {
		return Listing{}, fmt.Errorf("f14 name of %s is empty", sym)
	}
	return Listing{Symbol: market.Symbol(sym), Name: name}, nil
}
