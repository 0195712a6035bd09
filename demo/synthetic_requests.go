package demo

import (
	"math/rand/v2"
	"strconv"

	"gongkai"
)

// gen is the state of one EachRequest run.
type gen struct {
	g   *Generator
	rng *rand.Rand
	r   *gongkai.Request
}

func (x *gen) wd(d gongkai.Date, n int) gongkai.Date {
	r, err := x.g.cal.AddWorkingDays(d, n)
	if err != nil {
		panic(err) // the dates stay inside the embedded calendar's years
	}
	return r
}

// between returns a working day in [lo, hi], earlier days more likely.
func (x *gen) between(lo, hi gongkai.Date) gongkai.Date {
	n, err := x.g.cal.WorkingDaysBetween(lo, hi)
	if err != nil {
		panic(err)
	}
	if n <= 0 {
		return lo
	}
	k := min(x.rng.IntN(n+1), x.rng.IntN(n+1))
	return x.wd(lo, k)
}

func (x *gen) add(e gongkai.Event) {
	e.At = stamp(e.On, len(x.r.Events))
	e.By = "clerk-" + x.r.Agency
	x.r.Events = append(x.r.Events, e)
}

func (x *gen) lastOn() gongkai.Date { return x.r.Events[len(x.r.Events)-1].On }

// EachRequest calls fn with every request in turn, with its applicant's
// record and the cases brought about it (most have none). The request and
// the cases are new on every call; fn may keep them. It stops at fn's first
// error and returns it.
func (g *Generator) EachRequest(fn func(r *gongkai.Request, a *gongkai.ApplicantRecord, appeals []*gongkai.Appeal) error) error {
	x := &gen{g: g, rng: rand.New(rand.NewPCG(g.seed, g.seed^0x2545f4914f6cdd1d))}
	pool := max(10, g.requests/3)
	for i := 0; i < g.requests; i++ {
		ag := g.agencies[x.rng.IntN(len(g.agencies))]
		ap := g.applicant(x.rng.IntN(pool))
		id := strconv.Itoa(i + 1)
		x.r = &gongkai.Request{ID: "SY-" + zeros[:max(0, 8-len(id))] + id, Agency: ag.ID, Subject: "申请公开演示信息" + id,
			Applicant: gongkai.Applicant{ID: ap.ID, Name: ap.Name, Type: ap.Type}, Events: make([]gongkai.Event, 0, 8)}
		appeals := x.request(pick(x.rng, syntheticOutcomes))
		if err := fn(x.r, ap, appeals); err != nil {
			return err
		}
	}
	return nil
}

const zeros = "00000000"

// request builds the events of x.r ending in outcome, and its cases.
func (x *gen) request(outcome string) []*gongkai.Appeal {
	rec := x.g.days[x.rng.IntN(len(x.g.days))]
	channels := [...]gongkai.Channel{gongkai.ChannelOnline, gongkai.ChannelOnline, gongkai.ChannelInPerson, gongkai.ChannelPostSigned, gongkai.ChannelFax}
	ch := channels[x.rng.IntN(len(channels))]
	e := gongkai.Event{Kind: gongkai.EventReceived, On: rec, Channel: ch, ArrivedOn: rec}
	if ch == gongkai.ChannelOnline || ch == gongkai.ChannelFax {
		e.ConfirmedOn = rec
	}
	x.add(e)
	cs := rec
	clarify := outcome == "other_no_clarification" || outcome == "unavailable_unclear" || x.rng.IntN(20) == 0
	if clarify {
		ask := x.wd(rec, 1+x.rng.IntN(5))
		x.add(gongkai.Event{Kind: gongkai.EventClarificationRequested, On: ask, Days: 10})
		if outcome == "other_no_clarification" {
			x.add(gongkai.Event{Kind: gongkai.EventClarificationLapsed, On: x.wd(ask, 11)})
			return nil
		}
		cs = x.wd(ask, 1+x.rng.IntN(8))
		x.add(gongkai.Event{Kind: gongkai.EventClarificationReceived, On: cs})
	}
	if outcome == "other_misc" {
		x.add(gongkai.Event{Kind: gongkai.EventWithdrawn, On: x.wd(cs, 1+x.rng.IntN(5))})
		return nil
	}
	excluded := 0 // working days of consultation, left out of the clock
	if outcome == "withheld_third_party" || outcome == "partly_granted" || x.rng.IntN(12) == 0 {
		party := gongkai.ThirdParty
		if outcome != "withheld_third_party" && outcome != "partly_granted" {
			party = gongkai.OtherAgency
		}
		start := x.wd(x.lastOn(), 1+x.rng.IntN(4))
		excluded = 3 + x.rng.IntN(10)
		x.add(gongkai.Event{Kind: gongkai.EventConsultationStarted, On: start, Party: party, Ref: "c1"})
		x.add(gongkai.Event{Kind: gongkai.EventConsultationEnded, On: x.wd(start, excluded), Ref: "c1"})
	}
	if outcome == "other_unpaid_fee" || (outcome == "granted" && x.rng.IntN(25) == 0) {
		pages := 31 + x.rng.IntN(120)
		on := x.wd(x.lastOn(), 1+x.rng.IntN(3))
		x.add(gongkai.Event{Kind: gongkai.EventFeeNoticed, On: on, FeeMethod: gongkai.FeePerPage, Units: pages, Amount: gongkai.PerPageFee(pages)})
		if outcome == "other_unpaid_fee" {
			x.add(gongkai.Event{Kind: gongkai.EventFeeLapsed, On: x.wd(on, gongkai.FeePayDays+1)})
			return nil
		}
		x.add(gongkai.Event{Kind: gongkai.EventFeePaid, On: x.wd(on, 1+x.rng.IntN(4))})
	}
	// The period ends on the 20th counted working day after cs, the
	// consultation's days not counted (all of it lies after cs).
	due := x.wd(cs, gongkai.ReplyDays+excluded)
	lo := x.wd(x.lastOn(), 1)
	if x.rng.IntN(12) == 0 && !x.lastOn().After(due) {
		on := x.between(x.lastOn(), due)
		days := []int{10, 15, 20}[x.rng.IntN(3)]
		x.add(gongkai.Event{Kind: gongkai.EventExtended, On: on, Days: days, NoticeOn: on, Approver: "演示负责人"})
		lo, due = x.wd(due, 1), x.wd(due, days)
	}
	decided := x.between(lo, due)
	x.add(decision(decided, outcome))
	// About 1% of requests are appealed, the refusals among them (about
	// half of all requests) at twice that rate.
	if outcome == "granted" || x.rng.IntN(50) != 0 {
		return nil
	}
	return x.appeal(decided)
}

func decision(on gongkai.Date, outcome string) gongkai.Event {
	e := gongkai.Event{Kind: gongkai.EventDecided, On: on, Outcome: outcome, Article: articles[outcome]}
	if outcome == "partly_granted" {
		e.Withheld = []string{"条例第十五条：涉及第三方个人隐私"}
	}
	return e
}

// appeal files a case against the decision of x.r made on decided; cases
// that would end after g.lastOpen stay pending.
func (x *gen) appeal(decided gongkai.Date) []*gongkai.Appeal {
	a := &gongkai.Appeal{ID: x.r.ID + "-A1", RequestID: x.r.ID, Agency: x.r.Agency, Kind: gongkai.AppealReview,
		FiledOn: decided.AddDays(10 + x.rng.IntN(40))}
	label := "行政复议"
	closed := a.FiledOn.AddDays(40 + x.rng.IntN(21))
	if x.rng.IntN(3) == 0 {
		a.Kind, label = gongkai.AppealSuitDirect, "行政诉讼"
		closed = a.FiledOn.AddDays(60 + x.rng.IntN(120))
	}
	if ok, _ := x.g.cal.IsWorkingDay(closed); !ok {
		closed = x.wd(closed, 1)
	}
	if closed.After(x.g.lastOpen) {
		return []*gongkai.Appeal{a}
	}
	a.ClosedOn = closed
	switch k := x.rng.IntN(10); {
	case k < 5:
		a.Outcome = gongkai.AppealUpheld
		if a.Kind == gongkai.AppealReview && x.rng.IntN(4) == 0 {
			// 复议后起诉, within 15 days of the review decision.
			s := &gongkai.Appeal{ID: x.r.ID + "-A2", RequestID: x.r.ID, Agency: x.r.Agency, Kind: gongkai.AppealSuitAfterReview,
				ReviewID: a.ID, FiledOn: closed.AddDays(5 + x.rng.IntN(10))}
			if end := x.wd(s.FiledOn.AddDays(90+x.rng.IntN(90)), 1); !end.After(x.g.lastOpen) {
				s.ClosedOn, s.Outcome = end, gongkai.AppealUpheld
			}
			return []*gongkai.Appeal{a, s}
		}
	case k < 8:
		a.Outcome = gongkai.AppealOther
	default:
		a.Outcome = gongkai.AppealCorrected
		// The order reopens the request; it is answered again in time.
		x.add(gongkai.Event{Kind: gongkai.EventReopened, On: closed, Ref: label + a.ID})
		x.add(decision(x.wd(closed, 3+x.rng.IntN(15)), "granted"))
	}
	return []*gongkai.Appeal{a}
}
