package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/api"
	"gongkai/render"
	"gongkai/report"
)

// WorkspaceListPage lists the report revisions of the agencies the user
// acts for, with a button to generate each year's.
type WorkspaceListPage struct {
	Base
	Years      []int
	Rows       []WorkspaceRow
	Page, Last int
}

// WorkspaceRow is one agency's reports by year.
type WorkspaceRow struct {
	Agency  *gongkai.Agency
	Entries []WorkspaceEntry
}

// WorkspaceEntry is the latest revision of one year ("" status: none yet).
type WorkspaceEntry struct {
	Year     int
	Revision int
	Status   gongkai.ReportStatus
}

// WorkspacePage is one report revision being prepared.
type WorkspacePage struct {
	Base
	Rev       *gongkai.AnnualReport
	Report    *ReportPage
	Narrative report.Narrative
	Error     string
}

func init() {
	register("workspaces", &WorkspaceListPage{Page: 1, Last: 2, Years: []int{2025}, Rows: []WorkspaceRow{{sampleAgency(), []WorkspaceEntry{{2025, 1, gongkai.ReportDraft}}}}})
	g := sampleGrid()
	register("workspace", &WorkspacePage{Rev: &gongkai.AnnualReport{Agency: "anxi", Year: 2025, Revision: 1, Status: gongkai.ReportDraft, Version: 2},
		Report: &ReportPage{Heading: "报告", AgencyID: "anxi", Year: 2025, Findings: []FindingView{{"错误", "error", "表三", "不平衡", "r", "#c", "/r"}}, Errors: 1,
			Sections: []SectionView{{"s3", "三", nil, &g}}}, Narrative: report.Narrative{Overview: "总体"}, Error: "有错误"})
	register("cell", &CellPage{AgencyID: "anxi", Year: 2025, Location: "表三", Records: []gongkai.CellRecord{{Kind: "request", ID: "R1", Outcome: "granted"}}})
}

func (s *Server) registerWorkspaceRoutes() {
	s.handle("GET /console/reports", s.handleWorkspaces)
	s.handle("POST /console/reports/{agency}/{year}/generate", s.handleGenerate)
	s.handle("GET /console/reports/{agency}/{year}", s.handleWorkspace)
	s.handle("POST /console/reports/{agency}/{year}/{op}", s.handleWorkspaceOp)
	s.handle("GET /console/agencies/{id}/reports/{year}/cells/{table}/{row}/{col}", s.handleCell)
}

// coveredAgencies returns the agencies u acts for, in tree order: User.Covers
// (the rule Service.Authorize applies) on each agency's path, built from one
// read of the tree.
func (s *Server) coveredAgencies(r *http.Request, u *gongkai.User) ([]*gongkai.Agency, error) {
	all, err := s.svc.Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*gongkai.Agency, len(all))
	for _, a := range all {
		byID[a.ID] = a
	}
	tree, err := s.agencyTree(r)
	if err != nil {
		return nil, err
	}
	var out []*gongkai.Agency
	for _, n := range tree {
		var path []string
		for a := n.Agency; a != nil; a = byID[a.ParentID] {
			path = append([]string{a.ID}, path...)
			if a.ParentID == "" {
				break
			}
		}
		if u.Covers(path) {
			out = append(out, n.Agency)
		}
	}
	return out, nil
}

// handleWorkspaces handles the "GET /console/reports?page=N" route: the
// report revisions of the agencies the user acts for, ReportsPerPage
// agencies a page.
func (s *Server) handleWorkspaces(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	ags, err := s.coveredAgencies(r, u)
	if err != nil {
		return err
	}
	last := max(1, (len(ags)+ReportsPerPage-1)/ReportsPerPage)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = min(max(page, 1), last)
	ags = ags[(page-1)*ReportsPerPage : min(len(ags), page*ReportsPerPage)]
	p := &WorkspaceListPage{Base: Base{Title: "年报工作台"}, Years: s.reportYears(), Page: page, Last: last}
	if len(ags) == 0 {
		s.render(w, r, http.StatusOK, "workspaces", p)
		return nil
	}
	ids := make([]string, len(ags))
	for i, a := range ags {
		ids[i] = a.ID
	}
	revs, err := s.store.AnnualReports(r.Context(), gongkai.AnnualReportFilter{Agencies: ids})
	if err != nil {
		return err
	}
	latest := map[string]*gongkai.AnnualReport{}
	for _, rev := range revs {
		k := rev.Agency + "/" + strconv.Itoa(rev.Year)
		if l := latest[k]; l == nil || rev.Revision > l.Revision {
			latest[k] = rev
		}
	}
	for _, a := range ags {
		row := WorkspaceRow{Agency: a}
		for _, y := range p.Years {
			e := WorkspaceEntry{Year: y}
			if rev := latest[a.ID+"/"+strconv.Itoa(y)]; rev != nil {
				e.Revision, e.Status = rev.Revision, rev.Status
			}
			row.Entries = append(row.Entries, e)
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "workspaces", p)
	return nil
}

// workspaceTarget authorizes u for the agency and parses the year.
func (s *Server) workspaceTarget(r *http.Request, u *gongkai.User) (*gongkai.Agency, int, error) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return nil, 0, gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	id := r.PathValue("agency")
	if err := s.svc.Authorize(r.Context(), u, id); err != nil {
		return nil, 0, err
	}
	a, err := s.store.Agency(r.Context(), id)
	return a, year, err
}

// figuresSentence states the year's request figures from table 三.
func figuresSentence(rep *report.Report) string {
	q := rep.Requests
	return fmt.Sprintf("全年新收政府信息公开申请%s件，上年结转%s件，办结%s件，其中予以公开%s件、部分公开%s件；结转下年度继续办理%s件。",
		formatNumber(q.Get("new_received", "total")), formatNumber(q.Get("carried_over", "total")),
		formatNumber(q.Get("total_handled", "total")), formatNumber(q.Get("granted", "total")), formatNumber(q.Get("partly_granted", "total")),
		formatNumber(q.Get("carried_forward", "total")))
}

// draftNarrative prefills the narrative sections with the year's figures.
func draftNarrative(a *gongkai.Agency, rep *report.Report) report.Narrative {
	return report.Narrative{
		Overview: fmt.Sprintf("%d年，%s认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。", rep.Year, a.Name) + figuresSentence(rep),
		Problems: "（请填写本年度政府信息公开工作存在的主要问题及改进情况。）",
		Other:    "（请填写收取信息处理费的情况、人大代表建议和政协提案办理结果公开情况、年度工作要点落实情况等其他需要报告的事项。）",
	}
}

// handleGenerate handles the "POST /console/reports/{agency}/{year}/generate"
// route: a new draft from the report computed live, with the narrative
// prefilled.
func (s *Server) handleGenerate(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	a, year, err := s.workspaceTarget(r, u)
	if err != nil {
		return err
	}
	rep, err := s.svc.ComputedReport(r.Context(), a.ID, year, a.ReportScope)
	if err != nil {
		return err
	}
	rep.Narrative = draftNarrative(a, rep)
	var b bytes.Buffer
	if err := report.EncodeJSON(&b, rep); err != nil {
		return err
	}
	rev := &gongkai.AnnualReport{Agency: a.ID, Year: year, Body: b.Bytes()}
	err = s.store.CreateAnnualReport(gongkai.WithActor(r.Context(), "user:"+u.ID), rev)
	if err != nil && gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/console/reports/%s/%d", a.ID, year))
}

// workspacePage loads the latest revision and checks it.
func (s *Server) workspacePage(r *http.Request, a *gongkai.Agency, year int) (*WorkspacePage, *report.Report, error) {
	rev, err := s.store.AnnualReport(r.Context(), a.ID, year, 0)
	if err != nil {
		return nil, nil, err
	}
	rep, err := report.DecodeJSON(rev.Body)
	if err != nil {
		return nil, nil, err
	}
	if err := s.check(r, a, rep); err != nil {
		return nil, nil, err
	}
	href := func(table, row, col string) string {
		return fmt.Sprintf("/console/agencies/%s/reports/%d/cells/%s/%s/%s", a.ID, year, table, row, col)
	}
	rp, err := s.reportPage(r.Context(), a.ID, rep, nil, href)
	if err != nil {
		return nil, nil, err
	}
	return &WorkspacePage{Base: Base{Title: "年报工作台 · " + render.Title(rep)}, Rev: rev, Report: rp, Narrative: rep.Narrative}, rep, nil
}

// check runs the consistency rules on rep against the year before
// (previous): the check cannot be bypassed, so it runs on every view, and
// Service.SetAnnualReportStatus runs it again before a check or a publish.
func (s *Server) check(r *http.Request, a *gongkai.Agency, rep *report.Report) error {
	prev, err := s.previous(r, a, rep.Year)
	if err != nil {
		return err
	}
	rep.Findings = report.Check(rep, prev)
	return nil
}

// previous returns the report the cross-year rules compare year with: the
// year before's published report, or the one computed live (nil for 2019).
func (s *Server) previous(r *http.Request, a *gongkai.Agency, year int) (*report.Report, error) {
	if year <= 2019 {
		return nil, nil
	}
	prev, _, err := s.publicReport(r.Context(), a.ID, year-1)
	return prev, err
}

// handleWorkspace handles the "GET /console/reports/{agency}/{year}" route.
func (s *Server) handleWorkspace(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	a, year, err := s.workspaceTarget(r, u)
	if err != nil {
		return err
	}
	p, _, err := s.workspacePage(r, a, year)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "workspace", p)
	return nil
}

// handleWorkspaceOp handles the "POST /console/reports/{agency}/{year}/{op}"
// routes: save (the narrative and any corrected figures), check (draft →
// checked when no error) and publish (checked → published, refused while
// the check finds an error).
func (s *Server) handleWorkspaceOp(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	a, year, err := s.workspaceTarget(r, u)
	if err != nil {
		return err
	}
	p, rep, err := s.workspacePage(r, a, year)
	if err != nil {
		return err
	}
	ctx := gongkai.WithActor(r.Context(), "user:"+u.ID)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	fail := func(code int, msg string) error {
		p.Error = msg
		s.render(w, r, code, "workspace", p)
		return nil
	}
	back := fmt.Sprintf("/console/reports/%s/%d", a.ID, year)
	switch r.PathValue("op") {
	case "save":
		rep.Narrative = report.Narrative{Overview: r.PostFormValue("overview"), Problems: r.PostFormValue("problems"), Other: r.PostFormValue("other")}
		if err := applyCorrections(rep, r.PostFormValue("corrections")); err != nil {
			return fail(http.StatusUnprocessableEntity, err.Error())
		}
		if err := s.check(r, a, rep); err != nil {
			return err
		}
		var b bytes.Buffer
		if err := report.EncodeJSON(&b, rep); err != nil {
			return err
		}
		p.Rev.Body, p.Rev.Version = b.Bytes(), version
		if err := s.store.UpdateAnnualReport(ctx, p.Rev); err != nil {
			if gongkai.ErrorCode(err) == gongkai.ECONFLICT {
				return fail(http.StatusConflict, "报告已被他人修改或已发布，请刷新页面后重试。")
			}
			return err
		}
		return seeOther(w, r, back+"?ok="+urlQuery("已保存"))
	case "check", "publish":
		to := map[string]gongkai.ReportStatus{"check": gongkai.ReportChecked, "publish": gongkai.ReportPublished}[r.PathValue("op")]
		prev, err := s.previous(r, a, year)
		if err != nil {
			return err
		}
		_, err = s.svc.SetAnnualReportStatus(r.Context(), u, a.ID, year, p.Rev.Revision, version, to, prev)
		switch gongkai.ErrorCode(err) {
		case "":
		case gongkai.EINVALID, gongkai.ECONFLICT:
			code := status(err) // a skipped step (400), a conflict (409)
			if e := (*gongkai.Error)(nil); errors.As(err, &e) && e.Rule == gongkai.RuleReportCheck {
				code = http.StatusUnprocessableEntity // the check found errors
			}
			return fail(code, gongkai.ErrorMessage(err))
		default:
			return err
		}
	default:
		return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	return seeOther(w, r, back+"?ok="+urlQuery(map[string]string{"check": "检查通过", "publish": "已发布"}[r.PathValue("op")]))
}

// applyCorrections sets table figures from lines "requests.carried_over.total=5":
// figures the records cannot give (requests received before the system).
func applyCorrections(rep *report.Report, text string) error {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		path, val, ok := strings.Cut(line, "=")
		parts := strings.Split(strings.TrimSpace(path), ".")
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if !ok || err != nil || len(parts) != 3 {
			return fmt.Errorf("无法识别的调整：%s（格式：表.行.列=数值）", line)
		}
		t := rep.Table(parts[0])
		if t == nil {
			return fmt.Errorf("无此表：%s", parts[0])
		}
		if _, ok := t.Lookup(parts[1], parts[2]); !ok {
			return fmt.Errorf("无此单元格：%s", path)
		}
		t.Set(parts[1], parts[2], v)
	}
	return nil
}

// CellPage lists the records behind one cell.
type CellPage struct {
	Base
	AgencyID string
	Year     int
	Location string
	Records  []gongkai.CellRecord
}

// handleCell handles the
// "GET /console/agencies/{id}/reports/{year}/cells/{table}/{row}/{col}"
// route: the requests or cases behind a cell (Service.CellRecords, which
// authorizes).
func (s *Server) handleCell(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	id := r.PathValue("id")
	a, err := s.store.Agency(r.Context(), id)
	if err != nil {
		return err
	}
	table, row, col := r.PathValue("table"), r.PathValue("row"), r.PathValue("col")
	recs, err := s.svc.CellRecords(r.Context(), u, id, year, a.ReportScope, table, row, col)
	if err != nil {
		return err
	}
	loc := render.Location(report.LayoutOf(report.VersionForYear(year)), report.Finding{Table: table, Row: row, Column: col})
	s.render(w, r, http.StatusOK, "cell", &CellPage{Base: Base{Title: "单元格明细"}, AgencyID: id, Year: year, Location: loc, Records: recs})
	return nil
}
