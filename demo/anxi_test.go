package demo

import (
	"os"
	"reflect"
	"testing"

	"gongkai"
	"gongkai/report"
)

var anxiOnce = Anxi()

func TestAnxiAgencies(t *testing.T) {
	ds := anxiOnce
	if got := len(ds.Agencies); got < 20 {
		t.Fatalf("%d agencies, want about 22", got)
	}
	seen := map[string]bool{}
	codes := map[string]bool{}
	for _, a := range ds.Agencies {
		if err := a.Validate(); err != nil {
			t.Errorf("agency %s: %v", a.ID, err)
		}
		if a.ParentID != "" && !seen[a.ParentID] {
			t.Errorf("agency %s before its parent %s", a.ID, a.ParentID)
		}
		seen[a.ID] = true
		if !ValidCreditCode(a.Code) || codes[a.Code] {
			t.Errorf("agency %s: code %s invalid or repeated", a.ID, a.Code)
		}
		codes[a.Code] = true
		if a.Address == "" || a.Hours == "" || a.Phone == "" {
			t.Errorf("agency %s: contact data missing", a.ID)
		}
	}
	if root := ds.Agency(AnxiID); root == nil || root.ReportScope != gongkai.ScopeSubtree || root.ParentID != "" {
		t.Errorf("root agency: %+v", root)
	}
	if n := len(ds.Subtree(AnxiID)); n != len(ds.Agencies) {
		t.Errorf("subtree of the county has %d agencies, want all %d", n, len(ds.Agencies))
	}
	for _, u := range ds.Users {
		gu := gongkai.User{ID: "u-" + u.Username, Login: u.Username, Role: u.Role, AgencyID: u.AgencyID, IncludeSubtree: u.IncludeSubtree}
		if err := gu.Validate(); err != nil {
			t.Errorf("user %s: %v", u.Username, err)
		}
		if len([]rune(u.Password)) < gongkai.MinPasswordLength {
			t.Errorf("user %s: password too short", u.Username)
		}
	}
}

func TestAnxiApplicants(t *testing.T) {
	ds := anxiOnce
	byID := map[string]*gongkai.ApplicantRecord{}
	for _, a := range ds.Applicants {
		if err := a.Validate(); err != nil {
			t.Error(err)
		}
		if a.Type == gongkai.NaturalPerson && (!ValidIDNumber(a.IDNumber) || a.IDNumber[6:10] != "1900") {
			t.Errorf("applicant %s: id number %s", a.Name, a.IDNumber)
		}
		if a.Type != gongkai.NaturalPerson && !ValidCreditCode(a.IDNumber) {
			t.Errorf("applicant %s: credit code %s", a.Name, a.IDNumber)
		}
		if a.ID != gongkai.ApplicantKey(a.IDNumber) {
			t.Errorf("applicant %s: id is not ApplicantKey of the number", a.Name)
		}
		byID[a.ID] = a
	}
	for _, r := range ds.Requests {
		a := byID[r.Applicant.ID]
		if a == nil || a.Name != r.Applicant.Name || a.Type != r.Applicant.Type {
			t.Errorf("request %s: applicant %+v not among the records", r.ID, r.Applicant)
		}
	}
}

// TestAnxiHistories replays every request through Policy.Status: legal,
// closed, on time (no flag).
func TestAnxiHistories(t *testing.T) {
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar()}
	ids := map[string]bool{}
	for _, r := range anxiOnce.Requests {
		if ids[r.ID] {
			t.Errorf("request id %s repeated", r.ID)
		}
		ids[r.ID] = true
		st, err := p.Status(r)
		if err != nil {
			t.Error(err)
			continue
		}
		if st.State != gongkai.StateClosed {
			t.Errorf("request %s is %s", r.ID, st.State)
		}
		if len(st.Flags) > 0 {
			t.Errorf("request %s: flags %+v", r.ID, st.Flags)
		}
		for _, e := range r.Events {
			if e.At.IsZero() || e.By == "" {
				t.Errorf("request %s: %s without who or when", r.ID, e.Kind)
			}
			if ok, _ := p.Calendar.IsWorkingDay(e.On); !ok && e.Kind != gongkai.EventClarificationLapsed && e.Kind != gongkai.EventFeeLapsed {
				t.Errorf("request %s: %s on %s, not a working day", r.ID, e.Kind, e.On)
			}
		}
	}
	for _, a := range anxiOnce.Appeals {
		var r *gongkai.Request
		for _, x := range anxiOnce.Requests {
			if x.ID == a.RequestID {
				r = x
			}
		}
		if err := a.Validate(r); err != nil {
			t.Error(err)
		}
	}
}

func TestAnxiDeterministic(t *testing.T) {
	if !reflect.DeepEqual(Anxi(), anxiOnce) {
		t.Fatal("two calls of Anxi differ")
	}
}

// TestAnxi2020 compares the computed county report with the seed.
func TestAnxi2020(t *testing.T) {
	b, err := os.ReadFile("../report/testdata/anxi-2020.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := report.DecodeJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := anxiOnce.Report(AnxiID, 2020)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != report.V2019 || got.Agency != "安溪县人民政府" {
		t.Errorf("format %s agency %s", got.Format, got.Agency)
	}
	for _, tb := range []struct{ got, want *report.Table }{{got.Proactive, want.Proactive}, {got.Requests, want.Requests}, {got.Appeals, want.Appeals}} {
		for i, row := range tb.want.Def.Rows {
			for j, col := range row.Columns {
				w := tb.want.At(i, j)
				if tb.want.Def.ID == "四" && row.ID == "suit_direct" && col.ID == "pending" {
					w = 5 // the consistent reading: the 5 direct suits were pending
				}
				if g := tb.got.At(i, j); g != w {
					t.Errorf("表%s %s.%s = %v, want %v", tb.want.Def.ID, row.ID, col.ID, g, w)
				}
			}
		}
	}
	if fs := report.Check(got, nil); len(fs) > 0 {
		t.Errorf("2020 findings: %+v", fs)
	}
}

// TestAnxiLaterYears checks every report of 2021–2025, the county's and each
// agency's own, with the year before (cross_year rules).
func TestAnxiLaterYears(t *testing.T) {
	ds := anxiOnce
	for _, ag := range ds.Agencies {
		var prev *report.Report
		for y := 2020; y <= 2025; y++ {
			rep, err := ds.Report(ag.ID, y)
			if err != nil {
				t.Fatal(err)
			}
			if fs := report.Check(rep, prev); len(fs) > 0 {
				t.Errorf("%s %d: %+v", ag.ID, y, fs)
			}
			prev = rep
		}
	}
	carried, fees, lapsed, orgs := 0, 0, 0, 0
	for y := 2021; y <= 2025; y++ {
		rep, err := ds.Report(AnxiID, y)
		if err != nil {
			t.Fatal(err)
		}
		n := rep.Requests.Get("new_received", "total")
		if n < 40 || n > 90 {
			t.Errorf("%d: %v requests received, want 40–90", y, n)
		}
		carried += int(rep.Requests.Get("carried_over", "total"))
		lapsed += int(rep.Requests.Get("other_no_clarification", "total"))
		orgs += int(n - rep.Requests.Get("new_received", "natural_person"))
		if rep.Appeals.Get("review", "total")+rep.Appeals.Get("suit_direct", "total")+rep.Appeals.Get("suit_after_review", "total") == 0 {
			t.Errorf("%d: no review or suit", y)
		}
		if rep.Proactive.Get("normative_docs", "in_force") == 0 {
			t.Errorf("%d: no normative document in force", y)
		}
	}
	for _, r := range ds.Requests {
		for _, e := range r.Events {
			if e.Kind == gongkai.EventFeeNoticed {
				fees++
				if e.On.Year < 2021 {
					t.Errorf("request %s: fee in %d", r.ID, e.On.Year)
				}
			}
		}
	}
	if carried == 0 || fees == 0 || lapsed == 0 || orgs == 0 {
		t.Errorf("2021–2025: %d carried over, %d fees, %d lapsed clarifications, %d organisations: want some of each", carried, fees, lapsed, orgs)
	}
}

func BenchmarkAnxi(b *testing.B) {
	for b.Loop() {
		Anxi()
	}
}
