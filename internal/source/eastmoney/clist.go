package eastmoney

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// ListHost is the list API host (boards, board members, ETFs); callers put
// it in the transport's allow list next to Host.
const ListHost = "push2.eastmoney.com"

// DefaultListBaseURL is the public list endpoint's scheme and host.
const DefaultListBaseURL = "https://" + ListHost

// clistPath is the paged list endpoint.
const clistPath = "/api/qt/clist/get"

// DefaultPageSize is the rows asked per list page: the endpoint answers at
// most 100 rows a page whatever pz asks.
const DefaultPageSize = 100

// maxPages bounds the pages one list may take, whatever data.total says.
const maxPages = 200

// Listing is one row of a list: a board, a board member or a fund.
type Listing struct {
	Symbol market.Symbol
	Name   string
}

// BoardKind is a family of Eastmoney boards.
type BoardKind int

// Board kinds.
const (
	BoardIndustry BoardKind = iota + 1 // 行业板块, fs=m:90 t:2
	BoardConcept                       // 概念板块, fs=m:90 t:3
)

// String names the kind: industry or concept.
func (k BoardKind) String() string {
	switch k {
	case BoardIndustry:
		return "industry"
	case BoardConcept:
		return "concept"
	}
	return "BoardKind(" + strconv.Itoa(int(k)) + ")"
}

// fs is the list filter of the kind. The "+" of Eastmoney's own URLs is a
// query-encoded space; url.Values encodes the space back to "+".
func (k BoardKind) fs() (string, bool) {
	switch k {
	case BoardIndustry:
		return "m:90 t:2", true
	case BoardConcept:
		return "m:90 t:3", true
	}
	return "", false
}

// etfFilter selects the exchange-traded funds of both exchanges, as
// AKShare's fund_etf_spot_em does.
const etfFilter = "b:MK0021,b:MK0022,b:MK0023,b:MK0024,b:MK0827"

// Boards lists the Eastmoney boards of a kind, as BK0480.EM symbols with
// their names, in code order.
func (c *Client) Boards(ctx context.Context, kind BoardKind) ([]Listing, error) {
	const op = "eastmoney.Boards"
	fs, ok := kind.fs()
	if !ok {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("eastmoney: unknown board kind %s", kind)}
	}
	return c.list(ctx, op, fs, kind.String()+" boards", boardRow)
}

// BoardMembers lists the stocks of board (BK0480.EM) as 600519.SH,
// 000001.SZ or 430047.BJ symbols with their names, in code order. An
// unknown board is ENOTFOUND.
func (c *Client) BoardMembers(ctx context.Context, board market.Symbol) ([]Listing, error) {
	const op = "eastmoney.BoardMembers"
	code := board.Code()
	if board.Venue() != market.VenueEM || len(code) <= 2 || !strings.HasPrefix(code, "BK") || !digits(code[2:]) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("eastmoney: %q is not an Eastmoney board (want BKnnnn.EM)", string(board))}
	}
	return c.list(ctx, op, "b:"+code+" f:!50", "members of "+string(board), stockRow)
}

// ETFs lists the exchange-traded funds of Shanghai and Shenzhen as
// 510300.SH or 159915.SZ symbols with their names, in code order.
func (c *Client) ETFs(ctx context.Context) ([]Listing, error) {
	return c.list(ctx, "eastmoney.ETFs", etfFilter, "ETFs", fundRow)
}

// list fetches every page of the list fs from the list host: page 1 tells
// data.total, and pages follow until that many rows are read. what names
// the list in errors.
func (c *Client) list(ctx context.Context, op, fs, what string, mapRow rowMapper) ([]Listing, error) {
	size := c.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	var out []Listing
	seen := map[market.Symbol]bool{}
	total, read := -1, 0
	for pn := 1; total < 0 || read < total; pn++ {
		if pn > maxPages {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
				Message: fmt.Sprintf("eastmoney: %s: more than %d pages for data.total %d", what, maxPages, total)}
		}
		page, err := c.listPage(ctx, fs, pn, size, mapRow)
		if err != nil {
			return nil, pageError(op, what, pn, total, err)
		}
		if total < 0 {
			total = page.Total
		}
		if read < total && len(page.Rows) == 0 {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
				Message: fmt.Sprintf("eastmoney: %s: data.diff: page %d is empty after %d of data.total %d rows", what, pn, read, total)}
		}
		read += len(page.Rows)
		for _, l := range page.Rows {
			// A row may move across a page boundary between two requests;
			// it is listed once.
			if !seen[l.Symbol] {
				seen[l.Symbol] = true
				out = append(out, l)
			}
		}
	}
	if out == nil {
		out = []Listing{}
	}
	return out, nil
}

// pageError wraps the error of page pn: data: null on page 1 is ENOTFOUND
// (nothing matched), on a later page drift; a transport failure without an
// application code is EUNAVAILABLE.
func pageError(op, what string, pn, total int, err error) error {
	if errors.Is(err, errNoRows) {
		if pn == 1 {
			return &sextant.Error{Code: sextant.ENOTFOUND, Op: op, Message: fmt.Sprintf("eastmoney: no %s: data is null", what)}
		}
		err = drift("data", "null on page %d while data.total is %d", pn, total)
	}
	code := sextant.ErrorCode(err)
	if code == sextant.EINTERNAL {
		code = sextant.EUNAVAILABLE
	}
	return &sextant.Error{Code: code, Op: op, Message: fmt.Sprintf("eastmoney: %s, page %d", what, pn), Err: err}
}

// listPage fetches and translates page pn.
func (c *Client) listPage(ctx context.Context, fs string, pn, size int, mapRow rowMapper) (clistPage, error) {
	q := url.Values{}
	q.Set("pn", strconv.Itoa(pn))
	q.Set("pz", strconv.Itoa(size))
	q.Set("po", "0") // ascending by fid: a stable order across pages
	q.Set("np", "1") // diff as an array
	q.Set("fltt", "2")
	q.Set("invt", "2")
	q.Set("fid", "f12")
	q.Set("fs", fs)
	q.Set("fields", "f12,f13,f14")
	body, status, err := fetch(ctx, c.Lists, clistPath+"?"+q.Encode(), "list")
	if err != nil {
		return clistPage{}, err
	}
	var w clistResponse
	if err := json.Unmarshal(body, &w); err != nil {
		return clistPage{}, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("eastmoney: HTTP %d: malformed list JSON", status), Err: err}
	}
	return listFromWire(w, mapRow)
}
