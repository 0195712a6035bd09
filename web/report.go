package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/render"
	"gongkai/report"
	"gongkai/xlsx"
)

// ReportsPage lists every agency × year, ReportsPerPage agencies a page.
type ReportsPage struct {
	Base
	Years      []int
	Rows       []ReportsRow
	Page, Last int // 1-based page number and the last page
}

// ReportsPerPage is how many agencies a page of /reports lists.
const ReportsPerPage = 100

// ReportsRow is one agency with its reports by year.
type ReportsRow struct {
	Agency  AgencyNode
	Entries []ReportEntry
}

// ReportEntry is one year of an agency: published (with its revision) or
// computed live.
type ReportEntry struct {
	Year      int
	Published int // the latest published revision, 0 when none
}

// ReportPage is one annual report on the portal.
type ReportPage struct {
	Base
	AgencyID  string
	Year      int
	Heading   string
	Published *gongkai.AnnualReport // nil: computed live from the records
	Findings  []FindingView
	Errors    int
	Sections  []SectionView
	Outcomes  template.HTML // inline SVG
	Trend     template.HTML // inline SVG
}

// SectionView is one of the six sections.
type SectionView struct {
	ID         string
	Heading    string
	Paragraphs []string
	Table      *GridView
}

// FindingView is a finding with its location and where it links.
type FindingView struct {
	Severity, Class, Location, Message, Rule, Href string
	Records                                        string // console: the records behind the cell
}

func init() {
	register("reports", &ReportsPage{Page: 2, Last: 3, Years: []int{2025}, Rows: []ReportsRow{{AgencyNode{sampleAgency(), 0}, []ReportEntry{{2025, 1}}}}})
	g := sampleGrid()
	register("report", &ReportPage{AgencyID: "anxi", Year: 2025, Heading: "安溪县人民政府2025年政府信息公开工作年度报告",
		Published: &gongkai.AnnualReport{Revision: 1}, Findings: []FindingView{{"错误", "error", "表三", "不平衡", "rule", "#x", "/r"}},
		Errors: 1, Sections: []SectionView{{"s1", "一、总体情况", []string{"段落"}, nil}, {"s3", "三", nil, &g}},
		Outcomes: template.HTML("<svg></svg>"), Trend: template.HTML("<svg></svg>")})
}

func (s *Server) registerReportRoutes() {
	s.handle("GET /reports", s.handleReports)
	s.handle("GET /agencies/{id}/reports/{file}", s.handleReport)
}

// handleReports handles the "GET /reports?page=N" route: every agency ×
// year in tree order, published revisions marked, the others computed live.
func (s *Server) handleReports(w http.ResponseWriter, r *http.Request) error {
	tree, err := s.agencyTree(r)
	if err != nil {
		return err
	}
	last := max(1, (len(tree)+ReportsPerPage-1)/ReportsPerPage)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = min(max(page, 1), last)
	tree = tree[(page-1)*ReportsPerPage : min(len(tree), page*ReportsPerPage)]
	ids := make([]string, len(tree))
	for i, n := range tree {
		ids[i] = n.ID
	}
	pub, err := s.store.AnnualReports(r.Context(), gongkai.AnnualReportFilter{Agencies: ids, Status: gongkai.ReportPublished})
	if err != nil {
		return err
	}
	latest := map[string]int{}
	for _, a := range pub {
		k := a.Agency + "/" + strconv.Itoa(a.Year)
		latest[k] = max(latest[k], a.Revision)
	}
	p := &ReportsPage{Base: Base{Title: "政府信息公开工作年度报告"}, Years: s.reportYears(), Page: page, Last: last}
	for _, n := range tree {
		row := ReportsRow{Agency: n}
		for _, y := range p.Years {
			row.Entries = append(row.Entries, ReportEntry{Year: y, Published: latest[n.ID+"/"+strconv.Itoa(y)]})
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "reports", p)
	return nil
}

// publicReport returns the report of an agency and year the portal shows:
// the latest published revision, or else the one computed live (nil
// *AnnualReport).
func (s *Server) publicReport(ctx context.Context, agencyID string, year int) (*report.Report, *gongkai.AnnualReport, error) {
	a, err := s.store.Agency(ctx, agencyID)
	if err != nil {
		return nil, nil, err
	}
	revs, err := s.store.AnnualReports(ctx, gongkai.AnnualReportFilter{Agencies: []string{a.ID}, Year: year, Status: gongkai.ReportPublished})
	if err != nil {
		return nil, nil, err
	}
	if len(revs) > 0 {
		last := revs[len(revs)-1]
		rep, err := report.DecodeJSON(last.Body)
		if err != nil {
			return nil, nil, err
		}
		return rep, last, nil
	}
	rep, err := s.svc.ComputedReport(ctx, a.ID, year, a.ReportScope)
	if err != nil {
		return nil, nil, err
	}
	// A live report has no narrative of the agency's: state the figures only.
	rep.Narrative.Overview = fmt.Sprintf("本报告根据%s的办理记录实时生成，尚未经审核发布。%d年", a.Name, year) + figuresSentence(rep)
	return rep, nil, nil
}

// handleReport handles the "GET /agencies/{id}/reports/{year}" route and
// its downloads {year}.docx, {year}.xlsx and {year}.json.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	yearText, ext, _ := strings.Cut(file, ".")
	year, err := strconv.Atoi(yearText)
	if err != nil {
		return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	id := r.PathValue("id")
	rep, pub, err := s.publicReport(r.Context(), id, year)
	if err != nil {
		return err
	}
	name := render.Title(rep)
	var b bytes.Buffer
	switch ext {
	case "":
		p, err := s.reportPage(r.Context(), id, rep, pub, nil)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "report", p)
		return nil
	case "docx":
		err = render.DOCX(&b, rep)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	case "xlsx":
		err = xlsx.Write(&b, rep)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	case "json":
		err = report.EncodeJSON(&b, rep)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	default:
		return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", attachment(name+"."+ext))
	w.Write(b.Bytes())
	return nil
}

// attachment returns a Content-Disposition for a Chinese file name (RFC 6266).
func attachment(name string) string {
	return `attachment; filename="report.` + name[strings.LastIndex(name, ".")+1:] + `"; filename*=UTF-8''` + pathEscape(name)
}

func pathEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
		}
	}
	return b.String()
}

// reportPage builds the page of a report. cellHref, when set (console),
// links each finding and table 三/四 cell to the records behind it.
func (s *Server) reportPage(ctx context.Context, agencyID string, rep *report.Report, pub *gongkai.AnnualReport, cellHref func(table, row, col string) string) (*ReportPage, error) {
	p := &ReportPage{Base: Base{Title: render.Title(rep)}, AgencyID: agencyID, Year: rep.Year, Heading: render.Title(rep), Published: pub}
	p.Findings, p.Errors = findingViews(rep, cellHref)
	flags := render.CellFlags(rep)
	narr := map[int]string{0: rep.Narrative.Overview, 4: rep.Narrative.Problems, 5: rep.Narrative.Other}
	tables := map[int]*report.Table{1: rep.Proactive, 2: rep.Requests, 3: rep.Appeals}
	for i, h := range report.Sections {
		sv := SectionView{ID: "s" + strconv.Itoa(i+1), Heading: h, Paragraphs: render.Paragraphs(narr[i])}
		if t := tables[i]; t != nil {
			var href func(row, col string) string
			if cellHref != nil && (t.Def.ID == "三" || t.Def.ID == "四") {
				id := t.Def.ID
				href = func(row, col string) string { return cellHref(id, row, col) }
			}
			if cellHref != nil && t.Def.ID == "二" {
				// The 规范性文件 row may come from the catalog: its cells list
				// the items counted (Service.CellRecords).
				href = func(row, col string) string {
					if row == "normative_docs" {
						return cellHref("二", row, col)
					}
					return ""
				}
			}
			g := gridView(t, flags, href)
			sv.Table = &g
		}
		p.Sections = append(p.Sections, sv)
	}
	p.Outcomes = outcomeChart(rep)
	trend, err := s.trend(ctx, agencyID, rep.Year)
	if err != nil {
		return nil, err
	}
	p.Trend = trendChart(trend)
	return p, nil
}

// findingViews returns the findings with their Chinese location, a link to
// the cell, and (console) to the records behind it; and the error count.
func findingViews(rep *report.Report, cellHref func(table, row, col string) string) ([]FindingView, int) {
	var out []FindingView
	errs := 0
	l := rep.Layout()
	for _, f := range rep.Findings {
		v := FindingView{Severity: render.SeverityLabel(f.Severity), Class: string(f.Severity), Location: render.Location(l, f), Message: f.Message, Rule: f.Rule}
		if f.Severity == report.Error {
			errs++
		}
		if f.Table != "" && f.Row != "" {
			col := f.Column
			if col == "" {
				col = "total"
			}
			if def := l.Table(f.Table); def != nil {
				if row := def.Row(f.Row); row != nil {
					if row.Column(col) == nil {
						col = row.Columns[len(row.Columns)-1].ID
					}
					v.Href = "#" + cellAnchor(def.ID, f.Row, col)
					if cellHref != nil && (def.ID == "三" || def.ID == "四") {
						v.Records = cellHref(def.ID, f.Row, col)
					}
				}
			}
		}
		out = append(out, v)
	}
	return out, errs
}
