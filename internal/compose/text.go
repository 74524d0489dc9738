package compose

import (
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/scoring"
	"strings"
	"unicode"
	"unicode/utf8"
)

// phrases are the templates of one language. Templates take inline
// markup (fact and reference marks) as %s arguments and contain no digits
// of their own: every figure a report prints is a fact.
type phrases struct {
	lang string
	m    map[string]string
}

func phrasesFor(lang string) phrases {
	if lang == "zh" {
		return phrases{lang: "zh", m: textZH}
	}
	return phrases{lang: "en", m: textEN}
}

// get returns a template; a missing key is a programming error shown
// visibly rather than silently.
func (p phrases) get(key string) string {
	if s, ok := p.m[key]; ok {
		return s
	}
	return "[missing text " + key + "]"
}

func (p phrases) pick(en, zh string) string {
	if p.lang == "zh" {
		return zh
	}
	return en
}

func (p phrases) quadrant(q string) string {
	if p.lang != "zh" {
		return q
	}
	return map[string]string{"Leading": "领先", "Weakening": "转弱", "Lagging": "落后", "Improving": "改善"}[q]
}

func (p phrases) measure(m string) string {
	if p.lang == "zh" {
		return flowLabelZH[m]
	}
	return map[string]string{"etf_net_creation": "Themed-ETF net creations", "margin_net_purchase": "Margin-financing net purchases",
		"financing_balance": "Financing balance", "main_net_flow": "Main-force net flows", "board_main_net_flow": "Board main-force net flows"}[m]
}

// notes joins analysis notes (English diagnostics) for a missing section.
func (p phrases) notes(ns []string, key string) string {
	s := p.get(key)
	if p.lang != "en" { // the notes are English diagnostics
		return s
	}
	for _, n := range ns {
		if len(evidence.Numbers(n)) == 0 {
			s += " " + sentence(n)
		}
	}
	return s
}

// sentence capitalises a note and ends it with a full stop.
func sentence(n string) string {
	n = strings.TrimSpace(n)
	if n == "" {
		return n
	}
	r, size := utf8.DecodeRuneInString(n)
	n = string(unicode.ToUpper(r)) + n[size:]
	if !strings.HasSuffix(n, ".") {
		n += "."
	}
	return n
}

// noteText is an analysis note shown as a note block; notes that state
// figures are left out (they are diagnostics, not facts).
func (p phrases) noteText(n string) string {
	if len(evidence.Numbers(n)) > 0 {
		return p.get("note_details")
	}
	return n
}

var readingNames = map[string][2]string{
	"excess_63d": {"3M excess", "3个月超额"}, "price_vs_ma60": {"vs MA60", "相对60日均线"}, "rs_ratio": {"RS-Ratio", "RS-Ratio"},
	"rs_momentum": {"RS-Momentum", "RS-Momentum"}, "above_ma20": {"above MA20", "站上20日线占比"}, "above_ma60": {"above MA60", "站上60日线占比"},
	"etf_flow_z20": {"ETF creations z", "ETF申购z值"}, "main_flow_z20": {"main-force z", "主力资金z值"}, "margin_z20": {"margin buying z", "融资买入z值"},
	"turnover_share_pct": {"turnover-share percentile", "成交占比分位"}, "pe_pct_5y": {"PE percentile", "市盈率分位"}, "catalysts": {"catalysts", "催化剂"},
}

func (p phrases) reading(name string) string {
	return p.pick(readingNames[name][0], readingNames[name][1])
}
func (p phrases) readingEN(name string) string {
	return "sustainability reading: " + readingNames[name][0]
}
func (p phrases) readingZH(name string) string { return "持续性读数：" + readingNames[name][1] }

var dimensionNames = map[scoring.Dimension][2]string{
	scoring.DimTrend: {"Trend", "趋势"}, scoring.DimMomentum: {"Momentum", "动量"}, scoring.DimBreadth: {"Breadth", "广度"},
	scoring.DimFlows: {"Flows", "资金"}, scoring.DimLeverage: {"Leverage", "杠杆"}, scoring.DimCrowding: {"Crowding", "拥挤度"},
	scoring.DimValuation: {"Valuation", "估值"}, scoring.DimCatalysts: {"Catalysts", "催化剂"},
}

func (p phrases) dimension(d scoring.Dimension) string {
	return p.pick(dimensionNames[d][0], dimensionNames[d][1])
}
func (p phrases) dimensionZH(d scoring.Dimension) string { return dimensionNames[d][1] }

func (p phrases) signal(s scoring.Signal) string {
	return p.pick(string(s), map[scoring.Signal]string{scoring.SignalSupportive: "支持", scoring.SignalNeutral: "中性",
		scoring.SignalWarning: "警示", scoring.SignalMissing: "缺数据"}[s])
}

func (p phrases) label(l scoring.Label) string {
	return p.pick(string(l), map[scoring.Label]string{scoring.LabelStrong: "强", scoring.LabelModerate: "中等",
		scoring.LabelFragile: "脆弱", scoring.LabelFading: "衰退", scoring.LabelUnknown: "未知"}[l])
}

func (p phrases) stateDim(dim, value string) string {
	switch dim {
	case "quadrant":
		return p.quadrant(value)
	case "momentum_decile":
		return p.pick("momentum decile ", "动量十分位") + value
	case "flow_sign":
		return p.pick("flow ", "资金") + value
	case "crowding_decile":
		return p.pick("crowding decile ", "拥挤度十分位") + value
	}
	return dim + " " + value
}

func (p phrases) ownership(o market.Ownership) string {
	if o == "" {
		return p.pick("unknown", "未知")
	}
	return p.pick(string(o), map[market.Ownership]string{market.OwnershipState: "国有", market.OwnershipPrivate: "民营"}[o])
}

func (p phrases) role(r scoring.Role) string {
	return p.pick(string(r), map[scoring.Role]string{scoring.RoleCore: "核心", scoring.RoleElastic: "弹性", scoring.RoleTactical: "战术",
		scoring.RoleAlternative: "备选", scoring.RoleWatch: "观察"}[r])
}

func (p phrases) metricZH(name string) string {
	return map[string]string{"contract_liabilities_yoy": "合同负债同比", "revenue_ttm_yoy": "营收(TTM)同比"}[name]
}

func (p phrases) pair(name string) string {
	return p.pick(name, map[string]string{"growth/value": "成长/价值", "large/small": "大盘/小盘"}[name])
}

func (p phrases) regime(leader string) string {
	if leader == "" {
		return p.get("na")
	}
	return p.pick(leader+"-led", map[string]string{"growth": "成长占优", "value": "价值占优", "large": "大盘占优", "small": "小盘占优"}[leader])
}

func (p phrases) relatedRole(r string) string {
	return p.pick(map[string]string{"index": "sector index", "etf": "ETF", "leader": "leader"}[r],
		map[string]string{"index": "行业指数", "etf": "ETF", "leader": "龙头"}[r])
}

// keys lists a language's template keys (for the completeness test).
func (p phrases) keys() []string {
	var out []string
	for k := range p.m {
		out = append(out, k)
	}
	return out
}
