package gongkai

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
)

// PublicActor is the actor of the writes the public makes through the portal.
const PublicActor = "public"

// SubmitRequest stores a request filed by a member of the public on the
// online form. e is its receipt: Channel must be online and ConfirmedOn the
// day of submission. 条例第三十一条第（三）项 makes the receipt date of a request
// made 通过互联网渠道 the day both sides confirm it; the portal confirms at once
// by showing the receipt number, so the agency's confirmation and the
// applicant's are the same day and the receipt date is the submission day.
// The write is attributed to PublicActor. EINVALID for a bad request or
// applicant, ENOTFOUND for an unknown agency, ECONFLICT for a taken ID.
func (s *Service) SubmitRequest(ctx context.Context, r *Request, a *ApplicantRecord, e Event) error {
	if a == nil {
		return &Error{Code: EINVALID, Rule: "条例第二十九条", Message: "申请人信息不能为空"}
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if e.Kind != EventReceived || e.Channel != ChannelOnline || e.ConfirmedOn.IsZero() {
		return &Error{Code: EINVALID, Rule: "条例第三十一条", Message: "网上申请须以双方确认之日为收到申请之日"}
	}
	if strings.TrimSpace(r.Subject) == "" {
		return &Error{Code: EINVALID, Rule: "条例第二十九条", Message: "请填写所需政府信息的名称、文号或者其他特征性描述"}
	}
	if _, err := s.Store.Agency(ctx, r.Agency); err != nil {
		return err
	}
	r.Applicant = Applicant{ID: a.ID, Name: a.Name, Type: a.Type}
	r.Events = nil
	e.By = PublicActor
	if err := s.Policy.Record(r, e); err != nil {
		return err
	}
	return s.Store.CreateRequest(WithActor(ctx, PublicActor), r, a)
}

// PublicStep is one step of a request as its applicant may see it: what
// happened and when, without the clerks' notes or names.
type PublicStep struct {
	Kind    EventKind
	On      Date
	Days    int // the applicant's term (补正) or the extension
	Party   ConsultParty
	Outcome string // decided: the table 三 outcome
	Article string
}

// PublicRequestStatus is what the tracking page shows: the stage, the reply
// deadline with its explanation, and the steps taken. It holds no personal
// data of the applicant or of anyone else.
type PublicRequestStatus struct {
	ID         string
	AgencyID   string
	AgencyName string
	Subject    string // the applicant's own description of the information
	State      State
	ReceivedOn Date
	// Due is the reply deadline; nil while a 补正 is awaited or once closed.
	Due                *Due
	ClarificationDueOn Date
	Outcome            string
	Article            string
	ClosedOn           Date
	Steps              []PublicStep
	Version            int // for SupplyClarification
}

// PublicStatus returns the public view of a request. The caller has checked
// that the asker holds the request's tracking link. ENOTFOUND.
func (s *Service) PublicStatus(ctx context.Context, id string) (*PublicRequestStatus, error) {
	r, err := s.Store.Request(ctx, id)
	if err != nil {
		return nil, err
	}
	st, err := s.Policy.Status(r)
	if err != nil {
		return nil, err
	}
	ps := &PublicRequestStatus{ID: r.ID, AgencyID: r.Agency, Subject: r.Subject, State: st.State,
		ReceivedOn: st.ReceivedOn, ClarificationDueOn: st.ClarificationDueOn, Outcome: st.Outcome,
		Article: st.Article, ClosedOn: st.ClosedOn, Version: len(r.Events)}
	if a, err := s.Store.Agency(ctx, r.Agency); err == nil {
		ps.AgencyName = a.Name
	}
	if st.State != StateClosed && st.State != StateClarifying {
		if d, err := s.Policy.Due(r); err == nil {
			ps.Due = &d
		}
	}
	for _, e := range r.Events {
		ps.Steps = append(ps.Steps, PublicStep{Kind: e.Kind, On: e.On, Days: e.Days, Party: e.Party, Outcome: e.Outcome, Article: e.Article})
	}
	return ps, nil
}

// SupplyClarification records the clarified request (补正) the applicant
// sends through the tracking page, received on the day on (条例第三十条: the
// reply period starts again from it). version is the number of steps the
// applicant saw (ECONFLICT when it moved). EINVALID when no 补正 is awaited.
func (s *Service) SupplyClarification(ctx context.Context, id string, version int, on Date, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return &Error{Code: EINVALID, Rule: "条例第三十条", Message: "请填写补正内容"}
	}
	r, err := s.Store.Request(ctx, id)
	if err != nil {
		return err
	}
	if len(r.Events) != version {
		return &Error{Code: ECONFLICT, Message: "申请状态已更新，请刷新页面后重试"}
	}
	st, err := s.Policy.Status(r)
	if err != nil {
		return err
	}
	if st.State != StateClarifying {
		return &Error{Code: EINVALID, Rule: "条例第三十条", Message: "该申请当前无需补正"}
	}
	e := Event{Kind: EventClarificationReceived, On: on, By: PublicActor, Channel: ChannelOnline, Note: text}
	if err := s.Policy.Record(r, e); err != nil {
		return err
	}
	if _, err := s.Store.AppendEvents(WithActor(ctx, PublicActor), id, version, r.Events[len(r.Events)-1]); err != nil {
		return fmt.Errorf("supply clarification: %w", err)
	}
	return nil
}

// CheckApplicant returns nil when idNumber is the identity number the
// request was filed with (compared by its ApplicantKey digest), so that an
// applicant who lost the tracking link can recover it with the receipt
// number. A wrong number or an unknown request is the same ENOTFOUND.
func (s *Service) CheckApplicant(ctx context.Context, id, idNumber string) error {
	notFound := Errorf(ENOTFOUND, "回执编号或证件号码不正确")
	r, err := s.Store.Request(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return notFound
	}
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(ApplicantKey(idNumber)), []byte(r.Applicant.ID)) != 1 {
		return notFound
	}
	return nil
}
