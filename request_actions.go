package gongkai

import (
	"context"
	"slices"
)

// ActionKinds lists, in the order a clerk meets them, the events a clerk may
// record by hand on a request. EventReceived starts a request
// (CreateRequest) and EventReopened comes from closing a case
// (Policy.CloseAppeal), so neither is an action.
var ActionKinds = []EventKind{
	EventClarificationRequested, EventClarificationReceived, EventClarificationLapsed,
	EventConsultationStarted, EventConsultationEnded, EventExtended,
	EventFeeNoticed, EventFeePaid, EventFeeLapsed,
	EventReasonsRequested, EventReasonsAccepted,
	EventDecided, EventWithdrawn,
}

// Action is a step the statute allows on a request now.
type Action struct {
	Kind EventKind
	// Ref names the open consultation a consultation_ended action ends.
	Ref string
}

// Actions returns the steps Record would accept on r if they were taken on
// the day on: each candidate event is tried, with plausible fields, against
// a copy of r through Record itself, so the answer follows the rules in
// request_state.go and never restates them. A step refused only for its
// fields (a too-long extension, a wrong fee) is still listed; one refused
// for the state or the date (an extension after the reply period, a
// clarification asked twice, a lapse before the term ran out) is not.
func (p *Policy) Actions(r *Request, on Date) ([]Action, error) {
	st, err := p.Status(r)
	if err != nil {
		return nil, err
	}
	var out []Action
	try := func(e Event) bool {
		c := *r
		c.Events = slices.Clone(r.Events)
		e.On, e.By = on, "probe"
		return p.Record(&c, e) == nil
	}
	for _, k := range ActionKinds {
		switch k {
		case EventConsultationEnded:
			for _, c := range st.Consultations {
				if c.EndedOn.IsZero() && try(Event{Kind: k, Ref: c.Ref}) {
					out = append(out, Action{Kind: k, Ref: c.Ref})
				}
			}
			continue
		case EventDecided:
			if try(Event{Kind: k, Outcome: "granted", Article: "probe"}) ||
				try(Event{Kind: k, Outcome: "declined_excessive", Article: "probe"}) {
				out = append(out, Action{Kind: k})
			}
			continue
		}
		e := Event{Kind: k, Days: 1, Ref: "probe-" + string(k), Party: ThirdParty, Approver: "probe", NoticeOn: on}
		if k == EventFeeNoticed {
			e.FeeMethod, e.Units = FeePerPage, 1000
			e.Amount, _ = QuoteFee(FeePerPage, 1000, 0)
		}
		if try(e) {
			out = append(out, Action{Kind: k})
		}
	}
	return out, nil
}

// Authorize returns nil when u acts for the agency: EUNAUTHORIZED for the
// public, EFORBIDDEN for another agency's clerk, ENOTFOUND for no agency.
// The HTML console asks it before showing an agency's workspaces (table 二
// inputs, annual reports), whose stores have no user.
func (s *Service) Authorize(ctx context.Context, u *User, agencyID string) error {
	_, err := s.authorize(ctx, u, agencyID)
	return err
}

// Inbox returns the open requests of the agencies u acts for: every agency
// for an admin, the clerk's agency (and its subtree when IncludeSubtree).
// Others get EFORBIDDEN, the public EUNAUTHORIZED.
func (s *Service) Inbox(ctx context.Context, u *User) ([]*Request, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "请先登录")
	}
	open := true
	f := RequestFilter{Open: &open}
	switch u.Role {
	case RoleAdmin:
	case RoleClerk:
		f.Agencies = []string{u.AgencyID}
		if u.IncludeSubtree {
			sub, err := s.Store.Subtree(ctx, u.AgencyID)
			if err != nil {
				return nil, err
			}
			f.Agencies = f.Agencies[:0]
			for _, a := range sub {
				f.Agencies = append(f.Agencies, a.ID)
			}
		}
	default:
		return nil, Errorf(EFORBIDDEN, "无权查看依申请公开事项")
	}
	if u.Disabled {
		return nil, Errorf(EFORBIDDEN, "账户已停用")
	}
	return s.Store.Requests(ctx, f)
}
