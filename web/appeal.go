package web

import (
	"gongkai/api"
	"net/http"
	"strings"

	"gongkai"
)

var appealKinds = map[gongkai.AppealKind]string{
	gongkai.AppealReview:          "行政复议",
	gongkai.AppealSuitDirect:      "行政诉讼（未经复议直接起诉）",
	gongkai.AppealSuitAfterReview: "行政诉讼（复议后起诉）",
}

var appealOutcomes = map[gongkai.AppealOutcome]string{
	gongkai.AppealUpheld:    "结果维持",
	gongkai.AppealCorrected: "结果纠正",
	gongkai.AppealOther:     "其他结果",
	gongkai.AppealPending:   "尚未审结",
	"":                      "尚未审结",
}

// AppealsPage lists the review and litigation cases of the agencies the
// user acts for, with forms to register and close them.
type AppealsPage struct {
	Base
	Appeals []*gongkai.Appeal
	Request string // prefilled request id of the registration form
	Today   string
	Error   string
}

func init() {
	register("appeals", &AppealsPage{Appeals: []*gongkai.Appeal{{ID: "A1", RequestID: "R1", Kind: gongkai.AppealReview}}, Request: "R1", Today: "2026-01-01", Error: "x"})
}

func (s *Server) registerAppealRoutes() {
	s.handle("GET /console/appeals", s.handleAppeals)
	s.handle("GET /console/appeals/new", s.handleAppeals)
	s.handle("POST /console/appeals", s.handleAppealCreate)
	s.handle("POST /console/appeals/{id}/close", s.handleAppealClose)
}

func (s *Server) appealsPage(r *http.Request, u *gongkai.User) (*AppealsPage, error) {
	ags, err := s.coveredAgencies(r, u)
	if err != nil {
		return nil, err
	}
	p := &AppealsPage{Base: Base{Title: "行政复议和行政诉讼"}, Request: r.URL.Query().Get("request"), Today: s.today().String()}
	if len(ags) == 0 {
		return p, nil
	}
	ids := make([]string, len(ags))
	for i, a := range ags {
		ids[i] = a.ID
	}
	p.Appeals, err = s.store.Appeals(r.Context(), gongkai.AppealFilter{Agencies: ids})
	return p, err
}

// handleAppeals handles the "GET /console/appeals" route.
func (s *Server) handleAppeals(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := s.appealsPage(r, u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "appeals", p)
	return nil
}

func (s *Server) appealFail(w http.ResponseWriter, r *http.Request, u *gongkai.User, err error) error {
	if c := gongkai.ErrorCode(err); c != gongkai.EINVALID && c != gongkai.ECONFLICT {
		return err
	}
	p, perr := s.appealsPage(r, u)
	if perr != nil {
		return perr
	}
	p.Error = gongkai.ErrorMessage(err)
	s.render(w, r, status(err), "appeals", p)
	return nil
}

// handleAppealCreate handles the "POST /console/appeals" route: register a
// case (Service.CreateAppeal authorizes and validates).
func (s *Server) handleAppealCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	filed, err := gongkai.ParseDate(v("filed_on"))
	if err != nil {
		return s.appealFail(w, r, u, gongkai.Errorf(gongkai.EINVALID, "请填写正确的立案日期"))
	}
	a := &gongkai.Appeal{ID: newRequestID(s.today()), RequestID: v("request"), Kind: gongkai.AppealKind(v("kind")), ReviewID: v("review_id"), FiledOn: filed}
	a.ID = "FY" + a.ID[2:]
	if err := s.svc.CreateAppeal(r.Context(), u, a); err != nil {
		return s.appealFail(w, r, u, err)
	}
	return seeOther(w, r, "/console/appeals?ok="+urlQuery("已登记"))
}

// handleAppealClose handles the "POST /console/appeals/{id}/close" route:
// the end of a case; a 结果纠正 reopens the request, in one transaction with
// the closing (Service.CloseAppeal).
func (s *Server) handleAppealClose(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	a, err := s.svc.Appeal(r.Context(), u, r.PathValue("id")) // authorizes
	if err != nil {
		return err
	}
	req, _, err := s.svc.Request(r.Context(), u, a.RequestID)
	if err != nil {
		return err
	}
	on, err := gongkai.ParseDate(r.PostFormValue("closed_on"))
	if err != nil {
		return s.appealFail(w, r, u, gongkai.Errorf(gongkai.EINVALID, "请填写正确的审结日期"))
	}
	outcome := gongkai.AppealOutcome(r.PostFormValue("outcome"))
	if _, err := s.svc.CloseAppeal(r.Context(), u, a.ID, len(req.Events), on, outcome, gongkai.Date{}); err != nil {
		return s.appealFail(w, r, u, err)
	}
	return seeOther(w, r, "/console/appeals?ok="+urlQuery("已审结"))
}
