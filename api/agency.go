package api

import (
	"net/http"
)

func (s *Server) registerAgencyRoutes() {
	s.handle("GET "+Prefix+"/agencies", s.handleAgencyIndex)
	s.handle("GET "+Prefix+"/agencies/{id}", s.handleAgencyView)
}

// handleAgencyIndex handles the "GET /api/v1/agencies" route: the whole
// agency tree, parents before children. Public.
func (s *Server) handleAgencyIndex(w http.ResponseWriter, r *http.Request) error {
	as, err := s.svc.Agencies(r.Context())
	if err != nil {
		return err
	}
	out := make([]Agency, len(as))
	for i, a := range as {
		out[i] = agencyDTO(a)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleAgencyView handles the "GET /api/v1/agencies/{id}" route: one agency
// with its public contact data. Public.
func (s *Server) handleAgencyView(w http.ResponseWriter, r *http.Request) error {
	a, err := s.svc.Store.Agency(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, AgencyDetail{Agency: agencyDTO(a), Address: a.Address, Hours: a.Hours,
		Phone: a.Phone, Fax: a.Fax, Email: a.Email, Postal: a.Postal})
	return nil
}
