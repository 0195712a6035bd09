package gongkai

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gongkai/report"
)

// Statistics for the annual report (条例第五十条第（二）（三）项): tables 三 and 四
// computed from the requests and cases of one agency and one year, in the
// format of that year (annual-report.md §1: 2019 format for 2019–2020, 2021
// format from 2021).
//
// Counting rules (the format fixes the rows, not how to count; these are the
// ones a 公开办 clerk applies, and they make requests.balance hold by
// construction):
//   - a request belongs to the year of its receipt date (条例第三十一条);
//   - it is handled in the year of its first closure (decision, lapse,
//     withdrawal), with that closure's outcome; a re-answer after a review or
//     judgment is reported in table 四, not counted again in table 三;
//   - carried_over = received before the year and not closed before it;
//     carried_forward = received by the year's end and still open at it.
//   - table 四 counts every case pending at some time during the year (filed
//     by 31 December and not closed before 1 January), with its outcome as of
//     31 December (pending if not yet closed).

// outcomeRow returns the table 三 row of an outcome in format v: the three
// （六）其他处理 rows of 2021 are one row "other" in 2019.
func outcomeRow(outcome string, v report.Version) string {
	if v == report.V2019 {
		switch outcome {
		case "other_no_clarification", "other_unpaid_fee", "other_misc":
			return "other"
		}
	} else if outcome == "other" {
		return "other_misc"
	}
	return outcome
}

// statRows are the non-outcome rows of table 三 the computation fills.
const (
	rowNew = iota
	rowCarriedOver
	rowHandled
	rowForward
	rowFirstOutcome // outcome rows follow, in Outcomes order
)

// Tables returns the annual report of agency for year with tables 三 and 四
// computed from reqs and appeals (table 二 is left 0, and no finding is
// attached: run report.Check). Requests and appeals of other agencies are
// ignored; an appeal without an agency takes its request's. Requests never
// received are ignored. An unknown applicant type or outcome is an EINVALID error.
func Tables(agency string, year int, reqs []*Request, appeals []*Appeal) (*report.Report, error) {
	v := report.VersionForYear(year)
	rep := report.New(year, v)
	rep.Agency = agency

	outcomeIndex := make(map[string]int, len(Outcomes))
	for i, o := range Outcomes {
		outcomeIndex[o] = rowFirstOutcome + i
	}
	colIndex := make(map[ApplicantType]int, len(ApplicantTypes))
	for i, t := range ApplicantTypes {
		colIndex[t] = i
	}
	var counts [rowFirstOutcome + 21][6]int
	if len(Outcomes) != 21 {
		panic("gongkai: outcome list and counts out of step")
	}
	agencyOf := make(map[string]string)
	for _, r := range reqs {
		if r.Agency != agency {
			continue
		}
		if len(appeals) > 0 {
			agencyOf[r.ID] = r.Agency
		}
		c, err := countRequest(r, year)
		if err != nil || !c.counted {
			if err != nil {
				return nil, err
			}
			continue
		}
		col := colIndex[c.applicant]
		if c.carried {
			counts[rowCarriedOver][col]++
		} else {
			counts[rowNew][col]++
		}
		if c.outcome == "" {
			counts[rowForward][col]++
			continue
		}
		row, ok := outcomeIndex[c.outcome]
		if !ok {
			return nil, &Error{Code: EINVALID, Rule: "annual-report.outcome", Message: fmt.Sprintf("request %s: outcome %q", r.ID, c.outcome)}
		}
		counts[row][col]++
		counts[rowHandled][col]++
	}
	t3 := rep.Requests
	set := func(row string, c [6]int) {
		total := 0
		for i, n := range c {
			t3.Add(row, string(ApplicantTypes[i]), float64(n))
			total += n
		}
		t3.Add(row, "total", float64(total))
	}
	set("new_received", counts[rowNew])
	set("carried_over", counts[rowCarriedOver])
	set("total_handled", counts[rowHandled])
	set("carried_forward", counts[rowForward])
	for i, o := range Outcomes {
		set(outcomeRow(o, v), counts[rowFirstOutcome+i])
	}

	t4 := rep.Appeals
	for _, a := range appeals {
		ag := a.Agency
		if ag == "" {
			ag = agencyOf[a.RequestID]
		}
		if ag != agency {
			continue
		}
		o, counted, err := countAppeal(a, year)
		if err != nil {
			return nil, err
		}
		if counted {
			t4.Add(string(a.Kind), string(o), 1)
			t4.Add(string(a.Kind), "total", 1)
		}
	}
	return rep, nil
}

// requestCount says where a request is counted in table 三 of a year.
type requestCount struct {
	counted   bool // the request is in the year's table at all
	applicant ApplicantType
	carried   bool   // carried_over (received in an earlier year), else new_received
	outcome   string // the 2021 outcome id when handled in the year; "" when carried forward
}

// countRequest applies the counting rules above to one request.
func countRequest(r *Request, year int) (requestCount, error) {
	rec := r.ReceivedOn()
	if rec.IsZero() || rec.Year > year {
		return requestCount{}, nil
	}
	if !slices.Contains(ApplicantTypes, r.Applicant.Type) {
		return requestCount{}, &Error{Code: EINVALID, Rule: "条例第二十九条", Message: fmt.Sprintf("request %s: applicant type %q", r.ID, r.Applicant.Type)}
	}
	closedOn, outcome, closed := r.FirstClosure()
	if closed && closedOn.Year < year {
		return requestCount{}, nil // handled in an earlier year
	}
	c := requestCount{counted: true, applicant: r.Applicant.Type, carried: rec.Year < year}
	if closed && closedOn.Year == year {
		c.outcome = outcome
		if c.outcome == "other" {
			c.outcome = "other_misc"
		}
	}
	return c, nil
}

// countAppeal says whether table 四 of a year counts a case, and with which
// outcome.
func countAppeal(a *Appeal, year int) (AppealOutcome, bool, error) {
	end, start := NewDate(year, 12, 31), NewDate(year, 1, 1)
	if a.FiledOn.IsZero() || a.FiledOn.After(end) || (!a.ClosedOn.IsZero() && a.ClosedOn.Before(start)) {
		return "", false, nil
	}
	if !slices.Contains(AppealKinds, a.Kind) {
		return "", false, &Error{Code: EINVALID, Rule: "条例第五十一条", Message: fmt.Sprintf("appeal %s: kind %q", a.ID, a.Kind)}
	}
	o := a.OutcomeAt(end)
	if !slices.Contains(AppealOutcomes, o) {
		return "", false, &Error{Code: EINVALID, Rule: "条例第五十一条", Message: fmt.Sprintf("appeal %s: outcome %q", a.ID, o)}
	}
	return o, true, nil
}

// RequestCounted reports whether table 三 of year counts request r in the
// cell (row, col), where row is a table 三 row id of the year's format and
// col a column id ("total" takes every applicant column). It answers the
// drill-down from a cell to the records behind it, by the same rules as
// Tables.
func RequestCounted(r *Request, year int, row, col string) (bool, error) {
	c, err := countRequest(r, year)
	if err != nil || !c.counted {
		return false, err
	}
	if col != "total" && col != string(c.applicant) {
		return false, nil
	}
	switch row {
	case "new_received":
		return !c.carried, nil
	case "carried_over":
		return c.carried, nil
	case "total_handled":
		return c.outcome != "", nil
	case "carried_forward":
		return c.outcome == "", nil
	}
	return c.outcome != "" && outcomeRow(c.outcome, report.VersionForYear(year)) == row, nil
}

// AppealCounted reports whether table 四 of year counts case a in the cell
// (kind, col), col being an outcome or "total".
func AppealCounted(a *Appeal, year int, kind, col string) (bool, error) {
	o, counted, err := countAppeal(a, year)
	if err != nil || !counted || string(a.Kind) != kind {
		return false, err
	}
	return col == "total" || col == string(o), nil
}

// Timeliness is what users ask for beyond the tables: how fast requests
// decided in the year were decided, counting working days net of the
// excluded consultation time (条例第三十三条第二款).
type Timeliness struct {
	Agency string
	Year   int
	// All aggregates every decision; ByOutcome splits them by outcome id, in
	// table 三 order (outcomes with no decision are left out).
	All       OutcomeTimeliness
	ByOutcome []OutcomeTimeliness
}

// OutcomeTimeliness is the timeliness of one group of decisions.
type OutcomeTimeliness struct {
	Outcome string // "" for all
	Decided int
	OnTime  int     // decided by the deadline (extension and 条例第三十五条 terms included)
	Rate    float64 // OnTime / Decided; 0 when nothing was decided
	// Median and P90 are working days from day 0 to the decision, net of
	// excluded time (P90 by the nearest-rank method).
	Median float64
	P90    int
}

// Timeliness computes the timeliness of the first decisions made in year on
// agency's requests. Lapses and withdrawals are not decisions and are left out.
func (p *Policy) Timeliness(agency string, year int, reqs []*Request) (Timeliness, error) {
	days := map[string][]int{}
	onTime := map[string]int{}
	for _, r := range reqs {
		if r.Agency != agency {
			continue
		}
		i := slices.IndexFunc(r.Events, func(e Event) bool { _, c := closes(&e); return c })
		if i < 0 || r.Events[i].Kind != EventDecided || r.Events[i].On.Year != year {
			continue
		}
		e := r.Events[i]
		st, err := p.Status(&Request{ID: r.ID, Events: r.Events[:i]})
		if err != nil {
			return Timeliness{}, err
		}
		n, err := p.counted(st, e.On)
		if err != nil {
			return Timeliness{}, err
		}
		late, err := p.late(st, e.On)
		if err != nil {
			return Timeliness{}, err
		}
		o := outcomeRow(e.Outcome, report.V2021)
		days[o] = append(days[o], n)
		days[""] = append(days[""], n)
		if !late {
			onTime[o]++
			onTime[""]++
		}
	}
	t := Timeliness{Agency: agency, Year: year, All: summarise("", days[""], onTime[""])}
	for _, o := range Outcomes {
		if len(days[o]) > 0 {
			t.ByOutcome = append(t.ByOutcome, summarise(o, days[o], onTime[o]))
		}
	}
	return t, nil
}

func summarise(outcome string, days []int, onTime int) OutcomeTimeliness {
	s := OutcomeTimeliness{Outcome: outcome, Decided: len(days), OnTime: onTime}
	if len(days) == 0 {
		return s
	}
	sort.Ints(days)
	n := len(days)
	s.Rate = float64(onTime) / float64(n)
	if n%2 == 1 {
		s.Median = float64(days[n/2])
	} else {
		s.Median = float64(days[n/2-1]+days[n/2]) / 2
	}
	s.P90 = days[int(math.Ceil(0.9*float64(n)))-1]
	return s
}
