package gongkai

import (
	"fmt"
	"slices"
	"time"
)

// ApplicantType is the applicant's column of table 三 (annual-report.md §3).
type ApplicantType string

// The applicant types: a natural person, or one of the five kinds of
// 法人或其他组织.
const (
	NaturalPerson ApplicantType = "natural_person"
	Commercial    ApplicantType = "commercial"
	Research      ApplicantType = "research"
	SocialWelfare ApplicantType = "social_welfare"
	LegalService  ApplicantType = "legal_service"
	OtherOrg      ApplicantType = "other_org"
)

// ApplicantTypes lists the applicant types in table 三 column order.
var ApplicantTypes = []ApplicantType{NaturalPerson, Commercial, Research, SocialWelfare, LegalService, OtherOrg}

// Applicant is the person or organisation who asks (条例第二十九条第（一）项).
type Applicant struct {
	ID   string // stable identity (身份证号 / 统一社会信用代码 digest); the fee month counts by it
	Name string
	Type ApplicantType
}

// Channel is how a request reached the agency; it fixes the receipt date
// (条例第三十一条).
type Channel string

const (
	ChannelInPerson     Channel = "in_person"     // 当面提交: the day it is handed in
	ChannelPostSigned   Channel = "post_signed"   // 邮寄, signed for: the day the agency signs
	ChannelPostOrdinary Channel = "post_ordinary" // 平常信函: the day of confirmation with the applicant
	ChannelOnline       Channel = "online"        // 互联网渠道: the day both sides confirm
	ChannelFax          Channel = "fax"           // 传真: the day both sides confirm
)

// ConsultParty is whom the agency consults.
type ConsultParty string

const (
	// ThirdParty is 征求第三方意见 (条例第三十二条): 15 working days; silence is not consent.
	ThirdParty ConsultParty = "third_party"
	// OtherAgency is 征求其他机关意见 (条例第三十四条): 15 working days; silence is consent.
	OtherAgency ConsultParty = "agency"
)

// ConsultationDays is the time a consulted third party or agency has to answer
// (条例第三十二条、第三十四条 "自收到征求意见书之日起15个工作日内").
const ConsultationDays = 15

// EventKind names a step of the request lifecycle.
type EventKind string

// The events of a request.
const (
	EventReceived               EventKind = "received"
	EventClarificationRequested EventKind = "clarification_requested"
	EventClarificationReceived  EventKind = "clarification_received"
	EventClarificationLapsed    EventKind = "clarification_lapsed"
	EventConsultationStarted    EventKind = "consultation_started"
	EventConsultationEnded      EventKind = "consultation_ended"
	EventExtended               EventKind = "extended"
	EventFeeNoticed             EventKind = "fee_noticed"
	EventFeePaid                EventKind = "fee_paid"
	EventFeeLapsed              EventKind = "fee_lapsed"
	EventReasonsRequested       EventKind = "reasons_requested"
	EventReasonsAccepted        EventKind = "reasons_accepted"
	EventDecided                EventKind = "decided"
	EventWithdrawn              EventKind = "withdrawn"
	EventReopened               EventKind = "reopened"
)

// Event is one step of a request, with who and when. Which fields matter
// depends on Kind; the rest stay zero.
type Event struct {
	Kind EventKind
	On   Date      // the legal date of the step
	By   string    // who did it
	At   time.Time // when it was recorded (set by Policy.Record)
	Note string

	// received (条例第三十一条): On is the receipt date; it is derived from the
	// channel and must agree with it when given.
	Channel     Channel
	ArrivedOn   Date // handed in / signed for / arrived (ordinary post, online, fax)
	ConfirmedOn Date // 确认之日 (ordinary post, online, fax)

	// Days: the applicant's term for clarification_requested (合理的补正期限) and
	// reasons_requested; the length of an extension.
	Days int
	// Ref names a consultation (consultation_started/ended) or the appeal
	// behind a reopening.
	Ref   string
	Party ConsultParty // consultation_started
	// extended (条例第三十三条): who approved (机构负责人) and when the applicant was told.
	Approver string
	NoticeOn Date
	// fee_noticed (国办函〔2020〕109号): method, units (pages for per_page; 件 for
	// per_request), the applicant's 件 earlier in the month, and the amount in 元.
	// NoticeOn is the day the applicant received the notice (default On).
	FeeMethod  FeeMethod
	Units      int
	PriorItems int
	Amount     int
	// DueOn: the reasonable term of reasons_accepted (条例第三十五条), or the term
	// set by the review decision or judgment behind a reopening.
	DueOn Date
	// decided: the table 三 outcome id, the article it rests on, and for
	// partly_granted the reasons for the withheld part (条例第三十七条).
	Outcome  string
	Article  string
	Withheld []string
}

// Request is a request for disclosure (依申请公开申请). Its state and all its
// deadlines are derived from Events; record events with Policy.Record.
type Request struct {
	ID        string
	Agency    string
	Applicant Applicant
	Subject   string
	// Items is the number of 件 after "一事一申请" splitting (国办函〔2020〕109号第四条); 0 means 1.
	Items  int
	Events []Event
}

func (r *Request) items() int { return max(1, r.Items) }

// ReceivedOn returns the receipt date (收到申请之日), or the zero Date.
func (r *Request) ReceivedOn() Date {
	for i := range r.Events {
		if r.Events[i].Kind == EventReceived {
			return r.Events[i].On
		}
	}
	return Date{}
}

// closes reports whether an event of kind k closes the request, and the
// table 三 outcome it closes it with (the 2021 ids; stats maps them to 2019).
func closes(e *Event) (string, bool) {
	switch e.Kind {
	case EventDecided:
		return e.Outcome, true
	case EventClarificationLapsed:
		return "other_no_clarification", true // 条例第三十条 视为放弃申请
	case EventFeeLapsed:
		return "other_unpaid_fee", true // 国办函〔2020〕109号 视为放弃申请
	case EventWithdrawn:
		return "other_misc", true // withdrawal: the 条例 is silent; reported as 其他
	}
	return "", false
}

// FirstClosure returns the date and outcome of the first event that closed
// the request. Table 三 counts a request once, in the year of its first
// closure: a re-answer after a review or judgment (EventReopened) is counted
// in table 四, not again in table 三.
func (r *Request) FirstClosure() (on Date, outcome string, ok bool) {
	for i := range r.Events {
		if o, c := closes(&r.Events[i]); c {
			return r.Events[i].On, o, true
		}
	}
	return Date{}, "", false
}

// Outcomes are the outcome ids a decision may carry: table 三 rows of
// annual-report.md §3, with the 2021 ids for （六）其他处理. "other" (2019)
// is accepted as other_misc. other_no_clarification and other_unpaid_fee
// come only from the lapse events.
var Outcomes = []string{
	"granted", "partly_granted",
	"withheld_state_secret", "withheld_law_forbidden", "withheld_security", "withheld_third_party",
	"withheld_internal", "withheld_process", "withheld_enforcement_file", "withheld_query",
	"unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
	"declined_petition", "declined_duplicate", "declined_publication", "declined_excessive", "declined_confirmation",
	"other_no_clarification", "other_unpaid_fee", "other_misc",
}

// Validate checks the fields of r that do not depend on its events.
func (r *Request) Validate() error {
	if r.ID == "" {
		return Errorf(EINVALID, "request without an id")
	}
	if !slices.Contains(ApplicantTypes, r.Applicant.Type) {
		return &Error{Code: EINVALID, Rule: "条例第二十九条",
			Message: fmt.Sprintf("request %s: applicant type %q is not one of the table 三 columns", r.ID, r.Applicant.Type)}
	}
	if r.Applicant.ID == "" {
		return &Error{Code: EINVALID, Rule: "条例第二十九条", Message: fmt.Sprintf("request %s: applicant without identity", r.ID)}
	}
	return nil
}

// receiptDate returns the receipt date the channel implies (条例第三十一条).
func receiptDate(e *Event) (Date, error) {
	rule := "条例第三十一条"
	switch e.Channel {
	case ChannelInPerson, ChannelPostSigned:
		// （一）当面提交：提交之日；（二）邮寄：签收之日.
		if e.ArrivedOn.IsZero() {
			return Date{}, &Error{Code: EINVALID, Rule: rule, Message: fmt.Sprintf("%s: the day the request was handed in or signed for is required", e.Channel)}
		}
		return e.ArrivedOn, nil
	case ChannelPostOrdinary, ChannelOnline, ChannelFax:
		// （二）平常信函：确认之日；（三）互联网渠道、传真：双方确认之日.
		if e.ConfirmedOn.IsZero() {
			return Date{}, &Error{Code: EINVALID, Rule: rule, Message: fmt.Sprintf("%s: the day of confirmation with the applicant is required", e.Channel)}
		}
		if !e.ArrivedOn.IsZero() && e.ConfirmedOn.Before(e.ArrivedOn) {
			return Date{}, &Error{Code: EINVALID, Rule: rule, Message: "confirmed before it arrived"}
		}
		return e.ConfirmedOn, nil
	}
	return Date{}, &Error{Code: EINVALID, Rule: rule, Message: fmt.Sprintf("unknown channel %q", e.Channel)}
}
