package api

import (
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/report"
)

func (s *Server) registerReportRoutes() {
	s.handle("GET "+Prefix+"/agencies/{id}/reports/{year}", s.handleReportView)
	s.handle("GET "+Prefix+"/agencies/{id}/reports/{year}/cells/{table}/{row}/{column}", s.handleReportCell)
}

// yearParam parses the {year} path value.
func yearParam(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2008 || y > 2200 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "年份 %q 无效", r.PathValue("year"))
	}
	return y, nil
}

// scopeParam returns the ?scope= of the request, or the agency's own
// report scope when it is absent. A bad scope is EINVALID.
func (s *Server) scopeParam(r *http.Request, agencyID string) (gongkai.ReportScope, error) {
	switch sc := r.URL.Query().Get("scope"); sc {
	case string(gongkai.ScopeOwn), string(gongkai.ScopeSubtree):
		return gongkai.ReportScope(sc), nil
	case "":
		a, err := s.svc.Store.Agency(r.Context(), agencyID)
		if err != nil {
			return "", err
		}
		return a.ReportScope, nil
	default:
		return "", gongkai.Errorf(gongkai.EINVALID, "scope %q：应为 own（本级）或 subtree（汇总）", sc)
	}
}

// handleReportView handles the "GET /api/v1/agencies/{id}/reports/{year}"
// route: the annual report computed live from the records, in the open JSON
// format gongkai/annual-report/v1 with its findings. ?scope=own|subtree,
// by default the agency's own report scope. Public: these are public figures.
func (s *Server) handleReportView(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	year, err := yearParam(r)
	if err != nil {
		return err
	}
	scope, err := s.scopeParam(r, id)
	if err != nil {
		return err
	}
	rep, err := s.svc.ComputedReport(r.Context(), id, year, scope)
	if err != nil {
		return err
	}
	var b bufferedJSON
	if err := report.EncodeJSON(&b, rep); err != nil {
		return err
	}
	b.send(w, http.StatusOK)
	return nil
}

// handleReportCell handles the
// "GET /api/v1/agencies/{id}/reports/{year}/cells/{table}/{row}/{column}"
// route: the requests (table 三) or cases (table 四) counted in one cell.
// {table} is 三/四 or requests/appeals. Clerks covering every agency of the
// report only.
func (s *Server) handleReportCell(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	year, err := yearParam(r)
	if err != nil {
		return err
	}
	scope, err := s.scopeParam(r, id)
	if err != nil {
		return err
	}
	table, row, col := r.PathValue("table"), r.PathValue("row"), r.PathValue("column")
	recs, err := s.svc.CellRecords(r.Context(), u, id, year, scope, table, row, col)
	if err != nil {
		return err
	}
	out := CellRecords{AgencyID: id, Year: year, Scope: string(scope), Table: table, Row: row, Column: col,
		Count: len(recs), Records: make([]CellRecord, len(recs))}
	if def := report.LayoutOf(report.VersionForYear(year)).Table(table); def != nil {
		out.Table = def.ID
	}
	for i, c := range recs {
		out.Records[i] = CellRecord{Kind: c.Kind, ID: c.ID, AgencyID: c.Agency, ReceivedOn: c.ReceivedOn, ClosedOn: c.ClosedOn, Outcome: c.Outcome}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
