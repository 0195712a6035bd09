package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"gongkai"
)

// Generator streams a large synthetic jurisdiction for benchmarks: a
// province with cities, counties and departments, and requests received in
// 2021–2025 with legal, on-time event histories, about 1% of them appealed.
// Requests are made one at a time (EachRequest), never all held in memory.
type Generator struct {
	agencies []*gongkai.Agency
	requests int
	seed     uint64
	cal      *gongkai.Calendar
	days     []gongkai.Date // working days 2021–2025
	lastOpen gongkai.Date   // cases closing later stay pending
}

// SyntheticFirstYear and SyntheticLastYear bound the receipt years of the
// synthetic requests.
const (
	SyntheticFirstYear = 2021
	SyntheticLastYear  = 2025
)

// Synthetic returns a generator of agencies agencies (at least 1) and
// requests requests, deterministic for a seed.
func Synthetic(agencies, requests int, seed uint64) *Generator {
	g := &Generator{requests: max(0, requests), seed: seed, cal: gongkai.DefaultCalendar(),
		lastOpen: gongkai.NewDate(2026, 9, 30)}
	g.agencies = syntheticAgencies(max(1, agencies))
	for d := gongkai.NewDate(SyntheticFirstYear, 1, 1); d.Year <= SyntheticLastYear; d = d.AddDays(1) {
		if ok, _ := g.cal.IsWorkingDay(d); ok {
			g.days = append(g.days, d)
		}
	}
	return g
}

// Agencies returns the agencies, parents before children.
func (g *Generator) Agencies() []*gongkai.Agency { return g.agencies }

// Requests returns the number of requests EachRequest yields.
func (g *Generator) Requests() int { return g.requests }

// Users returns the accounts of the synthetic jurisdiction: the admin.
func (g *Generator) Users() []DemoUser {
	return []DemoUser{{Username: AdminUsername, Password: AdminPassword, Name: "演示管理员", Role: gongkai.RoleAdmin}}
}

// deptNames are the departments of a government, in creation order; a
// government's children beyond them are townships (sub-districts).
var deptNames = []string{
	"教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局",
	"住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康局",
	"退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局",
	"城市管理局", "行政审批局",
}

// syntheticAgencies builds n agencies: 演示省人民政府, its cities, their
// counties, then departments and townships handed round the governments.
func syntheticAgencies(n int) []*gongkai.Agency {
	cities := min(16, max(1, n/400))
	counties := min(12, max(1, n/(cities*45)))
	type gov struct {
		a        *gongkai.Agency
		prefix   string // name before the department, e.g. 演示省03市05县
		region   string
		children int
	}
	var out []*gongkai.Agency
	var govs []*gov
	add := func(parent *gov, id, name, region string, scope gongkai.ReportScope) *gongkai.Agency {
		seq := len(out) + 1
		a := &gongkai.Agency{ID: id, Name: name, ReportScope: scope,
			Code:    CreditCode(region, fmt.Sprintf("DM%06d", seq)),
			Address: name + "演示路" + strconv.Itoa(1+seq%200) + "号", Hours: Hours,
			Phone: fmt.Sprintf("0999-2%07d", seq), Postal: "999" + region[2:5]}
		if parent != nil {
			a.ParentID = parent.a.ID
			parent.children++
		}
		out = append(out, a)
		return a
	}
	prov := &gov{prefix: "演示省", region: "990000"}
	prov.a = add(nil, "p", "演示省人民政府", prov.region, gongkai.ScopeSubtree)
	govs = append(govs, prov)
	var cityGovs []*gov
	for c := 1; c <= cities && len(out) < n; c++ {
		g := &gov{prefix: fmt.Sprintf("演示省%02d市", c), region: fmt.Sprintf("99%02d00", c)}
		g.a = add(prov, fmt.Sprintf("p-c%02d", c), g.prefix+"人民政府", g.region, gongkai.ScopeSubtree)
		govs, cityGovs = append(govs, g), append(cityGovs, g)
	}
	for _, cg := range cityGovs {
		for k := 1; k <= counties && len(out) < n; k++ {
			g := &gov{prefix: fmt.Sprintf("%s%02d县", cg.prefix, k), region: cg.region[:4] + fmt.Sprintf("%02d", k)}
			g.a = add(cg, fmt.Sprintf("%s-k%02d", cg.a.ID, k), g.prefix+"人民政府", g.region, gongkai.ScopeSubtree)
			govs = append(govs, g)
		}
	}
	for i := 0; len(out) < n; i++ {
		g := govs[i%len(govs)]
		k := g.children
		name := fmt.Sprintf("%s第%02d镇人民政府", g.prefix, k-len(deptNames)+1)
		if k < len(deptNames) {
			name = g.prefix + deptNames[k]
			if g == prov {
				name = g.prefix + strings.Replace(deptNames[k], "局", "厅", 1)
			}
		}
		add(g, fmt.Sprintf("%s-d%03d", g.a.ID, k+1), name, g.region, gongkai.ScopeOwn)
	}
	return out
}

// syntheticOutcomes are the paths a synthetic request takes, with weights.
var syntheticOutcomes = laterOutcomes

// applicant returns the synthetic applicant number i.
func (g *Generator) applicant(i int) *gongkai.ApplicantRecord {
	types := [...]gongkai.ApplicantType{gongkai.Commercial, gongkai.Research, gongkai.SocialWelfare, gongkai.LegalService, gongkai.OtherOrg}
	region := fmt.Sprintf("99%04d", (i/360000)%10000)
	if i%10 < 8 {
		id := SyntheticIDNumber(region, i%360000)
		return &gongkai.ApplicantRecord{ID: gongkai.ApplicantKey(id), Type: gongkai.NaturalPerson,
			Name: "测试申请人" + strconv.Itoa(i), IDNumber: id, Address: "演示省演示路" + strconv.Itoa(i%500) + "号"}
	}
	t := types[(i/10)%len(types)]
	code := CompanyCreditCode(region, fmt.Sprintf("TM%06d", i%1000000))
	return &gongkai.ApplicantRecord{ID: gongkai.ApplicantKey(code), Type: t, Name: "测试组织" + strconv.Itoa(i),
		IDNumber: code, Address: "演示省演示工业园" + strconv.Itoa(i%300) + "号"}
}

// EachProactive calls fn with the table 二 inputs (2021 format) of every
// agency for 2021–2025, agency by agency: governments issue and repeal
// 行政规范性文件 (in_force carried on from year to year), departments report
// 行政许可/处罚/强制 decisions and fees.
func (g *Generator) EachProactive(fn func(in *gongkai.ProactiveInput) error) error {
	rng := rand.New(rand.NewPCG(g.seed+1, g.seed^0x5851f42d4c957f2d))
	for _, a := range g.agencies {
		gov := strings.HasSuffix(a.Name, "人民政府")
		inForce := float64(rng.IntN(30))
		if !gov {
			inForce = 0
		}
		size := 50 + rng.Float64()*5000
		for y := SyntheticFirstYear; y <= SyntheticLastYear; y++ {
			v := map[string]float64{"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 0}
			if gov {
				issued, repealed := float64(rng.IntN(8)), math.Min(float64(rng.IntN(5)), inForce)
				inForce += issued - repealed
				v["normative_docs.issued"], v["normative_docs.repealed"] = issued, repealed
			} else {
				v["licensing.decisions"] = math.Round(size * (0.8 + rng.Float64()*0.4))
				v["penalties.decisions"] = math.Round(size / 10 * rng.Float64())
				v["coercion.decisions"] = math.Round(size / 50 * rng.Float64())
				v["fees.amount_wan_yuan"] = float64(rng.IntN(100000)) / 100
			}
			v["normative_docs.in_force"] = inForce
			if err := fn(&gongkai.ProactiveInput{Agency: a.ID, Year: y, Values: v, Source: "manual"}); err != nil {
				return err
			}
		}
	}
	return nil
}
