package api

import (
	"net/http"

	"gongkai"
)

func (s *Server) registerAppealRoutes() {
	s.handle("POST "+Prefix+"/appeals", s.handleAppealCreate)
	s.handle("GET "+Prefix+"/appeals/{id}", s.handleAppealView)
}

// handleAppealCreate handles the "POST /api/v1/appeals" route: record a
// review (行政复议) or litigation (行政诉讼) case about a request of an agency
// the clerk acts for. 201 with the case.
func (s *Server) handleAppealCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := requireUser(r)
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
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	a, err := s.svc.Store.Appeal(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	// A case is visible to whoever may see its request (the Service decides).
	if _, _, err := s.svc.Request(r.Context(), u, a.RequestID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, appealDTO(a))
	return nil
}
