package demo

import (
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// The Computers (801750) corpus follows the fading rally: drivers during
// the run-up, signs of a blow-off at the top, redemptions, a tightening
// policy and reversal risk in the roll-over. Then the growth → value style
// shift, and background items on other sectors that give search
// distractors. Texts state no market statistics; see Documents.

var computers = []string{ComputersCode}

func fadingAt(phase string, day int) anchor { return anchor{scen: scenFading, phase: phase, day: day} }

func computersSpecs() []docSpec { return computersDocs }

var computersDocs = []docSpec{
	{slug: "computers-xinchuang-ai-guidance", topic: "runup", at: fadingAt("run-up", 2), kind: research.KindPolicy, sectors: computers,
		zh: docText{"关于加快信息技术应用创新和“人工智能+”行动的指导意见发布", `{DATE}，有关部门发布指导意见，部署加快信息技术应用创新和“人工智能+”行动。

举措：党政机关和金融、能源、交通等重点行业信创替代扩面提速。影响：基础软件、行业应用软件和系统集成订单增加。

举措：开展“人工智能+”行业应用示范，支持大模型在政务、制造和医疗等领域落地。影响：AI 应用软件和数据服务需求扩大。

举措：统筹建设算力基础设施，推进政务云集约化。影响：云平台建设与运维、数据平台项目增多。`},
		en: docText{"Guidance on accelerating domestic IT innovation and \"AI+\" applications", `Guidance issued on {DATE} sets out faster adoption of domestic information technology and an "AI+" programme.

Initiative: wider and faster replacement with domestic IT in government and in key industries such as finance, energy and transport. Impact: more orders for base software, industry applications and systems integration.

Initiative: "AI+" pilot applications, with support for large models in government services, manufacturing and healthcare. Impact: growing demand for AI application software and data services.

Initiative: coordinated build-out of computing infrastructure and consolidation of government clouds. Impact: more cloud-platform construction, operation and data-platform projects.`}},
	{slug: "computers-gov-cloud-award", topic: "runup", at: fadingAt("run-up", 12), kind: research.KindAnnouncement, sectors: computers, leaders: []int{0},
		zh: docText{"{L0}：关于中标政务云平台建设项目的公告", `证券代码：{C0}；证券简称：{L0}

公司于近日收到中标通知书，确认公司为某省级政务云平台建设项目的中标单位，中标金额约6.8亿元，项目内容涵盖{P0}的建设、迁移与运维服务。

对公司的影响：项目中标有利于公司拓展政务云与数据平台业务，预计对公司未来经营业绩产生积极影响。

风险提示：公司尚未与招标人签订正式合同，合同条款及履行存在不确定性，敬请投资者注意投资风险。`},
		en: docText{"{L0}: announcement on winning a government cloud platform project", `Stock code: {C0}; stock name: {L0}

The Company has received a notice of award confirming it as the winning bidder for a provincial government cloud platform project worth about CNY 0.68 billion, covering construction, migration and operation of {P0}.

Impact: the award helps the Company grow its government cloud and data-platform business and is expected to have a positive effect on its future results.

Risk warning: the formal contract has not yet been signed, and its terms and performance are uncertain. Investors are reminded of investment risks.`}},
	{slug: "computers-ai-drivers", topic: "runup", at: fadingAt("run-up", 35), kind: research.KindResearch, sectors: computers, etfs: true, leaders: []int{0, 2},
		zh: docText{"计算机：AI应用与信创双主线，板块表现强势", `核心观点：近期{SECTOR}板块表现强势，驱动来自“人工智能+”应用落地和信创替代扩面两条主线，政策与订单共振。

资金面：计算机主题 ETF 获得资金净申购，{ETFS}的份额有所增加，融资资金同步流入。

关注标的：政务云与数据平台方向的{L0}，以及信创与行业软件方向的{L2}。

风险提示：AI 应用商业化进度不及预期，政府采购节奏波动。`},
		en: docText{"Computers: AI applications and domestic IT drive a strong run", `Our view: {SECTOR} has been strong, driven by two themes — "AI+" applications reaching customers and the widening replacement with domestic IT — with policy and orders reinforcing each other.

Flows: the computer ETFs have drawn net creations, with shares of {ETFS} rising, and margin money has flowed in too.

Names we watch: {L0} in government cloud and data platforms, and {L2} in domestic IT and industry software.

Risks: slower commercialisation of AI applications, and uneven government procurement.`}},
	{slug: "computers-model-release-rally", topic: "blowoff", at: fadingAt("blow-off", 9), kind: research.KindNews, sectors: computers, etfs: true,
		zh: docText{"大模型新品密集发布，软件股持续活跃", `{DATE}，多家厂商密集发布新一代大模型及智能体产品，{SECTOR}板块中的软件与 AI 应用股近期持续活跃，成交明显放大。

市场人士表示，新品发布强化了市场对 AI 应用商业化的预期，短线资金大量涌入相关主题。

也有观点提醒，部分公司 AI 业务收入占比仍低，股价上涨更多反映预期而非业绩。`},
		en: docText{"Wave of new AI model launches keeps software stocks in play", `Several vendors launched new large models and AI agent products on {DATE}; software and AI application stocks in {SECTOR} have stayed in play, with trading sharply higher.

Market participants say the launches reinforced hopes for commercial AI applications, and short-term money poured into the theme.

Others caution that AI is still a small part of revenue at many companies, so the gains reflect hopes more than results.`}},
	{slug: "computers-blowoff-signs", topic: "blowoff", at: fadingAt("blow-off", -2), kind: research.KindResearch, sectors: computers, etfs: true,
		zh: docText{"计算机板块加速上涨，警惕情绪过热", `{SECTOR}板块近期加速上涨，呈现典型的“加速赶顶”特征：涨势陡峭、成交急剧放大、题材扩散至业绩支撑较弱的公司。

我们认为，情绪驱动的加速上涨往往难以持续。板块在数月前已有一轮显著上涨，本轮再度加速后，获利盘与杠杆资金的集中度均明显升高。

建议逐步兑现收益，关注 ETF 份额和融资余额是否由增转减。`},
		en: docText{"Computers accelerate higher: beware of overheating", `{SECTOR} has been rising at an accelerating pace, with the classic marks of a blow-off: a steep advance, surging turnover and the theme spreading to companies with weak earnings support.

We think sentiment-driven acceleration rarely lasts. The sector already had a large run-up a few months ago; after this new acceleration, both profit-taking pressure and leverage are concentrated.

We suggest taking profits gradually and watching whether ETF shares and margin balances turn from rising to falling.`}},
	{slug: "computers-ai-rules", topic: "reversal", at: fadingAt("roll-over", 1), kind: research.KindPolicy, sectors: computers,
		zh: docText{"生成式人工智能服务管理与数据出境安全评估细则发布", `{DATE}，有关部门发布生成式人工智能服务管理和数据出境安全评估的实施细则，同时要求政府信息化项目加强预算审核。

举措：生成式 AI 服务须完成算法备案，生成内容须添加显著标识。影响：AI 应用企业合规成本上升，新产品上线节奏可能放缓。

举措：重要数据和个人信息出境须通过安全评估。影响：涉及跨境数据业务的软件与云服务企业面临整改。

举措：政府信息化项目预算审核趋严。影响：部分政务 IT 项目招标和验收可能延后，相关公司短期订单节奏承压。`},
		en: docText{"Rules on generative AI services and data export security reviews issued", `Implementing rules for generative AI services and for security reviews of data exports were issued on {DATE}, together with tighter budget reviews for government IT projects.

Initiative: generative AI services must file their algorithms and label generated content clearly. Impact: higher compliance costs for AI application companies and possibly slower product launches.

Initiative: exports of important data and personal information must pass a security review. Impact: software and cloud companies with cross-border data business face remediation work.

Initiative: stricter budget reviews of government IT projects. Impact: some tenders and acceptances may be postponed, weighing on the near-term order flow of the companies involved.`}},
	{slug: "computers-shareholder-reduction", topic: "reversal", at: fadingAt("roll-over", 3), kind: research.KindFiling, sectors: computers, leaders: []int{1},
		zh: docText{"{L1}：关于股东减持股份计划的预披露公告", `证券代码：{C1}；证券简称：{L1}

公司近日收到股东出具的《股份减持计划告知函》，该股东因自身资金需求，计划自本公告披露之日起十五个交易日后的三个月内，以集中竞价或大宗交易方式减持其持有的部分公司股份。

本次减持计划的实施存在不确定性，股东将根据市场情况、公司股价等因素决定是否实施。本次减持不会导致公司控制权发生变更。

公司将督促股东严格遵守相关规定并及时履行信息披露义务，敬请投资者注意投资风险。`},
		en: docText{"{L1}: advance disclosure of a shareholder's plan to sell shares", `Stock code: {C1}; stock name: {L1}

The Company has been notified that a shareholder, for its own funding needs, plans to sell part of its holding through on-exchange trading or block trades within three months starting fifteen trading days after this announcement.

Whether and how the plan is carried out is uncertain and will depend on market conditions and the share price. The sale will not change control of the Company.

The Company will ask the shareholder to comply with the rules and disclose in time. Investors are reminded of investment risks.`}},
	{slug: "computers-etf-redemptions", topic: "reversal", at: fadingAt("roll-over", 6), kind: research.KindNews, sectors: computers, etfs: true,
		zh: docText{"计算机主题ETF遭遇净赎回，融资资金撤离", `{DATE}，{SECTOR}板块延续调整，{ETFS}近期均出现净赎回，份额持续减少。

与此同时，板块融资资金由净买入转为净偿还，主力资金呈净流出态势，前期涌入的短线资金正在撤离。

市场人士认为，资金面由流入转为流出，往往意味着前期加速上涨行情进入退潮阶段。`},
		en: docText{"Computer ETFs hit by net redemptions as margin money pulls out", `{SECTOR} extended its decline on {DATE}; {ETFS} have all seen net redemptions recently, with shares outstanding falling.

Margin financing in the sector has turned from net buying to net repayment, and main-force money is flowing out as the short-term money that poured in earlier leaves.

Market participants say a switch from inflows to outflows often marks the ebb of an accelerated rally.`}},
	{slug: "computers-reversal-risk", topic: "reversal", at: fadingAt("roll-over", -3), kind: research.KindResearch, sectors: computers, etfs: true,
		zh: docText{"计算机：动量衰减，警惕趋势反转", `核心观点：{SECTOR}板块在加速赶顶后回落，相对强弱指标由强转弱，上涨动量明显衰减；ETF 净赎回与融资净偿还同步出现，资金面不再提供支撑。

我们认为，板块正处于由强势向弱势切换的阶段，若后续无新的订单或业绩催化，调整可能延续。政策端对 AI 服务和政务 IT 预算的规范也使短期订单节奏承压。

建议：降低仓位、规避前期涨幅较大且业绩支撑不足的个股，等待资金面企稳信号。`},
		en: docText{"Computers: momentum is fading — beware of a trend reversal", `Our view: after its blow-off top {SECTOR} has turned down; its relative strength is weakening and upside momentum has clearly faded. ETF redemptions and margin repayments are happening together, so flows no longer support the sector.

We think the sector is turning from strength to weakness; without new order or earnings catalysts the correction may continue. New rules on AI services and on government IT budgets also weigh on near-term orders.

Suggestion: reduce exposure, avoid stocks that ran up most without earnings support, and wait for flows to stabilise.`}},
}

// styleSectors are the value-tilted sectors that style notes link.
var styleSectors = []string{"801780", "801160", "801950"}

var styleSymbols = []market.Symbol{GrowthIndex, ValueIndex}

func styleAt(phase string, day int) anchor { return anchor{scen: scenStyle, phase: phase, day: day} }

func styleSpecs() []docSpec { return styleDocs }

var styleDocs = []docSpec{
	{slug: "style-growth-leads", topic: "growth", at: styleAt("before", -10), kind: research.KindResearch, sectors: []string{"801080", "801730"}, extra: styleSymbols,
		zh: docText{"风格观察：成长风格持续占优", `过去数月，成长风格持续跑赢价值风格，国证成长指数（399370.SZ）相对国证价值指数（399371.SZ）保持强势，资金集中于科技与新能源等高景气赛道。

我们认为，成长占优主要受益于产业政策支持和风险偏好回升；但成长风格的估值溢价已明显扩大，需关注风格切换的信号。`},
		en: docText{"Style watch: growth stays in the lead", `Growth has kept beating value over the past few months: the growth index (399370.SZ) has stayed strong against the value index (399371.SZ), with money concentrated in high-growth tracks such as technology and new energy.

We put growth's lead down to industrial policy support and a recovering appetite for risk, but its valuation premium over value has widened markedly, and signs of a style rotation deserve attention.`}},
	{slug: "style-value-over-growth", topic: "value", at: styleAt("after", 38), kind: research.KindResearch, sectors: styleSectors, extra: styleSymbols,
		zh: docText{"风格切换：价值风格跑赢成长", `核心观点：风格已由成长切换至价值。国证价值指数（399371.SZ）持续跑赢国证成长指数（399370.SZ），银行、公用事业和煤炭等低估值、高股息行业相对占优。

驱动因素：一是成长板块估值溢价过高，性价比下降；二是市场风险偏好回落，资金偏好现金流稳定的资产；三是中长期资金配置偏向分红稳定的价值板块。

我们认为，本轮价值占优有望延续一段时间，成长板块内部将出现分化。`},
		en: docText{"Style rotation: value is beating growth", `Our view: leadership has rotated from growth to value. The value index (399371.SZ) has kept beating the growth index (399370.SZ), and low-valuation, high-dividend sectors such as banks, utilities and coal are doing relatively better.

Drivers: growth's valuation premium had become too wide; risk appetite has eased, favouring assets with stable cash flows; and long-term money prefers value sectors with steady dividends.

We expect value's lead to last for a while, with growth sectors diverging among themselves.`}},
	{slug: "style-dividend-favour", topic: "value", at: styleAt("after", 45), kind: research.KindNews, sectors: styleSectors, extra: styleSymbols,
		zh: docText{"高股息资产重获青睐，银行与公用事业受配置资金关注", `{DATE}，多家机构在策略会上表示，将增加高股息、低估值资产的配置，银行、公用事业和煤炭等价值板块受到配置型资金关注。

市场人士认为，在成长板块估值偏高、业绩不确定性上升的背景下，现金流稳定、分红可持续的价值资产具备防御属性。`},
		en: docText{"High-dividend assets back in favour as banks and utilities draw allocators", `Several institutions said at strategy meetings on {DATE} that they will add high-dividend, low-valuation assets, and value sectors such as banks, utilities and coal are drawing allocation money.

Market participants say that with growth valuations high and earnings less certain, value assets with stable cash flows and sustainable dividends offer defence.`}},
	{slug: "style-outlook-value", topic: "value", at: styleAt("after", -6), kind: research.KindResearch, sectors: styleSectors, extra: styleSymbols,
		zh: docText{"风格展望：价值占优仍在延续，关注切换窗口", `价值风格占优仍在延续，国证价值指数（399371.SZ）相对国证成长指数（399370.SZ）维持强势。

我们判断风格切换窗口尚未结束：只有当成长板块估值消化、业绩预期重新上修时，成长风格才可能重新占优。在此之前，建议以价值板块为底仓，成长方向精选有订单与业绩支撑的细分领域。`},
		en: docText{"Style outlook: value's lead continues — watch the rotation window", `Value's lead over growth continues, with the value index (399371.SZ) still strong against the growth index (399370.SZ).

We do not think the rotation window has closed: growth can lead again only once its valuations have been digested and earnings forecasts rise again. Until then we suggest value sectors as the core holding and, within growth, only niches backed by orders and earnings.`}},
}

func endAt(day int) anchor { return anchor{scen: scenEnd, day: day} }

func backgroundSpecs() []docSpec { return backgroundDocs }

// backgroundDocs are items on other sectors, spread over the last six
// months: distractors for search, with no claims about market moves.
var backgroundDocs = []docSpec{
	{slug: "pharma-volume-procurement", topic: "background", at: endAt(-110), kind: research.KindPolicy, sectors: []string{"801150"}, etfs: true,
		zh: docText{"新一轮药品集中带量采购启动", `{DATE}，新一轮国家组织药品集中带量采购启动，覆盖多个慢病和抗感染用药品种。

举措：扩大集采品种范围，完善质量评价和供应保障要求。影响：仿制药价格继续承压，具备成本优势和创新管线的药企相对受益。`},
		en: docText{"New round of volume-based drug procurement begins", `A new round of national volume-based drug procurement began on {DATE}, covering a range of chronic-disease and anti-infective drugs.

Initiative: more drugs in the scheme, with stricter quality and supply requirements. Impact: generic prices stay under pressure; drug makers with cost advantages and innovative pipelines fare better.`}},
	{slug: "electronics-advanced-packaging", topic: "background", at: endAt(-98), kind: research.KindNews, sectors: []string{"801080"}, etfs: true,
		zh: docText{"国产先进封装产线投产", `{DATE}，一条国产先进封装产线正式投产，可为高性能计算芯片提供封装服务，关键设备与材料国产化取得进展。

业内人士表示，先进封装是提升芯片性能的重要路径，国内半导体设备与材料企业有望受益于产能建设。`},
		en: docText{"Domestic advanced-packaging line enters production", `A domestic advanced-packaging line entered production on {DATE}, offering packaging for high-performance computing chips, with progress in domestic equipment and materials.

Industry participants say advanced packaging is a key route to better chip performance, and domestic semiconductor equipment and materials makers stand to benefit from the capacity build-out.`}},
	{slug: "solar-industry-standards", topic: "background", at: endAt(-85), kind: research.KindPolicy, sectors: []string{"801730"}, etfs: true,
		zh: docText{"光伏制造行业规范条件修订，引导产能有序发展", `{DATE}，光伏制造行业规范条件修订发布，提高新建产能的技术与能耗门槛。

举措：提高新建和改扩建项目的转换效率与能耗要求。影响：低效产能扩张受限，行业供需格局有望改善，技术领先企业受益。`},
		en: docText{"Revised solar manufacturing standards to curb disorderly capacity", `Revised standards for solar manufacturing were published on {DATE}, raising the technology and energy-use thresholds for new capacity.

Initiative: higher conversion-efficiency and energy-use requirements for new and expanded plants. Impact: less room for inefficient capacity, a better supply-demand balance and an advantage for technology leaders.`}},
	{slug: "autos-smart-ev-launches", topic: "background", at: endAt(-72), kind: research.KindNews, sectors: []string{"801880"}, etfs: true,
		zh: docText{"多家车企发布新一代智能电动车型", `{DATE}，多家车企集中发布新一代智能电动车型，高阶智能驾驶功能加快向主流价位车型下探。

业内人士认为，智能化正成为整车竞争的核心，汽车零部件企业在激光雷达、域控制器等领域迎来新的配套机会。`},
		en: docText{"Carmakers unveil a new generation of smart electric vehicles", `Several carmakers unveiled new smart electric models on {DATE}, bringing advanced driver assistance to mainstream price points.

Industry participants see intelligence becoming the core of competition, opening new supply opportunities for parts makers in lidar and domain controllers.`}},
	{slug: "banks-lpr-unchanged", topic: "background", at: endAt(-60), kind: research.KindNews, sectors: []string{"801780"}, etfs: true,
		zh: docText{"贷款市场报价利率维持不变", `{DATE}，贷款市场报价利率维持不变，符合市场预期。

分析人士表示，银行净息差仍面临压力，但资产质量总体稳定；稳健的分红政策使银行股受到长期资金关注。`},
		en: docText{"Loan prime rates left unchanged", `Loan prime rates were left unchanged on {DATE}, as expected.

Analysts say banks' net interest margins remain under pressure but asset quality is broadly stable, and steady dividend policies keep bank shares on long-term investors' radar.`}},
	{slug: "brokers-long-term-funds", topic: "background", at: endAt(-50), kind: research.KindPolicy, sectors: []string{"801790"}, etfs: true,
		zh: docText{"推动中长期资金入市的措施出台", `{DATE}，有关部门出台推动中长期资金入市的实施方案。

举措：提高保险资金和养老金权益投资比例上限，完善长周期考核机制。影响：资本市场长期资金供给增加，证券公司财富管理与投行业务受益。`},
		en: docText{"Measures to bring long-term money into the equity market", `A plan to bring more long-term money into the equity market was issued on {DATE}.

Initiative: higher caps on equity investment by insurers and pension funds, and longer evaluation horizons. Impact: more long-term capital for the market, benefiting brokers' wealth-management and investment-banking businesses.`}},
	{slug: "metals-copper-supply", topic: "background", at: endAt(-40), kind: research.KindNews, sectors: []string{"801050"}, etfs: true,
		zh: docText{"海外铜矿供应扰动，冶炼加工费下调", `{DATE}，海外一座大型铜矿因安全事故暂停部分生产，铜精矿供应趋紧，冶炼加工费随之下调。

业内人士表示，矿端供应扰动频发，国内拥有自有矿山资源的有色企业相对受益，冶炼环节盈利承压。`},
		en: docText{"Overseas copper mine disruption tightens concentrate supply", `A large overseas copper mine suspended part of its output after a safety incident on {DATE}, tightening concentrate supply and pushing treatment charges down.

Industry participants say frequent mine disruptions favour domestic metal companies with their own mines, while smelters' margins come under pressure.`}},
	{slug: "airlines-winter-routes", topic: "background", at: endAt(-30), kind: research.KindNews, sectors: []string{"801170"}, etfs: true,
		zh: docText{"航空公司冬春航季新增国际航线", `{DATE}，多家航空公司公布冬春航季计划，新增和恢复多条国际航线，宽体客机运力投放增加。

业内人士表示，民航国际线恢复有助于提升航空公司客座率，但飞机交付延迟和发动机维修仍制约运力增长。`},
		en: docText{"Airlines add international routes for the winter season", `Several airlines published their winter-season schedules on {DATE}, adding and restoring international routes and deploying more wide-body capacity.

Industry participants say the recovery of international routes should lift load factors, though late aircraft deliveries and engine maintenance still limit capacity growth.`}},
	{slug: "media-game-licences", topic: "background", at: endAt(-20), kind: research.KindPolicy, sectors: []string{"801760"}, etfs: true,
		zh: docText{"新一批国产网络游戏版号下发", `{DATE}，主管部门公布新一批国产网络游戏审批信息，版号发放保持常态化。

举措：版号审批常态化发放。影响：游戏公司产品上线节奏更可预期，储备产品丰富的公司受益。`},
		en: docText{"A new batch of domestic game licences approved", `The regulator published a new batch of approvals for domestic online games on {DATE}, keeping licensing on a regular schedule.

Initiative: regular issuance of game licences. Impact: more predictable launch schedules for game companies, benefiting those with deep pipelines.`}},
	{slug: "telecom-6g-satellite-trial", topic: "background", at: endAt(-14), kind: research.KindNews, sectors: []string{"801770"}, etfs: true,
		zh: docText{"6G 星地融合技术试验取得进展", `{DATE}，6G 星地融合通信技术试验完成阶段性测试，验证了地面网络与卫星网络的协同组网能力。

业内人士表示，星地融合是下一代通信的重要方向，光模块和通信设备企业有望在标准制定和设备研制中获得先机。`},
		en: docText{"6G satellite-terrestrial integration trial makes progress", `A trial of 6G satellite-terrestrial integrated communications completed a test stage on {DATE}, showing ground and satellite networks working together.

Industry participants say integration with satellites is a key direction for next-generation networks, giving optical-module and telecom-equipment makers an early start on standards and equipment.`}},
	{slug: "food-channel-inventory", topic: "background", at: endAt(-9), kind: research.KindResearch, sectors: []string{"801120"}, etfs: true,
		zh: docText{"食品饮料：渠道库存去化，关注旺季动销", `核心观点：{SECTOR}行业渠道库存持续去化，经销商回款趋于健康，临近旺季需关注终端动销表现。

我们认为，高端白酒需求韧性较强，大众消费品受益于成本回落；行业整体进入温和复苏阶段。`},
		en: docText{"Food & beverage: channel inventories clearing ahead of the peak season", `Our view: channel inventories in {SECTOR} keep clearing and distributors' payments are healthier; with the peak season near, watch sell-through to consumers.

Demand for premium liquor looks resilient and mass-market staples benefit from lower costs; the industry is in a mild recovery.`}},
}
