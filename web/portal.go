package web

import (
	"net/http"

	"gongkai"
)

// ErrorPage shows an error in Chinese.
type ErrorPage struct {
	Base
	Status  int
	Message string
}

// AgencyNode is an agency in the tree with its depth.
type AgencyNode struct {
	*gongkai.Agency
	Depth int
}

// HomePage is the 政府信息公开 column's home page.
type HomePage struct {
	Base
	Agencies []AgencyNode
	Root     *gongkai.Agency // the top of the jurisdiction, nil when empty
	Year     int             // the latest year with a report due
	Years    []int           // every report year, for the open-data links
}

// GuidePage is an agency's 政府信息公开指南.
type GuidePage struct {
	Base
	Agency   *gongkai.Agency
	Parent   *gongkai.Agency
	Children []*gongkai.Agency // the agencies directly below it
	Year     int               // the latest complete year
}

// RulesPage is an agency's 政府信息公开制度.
type RulesPage struct {
	Base
	Agency *gongkai.Agency
}

// ProactivePage is an agency's 法定主动公开内容: table 二 by year.
type ProactivePage struct {
	Base
	Agency *gongkai.Agency
	Years  []ProactiveYear
}

// ProactiveYear is the table 二 of one year.
type ProactiveYear struct {
	Year  int
	Table GridView
}

func init() {
	ag := sampleAgency()
	register("error", &ErrorPage{Status: 404, Message: "页面不存在"})
	register("home", &HomePage{Agencies: []AgencyNode{{ag, 0}}, Root: ag, Year: 2025, Years: []int{2025}})
	register("guide", &GuidePage{Agency: ag, Parent: ag, Children: []*gongkai.Agency{ag}, Year: 2025})
	register("rules", &RulesPage{Agency: ag})
	register("proactive", &ProactivePage{Agency: ag, Years: []ProactiveYear{{2025, sampleGrid()}}})
}

func (s *Server) registerPortalRoutes() {
	s.handle("GET /{$}", s.handleHome)
	s.handle("GET /agency", s.handleAgencyPick)
	s.handle("GET /agencies/{id}/guide", s.handleGuide)
	s.handle("GET /agencies/{id}/rules", s.handleRules)
	s.handle("GET /agencies/{id}/proactive", s.handleProactive)
}

// agencyTree returns the agencies in tree order with their depth.
func (s *Server) agencyTree(r *http.Request) ([]AgencyNode, error) {
	all, err := s.svc.Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	children := map[string][]*gongkai.Agency{}
	for _, a := range all {
		children[a.ParentID] = append(children[a.ParentID], a)
	}
	var out []AgencyNode
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, a := range children[parent] {
			out = append(out, AgencyNode{a, depth})
			walk(a.ID, depth+1)
		}
	}
	walk("", 0)
	return out, nil
}

// handleHome handles the "GET /" route: the column's home page with the
// agency picker.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	p := &HomePage{Base: Base{Title: "政府信息公开"}, Year: s.today().Year - 1, Years: s.reportYears()}
	// The top two levels; each guide page lists the agencies below it, so a
	// province's thousands of agencies stay a click or two away. They are
	// read level by level, in agencyTree's order: reading the whole tree
	// for them took most of the page's time over 5,000 agencies.
	top := ""
	roots, err := s.store.Agencies(r.Context(), gongkai.AgencyFilter{ParentID: &top})
	if err != nil {
		return err
	}
	for _, a := range roots {
		p.Agencies = append(p.Agencies, AgencyNode{a, 0})
		kids, err := s.store.Agencies(r.Context(), gongkai.AgencyFilter{ParentID: &a.ID})
		if err != nil {
			return err
		}
		for _, k := range kids {
			p.Agencies = append(p.Agencies, AgencyNode{k, 1})
		}
	}
	if len(roots) > 0 {
		p.Root = roots[0]
	}
	s.render(w, r, http.StatusOK, "home", p)
	return nil
}

// handleAgencyPick handles the "GET /agency?id=" route: the picker's
// target, redirecting to the agency's 公开指南.
func (s *Server) handleAgencyPick(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Agency(r.Context(), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return seeOther(w, r, "/agencies/"+a.ID+"/guide")
}

// handleGuide handles the "GET /agencies/{id}/guide" route: the
// 政府信息公开指南 built from the agency's record (条例第十二条).
func (s *Server) handleGuide(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Agency(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &GuidePage{Base: Base{Title: a.Name + "政府信息公开指南"}, Agency: a, Year: s.today().Year - 1}
	if a.ParentID != "" {
		p.Parent, _ = s.store.Agency(r.Context(), a.ParentID)
	}
	if p.Children, err = s.store.Agencies(r.Context(), gongkai.AgencyFilter{ParentID: &a.ID}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "guide", p)
	return nil
}

// handleRules handles the "GET /agencies/{id}/rules" route: the
// 政府信息公开制度, citing the 条例.
func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Agency(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rules", &RulesPage{Base: Base{Title: a.Name + "政府信息公开制度"}, Agency: a})
	return nil
}

// handleProactive handles the "GET /agencies/{id}/proactive" route: the
// table 二 figures of each year, from the computed reports.
func (s *Server) handleProactive(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Agency(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &ProactivePage{Base: Base{Title: a.Name + "法定主动公开内容"}, Agency: a}
	// Table 二 only (Service.TableTwo, the inputs and the catalog's
	// 规范性文件 as ComputedReport adds them): a whole computed report per
	// year read every request of the agency's scope for nothing.
	ids, err := s.scopeIDs(r.Context(), a)
	if err != nil {
		return err
	}
	for _, y := range s.reportYears() {
		rep, err := s.svc.TableTwo(r.Context(), ids, y)
		if err != nil {
			return err
		}
		p.Years = append(p.Years, ProactiveYear{Year: y, Table: gridView(rep.Proactive, nil, nil)})
	}
	s.render(w, r, http.StatusOK, "proactive", p)
	return nil
}

// FirstReportYear is the first year the portal lists reports for: the
// national format of 2019 (国办公开办函〔2019〕60号) applies from the 2019
// reports, and the demo's records start in 2020.
const FirstReportYear = 2020

// reportYears returns the report years, the latest first: every year from
// FirstReportYear to the current one (whose report is live until the year
// ends).
func (s *Server) reportYears() []int {
	var ys []int
	for y := s.today().Year; y >= FirstReportYear; y-- {
		ys = append(ys, y)
	}
	return ys
}

func sampleAgency() *gongkai.Agency {
	return &gongkai.Agency{ID: "anxi", Name: "安溪县人民政府", Address: "演示大道1号", Hours: "周一至周五", Phone: "0595-0000000",
		Fax: "0595-0000001", Email: "gk@example.cn", Postal: "362400", ReportScope: gongkai.ScopeSubtree}
}
