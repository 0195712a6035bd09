package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"gongkai"
)

// The types below are the API's own: JSON with snake_case keys, separate
// from the domain types so that a change in the domain cannot silently
// change the published contract (openapi.json).

// ErrorResponse is the body of every error.
type ErrorResponse struct {
	Code    string `json:"code"`    // invalid, unauthorized, forbidden, not_found, conflict, internal, too_large, …
	Message string `json:"message"` // safe to show to the user
	Rule    string `json:"rule,omitempty"`
}

// Agency is an agency of the jurisdiction.
type Agency struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Code        string  `json:"code"`
	ParentID    *string `json:"parent_id"` // null for the root
	ReportScope string  `json:"report_scope"`
}

// AgencyDetail is an agency with the contact data of its 政府信息公开指南.
type AgencyDetail struct {
	Agency
	Address string `json:"address,omitempty"`
	Hours   string `json:"hours,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Fax     string `json:"fax,omitempty"`
	Email   string `json:"email,omitempty"`
	Postal  string `json:"postal,omitempty"`
}

func agencyDTO(a *gongkai.Agency) Agency {
	var parent *string
	if a.ParentID != "" {
		p := a.ParentID
		parent = &p
	}
	return Agency{ID: a.ID, Name: a.Name, Code: a.Code, ParentID: parent, ReportScope: string(a.ReportScope)}
}

// SessionRequest is the body of POST /api/v1/session.
type SessionRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// SessionResponse is the answer to a sign-in.
type SessionResponse struct {
	Token     string    `json:"token"`
	TokenType string    `json:"token_type"` // "Bearer"
	ExpiresAt time.Time `json:"expires_at"`
	User      User      `json:"user"`
}

// User is a signed-in member of staff.
type User struct {
	ID             string `json:"id"`
	Login          string `json:"login"`
	Name           string `json:"name"`
	Role           string `json:"role"`
	AgencyID       string `json:"agency_id,omitempty"`
	IncludeSubtree bool   `json:"include_subtree,omitempty"`
}

func userDTO(u *gongkai.User) User {
	return User{ID: u.ID, Login: u.Login, Name: u.Name, Role: string(u.Role), AgencyID: u.AgencyID, IncludeSubtree: u.IncludeSubtree}
}

// CellRecords is the answer to a cell drill-down.
type CellRecords struct {
	AgencyID string       `json:"agency_id"`
	Year     int          `json:"year"`
	Scope    string       `json:"scope"`
	Table    string       `json:"table"`
	Row      string       `json:"row"`
	Column   string       `json:"column"`
	Count    int          `json:"count"`
	Records  []CellRecord `json:"records"`
}

// CellRecord is one request or case behind a cell; no personal data.
type CellRecord struct {
	Kind       string       `json:"kind"` // request or appeal
	ID         string       `json:"id"`
	AgencyID   string       `json:"agency_id"`
	ReceivedOn gongkai.Date `json:"received_on,omitzero"`
	ClosedOn   gongkai.Date `json:"closed_on,omitzero"`
	Outcome    string       `json:"outcome,omitempty"`
}

// Applicant is an applicant's personal data: in requests, in answers only
// for the clerks the Service allows (gongkai.User.CanSeeApplicant).
type Applicant struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Address  string `json:"address,omitempty"`
}

// Event is one step of a request. In requests, kind and on (or, for a
// receipt, channel with arrived_on/confirmed_on) are needed; by and at are
// set by the server.
type Event struct {
	Kind        string       `json:"kind"`
	On          gongkai.Date `json:"on,omitzero"`
	By          string       `json:"by,omitempty"`
	At          *time.Time   `json:"at,omitempty"`
	Note        string       `json:"note,omitempty"`
	Channel     string       `json:"channel,omitempty"`
	ArrivedOn   gongkai.Date `json:"arrived_on,omitzero"`
	ConfirmedOn gongkai.Date `json:"confirmed_on,omitzero"`
	Days        int          `json:"days,omitempty"`
	Ref         string       `json:"ref,omitempty"`
	Party       string       `json:"party,omitempty"`
	Approver    string       `json:"approver,omitempty"`
	NoticeOn    gongkai.Date `json:"notice_on,omitzero"`
	FeeMethod   string       `json:"fee_method,omitempty"`
	Units       int          `json:"units,omitempty"`
	PriorItems  int          `json:"prior_items,omitempty"`
	Amount      int          `json:"amount,omitempty"`
	DueOn       gongkai.Date `json:"due_on,omitzero"`
	Outcome     string       `json:"outcome,omitempty"`
	Article     string       `json:"article,omitempty"`
	Withheld    []string     `json:"withheld,omitempty"`
}

// EventInput is an event as a client sends it: an Event without by and at.
type EventInput struct {
	Kind        string       `json:"kind"`
	On          gongkai.Date `json:"on,omitzero"`
	Note        string       `json:"note,omitempty"`
	Channel     string       `json:"channel,omitempty"`
	ArrivedOn   gongkai.Date `json:"arrived_on,omitzero"`
	ConfirmedOn gongkai.Date `json:"confirmed_on,omitzero"`
	Days        int          `json:"days,omitempty"`
	Ref         string       `json:"ref,omitempty"`
	Party       string       `json:"party,omitempty"`
	Approver    string       `json:"approver,omitempty"`
	NoticeOn    gongkai.Date `json:"notice_on,omitzero"`
	FeeMethod   string       `json:"fee_method,omitempty"`
	Units       int          `json:"units,omitempty"`
	PriorItems  int          `json:"prior_items,omitempty"`
	Amount      int          `json:"amount,omitempty"`
	DueOn       gongkai.Date `json:"due_on,omitzero"`
	Outcome     string       `json:"outcome,omitempty"`
	Article     string       `json:"article,omitempty"`
	Withheld    []string     `json:"withheld,omitempty"`
}

func (e *EventInput) domain() gongkai.Event {
	return gongkai.Event{Kind: gongkai.EventKind(e.Kind), On: e.On, Note: e.Note, Channel: gongkai.Channel(e.Channel),
		ArrivedOn: e.ArrivedOn, ConfirmedOn: e.ConfirmedOn, Days: e.Days, Ref: e.Ref, Party: gongkai.ConsultParty(e.Party),
		Approver: e.Approver, NoticeOn: e.NoticeOn, FeeMethod: gongkai.FeeMethod(e.FeeMethod), Units: e.Units,
		PriorItems: e.PriorItems, Amount: e.Amount, DueOn: e.DueOn, Outcome: e.Outcome, Article: e.Article, Withheld: e.Withheld}
}

func eventDTO(e *gongkai.Event) Event {
	out := Event{Kind: string(e.Kind), On: e.On, By: e.By, Note: e.Note, Channel: string(e.Channel),
		ArrivedOn: e.ArrivedOn, ConfirmedOn: e.ConfirmedOn, Days: e.Days, Ref: e.Ref, Party: string(e.Party),
		Approver: e.Approver, NoticeOn: e.NoticeOn, FeeMethod: string(e.FeeMethod), Units: e.Units,
		PriorItems: e.PriorItems, Amount: e.Amount, DueOn: e.DueOn, Outcome: e.Outcome, Article: e.Article, Withheld: e.Withheld}
	if !e.At.IsZero() {
		at := e.At.UTC()
		out.At = &at
	}
	return out
}

// CreateRequest is the body of POST /api/v1/requests.
type CreateRequest struct {
	ID        string       `json:"id,omitempty"` // optional; generated when empty
	AgencyID  string       `json:"agency_id"`
	Subject   string       `json:"subject"`
	Items     int          `json:"items,omitempty"`
	Applicant Applicant    `json:"applicant"`
	Received  EventInput   `json:"received"`         // the receipt (kind may be omitted)
	Events    []EventInput `json:"events,omitempty"` // further steps already taken
}

// AppendEvent is the body of POST /api/v1/requests/{id}/events.
type AppendEvent struct {
	// ExpectedVersion is the version (number of events) the client saw;
	// 409 when the request has changed since.
	ExpectedVersion *int       `json:"expected_version"`
	Event           EventInput `json:"event"`
}

// Request is a request for disclosure as the caller may see it.
type Request struct {
	ID            string `json:"id"`
	AgencyID      string `json:"agency_id"`
	Subject       string `json:"subject"`
	Items         int    `json:"items"`
	ApplicantType string `json:"applicant_type"`
	// Applicant is present only for the clerks of the handling agency.
	Applicant *Applicant `json:"applicant,omitempty"`
	// Version is the number of events: send it back as expected_version.
	Version int `json:"version"`
	Progress
	Events  []Event  `json:"events"`
	Appeals []Appeal `json:"appeals"`
}

// RequestSummary is a request in a list: no events, no personal data.
type RequestSummary struct {
	ID            string `json:"id"`
	AgencyID      string `json:"agency_id"`
	Subject       string `json:"subject"`
	ApplicantType string `json:"applicant_type"`
	Version       int    `json:"version"`
	Progress
}

// Progress is where a request stands, derived from its events.
type Progress struct {
	State      string       `json:"state"` // open, clarifying, awaiting_fee, awaiting_reasons, closed
	ReceivedOn gongkai.Date `json:"received_on,omitzero"`
	// DueOn is the reply deadline (答复期限) while the clock runs; DueExplain
	// says how it was reached (request view only).
	DueOn      gongkai.Date `json:"due_on,omitzero"`
	DueExplain string       `json:"due_explain,omitempty"`
	ClosedOn   gongkai.Date `json:"closed_on,omitzero"` // the first closure
	Outcome    string       `json:"outcome,omitempty"`  // its table 三 outcome
}

// CreateAppeal is the body of POST /api/v1/appeals.
type CreateAppeal struct {
	ID        string       `json:"id,omitempty"` // optional; generated when empty
	RequestID string       `json:"request_id"`
	Kind      string       `json:"kind"` // review, suit_direct, suit_after_review
	ReviewID  string       `json:"review_id,omitempty"`
	FiledOn   gongkai.Date `json:"filed_on"`
	ClosedOn  gongkai.Date `json:"closed_on,omitzero"`
	Outcome   string       `json:"outcome,omitempty"` // upheld, corrected, other; pending or empty while open
}

// CloseAppeal is the body of POST /api/v1/appeals/{id}/close.
type CloseAppeal struct {
	ExpectedVersion *int         `json:"expected_version"` // events of the request the caller saw
	ClosedOn        gongkai.Date `json:"closed_on"`
	Outcome         string       `json:"outcome"`         // upheld, corrected, other
	DueOn           gongkai.Date `json:"due_on,omitzero"` // a term for the new answer set by the decision or judgment
}

// Appeal is a review or litigation case.
type Appeal struct {
	ID        string       `json:"id"`
	RequestID string       `json:"request_id"`
	AgencyID  string       `json:"agency_id"`
	Kind      string       `json:"kind"`
	ReviewID  string       `json:"review_id,omitempty"`
	FiledOn   gongkai.Date `json:"filed_on"`
	ClosedOn  gongkai.Date `json:"closed_on,omitzero"`
	Outcome   string       `json:"outcome"`
}

func appealDTO(a *gongkai.Appeal) Appeal {
	out := string(a.Outcome)
	if out == "" {
		out = string(gongkai.AppealPending)
	}
	return Appeal{ID: a.ID, RequestID: a.RequestID, AgencyID: a.Agency, Kind: string(a.Kind), ReviewID: a.ReviewID,
		FiledOn: a.FiledOn, ClosedOn: a.ClosedOn, Outcome: out}
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"code":"internal","message":"内部错误"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// decodeJSON reads one JSON object from the body into v, strictly: the
// content type must be JSON, unknown fields are refused by name, and there
// must be nothing after the object.
func decodeJSON(r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return &httpError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type", message: "请求体须为JSON（Content-Type: application/json）"}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return gongkai.Errorf(gongkai.EINVALID, "请求体只能包含一个JSON对象")
	}
	return nil
}

// jsonError turns a decoding error into an EINVALID error that names the
// field, or passes a body-too-large error through.
func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return gongkai.Errorf(gongkai.EINVALID, "请求体为空")
	case errors.As(err, &se):
		return gongkai.Errorf(gongkai.EINVALID, "JSON格式错误（第%d字节）：%v", se.Offset, se)
	case errors.As(err, &te):
		return gongkai.Errorf(gongkai.EINVALID, "字段 %q 的类型错误：应为%s", te.Field, te.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return gongkai.Errorf(gongkai.EINVALID, "未知字段 %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return gongkai.Errorf(gongkai.EINVALID, "请求体无法解析：%v", err)
}

// bufferedJSON is a body written to a buffer first, so that an encoding
// error still becomes a proper error response.
type bufferedJSON struct{ bytes.Buffer }

func (b *bufferedJSON) send(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
