package demo

import "github.com/sextant-ai/sextant/internal/market"

// TaxonomyID is the taxonomy of the demo sectors.
const TaxonomyID = "sw2021"

// Codes of the sectors that carry planted scenarios.
const (
	DefenseCode   = "801740" // 国防军工, the rally
	ComputersCode = "801750" // 计算机, the fading rally
)

// Index symbols of the benchmark and style indices.
const (
	Benchmark   market.Symbol = "000300.SH" // CSI-300-like: largest 300 by base market cap
	GrowthIndex market.Symbol = "399370.SZ" // 国证成长-like
	ValueIndex  market.Symbol = "399371.SZ" // 国证价值-like
	LargeIndex  market.Symbol = "000016.SH" // 上证50-like: largest 50
	SmallIndex  market.Symbol = "000852.SH" // 中证1000-like
)

// sectorSpec describes one Shenwan 2021 level-1 industry and how its demo
// stocks behave.
type sectorSpec struct {
	code, name, nameEN string
	aliases            []string
	weight             float64  // share of listed stocks (relative)
	tilt               float64  // mean style exposure: + growth, − value
	state              float64  // probability a member is state-owned
	rd                 float64  // R&D / revenue
	margin             float64  // net margin
	words              []string // industry words for synthetic names
	wordsEN            []string
}

// swSectors are the 31 Shenwan 2021 level-1 industries in code order.
var swSectors = []sectorSpec{
	{"801010", "农林牧渔", "Agriculture, Forestry, Animal Husbandry & Fishery", []string{"农业", "农林牧渔", "养殖", "agriculture", "farming"}, 3.2, 0, 0.25, 0.02, 0.06, []string{"农业", "牧业", "种业"}, []string{"Agriculture", "Livestock", "Seeds"}},
	{"801030", "基础化工", "Basic Chemicals", []string{"化工", "chemicals", "chemical"}, 7.0, 0, 0.25, 0.03, 0.08, []string{"化工", "化学", "新材"}, []string{"Chemical", "Chemistry", "New Materials"}},
	{"801040", "钢铁", "Steel", []string{"钢", "steel"}, 1.0, -0.6, 0.7, 0.02, 0.04, []string{"钢铁", "特钢"}, []string{"Steel", "Special Steel"}},
	{"801050", "有色金属", "Non-ferrous Metals", []string{"有色", "metals", "non-ferrous metals", "nonferrous"}, 2.8, -0.1, 0.45, 0.02, 0.06, []string{"矿业", "有色", "金属"}, []string{"Mining", "Nonferrous", "Metals"}},
	{"801080", "电子", "Electronics", []string{"电子", "半导体", "芯片", "electronics", "semiconductors", "chips"}, 9.0, 0.6, 0.15, 0.08, 0.09, []string{"电子", "微电", "光电", "芯科"}, []string{"Electronics", "Microelectronics", "Optoelectronics", "Chiptech"}},
	{"801110", "家用电器", "Home Appliances", []string{"家电", "appliances", "home appliances"}, 1.8, 0, 0.15, 0.03, 0.08, []string{"电器", "家电"}, []string{"Electric Appliances", "Home Appliances"}},
	{"801120", "食品饮料", "Food & Beverage", []string{"食饮", "白酒", "食品", "F&B", "food and beverage", "consumer staples"}, 2.6, 0, 0.3, 0.01, 0.15, []string{"食品", "酒业", "饮品"}, []string{"Foods", "Liquor", "Beverages"}},
	{"801130", "纺织服饰", "Textiles & Apparel", []string{"纺服", "服装", "textiles", "apparel"}, 2.2, -0.1, 0.1, 0.02, 0.06, []string{"纺织", "服饰"}, []string{"Textiles", "Apparel"}},
	{"801140", "轻工制造", "Light Industry Manufacturing", []string{"轻工", "家居", "造纸", "light industry"}, 3.0, 0, 0.12, 0.03, 0.06, []string{"家居", "纸业", "包装"}, []string{"Home Furnishing", "Paper", "Packaging"}},
	{"801150", "医药生物", "Pharmaceuticals & Biotech", []string{"医药", "生物医药", "医疗", "pharma", "biotech", "healthcare", "pharmaceuticals"}, 8.2, 0.5, 0.2, 0.09, 0.11, []string{"药业", "生物", "医疗"}, []string{"Pharmaceutical", "Biotech", "Medical"}},
	{"801160", "公用事业", "Utilities", []string{"公用", "电力", "utilities", "power"}, 2.6, -0.6, 0.85, 0.01, 0.10, []string{"能源", "电力", "燃气"}, []string{"Energy", "Power", "Gas"}},
	{"801170", "交通运输", "Transportation", []string{"交运", "物流", "航运", "transportation", "logistics", "shipping"}, 2.6, -0.5, 0.6, 0.01, 0.08, []string{"物流", "航运", "港务"}, []string{"Logistics", "Shipping", "Port"}},
	{"801180", "房地产", "Real Estate", []string{"地产", "房地产", "real estate", "property"}, 2.0, -0.7, 0.55, 0.01, 0.05, []string{"置业", "地产"}, []string{"Properties", "Real Estate"}},
	{"801200", "商贸零售", "Retail Trade", []string{"商贸", "零售", "retail", "commerce"}, 2.0, -0.2, 0.35, 0.01, 0.03, []string{"商贸", "百货"}, []string{"Trading", "Department Stores"}},
	{"801210", "社会服务", "Social Services", []string{"社服", "旅游", "酒店", "social services", "tourism", "consumer services"}, 1.4, 0.1, 0.35, 0.02, 0.08, []string{"旅游", "文旅", "教育"}, []string{"Tourism", "Culture & Tourism", "Education"}},
	{"801230", "综合", "Conglomerates", []string{"综合", "conglomerates", "conglomerate"}, 0.5, -0.2, 0.5, 0.01, 0.04, []string{"实业", "控股"}, []string{"Industrial", "Holdings"}},
	{"801710", "建筑材料", "Building Materials", []string{"建材", "水泥", "building materials", "cement"}, 1.4, -0.4, 0.45, 0.02, 0.08, []string{"建材", "水泥", "玻璃"}, []string{"Building Materials", "Cement", "Glass"}},
	{"801720", "建筑装饰", "Construction & Decoration", []string{"建筑", "基建", "construction", "infrastructure"}, 3.0, -0.6, 0.6, 0.02, 0.03, []string{"建设", "建工", "设计"}, []string{"Construction", "Engineering", "Design"}},
	{"801730", "电力设备", "Power Equipment", []string{"电新", "新能源", "光伏", "锂电", "power equipment", "new energy", "solar", "batteries"}, 6.0, 0.6, 0.2, 0.05, 0.08, []string{"电气", "新能", "储能", "光能"}, []string{"Electric", "New Energy", "Energy Storage", "Solar"}},
	{"801740", "国防军工", "Defense & Aerospace", []string{"军工", "国防", "国防军工", "航空航天", "航天", "商业航天", "卫星", "defense", "defence", "A&D", "aerospace & defense", "aerospace and defense", "aerospace", "military"}, 2.3, 0.3, 0.75, 0.07, 0.08, []string{"航电", "军工", "航天", "防务", "精机"}, []string{"Avionics", "Defense", "Aerospace", "Defense Systems", "Precision"}},
	{"801750", "计算机", "Computers", []string{"计算机", "软件", "信创", "人工智能", "computers", "computer", "software", "IT", "AI"}, 6.0, 0.7, 0.2, 0.12, 0.07, []string{"软件", "信息", "数科", "智能"}, []string{"Software", "Information", "Digital", "Intelligence"}},
	{"801760", "传媒", "Media", []string{"传媒", "游戏", "影视", "media", "gaming"}, 2.6, 0.4, 0.3, 0.06, 0.07, []string{"传媒", "互娱", "影业"}, []string{"Media", "Interactive", "Pictures"}},
	{"801770", "通信", "Telecommunications", []string{"通信", "通讯", "光模块", "telecom", "telecommunications", "communications"}, 2.4, 0.5, 0.3, 0.08, 0.07, []string{"通信", "光通", "网络"}, []string{"Communications", "Photonics", "Networks"}},
	{"801780", "银行", "Banks", []string{"银行", "banks", "banking"}, 0.9, -1.0, 0.9, 0.0, 0.30, []string{"银行", "农商行"}, []string{"Bank", "Rural Commercial Bank"}},
	{"801790", "非银金融", "Non-bank Financials", []string{"非银", "券商", "证券", "保险", "non-bank financials", "brokers", "securities", "insurance"}, 1.8, -0.4, 0.6, 0.0, 0.25, []string{"证券", "信托", "保险"}, []string{"Securities", "Trust", "Insurance"}},
	{"801880", "汽车", "Automobiles", []string{"汽车", "整车", "汽车零部件", "autos", "automobiles", "cars"}, 5.0, 0.2, 0.25, 0.04, 0.06, []string{"汽车", "车业", "汽配"}, []string{"Automotive", "Motors", "Auto Parts"}},
	{"801890", "机械设备", "Machinery", []string{"机械", "机器人", "machinery", "equipment", "robotics"}, 9.0, 0.2, 0.25, 0.05, 0.08, []string{"机械", "重工", "智造", "装备"}, []string{"Machinery", "Heavy Industry", "Smart Manufacturing", "Equipment"}},
	{"801950", "煤炭", "Coal", []string{"煤炭", "煤", "coal"}, 0.8, -0.8, 0.8, 0.01, 0.15, []string{"煤业", "能源"}, []string{"Coal", "Energy"}},
	{"801960", "石油石化", "Petroleum & Petrochemicals", []string{"石化", "石油", "油气", "petroleum", "petrochemicals", "oil and gas", "oil"}, 0.9, -0.7, 0.75, 0.01, 0.06, []string{"石化", "油服"}, []string{"Petrochemical", "Oilfield Services"}},
	{"801970", "环保", "Environmental Protection", []string{"环保", "environmental", "environmental protection"}, 2.6, -0.1, 0.45, 0.03, 0.08, []string{"环保", "环境", "水务"}, []string{"Environmental", "Environment", "Water"}},
	{"801980", "美容护理", "Beauty Care", []string{"美护", "美容护理", "医美", "化妆品", "beauty care", "beauty", "cosmetics"}, 0.6, 0.5, 0.1, 0.04, 0.12, []string{"美妆", "护理"}, []string{"Cosmetics", "Care"}},
}

// sectorIndex returns the position of a sector code in swSectors, or -1.
func sectorIndex(code string) int {
	for i, s := range swSectors {
		if s.code == code {
			return i
		}
	}
	return -1
}

// etfSpec is one themed ETF tracking a sector index.
type etfSpec struct {
	symbol       market.Symbol
	name, nameEN string
	sector       string
}

// etfSpecs are the demo's themed ETFs (synthetic; codes are realistic).
var etfSpecs = []etfSpec{
	{"512660.SH", "军工ETF", "Defense ETF", "801740"},
	{"512680.SH", "军工龙头ETF", "Defense Leaders ETF", "801740"},
	{"512810.SH", "国防军工ETF", "National Defense ETF", "801740"},
	{"159638.SZ", "航天军工ETF", "Aerospace & Defense ETF", "801740"},
	{"512720.SH", "计算机ETF", "Computers ETF", "801750"},
	{"159998.SZ", "计算机指数ETF", "Computers Index ETF", "801750"},
	{"515230.SH", "软件ETF", "Software ETF", "801750"},
	{"512480.SH", "半导体ETF", "Semiconductor ETF", "801080"},
	{"159995.SZ", "芯片ETF", "Chips ETF", "801080"},
	{"515260.SH", "电子ETF", "Electronics ETF", "801080"},
	{"512800.SH", "银行ETF", "Banks ETF", "801780"},
	{"512880.SH", "证券ETF", "Securities ETF", "801790"},
	{"512070.SH", "非银ETF", "Non-bank Financials ETF", "801790"},
	{"512010.SH", "医药ETF", "Pharma ETF", "801150"},
	{"512170.SH", "医疗ETF", "Healthcare ETF", "801150"},
	{"515170.SH", "食品饮料ETF", "Food & Beverage ETF", "801120"},
	{"512690.SH", "酒ETF", "Liquor ETF", "801120"},
	{"515790.SH", "光伏ETF", "Solar ETF", "801730"},
	{"159755.SZ", "电池ETF", "Battery ETF", "801730"},
	{"516160.SH", "新能源ETF", "New Energy ETF", "801730"},
	{"516110.SH", "汽车ETF", "Autos ETF", "801880"},
	{"512400.SH", "有色金属ETF", "Non-ferrous Metals ETF", "801050"},
	{"515220.SH", "煤炭ETF", "Coal ETF", "801950"},
	{"515210.SH", "钢铁ETF", "Steel ETF", "801040"},
	{"159870.SZ", "化工ETF", "Chemicals ETF", "801030"},
	{"512200.SH", "房地产ETF", "Real Estate ETF", "801180"},
	{"512980.SH", "传媒ETF", "Media ETF", "801760"},
	{"159869.SZ", "游戏ETF", "Gaming ETF", "801760"},
	{"515880.SH", "通信ETF", "Telecom ETF", "801770"},
	{"159996.SZ", "家电ETF", "Home Appliances ETF", "801110"},
	{"159886.SZ", "机械ETF", "Machinery ETF", "801890"},
	{"159825.SZ", "农业ETF", "Agriculture ETF", "801010"},
	{"159745.SZ", "建材ETF", "Building Materials ETF", "801710"},
	{"516970.SH", "基建ETF", "Infrastructure ETF", "801720"},
	{"159666.SZ", "交通运输ETF", "Transportation ETF", "801170"},
	{"159611.SZ", "电力ETF", "Power ETF", "801160"},
	{"512580.SH", "环保ETF", "Environmental ETF", "801970"},
	{"159766.SZ", "旅游ETF", "Tourism ETF", "801210"},
	{"159697.SZ", "油气ETF", "Oil & Gas ETF", "801960"},
}

// sectorSymbol is the index symbol of a Shenwan code.
func sectorSymbol(code string) market.Symbol { return market.Symbol(code + ".SI") }
