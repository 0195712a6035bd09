package storetest

import (
	"fmt"
	"testing"

	"gongkai"
	"gongkai/report"
)

// testTally checks RequestTally and AppealTally: the groups of a small
// history with every case the counting rules distinguish, and, for each
// year, that the tables TallyTables counts from them equal the sum of
// Tables over the same records loaded whole.
func testTally(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "edu", "county")
	MustCreateAgency(t, s, "other", "")
	ev := func(kind gongkai.EventKind, on string) gongkai.Event {
		return gongkai.Event{Kind: kind, On: d(on), By: "clerk", At: at}
	}
	create := func(id, agency string, n int, events ...gongkai.Event) {
		t.Helper()
		a := Applicant(n)
		r := &gongkai.Request{ID: id, Agency: agency, Applicant: gongkai.Applicant{ID: a.ID, Name: a.Name, Type: a.Type}, Events: events}
		must(t, s.CreateRequest(c, r, a))
	}
	appendEv := func(id string, version int, events ...gongkai.Event) {
		t.Helper()
		_, err := s.AppendEvents(c, id, version, events...)
		must(t, err)
	}
	// Closed on creation, in 2024 and in 2025.
	create("R1", "county", 1, Received("2024-03-01"), Decided("2024-03-20", "granted"))
	create("R2", "county", 2, Received("2024-12-20"), Decided("2025-01-10", "partly_granted"))
	// Closed by appended events: a 2019-format "other", a withdrawal, a lapse.
	create("R3", "county", 1, Received("2025-02-01"))
	appendEv("R3", 1, Decided("2025-02-20", "other"))
	create("R4", "edu", 3, Received("2025-03-01"))
	appendEv("R4", 1, ev(gongkai.EventWithdrawn, "2025-03-02"))
	create("R5", "edu", 3, Received("2025-04-01"), ev(gongkai.EventClarificationRequested, "2025-04-02"))
	appendEv("R5", 2, ev(gongkai.EventClarificationLapsed, "2025-05-10"))
	// Reopened after a case and answered again: the first closure counts.
	create("R6", "edu", 4, Received("2024-05-01"), Decided("2024-05-20", "withheld_internal"))
	appendEv("R6", 2, ev(gongkai.EventReopened, "2025-01-15"), Decided("2025-02-01", "granted"))
	// Open: carried forward; received at the end of 2025; never received.
	create("R7", "county", 5, Received("2023-11-01"))
	create("R8", "county", 5, Received("2025-12-30"))
	create("R9", "county", 7)
	// Another agency's.
	create("R10", "other", 8, Received("2025-01-05"), Decided("2025-01-06", "granted"))
	// The applicant of R7 and R8 becomes a company: their column follows.
	a := Applicant(5)
	a.Type = gongkai.Commercial
	must(t, s.UpdateApplicant(c, a))

	for _, ap := range []*gongkai.Appeal{
		{ID: "A1", RequestID: "R1", Kind: gongkai.AppealReview, FiledOn: d("2024-04-01")},
		{ID: "A2", RequestID: "R6", Kind: gongkai.AppealReview, FiledOn: d("2024-06-01")},
		{ID: "A3", RequestID: "R2", Kind: gongkai.AppealSuitDirect, FiledOn: d("2025-02-01")},
		{ID: "A4", RequestID: "R10", Kind: gongkai.AppealReview, FiledOn: d("2025-02-01")},
	} {
		must(t, s.CreateAppeal(c, ap))
	}
	for _, cl := range []struct {
		id, on  string
		outcome gongkai.AppealOutcome
	}{{"A1", "2024-05-01", gongkai.AppealUpheld}, {"A2", "2025-01-10", gongkai.AppealCorrected}, {"A4", "2025-03-01", gongkai.AppealOther}} {
		_, err := s.CloseAppeal(c, cl.id, d(cl.on), cl.outcome)
		must(t, err)
	}

	np, co := gongkai.NaturalPerson, gongkai.Commercial
	rows, err := s.RequestTally(c, []string{"county", "edu"}, 2025)
	must(t, err)
	sameJSON(t, "request tally 2025", []gongkai.RequestTallyRow{
		{Agency: "county", ApplicantType: co, ReceivedBefore: false, ClosedInYear: false, Count: 1}, // R8
		{Agency: "county", ApplicantType: co, ReceivedBefore: true, ClosedInYear: false, Count: 1},  // R7
		{Agency: "county", ApplicantType: np, ReceivedBefore: false, ClosedInYear: true, Outcome: "other", Count: 1},
		{Agency: "county", ApplicantType: np, ReceivedBefore: true, ClosedInYear: true, Outcome: "partly_granted", Count: 1},
		{Agency: "edu", ApplicantType: np, ReceivedBefore: false, ClosedInYear: true, Outcome: "other_misc", Count: 1},
		{Agency: "edu", ApplicantType: np, ReceivedBefore: false, ClosedInYear: true, Outcome: "other_no_clarification", Count: 1},
	}, rows)
	arows, err := s.AppealTally(c, []string{"county", "edu"}, 2025)
	must(t, err)
	sameJSON(t, "appeal tally 2025", []gongkai.AppealTallyRow{
		{Agency: "county", Kind: gongkai.AppealSuitDirect, Count: 1},
		{Agency: "edu", Kind: gongkai.AppealReview, ClosedInYear: true, Outcome: gongkai.AppealCorrected, Count: 1},
	}, arows)
	for _, ids := range [][]string{nil, {"nope"}} {
		rows, err := s.RequestTally(c, ids, 2025)
		must(t, err)
		arows, err := s.AppealTally(c, ids, 2025)
		must(t, err)
		if len(rows) != 0 || len(arows) != 0 {
			t.Fatalf("tallies of %v = %v, %v; want none", ids, rows, arows)
		}
	}

	// The tally and the whole records give the same tables, every year.
	ids := []string{"county", "edu", "other"}
	for year := 2023; year <= 2026; year++ {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			reqs, err := s.Requests(c, gongkai.RequestFilter{Agencies: ids, ActiveInYear: year})
			must(t, err)
			apps, err := s.Appeals(c, gongkai.AppealFilter{Agencies: ids, ActiveInYear: year})
			must(t, err)
			want := report.New(year, report.VersionForYear(year))
			for _, id := range ids {
				rep, err := gongkai.Tables(id, year, reqs, apps)
				must(t, err)
				addTables(want, rep)
			}
			rows, err := s.RequestTally(c, ids, year)
			must(t, err)
			arows, err := s.AppealTally(c, ids, year)
			must(t, err)
			got, err := gongkai.TallyTables(year, rows, arows)
			must(t, err)
			sameJSON(t, "table 三", cells(want.Requests), cells(got.Requests))
			sameJSON(t, "table 四", cells(want.Appeals), cells(got.Appeals))
		})
	}
}

// addTables adds tables 三 and 四 of src to dst, cell by cell.
func addTables(dst, src *report.Report) {
	for _, p := range [][2]*report.Table{{dst.Requests, src.Requests}, {dst.Appeals, src.Appeals}} {
		for i, row := range p[0].Def.Rows {
			for j := range row.Columns {
				p[0].SetAt(i, j, p[0].At(i, j)+p[1].At(i, j))
			}
		}
	}
}

// cells returns the values of t by "row.col".
func cells(t *report.Table) map[string]float64 {
	m := map[string]float64{}
	for i, row := range t.Def.Rows {
		for j, c := range row.Columns {
			m[row.ID+"."+c.ID] = t.At(i, j)
		}
	}
	return m
}

// BackfillHistories returns event histories that cover what migration 0002
// backfills (first_outcome): closures of every kind, a 2019 "other", a
// decision after a reopening, a request never closed and one never
// received. The key is the request id.
func BackfillHistories() map[string][]gongkai.Event {
	ev := func(kind gongkai.EventKind, on string) gongkai.Event {
		return gongkai.Event{Kind: kind, On: d(on), By: "clerk", At: at}
	}
	return map[string][]gongkai.Event{
		"B1": {Received("2024-03-01"), Decided("2024-03-20", "granted")},
		"B2": {Received("2025-02-01"), Decided("2025-02-20", "other")},
		"B3": {Received("2025-03-01"), ev(gongkai.EventWithdrawn, "2025-03-02")},
		"B4": {Received("2025-04-01"), ev(gongkai.EventClarificationRequested, "2025-04-02"), ev(gongkai.EventClarificationLapsed, "2025-05-10")},
		"B5": {Received("2025-04-01"), ev(gongkai.EventFeeLapsed, "2025-05-10")},
		"B6": {Received("2024-05-01"), Decided("2024-05-20", "withheld_internal"), ev(gongkai.EventReopened, "2025-01-15"), Decided("2025-02-01", "granted")},
		"B7": {Received("2023-11-01")},
		"B8": nil,
	}
}
