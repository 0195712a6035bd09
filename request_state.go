package gongkai

import (
	"fmt"
	"slices"
	"time"
)

// Statutory lengths, in working days.
const (
	ReplyDays         = 20 // 条例第三十三条第一款: 自收到申请之日起20个工作日内予以答复
	MaxExtensionDays  = 20 // 条例第三十三条第一款: 延长的期限最长不得超过20个工作日
	ClarificationDays = 7  // 条例第三十条: 自收到申请之日起7个工作日内一次性告知申请人作出补正
)

// Policy holds the calendar and the choices the statute leaves open. It is
// the domain service that records events and derives state and deadlines.
type Policy struct {
	Calendar *Calendar
	// CountReceiptDay makes the receipt day itself day 1 when it is a working
	// day. The 条例 says "自收到申请之日起20个工作日内" (第三十三条) without saying
	// whether that day counts. The default (false) makes it day 0, as the
	// procedure laws count periods (期间开始的日不计算在期间内); set it for a
	// jurisdiction that counts the day of receipt (one working day earlier).
	CountReceiptDay bool
	// ExcludeFeePeriod stops the reply clock between a fee notice and the
	// payment. 国办函〔2020〕109号 does not say the fee period is excluded, so by
	// default (false) it is not: the clerk issues the notice early enough.
	ExcludeFeePeriod bool
	// Now is the clock; nil means events are not checked against "today".
	Now func() time.Time
}

// State is where a request stands.
type State string

const (
	StateNone            State = ""                 // no receipt yet
	StateOpen            State = "open"             // being processed; the reply clock runs
	StateClarifying      State = "clarifying"       // waiting for the applicant's 补正 (条例第三十条)
	StateAwaitingFee     State = "awaiting_fee"     // waiting for payment (国办函〔2020〕109号)
	StateAwaitingReasons State = "awaiting_reasons" // waiting for the reasons of 条例第三十五条
	StateClosed          State = "closed"           // decided, lapsed or withdrawn
)

// Consultation is one consultation of a third party or another agency.
type Consultation struct {
	Ref       string
	Party     ConsultParty
	StartedOn Date
	EndedOn   Date // zero while open
}

// Flag is something legal but worth a clerk's attention (a late 补正 notice,
// a late decision), with the rule it concerns.
type Flag struct {
	On      Date
	Rule    string
	Message string
}

// Status is the state of a request derived from its events.
type Status struct {
	State      State
	ReceivedOn Date
	Channel    Channel
	// ClockStart is day 0 of the reply period: the receipt date, the day the
	// clarified request arrived (条例第三十条), or the day of a reopening.
	ClockStart  Date
	ClockReason EventKind

	ClarificationOn    Date // 补正告知 sent
	ClarificationDueOn Date // end of the applicant's term
	ClarifiedOn        Date // clarified request received
	Consultations      []Consultation
	Extension          *Event
	Fee                *Event
	FeeDueOn           Date
	FeePaidOn          Date
	ReasonsOn          Date // 条例第三十五条 demand
	ReasonsDueOn       Date // the applicant's term to explain
	TermOn             Date // 条例第三十五条 延迟答复的合理期限, when set
	ReopenedBy         *Event

	Outcome  string
	Article  string
	ClosedOn Date
	Flags    []Flag

	periodDays int // the period when not ReplyDays (Policy.Explain)
}

func (p *Policy) cal() *Calendar {
	if p.Calendar == nil {
		return sharedDefault()
	}
	return p.Calendar
}

// Status replays r's events and returns the derived state. An error means
// the stored history breaks a rule (it cannot, if every event went through
// Record with the same calendar).
func (p *Policy) Status(r *Request) (*Status, error) {
	st := &Status{}
	for i := range r.Events {
		if err := p.apply(st, r.Events[i], r.Events[:i]); err != nil {
			return nil, fmt.Errorf("request %s event %d (%s): %w", r.ID, i+1, r.Events[i].Kind, err)
		}
	}
	return st, nil
}

// Record checks that e is allowed in r's current state and appends it. The
// error names the rule that forbids it.
func (p *Policy) Record(r *Request, e Event) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if e.At.IsZero() && p.Now != nil {
		e.At = p.Now()
	}
	if e.Kind == EventReceived && e.On.IsZero() {
		on, err := receiptDate(&e)
		if err != nil {
			return err
		}
		e.On = on
	}
	if p.Now != nil && e.On.After(DateOf(p.Now())) {
		return &Error{Code: EINVALID, Rule: "event.future", Message: fmt.Sprintf("%s dated %s, after today", e.Kind, e.On)}
	}
	st, err := p.Status(r)
	if err != nil {
		return err
	}
	if err := p.apply(st, e, r.Events); err != nil {
		return err
	}
	r.Events = append(r.Events, e)
	return nil
}

func invalid(rule, format string, args ...any) error {
	return &Error{Code: EINVALID, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

func (st *Status) flag(on Date, rule, format string, args ...any) {
	st.Flags = append(st.Flags, Flag{On: on, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (st *Status) openConsultation() *Consultation {
	for i := range st.Consultations {
		if st.Consultations[i].EndedOn.IsZero() {
			return &st.Consultations[i]
		}
	}
	return nil
}

// apply checks e against st and advances st. prev are the events before e.
func (p *Policy) apply(st *Status, e Event, prev []Event) error {
	c := p.cal()
	if e.On.IsZero() {
		return invalid("event.date", "%s without a date", e.Kind)
	}
	if e.Kind == EventReceived {
		if st.State != StateNone {
			return invalid("条例第三十一条", "the request was already received on %s", st.ReceivedOn)
		}
		on, err := receiptDate(&e)
		if err != nil {
			return err
		}
		if on != e.On {
			return invalid("条例第三十一条", "receipt date %s, but the channel %s makes it %s", e.On, e.Channel, on)
		}
		if _, err := c.IsWorkingDay(on); err != nil {
			return err
		}
		*st = Status{State: StateOpen, ReceivedOn: on, Channel: e.Channel, ClockStart: on, ClockReason: EventReceived}
		if e.Channel == ChannelPostOrdinary && !e.ArrivedOn.IsZero() && e.ConfirmedOn != e.ArrivedOn {
			// 条例第三十一条第（二）项: 应当于收到申请的当日与申请人确认.
			st.flag(on, "条例第三十一条", "平常信函于%s收到，%s方与申请人确认，应当于收到当日确认", e.ArrivedOn.Chinese(), e.ConfirmedOn.Chinese())
		}
		return nil
	}
	if st.State == StateNone {
		return invalid("条例第三十一条", "%s before the request was received", e.Kind)
	}
	if len(prev) > 0 && e.On.Before(prev[len(prev)-1].On) {
		return invalid("event.order", "%s dated %s, before the previous event (%s)", e.Kind, e.On, prev[len(prev)-1].On)
	}
	if st.State == StateClosed && e.Kind != EventReopened {
		return invalid("request.closed", "%s after the request was closed on %s (%s)", e.Kind, st.ClosedOn, st.Outcome)
	}
	want := func(rule string, states ...State) error {
		if !slices.Contains(states, st.State) {
			return invalid(rule, "%s not allowed while the request is %s", e.Kind, st.State)
		}
		return nil
	}
	switch e.Kind {
	case EventClarificationRequested:
		// 条例第三十条: 一次性告知申请人作出补正, within 7 working days of receipt.
		if err := want("条例第三十条", StateOpen); err != nil {
			return err
		}
		if !st.ClarificationOn.IsZero() {
			return invalid("条例第三十条", "clarification already requested on %s: it is asked for once (一次性告知)", st.ClarificationOn)
		}
		if st.Extension != nil || len(st.Consultations) > 0 || st.Fee != nil || !st.ReasonsOn.IsZero() {
			return invalid("条例第三十条", "clarification must be requested before the request is processed further")
		}
		if e.Days < 1 {
			return invalid("条例第三十条", "clarification without a term for the applicant (合理的补正期限)")
		}
		limit, err := c.AddWorkingDays(st.ReceivedOn, ClarificationDays)
		if err != nil {
			return err
		}
		if e.On.After(limit) {
			st.flag(e.On, "条例第三十条", "补正告知于%s发出，晚于收到申请之日起7个工作日（%s）", e.On.Chinese(), limit.Chinese())
		}
		if st.ClarificationDueOn, err = c.AddWorkingDays(e.On, e.Days); err != nil {
			return err
		}
		st.ClarificationOn, st.State = e.On, StateClarifying
	case EventClarificationReceived:
		// 条例第三十条: 答复期限自行政机关收到补正的申请之日起计算.
		if err := want("条例第三十条", StateClarifying); err != nil {
			return err
		}
		if e.On.After(st.ClarificationDueOn) {
			st.flag(e.On, "条例第三十条", "补正于%s收到，已逾补正期限（%s），按有正当理由处理", e.On.Chinese(), st.ClarificationDueOn.Chinese())
		}
		st.ClarifiedOn, st.ClockStart, st.ClockReason, st.State = e.On, e.On, EventClarificationReceived, StateOpen
	case EventClarificationLapsed:
		// 条例第三十条: 无正当理由逾期不补正的，视为放弃申请.
		if err := want("条例第三十条", StateClarifying); err != nil {
			return err
		}
		if !e.On.After(st.ClarificationDueOn) {
			return invalid("条例第三十条", "the applicant's term for clarification runs until %s", st.ClarificationDueOn)
		}
		st.close(e.On, "other_no_clarification", "条例第三十条")
	case EventConsultationStarted:
		// 条例第三十二条 (third party), 第三十四条 (other agency).
		if err := want("条例第三十三条", StateOpen); err != nil {
			return err
		}
		if e.Party != ThirdParty && e.Party != OtherAgency {
			return invalid("条例第三十二条", "consultation party %q: want third_party or agency", e.Party)
		}
		if e.Ref == "" || slices.ContainsFunc(st.Consultations, func(x Consultation) bool { return x.Ref == e.Ref }) {
			return invalid("条例第三十二条", "consultation needs a new, unique ref (got %q)", e.Ref)
		}
		st.Consultations = append(st.Consultations, Consultation{Ref: e.Ref, Party: e.Party, StartedOn: e.On})
	case EventConsultationEnded:
		// The answer (or the end of the 15 working days) ends the excluded span
		// (条例第三十三条第二款); time beyond 15 working days is not "所需时间"
		// (条例第三十二条、第三十四条) and counts again.
		i := slices.IndexFunc(st.Consultations, func(x Consultation) bool { return x.Ref == e.Ref && x.EndedOn.IsZero() })
		if i < 0 {
			return invalid("条例第三十二条", "no open consultation %q", e.Ref)
		}
		k := &st.Consultations[i]
		k.EndedOn = e.On
		limit, err := c.AddWorkingDays(k.StartedOn, ConsultationDays)
		if err != nil {
			return err
		}
		if e.On.After(limit) {
			rule, what := "条例第三十二条", "第三方逾期未提出意见，由行政机关依照条例决定是否公开"
			if k.Party == OtherAgency {
				rule, what = "条例第三十四条", "被征求意见机关逾期未提出意见，视为同意公开"
			}
			st.flag(e.On, rule, "征求意见%s至%s超过15个工作日（%s）；超出部分计入答复期限", k.StartedOn.Chinese(), e.On.Chinese(), what)
		}
	case EventExtended:
		// 条例第三十三条: 延长答复期限 once, ≤ 20 working days, approved by the
		// 机构负责人, notified to the applicant, before the period runs out.
		if err := want("条例第三十三条", StateOpen); err != nil {
			return err
		}
		if st.Extension != nil {
			return invalid("条例第三十三条", "the reply period was already extended on %s: it can be extended once", st.Extension.On)
		}
		if e.Days < 1 || e.Days > MaxExtensionDays {
			return invalid("条例第三十三条", "extension of %d working days: at most %d", e.Days, MaxExtensionDays)
		}
		if e.Approver == "" || e.NoticeOn.IsZero() {
			return invalid("条例第三十三条", "an extension needs the approver (政府信息公开工作机构负责人) and the day the applicant was told")
		}
		late1, err := p.late(st, e.On)
		if err != nil {
			return err
		}
		late2, err := p.late(st, e.NoticeOn)
		if err != nil {
			return err
		}
		if late1 || late2 || e.NoticeOn.Before(e.On) {
			return invalid("条例第三十三条", "the extension must be approved and notified within the reply period%s", p.dueText(st))
		}
		ev := e
		st.Extension = &ev
	case EventFeeNoticed:
		if err := p.applyFeeNotice(st, e); err != nil {
			return err
		}
	case EventFeePaid:
		if err := want("国办函〔2020〕109号", StateAwaitingFee); err != nil {
			return err
		}
		if e.On.After(st.FeeDueOn) {
			st.flag(e.On, "国办函〔2020〕109号", "信息处理费于%s缴纳，已逾缴费期限（%s）", e.On.Chinese(), st.FeeDueOn.Chinese())
		}
		st.FeePaidOn, st.State = e.On, StateOpen
	case EventFeeLapsed:
		// 国办函〔2020〕109号: 逾期未缴纳的视为放弃申请.
		if err := want("国办函〔2020〕109号", StateAwaitingFee); err != nil {
			return err
		}
		if !e.On.After(st.FeeDueOn) {
			return invalid("国办函〔2020〕109号", "the applicant may pay until %s", st.FeeDueOn)
		}
		st.close(e.On, "other_unpaid_fee", "国办函〔2020〕109号")
	case EventReasonsRequested:
		// 条例第三十五条: 数量、频次明显超过合理范围 → 可以要求申请人说明理由.
		if err := want("条例第三十五条", StateOpen); err != nil {
			return err
		}
		if !st.ReasonsOn.IsZero() {
			return invalid("条例第三十五条", "reasons were already requested on %s", st.ReasonsOn)
		}
		if e.Days < 1 {
			return invalid("条例第三十五条", "a demand for reasons needs a term for the applicant")
		}
		due, err := c.AddWorkingDays(e.On, e.Days)
		if err != nil {
			return err
		}
		st.ReasonsOn, st.ReasonsDueOn, st.State = e.On, due, StateAwaitingReasons
	case EventReasonsAccepted:
		// 条例第三十五条: 理由合理但无法在第三十三条规定的期限内答复的，可以确定延迟答复的合理期限并告知申请人.
		if err := want("条例第三十五条", StateAwaitingReasons); err != nil {
			return err
		}
		if !e.DueOn.IsZero() && e.DueOn.Before(e.On) {
			return invalid("条例第三十五条", "the reasonable term %s is before the day it is set", e.DueOn)
		}
		st.TermOn, st.State = e.DueOn, StateOpen
	case EventDecided:
		if err := p.applyDecision(st, e); err != nil {
			return err
		}
	case EventWithdrawn:
		// The 条例 is silent on withdrawal; a withdrawn request is closed and
		// reported under （六）其他处理 (other_misc / 2019 other).
		st.close(e.On, "other_misc", "")
	case EventReopened:
		// A review decision or judgment of 纠正 (table 四 corrected) orders a new
		// answer: the clock restarts from the reopening, with the term the order
		// sets (DueOn) or 20 working days (条例第三十三条).
		if st.State != StateClosed {
			return invalid("request.reopen", "only a closed request can be reopened")
		}
		if e.Ref == "" {
			return invalid("request.reopen", "a reopening must name the appeal that ordered it")
		}
		ev := e
		*st = Status{State: StateOpen, ReceivedOn: st.ReceivedOn, Channel: st.Channel, ClockStart: e.On,
			ClockReason: EventReopened, ClarificationOn: st.ClarificationOn, ClarifiedOn: st.ClarifiedOn,
			ReopenedBy: &ev, TermOn: e.DueOn, Flags: st.Flags}
	default:
		return invalid("event.kind", "unknown event %q", e.Kind)
	}
	return nil
}

func (st *Status) close(on Date, outcome, article string) {
	st.State, st.ClosedOn, st.Outcome, st.Article = StateClosed, on, outcome, article
}

func (p *Policy) applyFeeNotice(st *Status, e Event) error {
	const rule = "国办函〔2020〕109号"
	if st.State != StateOpen || st.openConsultation() != nil {
		return invalid(rule, "a fee notice needs an open request with no consultation running")
	}
	if st.Fee != nil {
		return invalid(rule, "a fee was already noticed on %s", st.Fee.On)
	}
	if e.On.Before(FeeStart) {
		return invalid(rule, "the processing fee applies from %s", FeeStart)
	}
	want, err := QuoteFee(e.FeeMethod, e.Units, e.PriorItems)
	if err != nil {
		return err
	}
	if want == 0 {
		return invalid(rule, "no fee is due for %d %s (the free tier)", e.Units, e.FeeMethod)
	}
	if e.Amount != want {
		return invalid(rule, "fee of %d 元 for %d %s with %d earlier 件 this month: the schedule gives %d 元", e.Amount, e.Units, e.FeeMethod, e.PriorItems, want)
	}
	// 应当在政府信息公开申请处理期限内…发出收费通知.
	late, err := p.late(st, e.On)
	if err != nil {
		return err
	}
	if late {
		return invalid(rule, "the fee notice must be sent within the reply period%s", p.dueText(st))
	}
	served := e.NoticeOn
	if served.IsZero() {
		served = e.On
	}
	// 申请人应当在收到收费通知次日起20个工作日内缴纳费用.
	if st.FeeDueOn, err = p.cal().AddWorkingDays(served, FeePayDays); err != nil {
		return err
	}
	ev := e
	st.Fee, st.State = &ev, StateAwaitingFee
	return nil
}

func (p *Policy) applyDecision(st *Status, e Event) error {
	if st.State != StateOpen && !(st.State == StateAwaitingReasons && e.Outcome == "declined_excessive") {
		return invalid("条例第三十三条", "decision while the request is %s", st.State)
	}
	if k := st.openConsultation(); k != nil {
		return invalid("条例第三十二条", "consultation %s is still open: record its end (or the end of its 15 working days) first", k.Ref)
	}
	outcome := e.Outcome
	if outcome == "other" {
		outcome = "other_misc"
	}
	if !slices.Contains(Outcomes, outcome) {
		return invalid("annual-report.outcome", "outcome %q is not a table 三 row", e.Outcome)
	}
	switch {
	case outcome == "other_no_clarification" || outcome == "other_unpaid_fee":
		return invalid("annual-report.outcome", "%s is recorded by the lapse event, not by a decision", outcome)
	case e.Article == "":
		return invalid("条例第三十六条", "a decision must state the article it rests on")
	case outcome == "partly_granted" && len(e.Withheld) == 0:
		return invalid("条例第三十七条", "partly_granted needs the reasons for the withheld part")
	case outcome == "unavailable_unclear" && st.ClarifiedOn.IsZero():
		return invalid("条例第三十条", "unavailable_unclear (补正后仍不明确) needs a clarification received first")
	case outcome == "declined_excessive" && st.ReasonsOn.IsZero():
		return invalid("条例第三十五条", "declined_excessive needs a demand for reasons first")
	}
	late, err := p.late(st, e.On)
	if err != nil {
		return err
	}
	if late {
		st.flag(e.On, "条例第三十三条", "于%s答复，已逾答复期限%s", e.On.Chinese(), p.dueText(st))
	}
	st.close(e.On, outcome, e.Article)
	return nil
}
