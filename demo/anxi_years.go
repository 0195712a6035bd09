package demo

import (
	"fmt"
	"math/rand/v2"

	"gongkai"
)

// weighted is a choice with its weight.
type weighted[T any] struct {
	v T
	w int
}

func pick[T any](rng *rand.Rand, l []weighted[T]) T {
	total := 0
	for _, x := range l {
		total += x.w
	}
	k := rng.IntN(total)
	for _, x := range l {
		if k < x.w {
			return x.v
		}
		k -= x.w
	}
	panic("unreachable")
}

// laterOutcomes are the outcomes of 2021–2025 with their weights; the
// other_* ones come from lapses and withdrawals.
var laterOutcomes = []weighted[string]{
	{"granted", 100}, {"partly_granted", 16}, {"withheld_state_secret", 1}, {"withheld_third_party", 6},
	{"withheld_internal", 4}, {"withheld_process", 6}, {"withheld_enforcement_file", 2}, {"withheld_query", 4},
	{"unavailable_not_held", 24}, {"unavailable_needs_creation", 6}, {"unavailable_unclear", 3},
	{"declined_petition", 8}, {"declined_duplicate", 4}, {"declined_publication", 2},
	{"other_no_clarification", 6}, {"other_unpaid_fee", 2}, {"other_misc", 4},
}

var applicantTypeWeights = []weighted[gongkai.ApplicantType]{
	{gongkai.NaturalPerson, 80}, {gongkai.Commercial, 7}, {gongkai.Research, 2},
	{gongkai.SocialWelfare, 2}, {gongkai.LegalService, 5}, {gongkai.OtherOrg, 4},
}

// laterYear builds the requests received in year (2021–2025, some carried
// into the next year) and a few review and litigation cases.
func (a *anxi) laterYear(y int) error {
	n := 40 + a.rng.IntN(51)
	carry := 1 + a.rng.IntN(3)
	var ps []*plan
	for i := 0; i < n; i++ {
		s := a.pickAgency()
		t := pick(a.rng, applicantTypeWeights)
		pool := 60
		if t != gongkai.NaturalPerson {
			pool = 8
		}
		p := &plan{agency: s.id(), channel: a.pickChannel(),
			applicant: a.applicant(t, 1+a.rng.IntN(pool))}
		if i < carry {
			// Received in the last days of December, answered in January.
			p.received = a.randomDay(gongkai.NewDate(y, 12, 18), gongkai.NewDate(y, 12, 31))
			p.outcome = pick(a.rng, laterOutcomes[:14])
			p.notBefore = gongkai.NewDate(y+1, 1, 1)
		} else {
			p.received = a.randomDay(gongkai.NewDate(y, 1, 1), gongkai.NewDate(y, 11, 13))
			p.outcome = pick(a.rng, laterOutcomes)
			p.notAfter = gongkai.NewDate(y, 12, 31)
			switch p.outcome {
			case "other_no_clarification":
				p.clarify = 2
			case "other_unpaid_fee":
				p.fee = 2
			case "other_misc":
				p.withdraw = true
			case "unavailable_unclear":
				p.clarify = 1
			case "granted":
				if a.rng.IntN(25) == 0 {
					p.fee = 1
				}
			}
			if p.clarify == 0 && a.rng.IntN(16) == 0 {
				p.clarify = 1
			}
		}
		p.subject = a.subject(s, p.outcome)
		if p.outcome == "unavailable_unclear" {
			p.clarify = 1
		}
		switch {
		case p.outcome == "withheld_third_party" || p.outcome == "partly_granted":
			p.consult = gongkai.ThirdParty
		case p.fee == 0 && !p.withdraw && p.clarify != 2 && a.rng.IntN(12) == 0:
			p.consult = gongkai.OtherAgency
		}
		if p.fee == 0 && !p.withdraw && p.clarify != 2 && a.rng.IntN(12) == 0 {
			p.extend = true
		}
		ps = append(ps, p)
	}
	number(y, ps)
	var decided []*gongkai.Request
	for _, p := range ps {
		r, err := a.build(p)
		if err != nil {
			return err
		}
		a.ds.Requests = append(a.ds.Requests, r)
		// Cases are brought against refusals, not against disclosure.
		if e := r.Events[len(r.Events)-1]; e.Kind == gongkai.EventDecided && e.On.Year == y && e.Outcome != "granted" {
			decided = append(decided, r)
		}
	}
	return a.appeals(y, decided)
}

// appeals files 2–5 review or litigation cases against decisions of year y.
func (a *anxi) appeals(y int, decided []*gongkai.Request) error {
	k := 2 + a.rng.IntN(4)
	used := map[int]bool{}
	for i := 0; i < k && len(used) < len(decided); i++ {
		j := a.rng.IntN(len(decided))
		for used[j] {
			j = (j + 1) % len(decided)
		}
		used[j] = true
		r := decided[j]
		d := last(r)
		id := fmt.Sprintf("AX-%d-", y)
		kind := pick(a.rng, []weighted[gongkai.AppealKind]{{gongkai.AppealReview, 6}, {gongkai.AppealSuitDirect, 3}, {gongkai.AppealSuitAfterReview, 1}})
		if kind == gongkai.AppealSuitDirect {
			id += fmt.Sprintf("SS%02d", i+1)
		} else {
			id += fmt.Sprintf("FY%02d", i+1)
		}
		ap := &gongkai.Appeal{ID: id, RequestID: r.ID, Agency: r.Agency, FiledOn: a.randomDay(d.AddDays(10), d.AddDays(50))}
		if kind == gongkai.AppealSuitDirect {
			ap.Kind = gongkai.AppealSuitDirect
			end := pick(a.rng, []weighted[gongkai.AppealOutcome]{{gongkai.AppealUpheld, 55}, {gongkai.AppealCorrected, 15}, {gongkai.AppealOther, 30}})
			if err := a.closeAppeal(ap, r, a.randomDay(ap.FiledOn.AddDays(60), ap.FiledOn.AddDays(150)), end); err != nil {
				return err
			}
			a.ds.Appeals = append(a.ds.Appeals, ap)
			continue
		}
		ap.Kind = gongkai.AppealReview
		end := pick(a.rng, []weighted[gongkai.AppealOutcome]{{gongkai.AppealUpheld, 50}, {gongkai.AppealCorrected, 20}, {gongkai.AppealOther, 30}})
		if kind == gongkai.AppealSuitAfterReview {
			end = gongkai.AppealUpheld
		}
		closed := a.randomDay(ap.FiledOn.AddDays(40), ap.FiledOn.AddDays(60))
		if err := a.closeAppeal(ap, r, closed, end); err != nil {
			return err
		}
		a.ds.Appeals = append(a.ds.Appeals, ap)
		if kind == gongkai.AppealSuitAfterReview {
			// 复议后起诉: within 15 days of the review decision.
			s := &gongkai.Appeal{ID: fmt.Sprintf("AX-%d-SS%02d", y, i+1), RequestID: r.ID, Agency: r.Agency,
				Kind: gongkai.AppealSuitAfterReview, ReviewID: ap.ID, FiledOn: a.randomDay(closed.AddDays(5), closed.AddDays(14))}
			end := pick(a.rng, []weighted[gongkai.AppealOutcome]{{gongkai.AppealUpheld, 60}, {gongkai.AppealOther, 40}})
			if err := a.closeAppeal(s, r, a.randomDay(s.FiledOn.AddDays(90), s.FiledOn.AddDays(180)), end); err != nil {
				return err
			}
			a.ds.Appeals = append(a.ds.Appeals, s)
		}
	}
	return nil
}
