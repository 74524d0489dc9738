package understand

// The curated alias table: what users call the 31 Shenwan 2021 level-1
// industries, in Chinese and English. Entries resolve by the sector's
// Chinese NAME against the catalog (a sector whose Name is "国防军工",
// preferring taxonomy sw2021 and level 1), never by a hard-coded code, so
// they work on any store that holds Shenwan sectors, and do nothing on a
// store that lacks them. Matching is case-insensitive, ignores spaces next
// to Chinese characters and reads "-" between letters as a space; an
// English alias also matches its plural in "s".
//
// Aliases mean the sector itself ("军工", "defense", "A&D"); themes are
// narrower ideas the sector covers ("卫星", "commercial space"); both are
// linked with an assumption in the question's language saying how the
// words were read. The catalog's own names and aliases win over this
// table. To add a name users type, add it here; docs/copilot.md lists
// the table's rules.

// curatedSector is one Shenwan level-1 industry's curated names.
type curatedSector struct {
	sector  string   // Shenwan level-1 name, as stored (Sector.Name)
	aliases []string // names of the sector itself
	themes  []string // narrower themes the sector covers
}

var curated = []curatedSector{
	{"农林牧渔",
		[]string{"农林牧渔", "农业", "农业股", "农林", "养殖", "养殖业", "agriculture", "agricultural", "agri", "agribusiness", "farming", "farm stocks"},
		[]string{"养猪", "生猪", "猪肉", "猪周期", "种业", "种子", "渔业", "林业", "饲料", "农产品", "hog", "hogs", "pork", "livestock", "seed companies", "fishery", "fisheries", "forestry", "animal feed"}},
	{"基础化工",
		[]string{"基础化工", "化工", "化工股", "化学", "化学品", "化工板块", "chemicals", "chemical", "basic chemicals", "chemical industry", "chemical stocks"},
		[]string{"化肥", "农药", "化纤", "氟化工", "磷化工", "钛白粉", "纯碱", "fertilizer", "fertilizers", "fertiliser", "fertilisers", "pesticides", "synthetic fibers"}},
	{"钢铁",
		[]string{"钢铁", "钢", "钢铁股", "钢材", "steel", "steelmakers", "steel makers", "steel stocks", "iron and steel", "iron & steel"},
		[]string{"特钢", "普钢", "铁矿石", "iron ore", "special steel"}},
	{"有色金属",
		[]string{"有色金属", "有色", "有色股", "non ferrous metals", "nonferrous metals", "non ferrous", "nonferrous", "metals", "metals and mining", "metals & mining", "base metals", "mining", "miners"},
		[]string{"黄金", "铜", "铝", "锂", "锂矿", "稀土", "贵金属", "工业金属", "小金属", "钴", "gold", "gold miners", "copper", "aluminium", "aluminum", "lithium", "rare earths", "rare earth", "precious metals", "industrial metals", "cobalt"}},
	{"电子",
		[]string{"电子", "电子股", "电子行业", "electronics", "electronic", "electronics stocks"},
		[]string{"半导体", "芯片", "集成电路", "消费电子", "元器件", "面板", "存储芯片", "光学光电子", "PCB", "半导体设备", "semiconductors", "semiconductor", "semis", "chips", "chip", "chipmakers", "chip makers", "chip stocks", "integrated circuits", "consumer electronics", "memory chips", "displays"}},
	{"家用电器",
		[]string{"家用电器", "家电", "家电股", "白电", "白色家电", "home appliances", "appliances", "household appliances", "white goods", "appliance makers"},
		[]string{"黑电", "小家电", "厨电", "空调", "kitchen appliances", "air conditioners"}},
	{"食品饮料",
		[]string{"食品饮料", "食饮", "食品", "饮料", "消费必需品", "food & beverage", "food and beverage", "food and beverages", "food & beverages", "F&B", "food", "beverages", "consumer staples", "staples"},
		[]string{"白酒", "啤酒", "酒类", "乳制品", "乳业", "调味品", "零食", "预制菜", "liquor", "baijiu", "beer", "dairy", "condiments", "snacks", "spirits makers"}},
	{"纺织服饰",
		[]string{"纺织服饰", "纺服", "纺织", "服装", "服饰", "纺织服装", "textiles", "apparel", "textiles & apparel", "textiles and apparel", "clothing", "garments", "fashion"},
		[]string{"鞋帽", "家纺", "运动服饰", "footwear", "sportswear"}},
	{"轻工制造",
		[]string{"轻工制造", "轻工", "light industry", "light manufacturing", "light industry manufacturing"},
		[]string{"家居", "家具", "造纸", "包装", "包装印刷", "文娱用品", "furniture", "home furnishing", "home furnishings", "paper and packaging", "paper & packaging", "papermakers", "packaging"}},
	{"医药生物",
		[]string{"医药生物", "医药", "生物医药", "医药股", "医疗", "医疗健康", "医药板块", "pharma", "pharmaceuticals", "pharmaceutical", "biotech", "biotechnology", "healthcare", "health care", "medical", "drugmakers", "drug makers", "life sciences", "biopharma"},
		[]string{"医疗器械", "创新药", "中药", "CXO", "疫苗", "生物科技", "制药", "医疗服务", "medical devices", "innovative drugs", "vaccines", "drug developers", "traditional chinese medicine"}},
	{"公用事业",
		[]string{"公用事业", "公用", "utilities", "utility", "utility stocks", "power utilities"},
		[]string{"电力", "水电", "火电", "核电", "绿电", "燃气", "水务", "发电", "electricity", "power generation", "power producers", "hydropower", "nuclear power", "gas utilities", "water utilities", "power companies"}},
	{"交通运输",
		[]string{"交通运输", "交运", "交通", "运输", "transportation", "transport", "transports", "transport stocks"},
		[]string{"物流", "快递", "航运", "港口", "机场", "铁路", "公路", "海运", "航空公司", "航司", "航空股", "集运", "logistics", "shipping", "shippers", "ports", "airlines", "airports", "railways", "railroads", "express delivery", "freight", "container shipping"}},
	{"房地产",
		[]string{"房地产", "地产", "地产股", "房地产股", "楼市", "房企", "real estate", "property", "properties", "property stocks", "property developers", "developers", "housing", "homebuilders", "real estate developers"},
		[]string{"物业", "物业管理", "房地产开发", "property management"}},
	{"商贸零售",
		[]string{"商贸零售", "商贸", "零售", "零售业", "retail", "retailers", "retail trade", "commerce", "retail stocks"},
		[]string{"百货", "超市", "电商", "电子商务", "跨境电商", "免税", "department stores", "supermarkets", "e commerce", "ecommerce", "online retail", "duty free"}},
	{"社会服务",
		[]string{"社会服务", "社服", "消费服务", "social services", "consumer services", "services"},
		[]string{"旅游", "酒店", "餐饮", "教育", "景区", "出行", "免税店", "tourism", "travel", "hotels", "restaurants", "catering", "education", "leisure", "travel stocks", "hospitality"}},
	{"综合",
		[]string{"综合", "综合类", "conglomerates", "conglomerate", "diversified holdings"},
		nil},
	{"建筑材料",
		[]string{"建筑材料", "建材", "建材股", "building materials", "construction materials"},
		[]string{"水泥", "玻璃", "玻纤", "防水材料", "消费建材", "cement", "glass", "fiberglass", "glass fiber"}},
	{"建筑装饰",
		[]string{"建筑装饰", "建筑", "建筑业", "建筑股", "基建", "基建股", "建筑工程", "construction", "construction & decoration", "construction and decoration", "construction stocks", "infrastructure", "builders", "engineering and construction", "engineering & construction"},
		[]string{"装修", "装饰", "工程建设", "央企基建", "decoration", "infrastructure stocks", "infrastructure construction"}},
	{"电力设备",
		[]string{"电力设备", "电新", "电气设备", "电力设备及新能源", "新能源", "新能源板块", "power equipment", "electrical equipment", "new energy", "clean energy", "clean tech", "cleantech"},
		[]string{"光伏", "锂电", "锂电池", "电池", "储能", "风电", "电网", "电网设备", "特高压", "逆变器", "固态电池", "充电桩", "solar", "photovoltaics", "photovoltaic", "PV", "batteries", "battery", "lithium batteries", "energy storage", "wind power", "wind energy", "grid equipment", "renewables", "renewable energy", "inverters", "ev batteries"}},
	{"国防军工",
		[]string{"国防军工", "军工", "国防", "军工股", "军工板块", "国防军工板块", "军工行业", "航空航天", "航天军工", "defense", "defence", "aerospace & defense", "aerospace and defense", "aerospace & defence", "aerospace and defence", "defense & aerospace", "defence & aerospace", "defense and aerospace", "A&D", "defense stocks", "defence stocks", "defense sector", "defence sector", "military", "military industry", "aerospace", "defense industry", "defence industry", "defense names"},
		[]string{"卫星", "卫星互联网", "卫星通信", "商业航天", "航天", "航空装备", "大飞机", "无人机", "导弹", "军机", "低轨卫星", "satellite", "satellites", "satellite internet", "satellite communications", "commercial space", "commercial spaceflight", "space", "space industry", "space stocks", "spaceflight", "drones", "military drones", "missiles", "space economy"}},
	{"计算机",
		[]string{"计算机", "计算机行业", "计算机板块", "软件", "软件股", "信息技术", "IT", "AI", "AI应用", "人工智能", "人工智能应用", "computers", "computer", "software", "software stocks", "it services", "information technology", "ai applications", "ai application", "ai apps", "artificial intelligence", "ai software"},
		[]string{"信创", "云计算", "网络安全", "数据要素", "金融科技", "SaaS", "cloud computing", "cybersecurity", "cyber security", "fintech", "enterprise software"}},
	{"传媒",
		[]string{"传媒", "传媒股", "传媒板块", "media", "media stocks", "media and entertainment", "media & entertainment"},
		[]string{"游戏", "影视", "广告", "出版", "院线", "短剧", "互联网传媒", "gaming", "games", "video games", "film", "movies", "cinema", "advertising", "publishing", "entertainment", "social media"}},
	{"通信",
		[]string{"通信", "通讯", "通信股", "通信板块", "通信行业", "telecom", "telecoms", "telecommunications", "communications", "telecom stocks", "telecommunication"},
		[]string{"光模块", "5G", "6G", "运营商", "通信设备", "光通信", "CPO", "optical modules", "telecom equipment", "telecom operators", "carriers", "optical communications"}},
	{"银行",
		[]string{"银行", "银行股", "银行板块", "银行业", "商业银行", "banks", "bank", "banking", "bank stocks", "lenders", "banking sector"},
		[]string{"城商行", "农商行", "国有大行", "股份行", "state banks", "regional banks", "commercial banks"}},
	{"非银金融",
		[]string{"非银金融", "非银", "非银行金融", "non bank financials", "non bank financial", "nonbank financials", "non bank", "nonbank", "non banks"},
		[]string{"券商", "券商股", "证券", "证券公司", "保险", "保险股", "多元金融", "信托", "brokers", "broker", "brokerages", "brokerage", "securities firms", "securities companies", "securities", "insurance", "insurers", "insurance stocks", "investment banks", "broker stocks", "asset managers"}},
	{"汽车",
		[]string{"汽车", "汽车股", "汽车板块", "汽车行业", "整车", "autos", "auto", "automobiles", "automobile", "automotive", "cars", "carmakers", "car makers", "automakers", "auto stocks"},
		[]string{"汽车零部件", "汽配", "新能源车", "新能源汽车", "电动车", "电动汽车", "智能驾驶", "自动驾驶", "乘用车", "EV", "EVs", "electric vehicles", "electric vehicle", "auto parts", "self driving", "autonomous driving", "ev makers"}},
	{"机械设备",
		[]string{"机械设备", "机械", "机械股", "机械板块", "machinery", "machines", "machinery stocks", "industrial machinery", "capital goods"},
		[]string{"机器人", "人形机器人", "工程机械", "工业母机", "机床", "自动化", "通用设备", "专用设备", "工业自动化", "robotics", "robots", "humanoid robots", "humanoids", "machine tools", "construction machinery", "industrial automation", "automation"}},
	{"煤炭",
		[]string{"煤炭", "煤", "煤炭股", "煤炭板块", "coal", "coal stocks", "coal miners", "coal mining"},
		[]string{"动力煤", "焦煤", "焦炭", "thermal coal", "coking coal", "coke"}},
	{"石油石化",
		[]string{"石油石化", "石化", "石油", "油气", "石油股", "petroleum", "petrochemicals", "petrochemical", "oil and gas", "oil & gas", "oil", "oil stocks", "oil majors", "petroleum and petrochemicals"},
		[]string{"原油", "炼化", "油服", "炼油", "crude oil", "crude", "refiners", "refining", "oilfield services"}},
	{"环保",
		[]string{"环保", "环保股", "环保板块", "环境保护", "environmental protection", "environmental", "environmental services"},
		[]string{"水处理", "固废", "环境治理", "垃圾处理", "节能环保", "pollution control", "waste management", "water treatment", "waste treatment"}},
	{"美容护理",
		[]string{"美容护理", "美护", "美容", "beauty care", "beauty", "beauty and personal care", "beauty & personal care", "personal care"},
		[]string{"医美", "化妆品", "美妆", "个护", "个人护理", "护肤", "cosmetics", "skincare", "skin care", "medical aesthetics", "makeup"}},
}

// curatedAmbiguity is a term that reads as several sectors, most
// plausible first. It links as an Ambiguity unless the catalog itself
// names the term (a stored alias wins).
type curatedAmbiguity struct {
	terms   []string
	sectors []string
}

var ambiguousTerms = []curatedAmbiguity{
	{[]string{"科技", "科技股", "科技板块", "tech", "technology", "tech stocks", "tech sector", "technology stocks"}, []string{"电子", "计算机", "通信"}},
	{[]string{"TMT"}, []string{"电子", "计算机", "传媒", "通信"}},
	{[]string{"算力", "AI算力", "computing power", "ai compute", "ai infrastructure"}, []string{"通信", "计算机", "电子"}},
	{[]string{"消费", "消费股", "大消费", "消费板块", "consumer", "consumption", "consumer stocks", "consumer sector"}, []string{"食品饮料", "家用电器", "商贸零售", "社会服务"}},
	{[]string{"可选消费", "consumer discretionary"}, []string{"汽车", "家用电器", "商贸零售", "社会服务", "纺织服饰"}},
	{[]string{"金融", "金融股", "大金融", "金融板块", "financials", "financial stocks", "financial sector", "finance"}, []string{"银行", "非银金融"}},
	{[]string{"能源", "能源股", "传统能源", "energy", "energy stocks", "energy sector"}, []string{"石油石化", "煤炭", "公用事业"}},
	{[]string{"周期", "周期股", "周期板块", "资源股", "cyclicals", "cyclical stocks", "resources", "commodities", "commodity stocks"}, []string{"有色金属", "煤炭", "钢铁", "基础化工", "石油石化"}},
	{[]string{"材料", "原材料", "新材料", "materials", "basic materials", "new materials"}, []string{"基础化工", "有色金属", "钢铁", "建筑材料"}},
	{[]string{"航空", "aviation"}, []string{"交通运输", "国防军工"}},
	{[]string{"天然气", "natural gas"}, []string{"石油石化", "公用事业"}},
	{[]string{"地产链", "地产产业链", "property chain"}, []string{"房地产", "建筑材料", "家用电器", "建筑装饰"}},
}

// blocked are phrases that contain an alias but name no sector; they
// hold their span so that the alias inside does not link.
var blocked = []string{
	"central bank", "central banks", "央行", "中央银行", "world bank", "people's bank", "人民银行",
	"blue chip", "blue chips", "蓝筹", "retail investors", "retail investor", "retail money", "retail flows", "retail buying",
	"securities lending", "securities regulator", "证券监管", "证券市场", "purchasing power", "pricing power", "buying power",
	"黄金坑", "黄金周", "黄金期", "黄金时代", "黄金分割", "golden cross", "animal spirits", "股指期货", "期货市场",
	"space for", "space to", "more space", "much space", "breathing space", "white space", "intellectual property",
	"保险起见", "consumer prices", "consumer confidence", "consumer price", "消费者", "消费数据", "energy prices", "能源价格",
	"technology roadmap", "bargaining chip",
}

// weak aliases are also everyday words: they link only when a sector
// word follows ("综合板块", "power stocks", "the mining sector").
var weak = map[string]bool{
	"综合": true, "交通": true, "运输": true, "包装": true, "出行": true,
	"services": true, "power": true, "equipment": true, "commerce": true, "food": true, "developers": true,
	"housing": true, "properties": true, "environmental": true, "medical": true, "mining": true, "machines": true,
	"auto": true, "oil": true, "crude": true, "coke": true, "glass": true, "travel": true, "fashion": true, "film": true,
	"games": true, "leisure": true, "entertainment": true, "transport": true, "carriers": true, "staples": true,
	"packaging": true, "miners": true, "displays": true, "freight": true,
}

// sectorWords make a weak alias a sector when they follow it.
var sectorWords = []string{
	"板块", "行业", "概念", "指数", "股", "etf", "sector", "sectors", "stocks", "shares", "industry", "industries",
	"names", "companies", "etfs", "index",
}
