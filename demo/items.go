package demo

import (
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
	"time"

	"gongkai"
)

// AnxiToday is the last day of the demo catalog: no item of Anxi is
// written, published or repealed after it. The requests and cases of the
// demo end in January 2026; the catalog runs on to the end of November.
var AnxiToday = gongkai.NewDate(2026, 11, 30)

// anxiItemSeed seeds the catalog's own random source, so that adding items
// leaves the requests, cases and table 二 inputs of Anxi as they were.
const anxiItemSeed = AnxiSeed + 20

// itemTpl is a kind of catalog item an agency publishes: the 条例第二十条
// item, the two-level 主题分类, how many a year, whether it carries a 文号,
// and the title. In the title {机关} is the agency's name, {县} the county's,
// {年} the year, {上年} the year before, {期} the n-th of the year written
// as the frequency says (季度, 月, 上/下半年 or 第n批).
type itemTpl struct {
	art    int
	topic  string // 一级/二级
	perYr  int    // 1, 2, 4 or 12; 0: one year in three
	docNo  bool
	title  string
	intro  string // the first paragraph after the title's; "" for the article's default
	detail string // a second paragraph; "" for the article's default
}

// commonTpls are published by every agency of the demo.
var commonTpls = []itemTpl{
	{art: 1, topic: "法规文件/政策转发", perYr: 1, docNo: true, title: "{机关}关于转发《福建省{年}年政务公开工作要点》的通知"},
	{art: 2, topic: "机构职能/机构设置", perYr: 0, title: "{机关}主要职责、内设机构和人员编制规定"},
	{art: 2, topic: "机构职能/领导信息", perYr: 1, title: "{机关}{年}年领导班子工作分工"},
	{art: 3, topic: "规划计划/工作计划", perYr: 1, title: "{机关}{年}年工作要点"},
	{art: 3, topic: "规划计划/工作总结", perYr: 1, title: "{机关}{上年}年工作总结和{年}年工作思路"},
	{art: 4, topic: "统计信息/业务统计", perYr: 4, title: "{机关}{年}年{期}主要业务数据"},
	{art: 5, topic: "政务服务/办事指南", perYr: 1, title: "{机关}政务服务事项办事指南（{年}年版）"},
	{art: 5, topic: "政务服务/权责清单", perYr: 0, title: "{机关}权责清单（{年}年调整）"},
	{art: 6, topic: "执法监督/行政处罚", perYr: 2, title: "{机关}{年}年{期}行政执法信息公示"},
	{art: 7, topic: "财政资金/部门预算", perYr: 1, title: "{机关}{年}年部门预算"},
	{art: 7, topic: "财政资金/部门决算", perYr: 1, title: "{机关}{上年}年部门决算"},
	{art: 7, topic: "财政资金/三公经费", perYr: 1, title: "{机关}{年}年“三公”经费预算情况说明"},
	{art: 8, topic: "财政资金/收费项目", perYr: 0, title: "{机关}行政事业性收费项目目录清单（{年}年）"},
	{art: 9, topic: "政府采购/采购意向", perYr: 2, title: "{机关}{年}年{期}政府采购意向公开"},
	{art: 10, topic: "重大项目/项目进展", perYr: 0, title: "{机关}{年}年重点项目建设进展情况"},
	{art: 11, topic: "乡村振兴/帮扶工作", perYr: 1, title: "{机关}{年}年乡村振兴挂钩帮扶工作情况"},
	{art: 12, topic: "应急管理/应急预案", perYr: 0, docNo: true, title: "{机关}关于印发突发事件应急预案（{年}年修订）的通知"},
	{art: 12, topic: "应急管理/防汛防台", perYr: 1, docNo: true, title: "{机关}关于做好{年}年防汛防台风工作的通知"},
	{art: 13, topic: "安全生产/安全检查", perYr: 1, docNo: true, title: "{机关}关于开展{年}年安全生产大检查的通知"},
	{art: 14, topic: "人事信息/招考录用", perYr: 0, title: "{机关}{年}年公开招聘编外合同工作人员公告"},
	{art: 15, topic: "政务公开/年度报告", perYr: 1, title: "{机关}{上年}年政府信息公开工作年度报告"},
	{art: 15, topic: "法治政府/法治建设", perYr: 1, title: "{机关}{上年}年法治政府建设情况报告"},
	{art: 15, topic: "政务公开/政策解读", perYr: 2, title: "{机关}{年}年{期}重点工作政策解读"},
	{art: 15, topic: "政务公开/建议提案", perYr: 2, title: "{机关}{年}年{期}人大代表建议和政协提案办理情况"},
	{art: 5, topic: "政务服务/好差评", perYr: 2, title: "{机关}{年}年{期}政务服务“好差评”情况"},
}

// ownTpls are the kinds of item only one agency publishes, by agencySpec
// short name; "township" applies to every township.
var ownTpls = map[string][]itemTpl{
	"": {
		{art: 3, topic: "规划计划/政府工作报告", perYr: 1, title: "{县}{年}年政府工作报告"},
		{art: 4, topic: "统计信息/统计公报", perYr: 1, title: "{县}{上年}年国民经济和社会发展统计公报"},
		{art: 7, topic: "财政/预算", perYr: 1, title: "{县}{上年}年财政预算执行情况和{年}年财政预算草案的报告"},
		{art: 10, topic: "重大项目/项目审批", perYr: 2, title: "{县}{年}年{期}重点建设项目计划"},
	},
	"bgs": {
		{art: 15, topic: "政务公开/工作要点", perYr: 1, docNo: true, title: "{机关}关于印发《{县}{年}年政务公开工作要点》的通知"},
		{art: 3, topic: "规划计划/工作部署", perYr: 2, docNo: true, title: "{机关}关于印发{县}{年}年{期}重点工作任务分解方案的通知"},
	},
	"jyj": {
		{art: 11, topic: "教育/学前教育", perYr: 1, docNo: true, title: "{机关}关于做好{年}年学前教育幼儿资助工作的通知",
			intro:  "为做好{年}年学前教育幼儿资助工作，保障家庭经济困难幼儿接受普惠性学前教育，现将有关事项通知如下。",
			detail: "各幼儿园要按照个人申请、幼儿园评议、教育部门审核的程序认定资助对象，资助资金按时足额发放，评议结果公示时不得公开幼儿及其家长的个人信息。"},
		{art: 11, topic: "教育/义务教育", perYr: 1, docNo: true, title: "{机关}关于{年}年秋季义务教育学校招生工作的通知"},
		{art: 14, topic: "教育/教师招聘", perYr: 1, title: "关于{年}年公开招聘中小学教师的公告",
			intro:  "为补充我县中小学教师队伍，经县人民政府同意，{机关}面向社会公开招聘{年}年中小学教师，招聘岗位、人数和资格条件详见岗位信息表。",
			detail: "招聘按照报名、资格审查、笔试、面试、体检、考察、公示的程序进行，报名人员须符合教师资格等岗位条件，具体时间另行通知。"},
		{art: 11, topic: "教育/学生资助", perYr: 2, title: "{县}{年}年{期}教育资助资金发放情况"},
		{art: 13, topic: "教育/校园安全", perYr: 1, docNo: true, title: "{机关}关于加强{年}年校园安全和食品安全工作的通知"},
	},
	"mzj": {
		{art: 11, topic: "社会保障/低保", perYr: 1, docNo: true, title: "关于印发《{县}{年}年城乡居民最低生活保障工作实施方案》的通知",
			intro:  "现将《{县}{年}年城乡居民最低生活保障工作实施方案》印发给你们，请结合实际认真贯彻落实，做到应保尽保、应退尽退。",
			detail: "各乡镇要严格执行低保申请、审核、审批和公示程序，落实低保对象动态管理，公示时不得公开身份证号码、银行账号等个人信息。"},
		{art: 11, topic: "社会保障/低保", perYr: 4, title: "{县}{年}年{期}城乡低保资金发放情况"},
		{art: 11, topic: "社会保障/特困供养", perYr: 1, title: "{县}{年}年特困人员救助供养标准调整情况"},
		{art: 11, topic: "社会保障/养老服务", perYr: 1, title: "{县}{年}年养老服务补贴发放情况"},
	},
	"czj": {
		{art: 7, topic: "财政/预算", perYr: 1, title: "{县}{年}年财政预算执行情况",
			intro:  "{年}年，全县财政部门坚持稳中求进工作总基调，一般公共预算收支总体平稳，“三保”支出得到有效保障。",
			detail: "全县一般公共预算收入、政府性基金预算收入和国有资本经营预算收入的执行情况及主要支出项目详见附表。"},
		{art: 7, topic: "财政/决算", perYr: 1, title: "{县}{上年}年财政决算"},
		{art: 7, topic: "财政/政府债务", perYr: 2, title: "{县}{年}年{期}政府债务限额和余额情况"},
	},
	"rsj": {
		{art: 11, topic: "就业创业/促进就业", perYr: 1, title: "{县}{年}年就业创业补贴申领指南"},
		{art: 14, topic: "人事信息/事业单位招聘", perYr: 1, title: "{县}{年}年事业单位公开招聘工作人员公告"},
		{art: 11, topic: "社会保障/社会保险", perYr: 1, title: "{县}{年}年城乡居民基本养老保险缴费档次调整情况"},
	},
	"gaj":   {{art: 5, topic: "公安/户籍管理", perYr: 1, title: "{机关}户籍业务办事指南（{年}年版）"}, {art: 12, topic: "公安/交通安全", perYr: 2, title: "{机关}{年}年{期}道路交通安全提示"}},
	"zrzyj": {{art: 3, topic: "自然资源/国土空间规划", perYr: 1, title: "{县}{年}年度土地征收成片开发方案"}, {art: 9, topic: "自然资源/土地出让", perYr: 2, title: "{县}{年}年{期}国有建设用地使用权出让公告"}},
	"zjj":   {{art: 11, topic: "住房保障/保障性住房", perYr: 1, title: "{县}{年}年保障性租赁住房筹集计划"}, {art: 10, topic: "城乡建设/老旧小区改造", perYr: 1, title: "{县}{年}年城镇老旧小区改造计划"}},
	"jtj":   {{art: 10, topic: "交通运输/公路建设", perYr: 1, title: "{县}{年}年农村公路建设计划"}},
	"nyncj": {{art: 11, topic: "农业农村/惠农补贴", perYr: 1, title: "{县}{年}年耕地地力保护补贴发放情况"}, {art: 13, topic: "农业农村/茶叶质量安全", perYr: 2, title: "{县}{年}年{期}茶叶农药残留监督抽检结果"}},
	"wjj":   {{art: 11, topic: "医疗卫生/基本公共卫生", perYr: 1, title: "{县}{年}年基本公共卫生服务项目实施方案"}, {art: 13, topic: "医疗卫生/卫生监督", perYr: 2, title: "{县}{年}年{期}医疗卫生监督抽查结果"}},
	"scjgj": {{art: 13, topic: "市场监管/食品安全", perYr: 4, title: "{县}{年}年{期}食品安全监督抽检信息"}, {art: 6, topic: "市场监管/双随机抽查", perYr: 2, title: "{机关}{年}年{期}“双随机、一公开”抽查结果"}},
	"yjj":   {{art: 13, topic: "安全生产/执法检查", perYr: 4, title: "{机关}{年}年{期}安全生产执法检查情况"}},
	"township": {
		{art: 11, topic: "社会保障/低保", perYr: 2, title: "{机关}{年}年{期}城乡低保和特困供养情况"},
		{art: 10, topic: "乡村振兴/村庄建设", perYr: 1, title: "{机关}{年}年农村人居环境整治项目情况"},
		{art: 11, topic: "教育/义务教育", perYr: 0, title: "{机关}{年}年控辍保学工作情况"},
	},
}

// articleText gives each 条例第二十条 item a default first and second
// paragraph of the body; {题} is the item's title, {机关} the agency.
var articleText = [16][2]string{
	{},
	{"为贯彻落实上级有关工作部署，结合本地实际，现将有关文件转发给你们，请认真抓好贯彻落实。", "各单位要明确责任分工，及时研究解决工作中遇到的问题，重要情况及时报告。"},
	{"{机关}是县人民政府工作部门或派出机关，依照有关法律法规和“三定”规定履行职责。", "本信息按照机构设置和职能调整情况及时更新，公众可通过政府信息公开指南所列方式咨询。"},
	{"根据县委、县政府决策部署，结合{机关}职能，制定本年度工作安排。", "各项任务明确责任单位和完成时限，年底前对落实情况进行总结评估。"},
	{"以下为{机关}业务统计数据，数据来源于业务系统，为初步统计结果。", "本统计信息如有调整，以正式统计年鉴或统计公报为准。"},
	{"本指南列明了事项名称、设定依据、申请条件、申请材料、办理流程、办理时限和收费依据。", "申请人可通过网上办事大厅或县行政服务中心窗口办理，具体以窗口告知为准。"},
	{"根据行政执法公示制度的要求，现将有关行政执法信息予以公示。", "公示内容不含个人隐私等依法不予公开的信息，当事人对执法决定不服的，可依法申请行政复议或者提起行政诉讼。"},
	{"根据《中华人民共和国预算法》及其实施条例的规定，现将相关预算、决算信息予以公开。", "公开内容包括收支总表、收支预算（决算）总表、财政拨款收支表和情况说明等。"},
	{"根据行政事业性收费管理有关规定，现将收费项目、收费标准和收费依据予以公开。", "目录清单之外的行政事业性收费一律不得执行，欢迎社会各界监督。"},
	{"根据《中华人民共和国政府采购法》及其实施条例的规定，现将有关采购信息予以公开。", "本次公开的采购信息仅作为供应商了解初步采购安排的参考，采购项目实际以采购公告和采购文件为准。"},
	{"现将有关重大建设项目的批准、实施和进展情况予以公开。", "项目建设严格执行基本建设程序，接受社会监督。"},
	{"为保障和改善民生，根据有关政策规定，现将相关工作安排和落实情况予以公开。", "符合条件的群众可向户籍所在地乡镇人民政府或有关部门咨询办理。"},
	{"为有效预防和妥善处置突发事件，保障人民群众生命财产安全，现就有关工作通知如下。", "各单位要严格落实值班值守和信息报送制度，遇有重大情况及时报告。"},
	{"根据监督检查工作安排，现将有关检查和抽检结果予以公开。", "对检查发现的问题，已依法责令整改并跟踪落实。"},
	{"根据公开招聘有关规定，经研究决定，面向社会公开招聘工作人员，现将有关事项公告如下。", "报考人员须如实提交报名材料，报名、资格审查、考试、体检、考察和聘用的具体安排以招聘公告附件为准。"},
	{"根据有关规定，现将有关情况予以公开。", "如对本信息有疑问，可通过政府信息公开指南所列方式咨询。"},
}

// quarters and halves name the {期} of a quarterly or half-yearly item.
var (
	quarters = []string{"第一季度", "第二季度", "第三季度", "第四季度"}
	halves   = []string{"上半年", "下半年"}
)

// period returns the {期} of the k-th (0-based) of n items a year, and the
// earliest month it can be published in.
func period(n, k int) (string, time.Month) {
	switch n {
	case 2:
		return halves[k], time.Month(1 + 6*k)
	case 4:
		return quarters[k], time.Month(1 + 3*k)
	case 12:
		return strconv.Itoa(k+1) + "月", time.Month(k + 1)
	}
	return "", time.January
}

// docPrefixes are the 发文机关代字 of the county's agencies; docPrefix gives
// a township's (凤城政 …).
var docPrefixes = map[string]string{"": "安政", "bgs": "安政办", "jyj": "安教", "gaj": "安公", "mzj": "安民",
	"czj": "安财", "rsj": "安人社", "zrzyj": "安自然资", "zjj": "安建", "jtj": "安交", "nyncj": "安农",
	"wjj": "安卫健", "scjgj": "安市监", "yjj": "安应急"}

func docPrefix(s agencySpec) string {
	if p, ok := docPrefixes[s.short]; ok {
		return p
	}
	return strings.TrimSuffix(s.township(), "镇") + "政"
}

// anxiItems builds the published catalog of every demo agency: the items of
// commonTpls and the agency's own, 2020 to AnxiToday, and the 规范性文件 of
// the agencies that report them (table 二 row N), made to agree with their
// table 二 inputs (normativeItems).
func anxiItems(ds *Dataset) []*gongkai.Item {
	b := newBuilder(anxiItemSeed)
	var out []*gongkai.Item
	for _, s := range anxiAgencies {
		ag := ds.Agency(s.id())
		var tpls []itemTpl
		for _, t := range commonTpls {
			// A township publishes less: its periodic items once a year.
			if s.kind != kindTownship || t.perYr <= 1 {
				tpls = append(tpls, t)
			}
		}
		own, ok := ownTpls[s.short]
		if !ok && s.kind == kindTownship {
			own = ownTpls["township"]
		}
		tpls = append(tpls, own...)
		var its []*gongkai.Item
		for y := 2020; y <= AnxiToday.Year; y++ {
			for _, t := range tpls {
				its = append(its, b.yearItems(ag, t, y)...)
			}
		}
		if strings.IndexByte(s.rows, 'N') >= 0 {
			its = append(its, b.normativeItems(ag, ds.Proactive)...)
		}
		out = append(out, finishItems(s, ag, its)...)
	}
	return out
}

// yearItems returns the items of template t an agency publishes in year y.
func (b *builder) yearItems(ag *gongkai.Agency, t itemTpl, y int) []*gongkai.Item {
	n := t.perYr
	if n == 0 {
		if b.rng.IntN(3) != 0 {
			return nil
		}
		n = 1
	}
	var out []*gongkai.Item
	for k := 0; k < n; k++ {
		per, from := period(n, k)
		lo := gongkai.NewDate(y, from, 1)
		hi := lo.AddDays(365/n - 1) // about the period's last day
		if n > 1 && !strings.Contains(t.title, "意向") {
			// A period's figures and records are published after it ends,
			// within a month (a 采购意向 is published ahead of its period).
			lo, hi = hi.AddDays(1), hi.AddDays(30)
		}
		if last := AnxiToday.AddDays(-30); hi.After(last) {
			hi = last
		}
		if lo.After(hi) {
			break
		}
		written := b.randomDay(lo, hi)
		r := strings.NewReplacer("{机关}", ag.Name, "{县}", "安溪县", "{年}", strconv.Itoa(y), "{上年}", strconv.Itoa(y-1), "{期}", per)
		it := &gongkai.Item{Agency: ag.ID, Title: r.Replace(t.title), WrittenOn: written, Issuer: ag.Name,
			Article20Item: t.art, Attribute: gongkai.AttrProactive}
		it.Topic[0], it.Topic[1], _ = strings.Cut(t.topic, "/")
		if t.docNo {
			it.DocNo = "?" // numbered in finishItems
		}
		intro, detail := t.intro, t.detail
		if intro == "" {
			intro = articleText[t.art][0]
		}
		if detail == "" {
			detail = articleText[t.art][1]
		}
		it.Body = itemBody(it, r.Replace(intro), r.Replace(detail))
		out = append(out, it)
	}
	return out
}

// itemBody writes an item's sanitized HTML: the title's opening, two
// paragraphs, the topic and the closing, every paragraph escaped.
func itemBody(it *gongkai.Item, intro, detail string) string {
	ps := []string{intro, detail}
	if strings.HasSuffix(it.Title, "的通知") {
		ps = append([]string{"各有关单位："}, append(ps, "特此通知。")...)
	} else if strings.HasSuffix(it.Title, "公告") {
		ps = append(ps, "特此公告。")
	}
	topic := it.Topic[0]
	if it.Topic[1] != "" {
		topic += "—" + it.Topic[1]
	}
	ps = append(ps, "本信息属于“"+topic+"”类政府信息，依据《中华人民共和国政府信息公开条例》第二十条第（"+
		chineseNumber(it.Article20Item)+"）项主动公开。", it.Issuer, it.WrittenOn.Chinese())
	var sb strings.Builder
	for _, p := range ps {
		sb.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	return sb.String()
}

// chineseNumber writes 1–99 in Chinese numerals as 条例 items are cited.
func chineseNumber(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + d[n-10]
	}
	return d[n/10] + "十" + d[n%10]
}

// finishItems publishes an agency's items in order of their 成文日期: the
// 发布日期 within the 20 working days of 条例第二十六条, the 文号 numbered per
// year, 索引号 numbered per year of publication as IndexNoGenerator issues
// them, drafter and reviewer recorded (先审后发, 条例第十七条).
func finishItems(s agencySpec, ag *gongkai.Agency, its []*gongkai.Item) []*gongkai.Item {
	b := newBuilder(anxiItemSeed + uint64(len(its)))
	sort.SliceStable(its, func(i, j int) bool { return its[i].WrittenOn.Before(its[j].WrittenOn) })
	docSeq := map[int]int{}
	for _, it := range its {
		if it.PublishedOn.IsZero() {
			it.PublishedOn = b.wd(it.WrittenOn, 1+b.rng.IntN(12))
			if it.PublishedOn.After(AnxiToday) {
				it.PublishedOn = AnxiToday
			}
		}
		if it.DocNo == "?" {
			docSeq[it.WrittenOn.Year]++
			it.DocNo = fmt.Sprintf("%s〔%d〕%d号", docPrefix(s), it.WrittenOn.Year, docSeq[it.WrittenOn.Year])
		}
	}
	sort.SliceStable(its, func(i, j int) bool { return its[i].PublishedOn.Before(its[j].PublishedOn) })
	seq := map[int]int{}
	for k, it := range its {
		y := it.PublishedOn.Year
		seq[y]++
		no, err := gongkai.NextIndexNo(ag.Code, y, seq[y])
		if err != nil {
			panic(err) // deterministic: the tests build it
		}
		it.ID = fmt.Sprintf("%s-item-%04d", ag.ID, k+1)
		it.IndexNo = no
		it.Status = gongkai.ItemPublished
		it.DraftedBy = "u-" + clerkOf(ag.ID)
		it.Review = gongkai.Review{Reviewer: "u-reviewer", SecrecyReviewed: true, Note: "经保密审查，同意主动公开。",
			ReviewedAt: time.Date(it.PublishedOn.Year, it.PublishedOn.Month, it.PublishedOn.Day, 9, 30, 0, 0, cst)}
	}
	return its
}

// normSubjects are the subjects of the demo's 规范性文件 with their 主题分类.
var normSubjects = []struct{ subject, topic string }{
	{"城乡居民最低生活保障", "社会保障/低保"}, {"学前教育资助", "教育/学前教育"}, {"义务教育阶段学校招生", "教育/义务教育"},
	{"茶园生态建设", "农业农村/茶产业"}, {"政府投资项目", "发展改革/投资管理"}, {"农村宅基地", "自然资源/农村宅基地"},
	{"城市道路挖掘", "城乡建设/市政管理"}, {"公共租赁住房", "住房保障/保障性住房"}, {"行政规范性文件制定", "法治政府/规范性文件"},
	{"重大行政决策程序", "法治政府/重大决策"}, {"公共资源交易", "政府采购/公共资源交易"}, {"殡葬改革", "民政/殡葬管理"},
	{"城市养犬", "公安/社会治安"}, {"河道采砂", "水利/河道管理"}, {"特困人员救助供养", "社会保障/特困供养"},
	{"促进就业创业", "就业创业/促进就业"}, {"临时救助", "社会保障/临时救助"}, {"中小学校舍安全", "教育/校园安全"},
	{"国有土地上房屋征收与补偿", "自然资源/土地征收"}, {"县级财政专项资金", "财政/专项资金"}, {"政府非税收入", "财政/非税收入"},
	{"企业技术改造扶持", "工业经济/企业扶持"}, {"农村饮水安全工程运行", "水利/农村饮水"}, {"城区停车设施", "城乡建设/停车管理"},
}

var normKinds = []string{"管理办法", "实施办法", "实施意见", "若干措施", "实施细则"}

// inputValue returns a table 二 input of agency id in year y.
func inputValue(ins []*gongkai.ProactiveInput, id string, y int, cell string) int {
	for _, in := range ins {
		if in.Agency == id && in.Year == y {
			return int(in.Values[cell])
		}
	}
	return 0
}

// normativeItems returns the 规范性文件 (条例第二十条第（一）项) of an agency,
// made to agree with its table 二 inputs: for 2020 (2019 format) the
// 本年新制作数量 made in 2020 and the 对外公开总数量 in all, those before 2020
// published in 2016–2019; for 2021–2025 the 本年制发件数 written in the year
// and the 本年废止件数 repealed or expired in it (gongkai counts both as
// 废止, catalog_report.go), taken from those in force at the end of the
// year before; and a few in 2026.
func (b *builder) normativeItems(ag *gongkai.Agency, ins []*gongkai.ProactiveInput) []*gongkai.Item {
	used := map[string]bool{}
	var out, pool []*gongkai.Item
	issue := func(lo, hi gongkai.Date) {
		if hi.After(AnxiToday.AddDays(-30)) {
			hi = AnxiToday.AddDays(-30)
		}
		var written gongkai.Date
		if lo.Year < 2019 {
			// Before the calendar's first year: any weekday.
			written = lo.AddDays(b.rng.IntN(hi.Sub(lo) + 1))
			for written.IsWeekend() {
				written = written.AddDays(1)
			}
		} else {
			written = b.randomDay(lo, hi)
		}
		var title, topic string
		for {
			ns := normSubjects[b.rng.IntN(len(normSubjects))]
			title = ag.Name + "关于印发《安溪县" + ns.subject + normKinds[b.rng.IntN(len(normKinds))] + "》的通知"
			if !used[title] {
				used[title], topic = true, ns.topic
				break
			}
		}
		it := &gongkai.Item{Agency: ag.ID, Title: title, WrittenOn: written, Issuer: ag.Name, DocNo: "?",
			Article20Item: 1, Attribute: gongkai.AttrProactive, Normative: &gongkai.NormativeDoc{Validity: gongkai.NormativeValid}}
		it.Topic[0], it.Topic[1], _ = strings.Cut(topic, "/")
		// Published within the year it was written, so that 2020's 本年新公开
		// 数量 equals its 本年新制作数量.
		if it.PublishedOn = written.AddDays(1 + b.rng.IntN(8)); written.Year >= 2019 {
			it.PublishedOn = b.wd(written, 1+b.rng.IntN(8))
		}
		effect, from := written, "自印发之日起施行"
		if b.rng.IntN(2) == 0 {
			effect, from = written.AddDays(30), "自"+written.AddDays(30).Chinese()+"起施行"
		}
		it.Normative.EffectiveOn = effect
		if written.Year >= 2022 {
			it.Normative.ExpiresOn = effect.AddDays(5*365 - 1)
			from += "，有效期5年"
		}
		it.Body = itemBody(it, "经研究同意，现将《"+strings.TrimSuffix(strings.SplitN(title, "《", 2)[1], "》的通知")+
			"》印发给你们，请认真贯彻执行。", "本文件"+from+"。执行中遇到的问题，请及时向"+ag.Name+"反映。")
		out, pool = append(out, it), append(pool, it)
	}
	made := inputValue(ins, ag.ID, 2020, "normative_docs.made")
	for k := inputValue(ins, ag.ID, 2020, "normative_docs.total") - made; k > 0; k-- {
		y := 2016 + b.rng.IntN(4)
		issue(gongkai.NewDate(y, 1, 4), gongkai.NewDate(y, 11, 30))
	}
	for ; made > 0; made-- {
		issue(gongkai.NewDate(2020, 1, 2), gongkai.NewDate(2020, 11, 30))
	}
	for y := 2021; y <= 2025; y++ {
		for k := inputValue(ins, ag.ID, y, "normative_docs.repealed"); k > 0 && len(pool) > 0; k-- {
			j := b.rng.IntN(len(pool))
			n := pool[j].Normative
			pool = append(pool[:j], pool[j+1:]...)
			lo := gongkai.NewDate(y, 1, 2)
			if !n.EffectiveOn.Before(lo) {
				lo = n.EffectiveOn.AddDays(2)
			}
			on := b.randomDay(lo, gongkai.NewDate(y, 12, 30))
			if b.rng.IntN(3) == 0 {
				// 有效期届满: the term ends the day before it lapses.
				n.Validity, n.ExpiresOn, n.ExpiredOn = gongkai.NormativeExpired, on.AddDays(-1), on
			} else {
				n.Validity, n.RepealedOn = gongkai.NormativeRepealed, on
			}
		}
		for k := inputValue(ins, ag.ID, y, "normative_docs.issued"); k > 0; k-- {
			issue(gongkai.NewDate(y, 1, 4), gongkai.NewDate(y, 11, 30))
		}
	}
	for k := 2 + b.rng.IntN(3); k > 0; k-- {
		issue(gongkai.NewDate(AnxiToday.Year, 1, 5), AnxiToday)
	}
	return out
}
