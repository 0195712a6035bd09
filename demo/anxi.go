package demo

import (
	"fmt"
	"sort"

	"gongkai"
)

// Demo logins printed by `gongkai serve --demo`.
const (
	AdminUsername = "admin"
	AdminPassword = "anxi-demo-admin"
	ClerkPassword = "anxi-demo-clerk"
)

// AnxiSeed is the fixed seed of the demo jurisdiction.
const AnxiSeed = 3505242020

// anxi holds the state of building the demo jurisdiction.
type anxi struct {
	*builder
	ds         *Dataset
	applicants map[string]*gongkai.ApplicantRecord
}

// Anxi returns the demo jurisdiction of 安溪县人民政府: the county government
// (report scope subtree), its office, 12 departments and 8 townships; staff
// accounts; requests and cases for 2020 whose computed county report
// reproduces the published 2020 report (tables 二 and 三 exactly; table 四
// with its 5 direct suits pending at the end of 2020); and plausible
// 2021–2025 records in the 2021 format. Every request's history was recorded
// through gongkai.Policy.Record with the default calendar. The result is the
// same on every call.
func Anxi() *Dataset {
	a := &anxi{builder: newBuilder(AnxiSeed), ds: &Dataset{Agencies: anxiAgencyList()},
		applicants: map[string]*gongkai.ApplicantRecord{}}
	a.ds.Users = anxiUsers(a.ds.Agencies)
	if err := a.year2020(); err != nil {
		panic(err) // deterministic: the tests build it
	}
	for y := 2021; y <= 2025; y++ {
		if err := a.laterYear(y); err != nil {
			panic(err)
		}
	}
	a.ds.Proactive = anxiProactive(a.rng)
	a.ds.Items = anxiItems(a.ds)
	for _, r := range a.applicants {
		a.ds.Applicants = append(a.ds.Applicants, r)
	}
	sort.Slice(a.ds.Applicants, func(i, j int) bool { return a.ds.Applicants[i].ID < a.ds.Applicants[j].ID })
	return a.ds
}

// anxiUsers returns the demo accounts: the 公开办 admin, a reviewer, a
// county clerk covering the whole county, and one clerk per other agency.
func anxiUsers(ags []*gongkai.Agency) []DemoUser {
	us := []DemoUser{
		{Username: AdminUsername, Password: AdminPassword, Name: "县政务公开办管理员（演示）", Role: gongkai.RoleAdmin},
		{Username: "reviewer", Password: ClerkPassword, Name: "审核员（演示）", Role: gongkai.RoleReviewer, AgencyID: AnxiID + "-bgs"},
	}
	for _, ag := range ags {
		us = append(us, DemoUser{Username: clerkOf(ag.ID), Password: ClerkPassword, Name: ag.Name + "经办人（演示）",
			Role: gongkai.RoleClerk, AgencyID: ag.ID, IncludeSubtree: ag.ID == AnxiID})
	}
	return us
}

// applicantKinds gives name, credit-code prefix and organisation-code
// letters of each organisational applicant type.
var applicantKinds = map[gongkai.ApplicantType]struct{ name, prefix, letters string }{
	gongkai.Commercial:    {"测试商贸有限公司%03d", "91", "QY"},
	gongkai.Research:      {"测试研究院%03d", "12", "KY"},
	gongkai.SocialWelfare: {"测试公益服务中心%03d", "52", "GY"},
	gongkai.LegalService:  {"测试律师事务所%03d", "31", "LW"},
	gongkai.OtherOrg:      {"测试村民委员会%03d", "54", "QT"},
}

// applicant returns the n-th demo applicant of type t, recording it once.
func (a *anxi) applicant(t gongkai.ApplicantType, n int) *gongkai.ApplicantRecord {
	var rec gongkai.ApplicantRecord
	if t == gongkai.NaturalPerson {
		id := SyntheticIDNumber(anxiRegion, n*7+1)
		rec = gongkai.ApplicantRecord{ID: gongkai.ApplicantKey(id), Type: t, Name: fmt.Sprintf("测试申请人%03d", n), IDNumber: id,
			Address: fmt.Sprintf("福建省泉州市安溪县演示路%d号", 1+n%97)}
	} else {
		k := applicantKinds[t]
		code := buildCredit(k.prefix, anxiRegion, fmt.Sprintf("%s%06d", k.letters, n))
		rec = gongkai.ApplicantRecord{ID: gongkai.ApplicantKey(code), Type: t, Name: fmt.Sprintf(k.name, n), IDNumber: code,
			Address: fmt.Sprintf("福建省泉州市安溪县演示工业园%d号", 1+n%31)}
	}
	if old, ok := a.applicants[rec.ID]; ok {
		return old
	}
	a.applicants[rec.ID] = &rec
	return &rec
}

// subjects are plausible request subjects per agency (某 stands for the
// specifics a real request would name).
var subjects = map[string][]string{
	"":           {"申请公开县政府常务会议研究某项目的会议纪要", "申请公开某片区征收决定及补偿方案"},
	"bgs":        {"申请公开县政府办公室某规范性文件的制定依据", "申请公开县政府信息公开工作制度"},
	"jyj":        {"申请公开某学区划片招生文件", "申请公开某学校教师招聘考试成绩"},
	"gaj":        {"申请公开某路段交通违法抓拍设备设置依据", "申请公开户籍迁移办理规定"},
	"mzj":        {"申请公开某村最低生活保障审批名单", "申请公开养老机构补贴发放情况"},
	"czj":        {"申请公开县级预算执行情况报告", "申请公开某专项资金拨付文件"},
	"rsj":        {"申请公开事业单位公开招聘面试成绩", "申请公开某企业社会保险费缴纳情况"},
	"zrzyj":      {"申请公开某地块土地征收批复文件", "申请公开某村土地利用总体规划图", "申请公开某地块国有建设用地使用权出让合同"},
	"zjj":        {"申请公开某小区建设工程规划许可证及附图", "申请公开某项目竣工验收备案材料", "申请公开某片区棚户区改造安置方案"},
	"jtj":        {"申请公开某道路改建工程立项批复", "申请公开某公路征地补偿标准"},
	"nyncj":      {"申请公开农村宅基地审批情况", "申请公开某农业补贴发放名单"},
	"wjj":        {"申请公开某医疗机构执业许可信息", "申请公开某卫生院设备采购合同"},
	"scjgj":      {"申请公开某企业行政处罚决定书", "申请公开某食品抽检结果"},
	"yjj":        {"申请公开某安全生产事故调查报告", "申请公开某企业安全生产许可情况"},
	"fengcheng":  {"申请公开某村集体土地征收补偿款发放明细", "申请公开某社区改造工程资金使用情况"},
	"chengxiang": {"申请公开某村集体土地征收补偿款发放明细", "申请公开某村道路硬化工程招标文件"},
	"township":   {"申请公开某村集体土地征收补偿款发放明细", "申请公开某村危房改造补助名单", "申请公开某村茶园改造项目资金使用情况"},
}

// outcomeSubjects are subjects that go with an outcome wherever filed.
var outcomeSubjects = map[string][]string{
	"declined_petition":    {"以申请公开形式投诉某小区物业管理问题并要求查处", "以申请公开形式举报某工地夜间施工并要求处理"},
	"declined_publication": {"申请提供某年度统计年鉴", "申请提供某期政府公报"},
	"declined_duplicate":   {"再次申请公开已答复的同一信息"},
}

// subject picks a subject for a request to agency spec s with outcome o.
func (a *anxi) subject(s agencySpec, o string) string {
	if l, ok := outcomeSubjects[o]; ok {
		return l[a.rng.IntN(len(l))]
	}
	l, ok := subjects[s.short]
	if !ok {
		l = subjects["township"]
	}
	return l[a.rng.IntN(len(l))]
}

// pickAgency picks an agency by weight.
func (a *anxi) pickAgency() agencySpec {
	total := 0
	for _, s := range anxiAgencies {
		total += s.weight
	}
	k := a.rng.IntN(total)
	for _, s := range anxiAgencies {
		if k < s.weight {
			return s
		}
		k -= s.weight
	}
	panic("unreachable")
}

// pickChannel picks how a request came in: mostly online and in person.
func (a *anxi) pickChannel() gongkai.Channel {
	switch k := a.rng.IntN(20); {
	case k < 10:
		return gongkai.ChannelOnline
	case k < 15:
		return gongkai.ChannelInPerson
	case k < 18:
		return gongkai.ChannelPostSigned
	case k < 19:
		return gongkai.ChannelPostOrdinary
	default:
		return gongkai.ChannelFax
	}
}

// number assigns request ids by receipt date: AX-<year>-<nnn>.
func number(year int, ps []*plan) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].received.Before(ps[j].received) })
	for i, p := range ps {
		p.id = fmt.Sprintf("AX-%d-%03d", year, i+1)
	}
}
