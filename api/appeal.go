package api

import (
	"net/http"

	"gongkai"
)

func (s *Server) registerAppealRoutes() {
	s.handle("POST "+Prefix+"/appeals", s.handleAppealCreate)
	s.handle("GET "+Prefix+"/appeals/{id}", s.handleAppealView)
	s.handle("POST "+Prefix+"/appeals/{id}/close", s.handleAppealClose)
}

// handleAppealClose handles the "POST /api/v1/appeals/{id}/close" route:
// record the end of a case. 结果纠正 reopens the request for a new answer
// (条例第五十一条), so the request's expected_version guards the change.
func (s *Server) handleAppealClose(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	var in CloseAppeal
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ExpectedVersion == nil {
		return gongkai.Errorf(gongkai.EINVALID, "expected_version 必填（申请当前的事件数）")
	}
	a, err := s.svc.CloseAppeal(r.Context(), u, r.PathValue("id"), *in.ExpectedVersion, in.ClosedOn, gongkai.AppealOutcome(in.Outcome), in.DueOn)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, appealDTO(a))
	return nil
}

// handleAppealCreate handles the "POST /api/v1/appeals" route: record a
// review (行政复议) or litigation (行政诉讼) case about a request of an agency
// the clerk acts for. 201 with the case.
func (s *Server) handleAppealCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	var in CreateAppeal
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a := &gongkai.Appeal{ID: in.ID, RequestID: in.RequestID, Kind: gongkai.AppealKind(in.Kind), ReviewID: in.ReviewID,
		FiledOn: in.FiledOn, ClosedOn: in.ClosedOn, Outcome: gongkai.AppealOutcome(in.Outcome)}
	if a.RequestID == "" {
		return gongkai.Errorf(gongkai.EINVALID, "request_id 必填")
	}
	if a.ID == "" {
		a.ID = newID("A")
	}
	if err := s.svc.CreateAppeal(r.Context(), u, a); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/appeals/"+a.ID)
	writeJSON(w, http.StatusCreated, appealDTO(a))
	return nil
}

// handleAppealView handles the "GET /api/v1/appeals/{id}" route: one case,
// for the staff who act for the agency of its request.
func (s *Server) handleAppealView(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	a, err := s.svc.Appeal(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, appealDTO(a))
	return nil
}
