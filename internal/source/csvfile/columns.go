package csvfile

import (
	"strings"

	"github.com/sextant-ai/sextant/internal/market"
)

// field is a canonical column of some dataset.
type field int

const (
	fNone field = iota
	fSymbol
	fExchange
	fDate
	fOpen
	fHigh
	fLow
	fClose
	fVolume
	fAmount
	fTurnover
	fAdjFactor
	fAdjClose
	fShares
	fNAV
	fFinBalance
	fFinBuy
	fFinRepay
	fSecBalance
	fMainNet
	fSuperNet
	fLargeNet
	fMediumNet
	fSmallNet
	fPETTM
	fPB
	fTotalMV
	fFloatMV
	fPeriodEnd
	fReportDate
	fField
	fValue
	fUnit
	fKind
	fName
	fNameEN
	fCurrency
	fListDate
	fDelistDate
	fOwnership
	fTracks
	fTheme
	fTaxonomy
	fCode
	fLevel
	fParent
	fIndexSymbol
	fAliases
	fSector
	fFrom
	fTo
	fWeight
	nFields
)

// symbolAliases name the instrument column in long files.
var symbolAliases = map[string]bool{
	"symbol": true, "ts_code": true, "code": true, "ticker": true, "sector": true,
	"stock": true, "instrument": true, "secid": true, "代码": true, "股票代码": true,
	"证券代码": true, "基金代码": true, "指数代码": true,
}

// dateAliases name the observation-date column.
var dateAliases = map[string]bool{
	"date": true, "trade_date": true, "datetime": true, "日期": true, "交易日期": true, "time_key": true,
}

// aliases maps a normalised column name to its field, per dataset. Symbol
// and date columns are shared (see symbolAliases, dateAliases).
var aliases = map[market.Dataset]map[string]field{
	market.DatasetBars: {
		"open": fOpen, "high": fHigh, "low": fLow, "close": fClose, "cp": fClose,
		"volume": fVolume, "vol": fVolume, "amount": fAmount, "turnover": fTurnover,
		"turn": fTurnover, "adj_factor": fAdjFactor, "adj close": fAdjClose, "adj_close": fAdjClose,
		"开盘": fOpen, "最高": fHigh, "最低": fLow, "收盘": fClose, "成交量": fVolume,
		"成交额": fAmount, "换手率": fTurnover,
	},
	market.DatasetShares: {
		"exchange": fExchange, "shares": fShares, "total_shares": fShares, "nav": fNAV, "unit_nav": fNAV,
	},
	market.DatasetMargin: {
		"fin_balance": fFinBalance, "fin_buy": fFinBuy, "fin_repay": fFinRepay,
		"sec_balance": fSecBalance, "loan_balance": fSecBalance,
		"融资余额": fFinBalance, "融资买入额": fFinBuy, "融资偿还额": fFinRepay, "融券余额": fSecBalance,
	},
	market.DatasetFlows: {
		"main_net": fMainNet, "super_net": fSuperNet, "large_net": fLargeNet,
		"medium_net": fMediumNet, "small_net": fSmallNet,
		"主力净流入": fMainNet, "超大单净流入": fSuperNet, "大单净流入": fLargeNet,
		"中单净流入": fMediumNet, "小单净流入": fSmallNet,
	},
	market.DatasetValuation: {
		"pe_ttm": fPETTM, "pb": fPB, "total_mv": fTotalMV, "float_mv": fFloatMV, "circ_mv": fFloatMV,
		// A bare "pe" is read as PE TTM: csindex and index-valuation exports
		// publish the rolling (TTM) PE under that name.
		"pe": fPETTM, "市盈率": fPETTM, "市盈率ttm": fPETTM, "滚动市盈率": fPETTM, "市净率": fPB,
		"总市值": fTotalMV, "流通市值": fFloatMV,
	},
	market.DatasetFundamentals: {
		"period_end": fPeriodEnd, "end_date": fPeriodEnd, "report_date": fReportDate, "ann_date": fReportDate,
		"field": fField, "value": fValue, "unit": fUnit,
	},
	market.DatasetInstruments: {
		"kind": fKind, "name": fName, "name_en": fNameEN, "currency": fCurrency,
		"list_date": fListDate, "delist_date": fDelistDate, "ownership": fOwnership,
		"tracks": fTracks, "theme": fTheme,
	},
	market.DatasetSectors: {
		"taxonomy": fTaxonomy, "code": fCode, "level": fLevel, "name": fName, "name_en": fNameEN,
		"parent": fParent, "index_symbol": fIndexSymbol, "aliases": fAliases,
		"行业代码": fIndexSymbol, "行业名称": fName, "code6": fCode,
	},
	market.DatasetMembers: {
		"taxonomy": fTaxonomy, "sector": fSector, "symbol": fSymbol, "from": fFrom, "to": fTo, "weight": fWeight,
	},
}

// column is one mapped header cell.
type column struct {
	field field
	scale float64 // multiply values by this (unit suffix or layout rule); 0 = not set
	unit  bool    // scale came from the header (a unit suffix), not a default
}

// normName normalises a header cell: no BOM, no surrounding space or <>,
// lower case.
func normName(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	return strings.ToLower(s)
}

// unitSuffixes are header suffixes that give a column's unit.
var unitSuffixes = []struct {
	suffix string
	scale  float64
}{
	{"_yiyuan", 1e8}, {"_yi", 1e8}, {"_wanyuan", 1e4}, {"_wanfen", 1e4}, {"_wangu", 1e4},
	{"_wan", 1e4}, {"_qianyuan", 1e3}, {"_qian", 1e3}, {"_yuan", 1}, {"_pct", 0.01},
}

// splitUnit splits "amount_yi" into ("amount", 1e8) and "成交额(亿元)" into
// ("成交额", 1e8). scale is 0 when the name carries no unit.
func splitUnit(name string) (string, float64) {
	for _, open := range []string{"(", "（"} {
		if i := strings.Index(name, open); i > 0 {
			u := strings.TrimSpace(strings.TrimRight(name[i+len(open):], ")） "))
			base := strings.TrimSpace(name[:i])
			switch u {
			case "手":
				return base, 100
			case "%":
				return base, 0.01
			case "万份":
				return base, 1e4
			}
			if _, f, ok := market.UnitScale(u); ok {
				return base, f
			}
			if _, f, ok := market.UnitScale(strings.ToUpper(u)); ok {
				return base, f
			}
		}
	}
	for _, us := range unitSuffixes {
		if strings.HasSuffix(name, us.suffix) && len(name) > len(us.suffix) {
			return strings.TrimSuffix(name, us.suffix), us.scale
		}
	}
	return name, 0
}

// mapHeader maps each header cell to a field of dataset d. A name is looked
// up as is, then without a unit suffix. The first column of a field wins.
func mapHeader(d market.Dataset, header []string) []column {
	cols := make([]column, len(header))
	seen := make(map[field]bool)
	table := aliases[d]
	for i, h := range header {
		name := normName(h)
		f, scale, unit := lookup(d, table, name), 0.0, false
		if f == fNone {
			base, s := splitUnit(name)
			if s != 0 {
				if f = lookup(d, table, base); f != fNone {
					scale, unit = s, true
				}
			}
		}
		if f == fNone || seen[f] {
			continue
		}
		seen[f] = true
		cols[i] = column{field: f, scale: scale, unit: unit}
	}
	return cols
}

func lookup(d market.Dataset, table map[string]field, name string) field {
	if f, ok := table[name]; ok {
		return f
	}
	switch d {
	case market.DatasetInstruments, market.DatasetSectors, market.DatasetMembers:
		if d == market.DatasetInstruments && name == "symbol" {
			return fSymbol
		}
		return fNone
	}
	if dateAliases[name] {
		return fDate
	}
	if symbolAliases[name] {
		return fSymbol
	}
	return fNone
}

// index returns the position of each field in cols, -1 when absent.
func index(cols []column) [nFields]int {
	var idx [nFields]int
	for i := range idx {
		idx[i] = -1
	}
	for i, c := range cols {
		if c.field != fNone {
			idx[c.field] = i
		}
	}
	return idx
}
