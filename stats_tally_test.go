package gongkai

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gongkai/report"
)

// referenceTally groups requests and cases the way a TallyStore does: from
// what a store keeps of them (RequestProgress, the applicant's type, the
// case's dates and outcome) with the plain comparisons of its SQL.
func referenceTally(reqs []*Request, appeals []*Appeal, year int) ([]RequestTallyRow, []AppealTallyRow) {
	first, last := NewDate(year, 1, 1), NewDate(year, 12, 31)
	counts := map[RequestTallyRow]int{}
	agencyOf := map[string]string{}
	for _, r := range reqs {
		agencyOf[r.ID] = r.Agency
		p := RequestProgress{}.Advance(r.Events...)
		if p.ReceivedOn.IsZero() || p.ReceivedOn.After(last) || (!p.ClosedOn.IsZero() && p.ClosedOn.Before(first)) {
			continue
		}
		k := RequestTallyRow{Agency: r.Agency, ApplicantType: r.Applicant.Type, ReceivedBefore: p.ReceivedOn.Before(first),
			ClosedInYear: !p.ClosedOn.IsZero() && !p.ClosedOn.After(last)}
		if k.ClosedInYear {
			k.Outcome = p.Outcome
		}
		counts[k]++
	}
	var rows []RequestTallyRow
	for k, n := range counts {
		k.Count = n
		rows = append(rows, k)
	}
	acounts := map[AppealTallyRow]int{}
	for _, a := range appeals {
		if a.FiledOn.After(last) || (!a.ClosedOn.IsZero() && a.ClosedOn.Before(first)) {
			continue
		}
		ag := a.Agency
		if ag == "" {
			ag = agencyOf[a.RequestID]
		}
		k := AppealTallyRow{Agency: ag, Kind: a.Kind, ClosedInYear: !a.ClosedOn.IsZero() && !a.ClosedOn.After(last)}
		if k.ClosedInYear {
			k.Outcome = a.Outcome
		}
		acounts[k]++
	}
	var arows []AppealTallyRow
	for k, n := range acounts {
		k.Count = n
		arows = append(arows, k)
	}
	return rows, arows
}

// sumTables returns the cell-by-cell sum of the tables 三 and 四 of reps.
func sumTables(year int, reps []*report.Report) *report.Report {
	total := report.New(year, report.VersionForYear(year))
	for _, r := range reps {
		for _, pair := range [][2]*report.Table{{total.Requests, r.Requests}, {total.Appeals, r.Appeals}} {
			for i, row := range pair[0].Def.Rows {
				for j := range row.Columns {
					pair[0].SetAt(i, j, pair[0].At(i, j)+pair[1].At(i, j))
				}
			}
		}
	}
	return total
}

// diffTables lists the cells of tables 三 and 四 where got and want differ.
func diffTables(want, got *report.Report) []string {
	var out []string
	for _, pair := range [][2]*report.Table{{want.Requests, got.Requests}, {want.Appeals, got.Appeals}} {
		for i, row := range pair[0].Def.Rows {
			for j, c := range row.Columns {
				if w, g := pair[0].At(i, j), pair[1].At(i, j); w != g {
					out = append(out, fmt.Sprintf("%s.%s: want %v, got %v", row.ID, c.ID, w, g))
				}
			}
		}
	}
	return out
}

// TestTallyTables_Property: on random histories of several agencies (legal
// ones from the policy, and raw ones with reopenings, 2019 "other" and
// decisions without an outcome), the tables counted from the tally rows
// equal the sum of Tables over the agencies, for every year.
func TestTallyTables_Property(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	p := testPolicy()
	agencies := []string{"甲局", "乙局", "丙镇"}
	var reqs []*Request
	var appeals []*Appeal
	for i := range 300 {
		r := typedRequest(fmt.Sprint("R", i), ApplicantTypes[rng.IntN(len(ApplicantTypes))])
		r.Agency = agencies[rng.IntN(len(agencies))]
		randomHistory(t, rng, p, r, d("2019-03-01").AddDays(rng.IntN(6*365)), &appeals)
		reqs = append(reqs, r)
	}
	kinds := []EventKind{EventReceived, EventDecided, EventDecided, EventWithdrawn, EventClarificationLapsed, EventFeeLapsed, EventReopened, EventExtended}
	outcomes := []string{"other", "", "granted", "withheld_internal", "other_misc"}
	for i := range 400 {
		r := typedRequest(fmt.Sprint("X", i), ApplicantTypes[rng.IntN(len(ApplicantTypes))])
		r.Agency = agencies[rng.IntN(len(agencies))]
		on := d("2019-01-01").AddDays(rng.IntN(7 * 365))
		for range 1 + rng.IntN(5) {
			e := Event{Kind: kinds[rng.IntN(len(kinds))], On: on}
			if e.Kind == EventDecided {
				e.Outcome = outcomes[rng.IntN(len(outcomes))]
			}
			r.Events = append(r.Events, e)
			on = on.AddDays(rng.IntN(400))
		}
		reqs = append(reqs, r)
	}
	if len(appeals) == 0 {
		t.Fatal("no appeals generated")
	}
	seen := map[string]int{}
	for year := 2019; year <= 2026; year++ {
		var per []*report.Report
		for _, ag := range agencies {
			rep, err := Tables(ag, year, reqs, appeals)
			if err != nil {
				t.Fatal(err)
			}
			per = append(per, rep)
		}
		want := sumTables(year, per)
		rows, arows := referenceTally(reqs, appeals, year)
		for _, r := range rows {
			if r.ClosedInYear {
				seen[r.Outcome] += r.Count
			}
		}
		got, err := TallyTables(year, rows, arows)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffTables(want, got); len(diff) > 0 {
			t.Errorf("%d: tally tables differ from Tables in %d cells, first %s", year, len(diff), diff[0])
		}
		if want.Requests.Get("total_handled", "total") == 0 && year < 2026 {
			t.Errorf("%d: nothing handled; the property is weak", year)
		}
	}
	for _, o := range []string{"other", "", "other_unpaid_fee", "granted"} {
		if seen[o] == 0 {
			t.Errorf("no first closure with outcome %q in a year; the property is weak: %v", o, seen)
		}
	}
}

// TestTallyTables_Invalid: a group with an unknown applicant type, outcome
// or case kind is EINVALID, as it is for Tables.
func TestTallyTables_Invalid(t *testing.T) {
	tests := []struct {
		name    string
		reqs    []RequestTallyRow
		appeals []AppealTallyRow
	}{
		{"ApplicantType", []RequestTallyRow{{Agency: "甲局", ApplicantType: "alien", Count: 1}}, nil},
		{"Outcome", []RequestTallyRow{{Agency: "甲局", ApplicantType: NaturalPerson, ClosedInYear: true, Outcome: "lost", Count: 1}}, nil},
		{"AppealKind", nil, []AppealTallyRow{{Agency: "甲局", Kind: "petition", Count: 1}}},
		{"AppealOutcome", nil, []AppealTallyRow{{Agency: "甲局", Kind: AppealReview, ClosedInYear: true, Outcome: "", Count: 1}}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if _, err := TallyTables(2025, test.reqs, test.appeals); ErrorCode(err) != EINVALID {
				t.Fatalf("TallyTables = %v, want EINVALID", err)
			}
		})
	}
}
