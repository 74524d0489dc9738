package fulltext

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// theme is one subject of the synthetic corpus, in both languages.
type theme struct {
	sector   research.SectorRef
	zh, en   []string        // subject terms
	zhCo     []string        // company names in Chinese text
	enCo     []string        // company names in English text
	symbols  []market.Symbol // the companies' symbols, in the same order
	zhDriver []string        // what moves it
	enDriver []string
}

var themes = []theme{
	{research.SectorRef{Taxonomy: "sw2021", Code: "801740"}, []string{"军工", "国防军工", "航空装备", "导弹", "军机"},
		[]string{"defense", "military aircraft", "missiles", "shipbuilding", "defense electronics"},
		[]string{"中航沈飞", "航发动力", "中航西飞"}, []string{"AVIC Shenyang", "AECC Aero Engine", "AVIC Xi'an"},
		[]market.Symbol{"600760.SH", "600893.SH", "000768.SZ"}, []string{"装备订单回暖", "合同负债增长", "国防预算增加"},
		[]string{"a rebound in equipment orders", "rising contract liabilities", "a larger defense budget"}},
	{research.SectorRef{Taxonomy: "theme", Code: "space"}, []string{"商业航天", "卫星", "火箭", "低轨星座", "卫星互联网"},
		[]string{"commercial space", "satellites", "rockets", "launch services", "satellite internet"},
		[]string{"中国卫星", "航天电子", "航天发展"}, []string{"China Spacesat", "Aerospace Times Electronics", "Aerospace Development"},
		[]market.Symbol{"600118.SH", "600879.SH", "000547.SZ"}, []string{"发射次数增加", "星座组网加速", "火箭回收技术突破"},
		[]string{"more launches", "faster constellation deployment", "reusable rocket breakthroughs"}},
	{research.SectorRef{Taxonomy: "sw2021", Code: "801080"}, []string{"半导体", "芯片", "光刻机", "晶圆", "国产替代"},
		[]string{"semiconductors", "chips", "lithography", "wafers", "equipment localisation"},
		[]string{"北方华创", "中芯国际", "韦尔股份"}, []string{"NAURA", "SMIC", "Will Semiconductor"},
		[]market.Symbol{"002371.SZ", "688981.SH", "603501.SH"}, []string{"设备国产化", "存储价格回升", "先进制程扩产"},
		[]string{"domestic equipment orders", "recovering memory prices", "advanced node capacity"}},
	{research.SectorRef{Taxonomy: "sw2021", Code: "801880"}, []string{"新能源汽车", "动力电池", "充电桩", "锂电", "智能驾驶"},
		[]string{"electric vehicles", "power batteries", "charging piles", "lithium", "autonomous driving"},
		[]string{"宁德时代", "比亚迪", "赛力斯"}, []string{"CATL", "BYD", "Seres"},
		[]market.Symbol{"300750.SZ", "002594.SZ", "601127.SH"}, []string{"以旧换新政策", "出口增长", "电池成本下降"},
		[]string{"trade-in subsidies", "export growth", "falling battery costs"}},
	{research.SectorRef{Taxonomy: "sw2021", Code: "801730"}, []string{"光伏", "硅料", "组件", "储能", "逆变器"},
		[]string{"solar", "polysilicon", "modules", "energy storage", "inverters"},
		[]string{"隆基绿能", "通威股份", "阳光电源"}, []string{"LONGi", "Tongwei", "Sungrow"},
		[]market.Symbol{"601012.SH", "600438.SH", "300274.SZ"}, []string{"产能出清", "装机量超预期", "组件价格企稳"},
		[]string{"capacity exits", "installations beating forecasts", "module prices stabilising"}},
	{research.SectorRef{Taxonomy: "sw2021", Code: "801150"}, []string{"医药", "创新药", "集采", "医疗器械", "临床试验"},
		[]string{"pharmaceuticals", "innovative drugs", "volume-based procurement", "medical devices", "clinical trials"},
		[]string{"恒瑞医药", "迈瑞医疗", "药明康德"}, []string{"Hengrui", "Mindray", "WuXi AppTec"},
		[]market.Symbol{"600276.SH", "300760.SZ", "603259.SH"}, []string{"新药获批上市", "海外授权交易", "集采降价影响减弱"},
		[]string{"new drug approvals", "out-licensing deals", "easing procurement price cuts"}},
	{research.SectorRef{Taxonomy: "sw2021", Code: "801120"}, []string{"白酒", "食品饮料", "消费", "高端白酒", "啤酒"},
		[]string{"baijiu", "food and beverage", "consumption", "premium liquor", "beer"},
		[]string{"贵州茅台", "五粮液", "泸州老窖"}, []string{"Kweichow Moutai", "Wuliangye", "Luzhou Laojiao"},
		[]market.Symbol{"600519.SH", "000858.SZ", "000568.SZ"}, []string{"春节动销", "渠道库存下降", "批价企稳"},
		[]string{"holiday sell-through", "lower channel inventory", "stable wholesale prices"}},
	{research.SectorRef{Taxonomy: "sw2021", Code: "801780"}, []string{"银行", "息差", "券商", "保险", "分红"},
		[]string{"banks", "net interest margin", "brokers", "insurers", "dividends"},
		[]string{"招商银行", "中信证券", "中国平安"}, []string{"China Merchants Bank", "CITIC Securities", "Ping An"},
		[]market.Symbol{"600036.SH", "600030.SH", "601318.SH"}, []string{"降准释放流动性", "成交额放大", "高股息策略"},
		[]string{"a reserve ratio cut", "higher turnover", "high-dividend strategies"}},
	{research.SectorRef{Taxonomy: "theme", Code: "ai"}, []string{"人工智能", "算力", "大模型", "服务器", "光模块"},
		[]string{"artificial intelligence", "computing power", "large models", "servers", "optical modules"},
		[]string{"科大讯飞", "中际旭创", "浪潮信息"}, []string{"iFlytek", "Innolight", "Inspur"},
		[]market.Symbol{"002230.SZ", "300308.SZ", "000977.SZ"}, []string{"算力需求爆发", "大模型应用落地", "资本开支上调"},
		[]string{"surging compute demand", "large model applications", "higher capital spending"}},
	{research.SectorRef{Taxonomy: "theme", Code: "robot"}, []string{"机器人", "人形机器人", "减速器", "低空经济", "无人机"},
		[]string{"robotics", "humanoid robots", "reducers", "low-altitude economy", "drones"},
		[]string{"汇川技术", "绿的谐波", "万丰奥威"}, []string{"Inovance", "Leaderdrive", "Wanfeng Auto"},
		[]market.Symbol{"300124.SZ", "688017.SH", "002085.SZ"}, []string{"量产时间表明确", "政策支持低空空域开放", "核心部件国产化"},
		[]string{"a clear mass-production timeline", "low-altitude airspace opening", "local core components"}},
}

var (
	zhTemplates = []string{
		"%[1]s发布公告称，%[2]s业务收入同比增长%[4]d%%，在手订单持续增加。",
		"分析人士认为，%[3]s板块近期上涨主要受%[5]s推动，资金连续%[6]d日净流入。",
		"%[3]s指数本周上涨%[4]d%%，成交额达到%[7]d亿元，创下年内新高。",
		"机构调研显示，%[1]s的%[2]s产品需求旺盛，产能利用率维持高位。",
		"受%[5]s影响，%[2]s产业链景气度回升，多家公司上调全年业绩预期。",
		"%[1]s表示，公司将继续加大%[2]s研发投入，研发费用率提升至%[6]d%%。",
		"北向资金本月净买入%[3]s板块%[7]d亿元，融资余额同步增加。",
		"市场人士指出，%[3]s估值处于历史%[4]d%%分位，仍需关注业绩兑现情况。",
		"政策层面，有关部门提出支持%[2]s高质量发展，完善产业配套措施。",
		"从基本面看，%[1]s合同负债较年初增长%[4]d%%，显示下游需求较为稳健。",
	}
	enTemplates = []string{
		"%[1]s said revenue from %[2]s rose %[4]d%% from a year earlier, with order books still growing.",
		"Analysts attribute the recent rally in %[3]s shares to %[5]s, with net inflows for %[6]d straight days.",
		"The %[3]s index gained %[4]d%% this week on turnover of %[7]d billion yuan, a high for the year.",
		"Channel checks suggest strong demand for %[1]s's %[2]s products and high utilisation rates.",
		"Thanks to %[5]s, the %[2]s supply chain is recovering and several companies raised guidance.",
		"%[1]s plans to keep raising spending on %[2]s research, lifting R&D intensity to %[6]d%% of sales.",
		"Northbound investors bought a net %[7]d billion yuan of %[3]s stocks this month as margin debt rose.",
		"Valuations of %[3]s names sit at the %[4]dth percentile of their history, so earnings delivery matters.",
		"Officials pledged support for high-quality development of %[2]s and better industrial policy.",
		"Contract liabilities at %[1]s grew %[4]d%% since January, a sign that downstream demand is steady.",
	}
	zhPublishers = []string{"证券时报", "上海证券报", "中国证券报", "财联社", "第一财经", "券商研究所"}
	enPublishers = []string{"Example Wire", "Market Daily", "Asia Equity Research", "Sector Notes", "Policy Watch"}
)

// corpusStart and corpusDays bound publication dates.
var corpusStart = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)

const corpusDays = 1785 // to 2026-11-20

// corpus returns a deterministic mixed corpus of documents holding
// exactly passages passages: 60% Chinese, 40% English, 3–7 paragraphs
// each (one passage per paragraph), over ten themes, with dates spread
// over five years.
func corpus(passages int) []research.Document {
	r := rand.New(rand.NewPCG(2026, 11))
	var docs []research.Document
	for n := 0; n < passages; {
		k := min(3+r.IntN(5), passages-n)
		d := corpusDoc(r, len(docs), k)
		if len(d.Passages) != k {
			panic(fmt.Sprintf("corpus document %d has %d passages, want %d", len(docs), len(d.Passages), k))
		}
		docs = append(docs, d)
		n += k
	}
	return docs
}

// corpusDoc makes document i with k paragraphs.
func corpusDoc(r *rand.Rand, i, k int) research.Document {
	th := themes[r.IntN(len(themes))]
	zh := r.IntN(10) < 6
	tmpl, terms, cos, drivers, sep := enTemplates, th.en, th.enCo, th.enDriver, " "
	if zh {
		tmpl, terms, cos, drivers, sep = zhTemplates, th.zh, th.zhCo, th.zhDriver, ""
	}
	co := r.IntN(len(cos))
	paras := make([]string, k)
	for p := range paras {
		n := 3 + r.IntN(4) // Chinese paragraphs: 3–6 sentences, ~100–300 runes
		if !zh {
			n = 3 + r.IntN(2) // English: 3–4 sentences, under the 600-rune passage limit
		}
		sentences := make([]string, n)
		for s := range sentences {
			c := co
			if r.IntN(3) == 0 {
				c = r.IntN(len(cos))
			}
			sentences[s] = fmt.Sprintf(tmpl[r.IntN(len(tmpl))], cos[c], terms[r.IntN(len(terms))], terms[0],
				1+r.IntN(60), drivers[r.IntN(len(drivers))], 2+r.IntN(15), 5+r.IntN(300))
		}
		paras[p] = strings.Join(sentences, sep)
	}
	d := research.Document{
		Title:       fmt.Sprintf("%s %s #%d", cos[co], terms[r.IntN(len(terms))], i),
		PublishedAt: corpusStart.AddDate(0, 0, r.IntN(corpusDays)).Add(time.Duration(r.IntN(86400)) * time.Second),
		Kind:        research.Kinds[min(r.IntN(8), len(research.Kinds)-1)],
		Sectors:     []research.SectorRef{th.sector},
		Symbols:     []market.Symbol{th.symbols[co]},
		Body:        strings.Join(paras, "\n\n"),
		Source:      "bench",
	}
	if zh {
		d.Language, d.Publisher = research.LangZH, zhPublishers[r.IntN(len(zhPublishers))]
	} else {
		d.Language, d.Publisher = research.LangEN, enPublishers[r.IntN(len(enPublishers))]
	}
	d.Finish()
	return d
}

// benchQueries are 50 searches: 25 texts (Chinese and English, one and
// several words, common and rare), each alone and with a filter that
// keeps some of its hits (a year, its theme's sector or symbols, its
// language, two kinds, or a combination).
func benchQueries() (plain, filtered []research.Query) {
	texts := []struct {
		text  string
		theme int
	}{
		{"军工", 0}, {"卫星", 1}, {"商业航天", 1}, {"半导体 国产替代", 2}, {"新能源汽车", 3}, {"光伏 组件", 4},
		{"创新药", 5}, {"白酒 批价", 6}, {"券商", 7}, {"人工智能 算力", 8}, {"人形机器人", 9}, {"低空经济", 9},
		{"合同负债", 0}, {"资金 净流入", 3}, {"火箭回收", 1},
		{"defense", 0}, {"satellite internet", 1}, {"semiconductors lithography", 2}, {"electric vehicles", 3},
		{"solar modules", 4}, {"innovative drugs", 5}, {"net interest margin", 7}, {"computing power", 8},
		{"humanoid robots", 9}, {"contract liabilities", 0},
	}
	year := func(y int) research.Filter {
		return research.Filter{From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)}
	}
	for i, t := range texts {
		th := themes[t.theme]
		lang := research.DetectLanguage(t.text)
		var f research.Filter
		switch i % 6 {
		case 0:
			f = year(2025)
		case 1:
			f.Sectors = []research.SectorRef{th.sector}
		case 2:
			f.Languages = []string{lang}
		case 3:
			f.Kinds = []research.Kind{research.KindResearch, research.KindPolicy}
		case 4:
			f.Symbols = th.symbols[:2]
		case 5:
			f = year(2026)
			f.Sectors, f.Languages = []research.SectorRef{th.sector}, []string{lang}
		}
		plain = append(plain, research.Query{Text: t.text})
		filtered = append(filtered, research.Query{Text: t.text, Filter: f})
	}
	return plain, filtered
}
