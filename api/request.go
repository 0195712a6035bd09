package api

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
)

func (s *Server) registerRequestRoutes() {
	s.handle("POST "+Prefix+"/requests", s.handleRequestCreate)
	s.handle("GET "+Prefix+"/requests/{id}", s.handleRequestView)
	s.handle("POST "+Prefix+"/requests/{id}/events", s.handleRequestEventCreate)
	s.handle("GET "+Prefix+"/agencies/{id}/requests", s.handleAgencyRequests)
}

// newID returns prefix followed by 12 random hex digits.
func newID(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + strings.ToUpper(hex.EncodeToString(b))
}

// handleRequestCreate handles the "POST /api/v1/requests" route: register a
// request received by an agency the clerk acts for, with its applicant and
// its receipt (and any further events already taken). 201 with the request.
func (s *Server) handleRequestCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	var in CreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.AgencyID == "" {
		return gongkai.Errorf(gongkai.EINVALID, "agency_id 必填")
	}
	if strings.TrimSpace(in.Subject) == "" {
		return gongkai.Errorf(gongkai.EINVALID, "subject 必填（申请公开的政府信息的名称、文号或者便于查询的其他特征性描述）")
	}
	ap := &gongkai.ApplicantRecord{Type: gongkai.ApplicantType(in.Applicant.Type), Name: in.Applicant.Name,
		IDNumber: in.Applicant.IDNumber, Phone: in.Applicant.Phone, Email: in.Applicant.Email, Address: in.Applicant.Address}
	if ap.IDNumber != "" {
		ap.ID = gongkai.ApplicantKey(ap.IDNumber)
	} else {
		ap.ID = newID("ap-")
	}
	if err := ap.Validate(); err != nil {
		return err
	}
	req := &gongkai.Request{ID: in.ID, Agency: in.AgencyID, Subject: in.Subject, Items: in.Items,
		Applicant: gongkai.Applicant{ID: ap.ID, Name: ap.Name, Type: ap.Type}}
	if req.ID == "" {
		req.ID = newID("R")
	}
	if in.Items < 0 {
		return gongkai.Errorf(gongkai.EINVALID, "items 不能为负数")
	}
	if in.Received.Kind == "" {
		in.Received.Kind = string(gongkai.EventReceived)
	}
	events := []gongkai.Event{in.Received.domain()}
	for i := range in.Events {
		events = append(events, in.Events[i].domain())
	}
	if err := s.svc.CreateRequest(r.Context(), u, req, ap, events...); err != nil {
		return err
	}
	out, err := s.requestView(r, u, req.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/requests/"+req.ID)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// requestView returns the request as u may see it: the applicant's data only
// when the Service hands it out, its appeals, state and deadline.
func (s *Server) requestView(r *http.Request, u *gongkai.User, id string) (*Request, error) {
	req, ap, err := s.svc.Request(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	out := &Request{ID: req.ID, AgencyID: req.Agency, Subject: req.Subject, Items: max(1, req.Items),
		ApplicantType: string(req.Applicant.Type), Version: len(req.Events), Events: make([]Event, len(req.Events)), Appeals: []Appeal{}}
	if ap != nil {
		out.Applicant = &Applicant{Type: string(ap.Type), Name: ap.Name, IDNumber: ap.IDNumber, Phone: ap.Phone, Email: ap.Email, Address: ap.Address}
	}
	for i := range req.Events {
		out.Events[i] = eventDTO(&req.Events[i])
	}
	if out.Progress, err = s.progress(req, true); err != nil {
		return nil, err
	}
	appeals, err := s.svc.Appeals(r.Context(), u, req.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range appeals {
		out.Appeals = append(out.Appeals, appealDTO(a))
	}
	return out, nil
}

// progress derives the state, dates, outcome and, while the clock runs, the
// reply deadline of req from its events (gongkai.Policy); explain adds the
// deadline's explanation.
func (s *Server) progress(req *gongkai.Request, explain bool) (Progress, error) {
	st, err := s.svc.Policy.Status(req)
	if err != nil {
		return Progress{}, err
	}
	p := Progress{State: string(st.State), ReceivedOn: st.ReceivedOn}
	if on, o, ok := req.FirstClosure(); ok {
		p.ClosedOn, p.Outcome = on, o
	}
	if st.State != gongkai.StateClosed && st.State != gongkai.StateClarifying {
		if d, err := s.svc.Policy.Due(req); err == nil {
			p.DueOn = d.Date
			if explain {
				p.DueExplain = d.Explain()
			}
		}
	}
	return p, nil
}

// handleRequestView handles the "GET /api/v1/requests/{id}" route: one
// request with its events, state, deadline and cases, for the staff who act
// for its agency; the applicant's personal data only for the clerks of the
// handling agency.
func (s *Server) handleRequestView(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	out, err := s.requestView(r, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleRequestEventCreate handles the "POST /api/v1/requests/{id}/events"
// route: append one event, checked against the statute, when the request is
// still at expected_version; 409 when someone else recorded a step since.
func (s *Server) handleRequestEventCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	var in AppendEvent
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ExpectedVersion == nil {
		return gongkai.Errorf(gongkai.EINVALID, "expected_version 必填：请求当前的版本号（事件数）")
	}
	if in.Event.Kind == "" {
		return gongkai.Errorf(gongkai.EINVALID, "event.kind 必填")
	}
	id := r.PathValue("id")
	if _, err := s.svc.RecordEvent(r.Context(), u, id, *in.ExpectedVersion, in.Event.domain()); err != nil {
		return err
	}
	out, err := s.requestView(r, u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// MaxListLimit is the largest page of a list (and its default size).
const MaxListLimit = 1000

// handleAgencyRequests handles the "GET /api/v1/agencies/{id}/requests"
// route: the requests handled by one agency, ordered by id, ?year= (received
// in that year), ?open=true|false, ?limit= and ?offset=, for the staff who
// act for it. No personal data.
func (s *Server) handleAgencyRequests(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	f := gongkai.RequestFilter{Agencies: []string{id}}
	q := r.URL.Query()
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2008 || y > 2200 {
			return gongkai.Errorf(gongkai.EINVALID, "year %q 无效", v)
		}
		f.Year = y
	}
	if v := q.Get("open"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "open %q：应为 true 或 false", v)
		}
		f.Open = &b
	}
	f.Limit = MaxListLimit
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || (name == "limit" && (n == 0 || n > MaxListLimit)) {
				return gongkai.Errorf(gongkai.EINVALID, "%s %q 无效（limit 为 1–%d）", name, v, MaxListLimit)
			}
			*dst = n
		}
	}
	reqs, err := s.svc.Requests(r.Context(), u, id, f)
	if err != nil {
		return err
	}
	out := make([]RequestSummary, len(reqs))
	for i, req := range reqs {
		o := RequestSummary{ID: req.ID, AgencyID: req.Agency, Subject: req.Subject,
			ApplicantType: string(req.Applicant.Type), Version: len(req.Events)}
		if o.Progress, err = s.progress(req, false); err != nil {
			return err
		}
		out[i] = o
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
