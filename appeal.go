package gongkai

import "fmt"

// AppealKind is the group of table 四 a case belongs to (条例第五十一条: 申请人
// 可以依法申请行政复议或者提起行政诉讼).
type AppealKind string

const (
	AppealReview          AppealKind = "review"            // 行政复议
	AppealSuitDirect      AppealKind = "suit_direct"       // 行政诉讼，未经复议直接起诉
	AppealSuitAfterReview AppealKind = "suit_after_review" // 行政诉讼，复议后起诉
)

// AppealKinds lists the kinds in table 四 order.
var AppealKinds = []AppealKind{AppealReview, AppealSuitDirect, AppealSuitAfterReview}

// AppealOutcome is the column of table 四.
type AppealOutcome string

const (
	AppealUpheld    AppealOutcome = "upheld"    // 结果维持
	AppealCorrected AppealOutcome = "corrected" // 结果纠正: the request is reopened for a new answer
	AppealOther     AppealOutcome = "other"     // 其他结果 (withdrawn, dismissed, mediated, …)
	AppealPending   AppealOutcome = "pending"   // 尚未审结
)

// AppealOutcomes lists the outcomes in table 四 order.
var AppealOutcomes = []AppealOutcome{AppealUpheld, AppealCorrected, AppealOther, AppealPending}

// Appeal is a review or litigation case about a request.
type Appeal struct {
	ID        string
	RequestID string
	Agency    string
	Kind      AppealKind
	// ReviewID links a suit_after_review to the review it follows (optional).
	ReviewID string
	FiledOn  Date
	ClosedOn Date          // zero while pending
	Outcome  AppealOutcome // upheld, corrected or other once closed; pending (or "") while open
}

// Validate checks a's fields against each other and, when r is not nil,
// against the request it is about.
func (a *Appeal) Validate(r *Request) error {
	bad := func(format string, args ...any) error {
		return &Error{Code: EINVALID, Rule: "条例第五十一条", Message: fmt.Sprintf("appeal %s: ", a.ID) + fmt.Sprintf(format, args...)}
	}
	switch {
	case a.ID == "" || a.RequestID == "":
		return bad("needs an id and the request it is about")
	case a.Kind != AppealReview && a.Kind != AppealSuitDirect && a.Kind != AppealSuitAfterReview:
		return bad("kind %q: want review, suit_direct or suit_after_review", a.Kind)
	case a.ReviewID != "" && a.Kind != AppealSuitAfterReview:
		return bad("only a suit_after_review follows a review")
	case a.FiledOn.IsZero():
		return bad("no filing date")
	case !a.ClosedOn.IsZero() && a.ClosedOn.Before(a.FiledOn):
		return bad("closed on %s, before it was filed on %s", a.ClosedOn, a.FiledOn)
	case a.ClosedOn.IsZero() && a.Outcome != "" && a.Outcome != AppealPending:
		return bad("outcome %s without a closing date", a.Outcome)
	case !a.ClosedOn.IsZero() && a.Outcome != AppealUpheld && a.Outcome != AppealCorrected && a.Outcome != AppealOther:
		return bad("closed with outcome %q: want upheld, corrected or other", a.Outcome)
	}
	if r != nil {
		if r.ID != a.RequestID {
			return bad("is about request %s, not %s", a.RequestID, r.ID)
		}
		if on := r.ReceivedOn(); on.IsZero() || a.FiledOn.Before(on) {
			return bad("filed on %s, before the request was received", a.FiledOn)
		}
	}
	return nil
}

// OutcomeAt returns the outcome as it stood at the end of day d: pending
// unless the case was closed by then.
func (a *Appeal) OutcomeAt(d Date) AppealOutcome {
	if a.ClosedOn.IsZero() || a.ClosedOn.After(d) {
		return AppealPending
	}
	return a.Outcome
}

// CloseAppeal records the end of a case. A decision or judgment that
// corrects the agency (结果纠正) reopens the request for a new answer: the
// request gets an EventReopened naming the case, with the term the order
// set (dueOn, zero for the ordinary 20 working days of 条例第三十三条).
func (p *Policy) CloseAppeal(a *Appeal, r *Request, on Date, outcome AppealOutcome, by string, dueOn Date) error {
	if !a.ClosedOn.IsZero() {
		return &Error{Code: EINVALID, Rule: "条例第五十一条", Message: fmt.Sprintf("appeal %s already closed on %s", a.ID, a.ClosedOn)}
	}
	closed := *a
	closed.ClosedOn, closed.Outcome = on, outcome
	if err := closed.Validate(r); err != nil {
		return err
	}
	if outcome == AppealCorrected {
		st, err := p.Status(r)
		if err != nil {
			return err
		}
		if st.State == StateClosed {
			label := map[AppealKind]string{AppealReview: "行政复议", AppealSuitDirect: "行政诉讼", AppealSuitAfterReview: "行政诉讼"}[a.Kind]
			ev := Event{Kind: EventReopened, On: on, By: by, Ref: label + a.ID, DueOn: dueOn}
			if err := p.Record(r, ev); err != nil {
				return err
			}
		}
		// A request still open (a case against inaction) simply goes on: the
		// order is answered by the pending decision.
	}
	*a = closed
	return nil
}
