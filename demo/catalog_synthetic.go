package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
)

// CatalogGenerator streams a large synthetic 政府信息公开目录 for benchmarks:
// published proactive items of ~50 agencies over 7 years, spread over the
// 15 items of 条例第二十条 and the topics, with Chinese titles and bodies of
// about 300–800 characters. The text is built from a vocabulary whose
// words are drawn with a skewed (Zipf-like) frequency, so that the bigrams
// of the search index have a realistic selectivity: 工作 or 管理 in most
// items, 教育 or 预算 in a few percent, a village name in a handful.
// Items are made one at a time (EachItem), never all held in memory.
type CatalogGenerator struct {
	agencies []*gongkai.Agency
	items    int
	seed     uint64
}

// The publication years of the synthetic catalog.
const (
	CatalogFirstYear = 2019
	CatalogLastYear  = 2025
)

// SyntheticCatalog returns a generator of items items published by
// agencies agencies (at least 1), deterministic for a seed.
func SyntheticCatalog(agencies, items int, seed uint64) *CatalogGenerator {
	return &CatalogGenerator{agencies: syntheticAgencies(max(1, agencies)), items: max(0, items), seed: seed}
}

// Agencies returns the agencies, parents before children.
func (g *CatalogGenerator) Agencies() []*gongkai.Agency { return g.agencies }

// Items returns the number of items EachItem yields.
func (g *CatalogGenerator) Items() int { return g.items }

// catalogTopic is a 主题分类 with its second levels, the 条例第二十条 item
// its documents usually fall under, and its own words.
type catalogTopic struct {
	name      string
	subs      []string
	article20 int
	words     []string
}

var catalogTopics = []catalogTopic{
	{"教育", []string{"学前教育", "义务教育", "职业教育"}, 11, []string{"教育", "学校", "学生", "教师", "课程", "校园", "招生", "幼儿园", "学前教育", "义务教育", "资助", "助学金", "课后服务", "双减", "校舍", "营养餐"}},
	{"社会保障", []string{"最低生活保障", "养老保险", "社会救助"}, 11, []string{"低保", "救助", "养老", "特困人员", "临时救助", "医疗保险", "社会保障", "参保", "残疾人", "补贴", "孤儿", "低保边缘", "五保", "养老金"}},
	{"财政", []string{"预算", "决算", "专项资金"}, 7, []string{"预算", "决算", "财政", "专项资金", "三公经费", "转移支付", "债务", "绩效评价", "收入", "支出", "国库", "政府采购"}},
	{"卫生健康", []string{"公共卫生", "医疗服务"}, 13, []string{"卫生", "医院", "疫苗", "接种", "传染病", "医疗", "健康", "卫生院", "家庭医生", "药品", "疾控", "核酸"}},
	{"城乡建设", []string{"住房保障", "城市管理"}, 10, []string{"建设", "项目", "工程", "住房", "棚户区", "改造", "道路", "施工", "招标", "验收", "保障性住房", "老旧小区"}},
	{"生态环境", []string{"大气污染防治", "水环境"}, 13, []string{"环境", "污染", "排放", "环评", "水质", "空气质量", "河长制", "生态", "整改", "监测", "固体废物", "噪声"}},
	{"市场监管", []string{"食品安全", "产品质量"}, 13, []string{"食品", "抽检", "市场", "质量", "不合格", "经营者", "许可证", "特种设备", "价格", "投诉", "计量", "商标"}},
	{"农业农村", []string{"乡村振兴", "农田水利"}, 11, []string{"农业", "农村", "农民", "耕地", "种植", "乡村振兴", "合作社", "补助", "高标准农田", "水利", "防汛", "粮食"}},
	{"人力资源", []string{"公务员招考", "就业创业"}, 14, []string{"招聘", "考试", "公务员", "录用", "面试", "笔试", "就业", "创业", "培训", "岗位", "体检", "公示"}},
	{"公共安全", []string{"应急管理", "安全生产"}, 12, []string{"应急", "安全生产", "事故", "隐患", "消防", "预案", "演练", "灾害", "地质灾害", "森林防火", "排查", "危险化学品"}},
	{"政务公开", []string{"政府信息公开", "机构职能"}, 2, []string{"公开", "政府信息公开", "机构", "职能", "内设机构", "领导", "分工", "年度报告", "依申请公开", "政务服务", "办事指南", "主动公开"}},
	{"统计", []string{"统计公报", "经济运行"}, 4, []string{"统计", "增长", "同比", "生产总值", "GDP", "固定资产投资", "居民", "消费", "人口", "公报", "季度", "工业"}},
	{"行政执法", []string{"行政处罚", "行政许可"}, 6, []string{"处罚", "罚款", "执法", "违法", "决定书", "当事人", "行政强制", "许可", "审批", "听证", "责令", "没收"}},
	{"规划", []string{"发展规划", "国土空间规划"}, 3, []string{"规划", "十四五", "目标", "布局", "国土空间", "发展", "纲要", "实施方案", "重点任务", "产业", "园区", "开发区"}},
	{"交通运输", []string{"公路建设", "公共交通"}, 10, []string{"交通", "公路", "公交", "运输", "车辆", "桥梁", "客运", "货运", "站点", "线路", "养护", "出租车"}},
}

// catalogCommon are the words of any administrative text, most common first.
var catalogCommon = []string{"工作", "管理", "服务", "开展", "加强", "落实", "推进", "有关", "单位", "部门",
	"情况", "要求", "组织", "实施", "进一步", "规定", "通知", "办法", "制度", "责任", "检查", "完善",
	"提高", "群众", "社会", "经济", "建立", "机制", "统筹", "协调", "监督", "考核", "按照", "确保",
	"根据", "结合", "实际", "全面", "重点", "任务", "措施", "目标", "领导", "政策", "标准", "程序",
	"资金", "项目", "信息", "报送", "材料", "审核", "及时", "认真", "切实", "高质量", "依法", "规范",
	"宣传", "培训", "指导", "调研", "会议", "部署", "总结", "整改", "问题", "成效", "年度", "计划"}

// catalogVerbs open the titles.
var catalogVerbs = []string{"印发", "做好", "开展", "公布", "加强", "进一步做好", "调整", "下达", "组织开展", "公示", "发布", "启动"}

// catalogKinds close the titles.
var catalogKinds = []string{"的通知", "的实施方案", "的公告", "的公示", "的意见", "的批复", "工作方案", "的报告", "情况的说明", "管理办法"}

// villageChars make place names (X Y 村/社区): thousands of rare bigrams.
var villageChars = []rune("东西南北上下前后新旧大小青红白金银石山河湖溪林竹松梅兰桃李杨柳田园塘坑岭岗坪坝湾洲桥庄营寨堡龙凤虎鹤龟鸣安宁平和兴旺福寿康乐富贵丰茂昌盛永长常春秋冬夏阳光明清泉云霞星月")

// zipf returns an index in [0, n) with a skew toward the first ones.
func zipf(r *rand.Rand, n int) int {
	// The square of a uniform variable: index 0 is ~1/sqrt(n) likely.
	f := r.Float64()
	return min(n-1, int(f*f*f*float64(n)))
}

// EachItem calls fn with each item, in order: ID "it-0000001" and up,
// published, with an index number unique per agency code and year.
// fn may keep the item.
func (g *CatalogGenerator) EachItem(fn func(*gongkai.Item) error) error {
	r := rand.New(rand.NewPCG(g.seed, 0xca7a106))
	seqs := map[[2]int]int{}
	var b strings.Builder
	for i := 1; i <= g.items; i++ {
		ai := zipf(r, len(g.agencies))
		if r.IntN(2) == 0 {
			ai = r.IntN(len(g.agencies))
		}
		a := g.agencies[ai]
		year := CatalogFirstYear + r.IntN(CatalogLastYear-CatalogFirstYear+1)
		written := gongkai.NewDate(year, time.Month(1+r.IntN(12)), 1+r.IntN(28))
		published := written.AddDays(r.IntN(20))
		if published.Year != year {
			published = gongkai.NewDate(year, 12, 31)
		}
		seqs[[2]int{ai, year}]++
		no, err := gongkai.NextIndexNo(a.Code, year, seqs[[2]int{ai, year}])
		if err != nil {
			return err
		}
		t := &catalogTopics[r.IntN(len(catalogTopics))]
		a20 := t.article20
		if r.IntN(5) == 0 {
			a20 = 1 + r.IntN(15)
		}
		it := &gongkai.Item{ID: fmt.Sprintf("it-%07d", i), IndexNo: no, Agency: a.ID, Issuer: a.Name,
			WrittenOn: written, PublishedOn: published, Topic: [2]string{t.name, t.subs[r.IntN(len(t.subs))]},
			Article20Item: a20, Attribute: gongkai.AttrProactive, Status: gongkai.ItemPublished, DraftedBy: "clerk",
			Review: gongkai.Review{Reviewer: "reviewer", SecrecyReviewed: true}}
		it.Title = catalogTitle(r, a, t, &b)
		if r.IntN(3) == 0 {
			it.DocNo = fmt.Sprintf("演%s〔%d〕%d号", []string{"政发", "政办", "教", "财", "卫健", "环", "农", "人社"}[r.IntN(8)], year, 1+r.IntN(200))
		}
		if t.article20 == 1 || a20 == 1 {
			it.Normative = &gongkai.NormativeDoc{Validity: gongkai.NormativeValid, EffectiveOn: published}
		}
		it.Body = catalogBody(r, a, t, &b)
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

// catalogTitle returns a title such as 演示省03市人民政府关于做好低保资助工作的通知.
func catalogTitle(r *rand.Rand, a *gongkai.Agency, t *catalogTopic, b *strings.Builder) string {
	b.Reset()
	b.WriteString(a.Name)
	b.WriteString("关于")
	b.WriteString(catalogVerbs[r.IntN(len(catalogVerbs))])
	if r.IntN(3) == 0 {
		b.WriteString(fmt.Sprintf("%d年", 2019+r.IntN(7)))
	}
	b.WriteString(t.words[zipf(r, len(t.words))])
	if r.IntN(2) == 0 {
		b.WriteString(t.words[r.IntN(len(t.words))])
	}
	b.WriteString(catalogCommon[zipf(r, 12)])
	b.WriteString(catalogKinds[r.IntN(len(catalogKinds))])
	return b.String()
}

// catalogBody returns the body: paragraphs of sentences mixing the
// topic's words, the common words, another topic now and then, place
// names and figures, 300–800 characters in all.
func catalogBody(r *rand.Rand, a *gongkai.Agency, t *catalogTopic, b *strings.Builder) string {
	b.Reset()
	target := 300 + r.IntN(500)
	chars := 0
	for chars < target {
		b.WriteString("<p>")
		for s := 0; s < 2+r.IntN(4) && chars < target; s++ {
			n := catalogSentence(r, a, t, b)
			chars += n
		}
		b.WriteString("</p>")
	}
	return b.String()
}

// catalogSentence writes one sentence and returns its length in characters.
func catalogSentence(r *rand.Rand, a *gongkai.Agency, t *catalogTopic, b *strings.Builder) int {
	n := 0
	w := func(s string) {
		b.WriteString(s)
		n += utf8.RuneCountInString(s)
	}
	switch r.IntN(6) {
	case 0:
		w("根据")
		w(a.Name)
		w("工作安排，")
	case 1:
		y, m := 2019+r.IntN(7), 1+r.IntN(12)
		w(strconv.Itoa(y) + "年" + strconv.Itoa(m) + "月，")
	case 2:
		v := villageChars
		w(string([]rune{v[r.IntN(len(v))], v[r.IntN(len(v))]}))
		w([]string{"村", "社区", "镇", "街道"}[r.IntN(4)])
		w("：")
	}
	for k := 0; k < 4+r.IntN(6); k++ {
		tt := t
		if r.IntN(40) == 0 {
			tt = &catalogTopics[r.IntN(len(catalogTopics))]
		}
		if r.IntN(3) == 0 {
			w(tt.words[zipf(r, len(tt.words))])
		} else {
			w(catalogCommon[zipf(r, len(catalogCommon))])
		}
		switch r.IntN(7) {
		case 0:
			w("，")
		case 1:
			w(strconv.Itoa(10 + r.IntN(9990)))
			w([]string{"万元", "人", "户", "个", "项", "%"}[r.IntN(6)])
		case 2:
			w("和")
		}
	}
	w("。")
	return n
}
