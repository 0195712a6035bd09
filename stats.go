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
	t := newTally(year)
	t.rep.Agency = agency
	agencyOf := make(map[string]string)
	for _, r := range reqs {
		if r.Agency != agency {
			continue
		}
		if len(appeals) > 0 {
			agencyOf[r.ID] = r.Agency
		}
		c, err := countRequest(r, year)
		if err != nil {
			return nil, err
		}
		if err := t.addRequests("request "+r.ID, c, 1); err != nil {
			return nil, err
		}
	}
	for _, a := range appeals {
		ag := a.Agency
		if ag == "" {
			ag = agencyOf[a.RequestID]
		}
		if ag != agency {
			continue
		}
		o, counted, err := countAppeal(a, year)
		if err != nil || !counted {
			if err != nil {
				return nil, err
			}
			continue
		}
		if err := t.addAppeals("appeal "+a.ID, a.Kind, o, 1); err != nil {
			return nil, err
		}
	}
	return t.report(), nil
}

// TallyTables returns tables 三 and 四 of year added up over the groups of
// a TallyStore (table 二 is left 0, no finding attached): the figures Tables
// gives for the same records, summed over their agencies. The rows carry
// the facts the counting rules look at; they are counted here, by the same
// code as Tables.
func TallyTables(year int, reqs []RequestTallyRow, appeals []AppealTallyRow) (*report.Report, error) {
	t := newTally(year)
	for _, row := range reqs {
		c := requestCount{counted: true, applicant: row.ApplicantType, carried: row.ReceivedBefore}
		if row.ClosedInYear {
			c.outcome = firstOutcome(row.Outcome)
		}
		if err := t.addRequests("requests of "+row.Agency, c, row.Count); err != nil {
			return nil, err
		}
	}
	for _, row := range appeals {
		o := AppealPending // as of 31 December (Appeal.OutcomeAt)
		if row.ClosedInYear {
			o = row.Outcome
		}
		if err := t.addAppeals("appeals of "+row.Agency, row.Kind, o, row.Count); err != nil {
			return nil, err
		}
	}
	return t.report(), nil
}

// tally accumulates tables 三 and 四 of one year: the one place where a
// counted request or case becomes figures in cells.
type tally struct {
	rep          *report.Report
	v            report.Version
	counts       [rowFirstOutcome + 21][6]int
	outcomeIndex map[string]int
	colIndex     map[ApplicantType]int
}

func newTally(year int) *tally {
	if len(Outcomes) != 21 {
		panic("gongkai: outcome list and counts out of step")
	}
	v := report.VersionForYear(year)
	t := &tally{rep: report.New(year, v), v: v,
		outcomeIndex: make(map[string]int, len(Outcomes)), colIndex: make(map[ApplicantType]int, len(ApplicantTypes))}
	for i, o := range Outcomes {
		t.outcomeIndex[o] = rowFirstOutcome + i
	}
	for i, ty := range ApplicantTypes {
		t.colIndex[ty] = i
	}
	return t
}

// addRequests counts n requests counted alike as c; what names them in an
// error.
func (t *tally) addRequests(what string, c requestCount, n int) error {
	if !c.counted {
		return nil
	}
	col, ok := t.colIndex[c.applicant]
	if !ok {
		return checkApplicant(what, c.applicant)
	}
	if c.carried {
		t.counts[rowCarriedOver][col] += n
	} else {
		t.counts[rowNew][col] += n
	}
	if c.outcome == "" {
		t.counts[rowForward][col] += n
		return nil
	}
	row, ok := t.outcomeIndex[c.outcome]
	if !ok {
		return &Error{Code: EINVALID, Rule: "annual-report.outcome", Message: fmt.Sprintf("%s: outcome %q", what, c.outcome)}
	}
	t.counts[row][col] += n
	t.counts[rowHandled][col] += n
	return nil
}

// addAppeals counts n cases of kind with outcome o as of 31 December.
func (t *tally) addAppeals(what string, kind AppealKind, o AppealOutcome, n int) error {
	if err := checkAppeal(what, kind, o); err != nil {
		return err
	}
	t.rep.Appeals.Add(string(kind), string(o), float64(n))
	t.rep.Appeals.Add(string(kind), "total", float64(n))
	return nil
}

// report fills table 三 from the counts and returns the report.
func (t *tally) report() *report.Report {
	t3 := t.rep.Requests
	set := func(row string, c [6]int) {
		total := 0
		for i, n := range c {
			t3.Add(row, string(ApplicantTypes[i]), float64(n))
			total += n
		}
		t3.Add(row, "total", float64(total))
	}
	set("new_received", t.counts[rowNew])
	set("carried_over", t.counts[rowCarriedOver])
	set("total_handled", t.counts[rowHandled])
	set("carried_forward", t.counts[rowForward])
	for i, o := range Outcomes {
		set(outcomeRow(o, t.v), t.counts[rowFirstOutcome+i])
	}
	return t.rep
}

// requestCount says where a request is counted in table 三 of a year.
type requestCount struct {
	counted   bool // the request is in the year's table at all
	applicant ApplicantType
	carried   bool   // carried_over (received in an earlier year), else new_received
	outcome   string // the 2021 outcome id when handled in the year; "" when carried forward
}

// firstOutcome returns the table 三 outcome id (2021) of a first closure's
// recorded outcome: a 2019 "other" decision is other_misc.
func firstOutcome(o string) string {
	if o == "other" {
		return "other_misc"
	}
	return o
}

// checkApplicant returns EINVALID unless t is a table 三 column.
func checkApplicant(what string, t ApplicantType) error {
	if !slices.Contains(ApplicantTypes, t) {
		return &Error{Code: EINVALID, Rule: "条例第二十九条", Message: fmt.Sprintf("%s: applicant type %q", what, t)}
	}
	return nil
}

// checkAppeal returns EINVALID unless kind and o are a row and a column of
// table 四.
func checkAppeal(what string, kind AppealKind, o AppealOutcome) error {
	if !slices.Contains(AppealKinds, kind) {
		return &Error{Code: EINVALID, Rule: "条例第五十一条", Message: fmt.Sprintf("%s: kind %q", what, kind)}
	}
	if !slices.Contains(AppealOutcomes, o) {
		return &Error{Code: EINVALID, Rule: "条例第五十一条", Message: fmt.Sprintf("%s: outcome %q", what, o)}
	}
	return nil
}

// countRequest applies the counting rules above to one request.
func countRequest(r *Request, year int) (requestCount, error) {
	rec := r.ReceivedOn()
	if rec.IsZero() || rec.Year > year {
		return requestCount{}, nil
	}
	if err := checkApplicant("request "+r.ID, r.Applicant.Type); err != nil {
		return requestCount{}, err
	}
	closedOn, outcome, closed := r.FirstClosure()
	if closed && closedOn.Year < year {
		return requestCount{}, nil // handled in an earlier year
	}
	c := requestCount{counted: true, applicant: r.Applicant.Type, carried: rec.Year < year}
	if closed && closedOn.Year == year {
		c.outcome = firstOutcome(outcome)
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
	o := a.OutcomeAt(end)
	if err := checkAppeal("appeal "+a.ID, a.Kind, o); err != nil {
		return "", false, err
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
