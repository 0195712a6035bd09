package demo

import (
	"fmt"

	"gongkai"
)

// outcomes2020 are the outcomes of the 46 requests of the seed's table 三.
var outcomes2020 = map[string]int{
	"granted": 33, "withheld_third_party": 1, "withheld_internal": 1, "withheld_query": 1,
	"unavailable_not_held": 5, "unavailable_needs_creation": 2, "declined_petition": 3,
}

// suits2020 are the outcomes of the requests the 5 direct suits of 2020
// were brought against, and how each suit ended in 2021.
var suits2020 = []struct {
	outcome string
	end     gongkai.AppealOutcome
}{
	{"declined_petition", gongkai.AppealUpheld},
	{"declined_petition", gongkai.AppealOther},
	{"unavailable_not_held", gongkai.AppealUpheld},
	{"unavailable_not_held", gongkai.AppealCorrected},
	{"withheld_internal", gongkai.AppealOther},
}

// year2020 builds the 46 requests of 2020 (all natural persons, all
// answered within the year) and the 5 direct suits pending at its end.
func (a *anxi) year2020() error {
	y := 2020
	var ps []*plan
	var sued []*plan
	left := map[string]int{}
	for o, n := range outcomes2020 {
		left[o] = n
	}
	newPlan := func(outcome string, from, to gongkai.Date) *plan {
		s := a.pickAgency()
		p := &plan{agency: s.id(), subject: a.subject(s, outcome), channel: a.pickChannel(), outcome: outcome,
			received: a.randomDay(from, to), notAfter: gongkai.NewDate(y, 12, 31),
			applicant: a.applicant(gongkai.NaturalPerson, 1+a.rng.IntN(40))}
		left[outcome]--
		ps = append(ps, p)
		return p
	}
	// The requests sued over were answered by the summer.
	for _, s := range suits2020 {
		sued = append(sued, newPlan(s.outcome, gongkai.NewDate(y, 3, 2), gongkai.NewDate(y, 6, 30)))
	}
	for _, o := range gongkai.Outcomes { // fixed order: deterministic
		for left[o] > 0 {
			newPlan(o, gongkai.NewDate(y, 1, 2), gongkai.NewDate(y, 11, 16))
		}
	}
	// Procedure: consultations, clarifications and extensions on some.
	granted := 0
	for _, p := range ps {
		switch p.outcome {
		case "withheld_third_party":
			p.consult = gongkai.ThirdParty
		case "unavailable_needs_creation":
			p.clarify = 1
		case "granted":
			granted++
			switch granted {
			case 3, 17:
				p.consult = gongkai.OtherAgency
			case 5:
				p.clarify = 1
			case 8, 21, 30:
				p.extend = true
			}
		case "unavailable_not_held":
			if !contains(sued, p) {
				p.extend = true
			}
		}
	}
	number(y, ps)
	reqs := map[*plan]*gongkai.Request{}
	for _, p := range ps {
		r, err := a.build(p)
		if err != nil {
			return err
		}
		reqs[p] = r
		a.ds.Requests = append(a.ds.Requests, r)
	}
	// The 5 direct suits (未经复议直接起诉), pending at the end of 2020 and
	// decided in 2021.
	for i, p := range sued {
		r := reqs[p]
		decided := last(r)
		filed := a.randomDay(decided.AddDays(20), minDate(decided.AddDays(150), gongkai.NewDate(y, 12, 24)))
		ap := &gongkai.Appeal{ID: fmt.Sprintf("AX-%d-SS%02d", y, i+1), RequestID: r.ID, Agency: r.Agency,
			Kind: gongkai.AppealSuitDirect, FiledOn: filed}
		if err := ap.Validate(r); err != nil {
			return err
		}
		if err := a.closeAppeal(ap, r, a.randomDay(gongkai.NewDate(y+1, 3, 1), gongkai.NewDate(y+1, 7, 30)), suits2020[i].end); err != nil {
			return err
		}
		a.ds.Appeals = append(a.ds.Appeals, ap)
	}
	return nil
}

func contains(ps []*plan, p *plan) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func minDate(a, b gongkai.Date) gongkai.Date {
	if a.Before(b) {
		return a
	}
	return b
}
