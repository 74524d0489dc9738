package demo

import (
	"fmt"
	"strings"

	"github.com/sextant-ai/sextant/internal/research"
)

// The Defense & Aerospace (801740) corpus: milestones and policy during the
// build-up and the rally, orders of the leaders, flow notes through the
// rally, pullback and breakout, and risks near the end. Texts state no
// market statistics; see Documents.

var defense = []string{DefenseCode}

func rallyAt(phase string, day int) anchor { return anchor{scen: scenRally, phase: phase, day: day} }

func defenseSpecs() []docSpec {
	var out []docSpec
	out = append(out, defenseMilestones...)
	out = append(out, defensePolicies...)
	out = append(out, defenseNotes...)
	out = append(out, defenseRisks...)
	out = append(out, defenseFilings...)
	return out
}

var defenseMilestones = []docSpec{
	{slug: "defense-constellation-launch", topic: "milestone", at: rallyAt("build-up", 4), kind: research.KindNews, sectors: defense, leaders: []int{2},
		zh: docText{"低轨卫星互联网星座完成新一批组网发射", `{DATE}，低轨卫星互联网星座以“一箭多星”方式完成新一批组网发射，18颗卫星顺利进入预定轨道，星座建设由试验验证转入密集组网阶段。

里程碑：本批卫星搭载新一代相控阵通信载荷和星间激光链路，是星座首次成批部署业务卫星。参与方表示，后续组网发射将按月推进，卫星研制转向批量化、流水线生产。

产业链影响：卫星制造、载荷、地面站与用户终端环节的订单可见度提升。{L2}（{C2}）此前披露参与星座卫星{P2}的配套研制，是{SECTOR}板块中与星座建设关联较紧密的公司之一。`},
		en: docText{"Low-orbit internet constellation adds a new batch of satellites", `A new batch of 18 satellites for the low-orbit internet constellation reached their planned orbits on {DATE}, launched together on a single rocket. The constellation is moving from validation into dense deployment.

Milestone: the satellites carry new phased-array communication payloads and inter-satellite laser links; it is the first time operational satellites have been deployed in a batch. The operator expects batch launches roughly every month, with satellite production shifting to an assembly-line model.

Industry impact: order visibility improves across satellite manufacturing, payloads, ground stations and user terminals. {L2} ({C2}), which has disclosed work on {P2} for the constellation, is one of the {SECTOR} companies most exposed to the build-out.`}},
	{slug: "defense-fighter-first-flight", topic: "milestone", at: rallyAt("rally", 2), kind: research.KindNews, sectors: defense, leaders: []int{0},
		zh: docText{"新一代多用途战斗机原型机成功首飞", `{DATE}，新一代多用途战斗机原型机在试飞基地顺利完成首飞，飞机状态良好，各系统工作正常。

里程碑：首飞标志着该型号由设计验证进入飞行试验阶段，后续将开展系统性试飞并向定型推进。分析人士认为，新型号研制进展为航空装备产业链带来中长期需求。

产业链影响：机体结构、航空发动机、机载航电与机电系统供应商将随型号推进逐步进入批产准备。{L0}表示，公司{P0}业务已参与该型号配套。`},
		en: docText{"New-generation multirole fighter prototype completes its first flight", `The prototype of a new-generation multirole fighter completed its maiden flight at a flight-test base on {DATE}; the aircraft and all of its systems performed normally.

Milestone: the first flight moves the programme from design validation into flight testing on the way to certification. Analysts see the programme as a source of medium- to long-term demand for the aviation equipment chain.

Industry impact: suppliers of airframe structures, aero-engines, avionics and electromechanical systems move toward serial-production readiness as the programme advances. {L0} says its {P0} business supplies the programme.`}},
	{slug: "defense-reusable-rocket", topic: "milestone", at: rallyAt("rally", 10), kind: research.KindNews, sectors: defense, leaders: []int{4},
		zh: docText{"商业航天发射节奏加快，可复用火箭完成回收试验", `{DATE}，一家商业航天企业的可复用液体运载火箭完成一子级垂直起降回收试验，火箭按预定程序返回着陆场。商业发射场本月另有多次发射任务排期。

里程碑：可复用技术取得实质性进展，有望显著降低单次发射成本、提高发射频次，商业航天发射正走向常态化、高密度。

产业链影响：发射频次提升将带动火箭结构件、发动机、测控和卫星制造需求。{SECTOR}板块中，{L4}等配套企业的在手订单有望随之增加。`},
		en: docText{"Commercial launch cadence picks up as a reusable rocket lands its first stage", `A commercial space company's reusable liquid-fuelled launcher landed its first stage vertically on {DATE}, returning to the landing zone as planned. Several more launches are scheduled from the commercial launch site this month.

Milestone: reusability has made real progress; it should cut the cost of each launch sharply and allow far more frequent launches, turning commercial launches into a routine, high-cadence business.

Industry impact: a higher launch cadence lifts demand for rocket structures, engines, tracking and control, and satellite manufacturing. Suppliers in {SECTOR} such as {L4} stand to add to their order books.`}},
	{slug: "defense-engine-altitude-test", topic: "milestone", at: rallyAt("rally", 18), kind: research.KindNews, sectors: defense, leaders: []int{1},
		zh: docText{"新型大推力航空发动机完成高空台试验", `{DATE}，新型大推力航空发动机完成全部高空台模拟试验科目，性能指标达到设计要求，为后续装机试飞奠定基础。

里程碑：高空台试验覆盖起动、加减速和高空性能等关键科目，发动机自主研制迈出重要一步。

产业链影响：发动机研制和批产将拉动高温合金、精密铸锻件与控制系统需求。{L1}表示，公司为该型发动机提供{P1}。`},
		en: docText{"New high-thrust aero-engine completes altitude-chamber tests", `A new high-thrust aero-engine completed its full programme of altitude-chamber tests on {DATE}, meeting its design performance and clearing the way for flight tests on an aircraft.

Milestone: the tests covered start-up, acceleration and deceleration and high-altitude performance, an important step for domestically developed engines.

Industry impact: development and serial production of the engine will lift demand for superalloys, precision castings and forgings, and control systems. {L1} says it supplies {P1} for the engine.`}},
}

var defensePolicies = []docSpec{
	{slug: "defense-budget-growth", topic: "policy", at: rallyAt("build-up", 1), kind: research.KindPolicy, sectors: defense,
		zh: docText{"预算安排：国防支出保持稳定增长，重点保障装备建设", `{DATE}公布的预算执行与安排说明提出，国防支出继续保持合理稳定增长，重点保障装备建设、实战化训练和国防科研投入。

举措：国防预算保持稳定增长，向新型装备采购与维护保障倾斜。影响：装备采购需求的确定性提高，主机厂和核心配套企业的订单与排产更有保障。

举措：加大国防科研投入，推进关键核心技术攻关。影响：航空发动机、航电和特种材料等环节的研发投入与国产化配套加快，具备技术储备的企业受益。`},
		en: docText{"Budget statement: defense spending to keep growing steadily, with equipment a priority", `The budget statement published on {DATE} says defense spending will keep growing at a reasonable, steady pace, with priority on equipment, realistic training and defense research.

Initiative: steady growth of the defense budget, weighted toward procurement and maintenance of new equipment. Impact: procurement demand becomes more certain, giving prime contractors and key suppliers firmer orders and production schedules.

Initiative: more funding for defense research and for breakthroughs in core technologies. Impact: research spending and domestic sourcing accelerate in aero-engines, avionics and special materials, benefiting companies with technology in hand.`}},
	{slug: "defense-commercial-space-policy", topic: "policy", at: rallyAt("rally", 4), kind: research.KindPolicy, sectors: defense, etfs: false,
		zh: docText{"关于促进商业航天高质量发展的若干措施发布", `{DATE}，有关部门发布《关于促进商业航天高质量发展的若干措施》，从发射资源、产业资金和应用市场三方面支持商业航天发展。

举措：开放共享发射场与测控资源，优化频率轨道资源和发射许可审批流程。影响：商业发射排期更灵活，发射成本下降、频次提高。

举措：设立商业航天产业引导基金，鼓励政府部门购买卫星数据与通信服务。影响：卫星制造与运营企业融资渠道拓宽，订单来源更加稳定。

举措：支持卫星互联网星座建设及遥感、导航应用推广。影响：下游应用市场扩大，带动卫星载荷、地面设备和终端需求。`},
		en: docText{"Measures to promote high-quality development of commercial space", `Measures to promote the high-quality development of commercial space were issued on {DATE}, supporting the industry through launch resources, funding and demand.

Initiative: launch sites and tracking resources are opened for shared use, and frequency, orbit and launch-licence approvals are streamlined. Impact: more flexible launch scheduling, lower launch costs and a higher launch cadence.

Initiative: an industry guidance fund for commercial space, and government purchases of satellite data and communication services. Impact: satellite makers and operators gain funding channels and steadier sources of orders.

Initiative: support for satellite internet constellations and for remote-sensing and navigation applications. Impact: a larger downstream market, lifting demand for payloads, ground equipment and terminals.`}},
	{slug: "defense-equipment-modernisation", topic: "policy", at: rallyAt("rally", 14), kind: research.KindPolicy, sectors: defense,
		zh: docText{"装备现代化建设规划部署加快新型装备列装", `{DATE}，装备现代化建设规划部署会议召开，要求加快新型装备列装、推进装备体系升级。

举措：加快新一代航空、航天和信息化装备批量列装。影响：主机厂批产节奏提速，配套企业订单放量。

举措：推进老旧装备更新换代和延寿改造。影响：维修保障、零部件更换和升级改造需求持续释放。

举措：提升装备信息化、智能化水平和体系化作战能力。影响：航电、数据链、无人系统等领域需求增加。`},
		en: docText{"Equipment modernisation plan speeds up fielding of new-generation systems", `A planning conference on equipment modernisation held on {DATE} called for faster fielding of new equipment and an upgrade of the whole equipment system.

Initiative: faster serial fielding of new-generation aviation, space and information systems. Impact: prime contractors raise production rates and suppliers' orders grow.

Initiative: replacement and life-extension of ageing equipment. Impact: steady demand for maintenance, spare parts and upgrades.

Initiative: more networked and intelligent equipment and joint capabilities. Impact: more demand for avionics, data links and unmanned systems.`}},
}

var defenseNotes = []docSpec{
	{slug: "defense-rally-drivers", topic: "flows", at: rallyAt("rally", 12), kind: research.KindResearch, sectors: defense, etfs: true, leaders: []int{0, 1, 3},
		zh: docText{"国防军工：订单、政策与商业航天共振，板块走强的三重驱动", `核心观点：近期{SECTOR}板块明显走强，我们认为驱动来自三方面。一是国防预算稳定增长和装备现代化规划带来需求确定性；二是商业航天支持措施落地、卫星星座组网提速；三是龙头公司密集公告重大合同，订单向业绩的传导逐步清晰。

资金面：军工主题 ETF 持续获得净申购，{ETFS}的份额稳步增加；板块融资买入明显活跃，杠杆资金参与度上升。

关注标的：我们关注订单确定性较高的{L0}、{L1}和{L3}。

风险提示：估值快速抬升，订单交付节奏不及预期。`},
		en: docText{"Defense & Aerospace: orders, policy and commercial space line up behind the rally", `Our view: {SECTOR} has strengthened markedly, driven by three things. First, steady budget growth and the equipment modernisation plan make demand more certain. Second, support measures for commercial space are landing and constellation deployment is accelerating. Third, the leaders keep announcing major contracts, and the path from orders to earnings is becoming clear.

Flows: the defense ETFs keep drawing net creations, and the shares outstanding of {ETFS} are rising steadily. Margin buying in the sector is clearly more active, with leveraged money taking a larger part.

Names we watch: {L0}, {L1} and {L3}, whose orders look the most certain.

Risks: valuations are rising fast, and deliveries may lag orders.`}},
	{slug: "defense-etf-creations", topic: "flows", at: rallyAt("rally", -3), kind: research.KindResearch, sectors: defense, etfs: true,
		zh: docText{"军工ETF持续净申购，资金借道ETF布局板块", `{SECTOR}主题 ETF 近期持续获得净申购，{ETFS}的份额均稳步增加，资金借道 ETF 布局板块的特征明显。

我们认为，净申购主要来自看好板块中期景气的机构资金和部分配置型资金；ETF 份额增长也提升了相关产品的流动性，为后续资金进出提供便利。

需要注意的是，ETF 申购具有顺周期特征，若板块情绪转弱，申购也可能快速转为赎回。`},
		en: docText{"Defense ETFs keep drawing net creations as money moves in through ETFs", `The {SECTOR} ETFs have kept drawing net creations: the shares outstanding of {ETFS} have all risen steadily, a clear sign of money entering the sector through ETFs.

We think the creations come mainly from institutions positive on the sector's medium-term outlook and from allocation money. Growing shares also improve the ETFs' liquidity, making it easier for money to move in and out.

Creations tend to follow momentum, however: if sentiment toward the sector weakens, they can quickly turn into redemptions.`}},
	{slug: "defense-pullback-dip-buying", topic: "flows", at: rallyAt("pullback", 4), kind: research.KindResearch, sectors: defense, etfs: true,
		zh: docText{"板块回调中ETF逆势获申购，融资余额仍处高位", `近几个交易日{SECTOR}板块出现回调，但资金并未撤离：军工主题 ETF 份额在回调中继续增加，显示配置资金逢低加仓；板块融资余额仍明显高于本轮上涨启动之前。

我们认为，这一轮回调更接近上涨途中的技术性整理，而非基本面变化所致；订单与政策催化仍在兑现过程中。

风险提示：若融资资金持续净偿还、ETF 转为净赎回，需警惕回调演变为趋势性调整。`},
		en: docText{"Money buys the dip: ETF creations continue and margin balances stay high", `{SECTOR} has pulled back over the past few sessions, but money has not left: the defense ETFs' shares kept rising through the pullback, showing allocators adding on the dip, and the sector's margin financing balance is still well above where it stood before the rally began.

We read the pullback as a technical consolidation within the uptrend rather than a change in fundamentals; the order and policy catalysts are still playing out.

Risk: if margin buyers keep repaying and the ETFs turn to net redemptions, the pullback could turn into a lasting correction.`}},
	{slug: "defense-breakout", topic: "flows", at: rallyAt("breakout", -1), kind: research.KindResearch, sectors: defense, etfs: true, leaders: []int{0, 2},
		zh: docText{"国防军工放量反弹，回调后重回强势", `{SECTOR}板块在回调后放量反弹，成交明显活跃，板块重新回到前期高点附近，{L0}、{L2}等龙头走势较强。

驱动因素：商业航天与装备列装的催化持续兑现，龙头公司在手订单充足；ETF 申购在回调期间并未中断，融资余额维持在上涨启动前之上，为反弹提供了资金基础。

我们维持对板块中期景气的判断，但提示短期涨幅较大后波动可能加剧。`},
		en: docText{"Defense rebounds on heavy volume, back in strength after the pullback", `{SECTOR} has rebounded on heavy trading after its pullback and is back near its earlier highs, with leaders such as {L0} and {L2} among the strongest.

Drivers: catalysts from commercial space and equipment fielding keep coming through, and the leaders' order books are full; ETF creations did not stop during the pullback and margin balances stayed above their pre-rally level, giving the rebound a base of money.

We keep our positive medium-term view of the sector but expect volatility to rise after such a strong short-term run.`}},
}

var defenseRisks = []docSpec{
	{slug: "defense-risk-valuation", topic: "risk", at: rallyAt("pullback", 1), kind: research.KindResearch, sectors: defense,
		zh: docText{"国防军工风险提示：估值扩张快于盈利", `本轮上涨中，{SECTOR}板块估值扩张明显快于盈利预期的上修，板块估值较上涨前明显抬升。

我们认为，当前价格已较充分地反映了订单增长和政策利好，后续若业绩兑现不及预期，估值存在回落压力。

建议投资者关注估值与业绩的匹配度，优先选择订单与业绩确定性更高的公司。`},
		en: docText{"Defense risk note: valuations have expanded faster than earnings", `In this rally the valuation of {SECTOR} has expanded much faster than earnings forecasts have risen, leaving it well above where it stood before the rally.

We think prices now largely reflect the order growth and the policy support; if results fall short, valuations could come under pressure.

Investors should check that valuations are matched by earnings and prefer companies with more certain orders and results.`}},
	{slug: "defense-risk-event-volatility", topic: "risk", at: rallyAt("pullback", -2), kind: research.KindNews, sectors: defense,
		zh: docText{"军工板块事件驱动波动加大，航展等催化前后分歧增多", `{DATE}，临近大型航展和装备展示活动，{SECTOR}板块近期波动明显加大，市场对事件催化的预期出现分歧。

市场人士指出，事件驱动行情往往呈现“预期先行、兑现后回落”的特征，重要活动前后的短期波动可能显著放大。

业内建议投资者关注事件落地后的订单与业绩兑现，而不是单纯博弈事件本身。`},
		en: docText{"Event-driven swings widen in defense ahead of the air show", `With a major air show and equipment displays approaching, {SECTOR} stocks have turned noticeably more volatile, and views on what the events will deliver are diverging, DEMO Daily reported on {DATE}.

Market participants note that event-driven moves tend to run ahead of the event and fade once it has happened, so swings around major events can be large.

They advise watching for orders and results after the events rather than trading the events themselves.`}},
	{slug: "defense-risk-order-delays", topic: "risk", at: rallyAt("breakout", 0), kind: research.KindResearch, sectors: defense, leaders: []int{3},
		zh: docText{"国防军工风险提示：订单交付与验收节奏存在不确定性", `尽管板块在手订单充足，但军品交付与验收节奏受型号进度、客户计划调整等因素影响，存在延后的可能。

收入确认通常滞后于订单签订，单季度业绩可能出现较大波动；部分公司合同负债增长较快，但转化为收入仍需时间。

若出现交付延迟或采购计划调整，市场对订单兑现的预期可能修正。{L3}等公司已在公告中提示交付进度存在不确定性。`},
		en: docText{"Defense risk note: delivery and acceptance schedules are uncertain", `Order books in the sector are full, but deliveries and acceptance of military products depend on programme progress and on customers' plans, and can slip.

Revenue is recognised well after orders are signed, so quarterly results can swing widely; some companies' contract liabilities have grown fast, but turning them into revenue takes time.

Delivery delays or changes to procurement plans could lead the market to revise its expectations. {L3} and others have warned in their announcements that delivery schedules are uncertain.`}},
	{slug: "defense-risk-crowding", topic: "risk", at: rallyAt("breakout", 1), kind: research.KindResearch, sectors: defense, etfs: true,
		zh: docText{"国防军工风险提示：交易拥挤度升高，杠杆资金集中", `{SECTOR}板块成交额占全市场的比重明显上升，交易拥挤度处于较高水平；融资余额持续增加，杠杆资金集中度提高。

历史经验表明，高拥挤度阶段板块对负面消息更加敏感，一旦资金流向逆转，回撤可能较快。

建议关注 ETF 份额与融资余额的边际变化：若 ETF 转为净赎回、融资转为净偿还，往往是情绪降温的信号。`},
		en: docText{"Defense risk note: crowded trading and concentrated leverage", `The share of market turnover traded in {SECTOR} has risen markedly and trading looks crowded; margin financing balances keep growing and leverage is concentrated.

Crowded sectors tend to react more sharply to bad news, and when flows reverse, drawdowns can be fast.

Watch changes in ETF shares and margin balances: ETFs turning to net redemptions and margin buyers to net repayment are often signs that sentiment is cooling.`}},
}

// orderTerms are the leaders' contract announcements, one per leader.
var orderTerms = []struct {
	at                     anchor
	customerZH, customerEN string
	valueZH, valueEN       string
}{
	{rallyAt("build-up", 8), "某航空主机厂", "a major aircraft manufacturer", "12.6亿元", "CNY 1.26 billion"},
	{rallyAt("build-up", -3), "某国防科研院所", "a defense research institute", "8.4亿元", "CNY 0.84 billion"},
	{rallyAt("rally", 6), "某卫星星座运营方", "a satellite constellation operator", "21.3亿元", "CNY 2.13 billion"},
	{rallyAt("rally", 16), "特定客户（因涉密豁免披露名称）", "a customer whose name is withheld for confidentiality", "5.7亿元", "CNY 0.57 billion"},
	{rallyAt("rally", 24), "某航空发动机集团", "an aero-engine group", "15.2亿元", "CNY 1.52 billion"},
}

var orderText = struct{ zh, en docText }{
	docText{"{L}：关于签订日常经营重大合同的公告", `证券代码：{C}；证券简称：{L}

{L}（以下简称“公司”）于近日与{CUSTOMER}签订{P}采购合同，合同金额约{VALUE}。合同的签订和履行预计将对公司未来经营业绩产生积极影响，公司在手订单进一步充实。

合同主要内容：公司将按合同约定分批交付{P}及相关技术服务，交付周期覆盖本年度及下一年度。合同的履行不影响公司业务的独立性。

风险提示：合同履行过程中可能存在交付进度、验收安排调整等不确定因素，敬请广大投资者注意投资风险。`},
	docText{"{L}: announcement on signing a major sales contract", `Stock code: {C}; stock name: {L}

{L} (the "Company") has recently signed a contract with {CUSTOMER} for the supply of {P}, with a contract value of about {VALUE}. The contract is expected to have a positive effect on the Company's future results and adds further to its order backlog.

Main terms: the Company will deliver the {P} and related technical services in batches over this year and next. Performing the contract does not affect the Company's independence.

Risk warning: delivery schedules and acceptance arrangements may change while the contract is performed. Investors are reminded of investment risks.`},
}

// orderSpecs returns one contract announcement for each of the first n
// defense leaders (at most len(orderTerms)).
func orderSpecs(n int) []docSpec {
	var out []docSpec
	for i, o := range orderTerms[:min(n, len(orderTerms))] {
		fill := func(s string, customer, value string) string {
			return strings.NewReplacer("{L}", fmt.Sprintf("{L%d}", i), "{C}", fmt.Sprintf("{C%d}", i),
				"{P}", fmt.Sprintf("{P%d}", i), "{CUSTOMER}", customer, "{VALUE}", value).Replace(s)
		}
		out = append(out, docSpec{
			slug: fmt.Sprintf("defense-order-%d", i+1), topic: "order", at: o.at, kind: research.KindAnnouncement,
			sectors: defense, leaders: []int{i},
			zh: docText{fill(orderText.zh.title, "", ""), fill(orderText.zh.body, o.customerZH, o.valueZH)},
			en: docText{fill(orderText.en.title, "", ""), fill(orderText.en.body, o.customerEN, o.valueEN)},
		})
	}
	return out
}

var defenseFilings = []docSpec{
	{slug: "defense-capacity-expansion", topic: "pipeline", at: rallyAt("rally", 20), kind: research.KindFiling, sectors: defense, leaders: []int{1},
		zh: docText{"{L1}：关于投资建设{P1}产能扩建项目的公告", `证券代码：{C1}；证券简称：{L1}

公司董事会审议通过《关于投资建设{P1}产能扩建项目的议案》，项目计划总投资约9.8亿元，资金来源为公司自有及自筹资金。

项目建设目的：公司在手订单饱满，现有产能利用率较高，本项目建成后将提升{P1}的批产能力，满足客户后续交付需求。

风险提示：项目建设周期较长，可能受审批、设备采购和市场需求变化等因素影响，敬请投资者注意风险。`},
		en: docText{"{L1}: announcement on investing in a {P1} capacity expansion", `Stock code: {C1}; stock name: {L1}

The board has approved a proposal to invest in expanding capacity for {P1}, with a planned total investment of about CNY 0.98 billion funded from the company's own and raised funds.

Purpose: the order book is full and current capacity is heavily used; the project will raise serial production of {P1} to meet customers' delivery needs.

Risk warning: the project will take time to build and may be affected by approvals, equipment purchases and changes in demand. Investors are reminded of the risks.`}},
	{slug: "defense-trading-risk-warning", topic: "risk", at: rallyAt("breakout", -1), kind: research.KindFiling, sectors: defense, leaders: []int{0},
		zh: docText{"{L0}：股票交易风险提示公告", `证券代码：{C0}；证券简称：{L0}

鉴于近期{SECTOR}板块市场关注度较高、公司股票交易较为活跃，公司经自查并向控股股东及实际控制人书面核实，现将有关事项公告如下。

公司目前生产经营正常，内外部经营环境未发生重大变化，不存在应披露而未披露的重大信息。公司已披露的重大合同正在按约履行，收入确认将根据交付与验收进度逐步体现。

公司郑重提醒广大投资者，二级市场交易存在风险，请理性决策、审慎投资。`},
		en: docText{"{L0}: risk warning on share trading", `Stock code: {C0}; stock name: {L0}

In view of the strong market attention to {SECTOR} and active trading in the Company's shares, the Company has checked its affairs and confirmed in writing with its controlling shareholder and actual controller, and announces as follows.

The Company's operations are normal, its business environment has not changed materially, and there is no material information that should have been disclosed but was not. The major contracts it has announced are being performed as agreed; revenue will be recognised as deliveries are made and accepted.

The Company reminds investors that trading shares carries risk and urges them to decide rationally and invest prudently.`}},
}
