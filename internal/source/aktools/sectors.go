package aktools

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Taxonomies the sector routes fill.
const (
	TaxonomyEMIndustry = "em-industry" // Eastmoney industry boards
	TaxonomySW         = "sw2021"      // Shenwan 2021
)

// Boards lists Eastmoney's industry boards through
// stock_board_industry_name_em: code BK0480 becomes Sector{Code "BK0480",
// IndexSymbol BK0480.EM, Level 1} in TaxonomyEMIndustry.
func (c *Client) Boards(ctx context.Context) ([]market.Sector, error) {
	const op = "aktools.Boards"
	t, err := c.call(ctx, "stock_board_industry_name_em", nil)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	out, err := toBoards(t)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

func toBoards(t table) ([]market.Sector, error) {
	const colName, colCode = "板块名称", "板块代码"
	if err := t.check(colName, colCode); err != nil {
		return nil, err
	}
	out := make([]market.Sector, 0, len(t.rows))
	for i := range t.rows {
		code, name := strings.ToUpper(t.str(i, colCode)), t.str(i, colName)
		if len(code) < 3 || !strings.HasPrefix(code, "BK") || !digits(code[2:]) {
			return nil, t.drift("row %d: column %s: %q is not a BKnnnn board code", i, colCode, code)
		}
		s := market.Sector{Taxonomy: TaxonomyEMIndustry, Code: code, Level: 1, Name: name,
			IndexSymbol: market.Symbol(code + "." + market.VenueEM)}
		if err := s.Validate(); err != nil {
			return nil, t.drift("row %d: %v", i, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// BoardMembers lists the stocks of the Eastmoney industry board called
// name through stock_board_industry_cons_em, today's membership only: the
// caller dates it. Symbols get their exchange from the code's prefix.
func (c *Client) BoardMembers(ctx context.Context, name string) ([]market.Instrument, error) {
	const op = "aktools.BoardMembers"
	if strings.TrimSpace(name) == "" {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "aktools: empty board name"}
	}
	t, err := c.call(ctx, "stock_board_industry_cons_em", url.Values{"symbol": {name}})
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	out, err := toInstruments(t, "代码", "名称", market.KindStock)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

// toInstruments reads code and name columns into instruments of kind.
func toInstruments(t table, colCode, colName string, kind market.Kind) ([]market.Instrument, error) {
	if err := t.check(colCode, colName); err != nil {
		return nil, err
	}
	out := make([]market.Instrument, 0, len(t.rows))
	for i := range t.rows {
		code, err := t.code(i, colCode)
		if err != nil {
			return nil, err
		}
		sym, err := market.ParseSymbol(code, "")
		if err != nil || !market.IsChinaEquityVenue(sym.Venue()) {
			return nil, t.drift("row %d: column %s: %q is not an A-share code", i, colCode, code)
		}
		in := market.Instrument{Symbol: sym, Kind: kind, Name: t.str(i, colName), Currency: "CNY"}
		if err := in.Validate(); err != nil {
			return nil, t.drift("row %d: %v", i, err)
		}
		out = append(out, in)
	}
	return out, nil
}

// swInfo are the functions listing each Shenwan level.
var swInfo = map[int]string{1: "sw_index_first_info", 2: "sw_index_second_info", 3: "sw_index_third_info"}

// SWIndices lists the Shenwan industries of level 1, 2 or 3 through
// sw_index_first_info, sw_index_second_info or sw_index_third_info. Levels
// 2 and 3 name their parent industry, not its code, so the level above is
// fetched too to resolve it (two requests).
func (c *Client) SWIndices(ctx context.Context, level int) ([]market.Sector, error) {
	const op = "aktools.SWIndices"
	fn, ok := swInfo[level]
	if !ok {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("aktools: Shenwan level %d (want 1, 2 or 3)", level)}
	}
	t, err := c.call(ctx, fn, nil)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	var parents map[string]string
	if level > 1 {
		pt, err := c.call(ctx, swInfo[level-1], nil)
		if err != nil {
			return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
		}
		if parents, err = swCodesByName(pt); err != nil {
			return nil, sextant.WrapError(sextant.EINVALID, op, err)
		}
	}
	out, err := toSWSectors(t, level, parents)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

// swCodesByName maps the names of a level's industries to their codes
// (their own parents are not needed to name them as parents).
func swCodesByName(t table) (map[string]string, error) {
	const colCode, colName = "行业代码", "行业名称"
	if err := t.check(colCode, colName); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(t.rows))
	for i := range t.rows {
		code, err := swCode(t.str(i, colCode))
		if err != nil {
			return nil, t.drift("row %d: column %s: %v", i, colCode, err)
		}
		out[t.str(i, colName)] = code
	}
	return out, nil
}

// toSWSectors reads 行业代码 ("801010.SI"), 行业名称 and, below level 1,
// 上级行业 (the parent's name, looked up in parents).
func toSWSectors(t table, level int, parents map[string]string) ([]market.Sector, error) {
	const colCode, colName, colParent = "行业代码", "行业名称", "上级行业"
	cols := []string{colCode, colName}
	if level > 1 {
		cols = append(cols, colParent)
	}
	if err := t.check(cols...); err != nil {
		return nil, err
	}
	out := make([]market.Sector, 0, len(t.rows))
	for i := range t.rows {
		code, err := swCode(t.str(i, colCode))
		if err != nil {
			return nil, t.drift("row %d: column %s: %v", i, colCode, err)
		}
		s := market.Sector{Taxonomy: TaxonomySW, Code: code, Level: level, Name: t.str(i, colName),
			IndexSymbol: market.Symbol(code + "." + market.VenueSI)}
		if level > 1 {
			p := t.str(i, colParent)
			if s.Parent = parents[p]; s.Parent == "" {
				return nil, t.drift("row %d: column %s: parent %q is not a level-%d industry", i, colParent, p, level-1)
			}
		}
		if err := s.Validate(); err != nil {
			return nil, t.drift("row %d: %v", i, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// SWComponents lists the current constituents of a Shenwan index ("801010"
// or "801010.SI") through index_component_sw: memberships of TaxonomySW
// from 计入日期, open-ended, with 最新权重 (percent) as a fraction.
func (c *Client) SWComponents(ctx context.Context, code string) ([]market.Membership, error) {
	const op = "aktools.SWComponents"
	code, err := swCode(code)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	t, err := c.call(ctx, "index_component_sw", url.Values{"symbol": {code}})
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	out, err := toComponents(t, code)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

func toComponents(t table, sector string) ([]market.Membership, error) {
	const colCode, colWeight, colFrom = "证券代码", "最新权重", "计入日期"
	if err := t.check(colCode, colWeight, colFrom); err != nil {
		return nil, err
	}
	out := make([]market.Membership, 0, len(t.rows))
	for i := range t.rows {
		code, err := t.code(i, colCode)
		if err != nil {
			return nil, err
		}
		sym, err := market.ParseSymbol(code, "")
		if err != nil || !market.IsChinaEquityVenue(sym.Venue()) {
			return nil, t.drift("row %d: column %s: %q is not an A-share code", i, colCode, code)
		}
		from, err := t.day(i, colFrom)
		if err != nil {
			return nil, err
		}
		w, err := t.num(i, colWeight)
		if err != nil {
			return nil, err
		}
		m := market.Membership{Taxonomy: TaxonomySW, Sector: sector, Symbol: sym, From: from}
		if w == w { // not NaN: Membership.Weight is 0 when unknown
			m.Weight = w * percent
		}
		if err := m.Validate(); err != nil {
			return nil, t.drift("row %d: %v", i, err)
		}
		out = append(out, m)
	}
	return out, nil
}
