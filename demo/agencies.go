package demo

import (
	"fmt"
	"strings"

	"gongkai"
)

// AnxiID is the id of the root agency of the demo, 安溪县人民政府.
const AnxiID = "anxi"

// anxiRegion is the administrative division code of 安溪县 (GB/T 2260).
const anxiRegion = "350524"

// agencyKind says what an agency of the demo is.
type agencyKind int

const (
	kindGov agencyKind = iota
	kindOffice
	kindDept
	kindTownship
)

// agencySpec is one agency of the demo with the table 二 rows it reports and
// its relative size in them.
type agencySpec struct {
	short  string // id suffix
	name   string
	kind   agencyKind
	weight int    // relative size in its table 二 rows and share of requests
	rows   string // table 二 rows: L licensing, O other services, P penalties, C coercion, F fees, Q procurement, N normative docs
}

// anxiAgencies lists the demo agencies, parents first.
var anxiAgencies = []agencySpec{
	{"", "安溪县人民政府", kindGov, 3, "NQ"},
	{"bgs", "安溪县人民政府办公室", kindOffice, 4, "NQ"},
	{"jyj", "安溪县教育局", kindDept, 4, "LOFQ"},
	{"gaj", "安溪县公安局", kindDept, 6, "LOPCFQ"},
	{"mzj", "安溪县民政局", kindDept, 3, "LOFQ"},
	{"czj", "安溪县财政局", kindDept, 2, "OQ"},
	{"rsj", "安溪县人力资源和社会保障局", kindDept, 4, "LOPQ"},
	{"zrzyj", "安溪县自然资源局", kindDept, 9, "LOPCFQ"},
	{"zjj", "安溪县住房和城乡建设局", kindDept, 7, "LOPCFQ"},
	{"jtj", "安溪县交通运输局", kindDept, 3, "LOPFQ"},
	{"nyncj", "安溪县农业农村局", kindDept, 3, "LOPQ"},
	{"wjj", "安溪县卫生健康局", kindDept, 3, "LOPFQ"},
	{"scjgj", "安溪县市场监督管理局", kindDept, 5, "LOPCFQ"},
	{"yjj", "安溪县应急管理局", kindDept, 2, "LPCQ"},
	{"fengcheng", "安溪县凤城镇人民政府", kindTownship, 3, "OPQ"},
	{"chengxiang", "安溪县城厢镇人民政府", kindTownship, 2, "OPQ"},
	{"cannei", "安溪县参内镇人民政府", kindTownship, 1, "OPQ"},
	{"penglai", "安溪县蓬莱镇人民政府", kindTownship, 1, "OPQ"},
	{"hutou", "安溪县湖头镇人民政府", kindTownship, 2, "OPQ"},
	{"guanqiao", "安溪县官桥镇人民政府", kindTownship, 2, "OPQ"},
	{"longmen", "安溪县龙门镇人民政府", kindTownship, 1, "OPQ"},
	{"xiping", "安溪县西坪镇人民政府", kindTownship, 1, "OPQ"},
}

func (s agencySpec) id() string {
	if s.short == "" {
		return AnxiID
	}
	return AnxiID + "-" + s.short
}

// township returns the township's name without 人民政府 (凤城镇).
func (s agencySpec) township() string {
	return strings.TrimSuffix(strings.TrimPrefix(s.name, "安溪县"), "人民政府")
}

// Hours is the office hours printed in the demo's 公开指南.
const Hours = "周一至周五 上午8:00—12:00 下午14:30—17:30（法定节假日除外）"

// anxiAgencyList builds the demo agencies from anxiAgencies.
func anxiAgencyList() []*gongkai.Agency {
	var out []*gongkai.Agency
	for i, s := range anxiAgencies {
		a := &gongkai.Agency{
			ID:          s.id(),
			Name:        s.name,
			Code:        CreditCode(anxiRegion, fmt.Sprintf("AX0524%02d", i+1)),
			ReportScope: gongkai.ScopeOwn,
			Hours:       Hours,
			Phone:       fmt.Sprintf("0595-2390%02d01", i+1),
			Fax:         fmt.Sprintf("0595-2390%02d02", i+1),
			Postal:      "362400",
		}
		switch s.kind {
		case kindGov:
			a.ReportScope = gongkai.ScopeSubtree
			a.Address = "福建省泉州市安溪县凤城镇演示大道1号（县行政服务中心）"
			a.Email = "gk@anxi.example"
		case kindOffice:
			a.ParentID = AnxiID
			a.Address = "福建省泉州市安溪县凤城镇演示大道1号县政府大楼2楼（县政务公开办）"
			a.Email = "gk-bgs@anxi.example"
		case kindDept:
			a.ParentID = AnxiID
			a.Address = fmt.Sprintf("福建省泉州市安溪县凤城镇演示大道%d号", 10+2*i)
			a.Email = "gk-" + s.short + "@anxi.example"
		case kindTownship:
			a.ParentID = AnxiID
			a.Address = fmt.Sprintf("福建省泉州市安溪县%s演示街%d号（镇便民服务中心）", s.township(), 1+i%7)
			a.Email = "gk-" + s.short + "@anxi.example"
		}
		out = append(out, a)
	}
	return out
}
