package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"gongkai"
)

// articles gives the article each decided outcome rests on.
var articles = map[string]string{
	"granted":                    "条例第三十六条第（二）项",
	"partly_granted":             "条例第三十七条",
	"withheld_state_secret":      "条例第十四条",
	"withheld_law_forbidden":     "条例第十四条",
	"withheld_security":          "条例第十四条",
	"withheld_third_party":       "条例第十五条",
	"withheld_internal":          "条例第十六条第一款",
	"withheld_process":           "条例第十六条第二款",
	"withheld_enforcement_file":  "条例第十六条第二款",
	"withheld_query":             "条例第三十六条第（七）项",
	"unavailable_not_held":       "条例第三十六条第（四）项",
	"unavailable_needs_creation": "条例第三十八条",
	"unavailable_unclear":        "条例第三十条",
	"declined_petition":          "条例第三十九条第一款",
	"declined_duplicate":         "条例第三十六条第（六）项",
	"declined_publication":       "条例第三十九条第二款",
}

// plan describes one request to build through Policy.Record.
type plan struct {
	id, agency string
	applicant  *gongkai.ApplicantRecord
	subject    string
	channel    gongkai.Channel
	received   gongkai.Date // a working day
	clarify    int          // 0 none, 1 clarified, 2 lapsed (other_no_clarification)
	consult    gongkai.ConsultParty
	extend     bool
	fee        int  // 0 none, 1 paid, 2 lapsed (other_unpaid_fee)
	withdraw   bool // withdrawn (other_misc)
	outcome    string
	// notAfter and notBefore bound the decision date (zero: unbounded).
	notAfter, notBefore gongkai.Date
}

// builder records events through a Policy, with a seeded random source.
type builder struct {
	p   *gongkai.Policy
	cal *gongkai.Calendar
	rng *rand.Rand
}

func newBuilder(seed uint64) *builder {
	c := gongkai.DefaultCalendar()
	return &builder{p: &gongkai.Policy{Calendar: c}, cal: c, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// wd returns the n-th working day after d.
func (b *builder) wd(d gongkai.Date, n int) gongkai.Date {
	r, err := b.cal.AddWorkingDays(d, n)
	if err != nil {
		panic(err)
	}
	return r
}

// onOrAfter returns d when it is a working day, else the next working day.
func (b *builder) onOrAfter(d gongkai.Date) gongkai.Date {
	if ok, _ := b.cal.IsWorkingDay(d); ok {
		return d
	}
	return b.wd(d, 1)
}

// onOrBefore returns d when it is a working day, else the working day before.
func (b *builder) onOrBefore(d gongkai.Date) gongkai.Date {
	for {
		if ok, _ := b.cal.IsWorkingDay(d); ok {
			return d
		}
		d = d.AddDays(-1)
	}
}

// between returns a random working day in [lo, hi]; lo must be a working day.
func (b *builder) between(lo, hi gongkai.Date) gongkai.Date {
	n, err := b.cal.WorkingDaysBetween(lo, hi)
	if err != nil {
		panic(err)
	}
	if n <= 0 {
		return lo
	}
	return b.wd(lo, b.rng.IntN(n+1))
}

// randomDay returns a random working day in [from, to].
func (b *builder) randomDay(from, to gongkai.Date) gongkai.Date {
	return b.between(b.onOrAfter(from), b.onOrBefore(to))
}

// stamp is the recording time of the k-th event of a request, on day d.
func stamp(d gongkai.Date, k int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, cst).Add(time.Duration(k*47) * time.Minute)
}

func (b *builder) record(r *gongkai.Request, e gongkai.Event) error {
	if e.At.IsZero() {
		e.At = stamp(e.On, len(r.Events))
	}
	if e.By == "" {
		e.By = clerkOf(r.Agency)
	}
	if err := b.p.Record(r, e); err != nil {
		return fmt.Errorf("demo: request %s: %w", r.ID, err)
	}
	return nil
}

// clerkOf is the username of the clerk of an agency.
func clerkOf(agency string) string { return "clerk-" + agency }

func last(r *gongkai.Request) gongkai.Date { return r.Events[len(r.Events)-1].On }

// build makes the request of pl, every event through Policy.Record.
func (b *builder) build(pl *plan) (*gongkai.Request, error) {
	r := &gongkai.Request{ID: pl.id, Agency: pl.agency, Subject: pl.subject,
		Applicant: gongkai.Applicant{ID: pl.applicant.ID, Name: pl.applicant.Name, Type: pl.applicant.Type}}
	rec := gongkai.Event{Kind: gongkai.EventReceived, On: pl.received, Channel: pl.channel, ArrivedOn: pl.received}
	switch pl.channel {
	case gongkai.ChannelOnline, gongkai.ChannelFax:
		rec.ConfirmedOn = pl.received
		if prev := pl.received.AddDays(-1); prev.IsWeekend() {
			rec.ArrivedOn = prev // sent at the weekend, confirmed on the next working day
		}
	case gongkai.ChannelPostOrdinary:
		rec.ConfirmedOn = pl.received
	}
	if err := b.record(r, rec); err != nil {
		return nil, err
	}
	if pl.clarify > 0 {
		ask := b.wd(pl.received, 1+b.rng.IntN(5))
		if err := b.record(r, gongkai.Event{Kind: gongkai.EventClarificationRequested, On: ask, Days: 10,
			Note: "申请内容不明确，请补正所需信息的名称、文号或者便于查询的其他特征性描述"}); err != nil {
			return nil, err
		}
		if pl.clarify == 2 {
			return r, b.record(r, gongkai.Event{Kind: gongkai.EventClarificationLapsed, On: b.wd(ask, 11)})
		}
		if err := b.record(r, gongkai.Event{Kind: gongkai.EventClarificationReceived, On: b.wd(ask, 1+b.rng.IntN(8))}); err != nil {
			return nil, err
		}
	}
	if pl.withdraw {
		return r, b.record(r, gongkai.Event{Kind: gongkai.EventWithdrawn, On: b.wd(last(r), 1+b.rng.IntN(5)), Note: "申请人书面撤回申请"})
	}
	if pl.consult != "" {
		start := b.wd(last(r), 1+b.rng.IntN(4))
		ref := "征求意见" + r.ID
		if err := b.record(r, gongkai.Event{Kind: gongkai.EventConsultationStarted, On: start, Party: pl.consult, Ref: ref}); err != nil {
			return nil, err
		}
		if err := b.record(r, gongkai.Event{Kind: gongkai.EventConsultationEnded, On: b.wd(start, 3+b.rng.IntN(10)), Ref: ref}); err != nil {
			return nil, err
		}
	}
	if pl.fee > 0 {
		pages := 31 + b.rng.IntN(120)
		amount, err := gongkai.QuoteFee(gongkai.FeePerPage, pages, 0)
		if err != nil {
			return nil, err
		}
		on := b.wd(last(r), 1+b.rng.IntN(3))
		if err := b.record(r, gongkai.Event{Kind: gongkai.EventFeeNoticed, On: on, FeeMethod: gongkai.FeePerPage, Units: pages, Amount: amount}); err != nil {
			return nil, err
		}
		if pl.fee == 2 {
			return r, b.record(r, gongkai.Event{Kind: gongkai.EventFeeLapsed, On: b.wd(on, gongkai.FeePayDays+1)})
		}
		if err := b.record(r, gongkai.Event{Kind: gongkai.EventFeePaid, On: b.wd(on, 1+b.rng.IntN(4))}); err != nil {
			return nil, err
		}
	}
	lo := b.wd(last(r), 1)
	if pl.extend {
		due, err := b.p.Due(r)
		if err != nil {
			return nil, err
		}
		on := b.between(b.wd(last(r), 1), due.Date)
		days := []int{10, 15, 20}[b.rng.IntN(3)]
		if err := b.record(r, gongkai.Event{Kind: gongkai.EventExtended, On: on, Days: days, NoticeOn: on,
			Approver: "政务公开工作机构负责人（演示）", Note: "需要查档核实，延长答复期限"}); err != nil {
			return nil, err
		}
		lo = b.wd(due.Date, 1) // decided after the ordinary period: that is why it was extended
	}
	if !pl.notBefore.IsZero() && lo.Before(pl.notBefore) {
		lo = b.onOrAfter(pl.notBefore)
	}
	due, err := b.p.Due(r)
	if err != nil {
		return nil, err
	}
	hi := due.Date
	if !pl.notAfter.IsZero() && pl.notAfter.Before(hi) {
		hi = b.onOrBefore(pl.notAfter)
	}
	if hi.Before(lo) {
		return nil, fmt.Errorf("demo: request %s: no day to decide between %s and %s", r.ID, lo, hi)
	}
	return r, b.decide(r, b.between(lo, hi), pl.outcome)
}

// decide records the decision of r on day on.
func (b *builder) decide(r *gongkai.Request, on gongkai.Date, outcome string) error {
	e := gongkai.Event{Kind: gongkai.EventDecided, On: on, Outcome: outcome, Article: articles[outcome]}
	if outcome == "partly_granted" {
		e.Withheld = []string{"条例第十五条：涉及第三方个人隐私"}
	}
	return b.record(r, e)
}

// closeAppeal closes a case through Policy.CloseAppeal; a correction
// reopens the request and it is answered again within the new period.
func (b *builder) closeAppeal(a *gongkai.Appeal, r *gongkai.Request, on gongkai.Date, outcome gongkai.AppealOutcome) error {
	n := len(r.Events)
	if err := b.p.CloseAppeal(a, r, on, outcome, clerkOf(r.Agency), gongkai.Date{}); err != nil {
		return fmt.Errorf("demo: appeal %s: %w", a.ID, err)
	}
	if len(r.Events) == n {
		return nil
	}
	r.Events[n].At = stamp(on, n)
	due, err := b.p.Due(r)
	if err != nil {
		return err
	}
	return b.decide(r, b.between(b.wd(on, 3), due.Date), "granted")
}
