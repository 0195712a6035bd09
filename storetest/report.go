package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gongkai"
)

func testAppeal(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateRequest(t, s, "R1", "county", "2024-03-01", 1)
	a := &gongkai.Appeal{ID: "A1", RequestID: "R1", Kind: gongkai.AppealReview, FiledOn: d("2024-04-20")}
	must(t, s.CreateAppeal(c, a))
	if a.Agency != "county" {
		t.Fatalf("appeal agency = %q, want the request's", a.Agency)
	}
	b := &gongkai.Appeal{ID: "A2", RequestID: "R1", Agency: "county", Kind: gongkai.AppealSuitAfterReview, ReviewID: "A1", FiledOn: d("2023-12-01"),
		ClosedOn: d("2024-01-10"), Outcome: gongkai.AppealUpheld}
	wantCode(t, s.CreateAppeal(c, b), gongkai.EINVALID) // filed before the request was received
	b.FiledOn, b.ClosedOn = d("2024-06-01"), gongkai.Date{}
	b.Outcome = ""
	must(t, s.CreateAppeal(c, b))
	got, err := s.Appeal(c, "A1")
	must(t, err)
	sameJSON(t, "appeal", a, got)
	_, err = s.Appeal(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)
	wantCode(t, s.CreateAppeal(c, &gongkai.Appeal{ID: "A3", RequestID: "nope", Kind: gongkai.AppealReview, FiledOn: d("2024-04-20")}), gongkai.ENOTFOUND)
	wantCode(t, s.CreateAppeal(c, &gongkai.Appeal{ID: "A1", RequestID: "R1", Kind: gongkai.AppealReview, FiledOn: d("2024-04-20")}), gongkai.ECONFLICT)

	closed, err := s.CloseAppeal(c, "A1", d("2024-06-15"), gongkai.AppealCorrected)
	must(t, err)
	if closed.Outcome != gongkai.AppealCorrected || closed.ClosedOn != d("2024-06-15") {
		t.Fatalf("closed appeal = %+v", closed)
	}
	_, err = s.CloseAppeal(c, "A1", d("2024-06-16"), gongkai.AppealUpheld)
	wantCode(t, err, gongkai.ECONFLICT)
	_, err = s.CloseAppeal(c, "A2", d("2024-06-16"), gongkai.AppealPending)
	wantCode(t, err, gongkai.EINVALID)
	_, err = s.CloseAppeal(c, "nope", d("2024-06-16"), gongkai.AppealUpheld)
	wantCode(t, err, gongkai.ENOTFOUND)
	if e := lastAudit(t, s, gongkai.EntityAppeal, "A1"); e.Action != "close" {
		t.Fatalf("audit entry %+v", e)
	}

	for _, test := range []struct {
		name string
		f    gongkai.AppealFilter
		want []string
	}{
		{"All", gongkai.AppealFilter{}, []string{"A1", "A2"}},
		{"Request", gongkai.AppealFilter{RequestID: "R1"}, []string{"A1", "A2"}},
		{"Pending", gongkai.AppealFilter{Pending: ptr(true)}, []string{"A2"}},
		{"Closed", gongkai.AppealFilter{Pending: ptr(false)}, []string{"A1"}},
		{"ActiveIn2025", gongkai.AppealFilter{ActiveInYear: 2025}, []string{"A2"}},
		{"ActiveIn2023", gongkai.AppealFilter{ActiveInYear: 2023}, nil},
		{"OtherAgency", gongkai.AppealFilter{Agencies: []string{"edu"}}, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			as, err := s.Appeals(c, test.f)
			must(t, err)
			var got []string
			for _, a := range as {
				got = append(got, a.ID)
			}
			sameJSON(t, "appeals", test.want, got)
		})
	}
}

func testProactiveInput(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "edu", "county")
	in := &gongkai.ProactiveInput{Agency: "county", Year: 2024, Source: "manual",
		Values: map[string]float64{"normative_docs.issued": 3, "normative_docs.in_force": 41, "licensing.decisions": 1234, "fees.amount_wan_yuan": 12.5}}
	must(t, s.PutProactiveInput(c, in))
	if in.Version != 1 || in.UpdatedBy != Actor || in.UpdatedAt.IsZero() {
		t.Fatalf("after create: %+v", in)
	}
	got, err := s.ProactiveInput(c, "county", 2024)
	must(t, err)
	sameJSON(t, "inputs", in, got)

	stale := *in
	stale.Version = 0
	wantCode(t, s.PutProactiveInput(c, &stale), gongkai.ECONFLICT)
	in.Values["penalties.decisions"] = 7
	in.Source = "xlsx:2024表二.xlsx"
	must(t, s.PutProactiveInput(c, in))
	if in.Version != 2 {
		t.Fatalf("version = %d, want 2", in.Version)
	}
	stale.Version = 1
	wantCode(t, s.PutProactiveInput(c, &stale), gongkai.ECONFLICT)
	wantCode(t, s.PutProactiveInput(c, &gongkai.ProactiveInput{Agency: "nope", Year: 2024}), gongkai.ENOTFOUND)
	for _, bad := range []map[string]float64{
		{"fees.amount_wan_yuan": -1},      // a negative amount
		{"normative_docs.made": 3},        // a 2019 cell in a 2024 table
		{"licensing.decisions": 1.5},      // a fractional count
		{"procurement.amount_yuan": 1000}, // 2019 only
	} {
		wantCode(t, s.PutProactiveInput(c, &gongkai.ProactiveInput{Agency: "edu", Year: 2024, Values: bad}), gongkai.EINVALID)
	}
	_, err = s.ProactiveInput(c, "edu", 2024)
	wantCode(t, err, gongkai.ENOTFOUND)

	must(t, s.PutProactiveInput(c, &gongkai.ProactiveInput{Agency: "edu", Year: 2024}))
	must(t, s.PutProactiveInput(c, &gongkai.ProactiveInput{Agency: "county", Year: 2023}))
	for _, test := range []struct {
		name string
		f    gongkai.ProactiveInputFilter
		want []string
	}{
		{"All", gongkai.ProactiveInputFilter{}, []string{"county/2023", "county/2024", "edu/2024"}},
		{"Year", gongkai.ProactiveInputFilter{Year: 2024}, []string{"county/2024", "edu/2024"}},
		{"Agency", gongkai.ProactiveInputFilter{Agencies: []string{"edu"}}, []string{"edu/2024"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			ins, err := s.ProactiveInputs(c, test.f)
			must(t, err)
			var got []string
			for _, in := range ins {
				got = append(got, in.Agency+"/"+itoa(in.Year))
			}
			sameJSON(t, "inputs", test.want, got)
		})
	}
	if n := auditCount(t, s, gongkai.EntityProactiveInput, "county/2024"); n != 2 {
		t.Fatalf("audit entries = %d, want 2", n)
	}
	// The 2019 format's 本年增/减 is signed (安溪县 2020: 行政处罚 减少2487项).
	must(t, s.PutProactiveInput(c, &gongkai.ProactiveInput{Agency: "edu", Year: 2020, Values: map[string]float64{"penalties.change": -2487, "procurement.amount_yuan": 295300000}}))
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// body is a report body whose bytes the store must keep (key order, spaces).
const body = `{"schema":"gongkai/annual-report/v1", "year":2024,"format":"2021","agency":"某某县"}`

func testAnnualReport(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	r := &gongkai.AnnualReport{Agency: "county", Year: 2024, Body: json.RawMessage(body)}
	must(t, s.CreateAnnualReport(c, r))
	if r.Revision != 1 || r.Version != 1 || r.Status != gongkai.ReportDraft {
		t.Fatalf("created %+v", r)
	}
	got, err := s.AnnualReport(c, "county", 2024, 0)
	must(t, err)
	if string(got.Body) != body {
		t.Fatalf("body = %s, want the bytes stored", got.Body)
	}
	sameJSON(t, "report", r, got)
	wantCode(t, s.CreateAnnualReport(c, &gongkai.AnnualReport{Agency: "county", Year: 2024, Body: json.RawMessage(body)}), gongkai.ECONFLICT)
	wantCode(t, s.CreateAnnualReport(c, &gongkai.AnnualReport{Agency: "nope", Year: 2024, Body: json.RawMessage(body)}), gongkai.ENOTFOUND)
	wantCode(t, s.CreateAnnualReport(c, &gongkai.AnnualReport{Agency: "county", Year: 2024, Body: json.RawMessage("{")}), gongkai.EINVALID)
	_, err = s.AnnualReport(c, "county", 2023, 0)
	wantCode(t, err, gongkai.ENOTFOUND)

	edit := *r
	edit.Body = json.RawMessage(`{"edited":true}`)
	must(t, s.UpdateAnnualReport(c, &edit))
	if edit.Version != 2 {
		t.Fatalf("version after edit = %d", edit.Version)
	}
	stale := *r // version 1
	wantCode(t, s.UpdateAnnualReport(c, &stale), gongkai.ECONFLICT)
	_, err = s.SetAnnualReportStatus(c, "county", 2024, 1, 2, gongkai.ReportPublished)
	wantCode(t, err, gongkai.EINVALID) // the check cannot be skipped
	_, err = s.SetAnnualReportStatus(c, "county", 2024, 1, 1, gongkai.ReportChecked)
	wantCode(t, err, gongkai.ECONFLICT)
	_, err = s.SetAnnualReportStatus(c, "county", 2024, 9, 1, gongkai.ReportChecked)
	wantCode(t, err, gongkai.ENOTFOUND)
	checked, err := s.SetAnnualReportStatus(c, "county", 2024, 1, 2, gongkai.ReportChecked)
	must(t, err)
	if checked.Status != gongkai.ReportChecked || checked.CheckedBy != Actor || checked.CheckedAt.IsZero() {
		t.Fatalf("checked = %+v", checked)
	}
	// Editing a checked report sends it back to draft.
	edit = *checked
	must(t, s.UpdateAnnualReport(c, &edit))
	if edit.Status != gongkai.ReportDraft || !edit.CheckedAt.IsZero() {
		t.Fatalf("edited checked report = %+v", edit)
	}
	if n := auditCount(t, s, gongkai.EntityAnnualReport, "county/2024/1"); n != 4 {
		t.Fatalf("audit entries = %d, want 4", n)
	}
	e := lastAudit(t, s, gongkai.EntityAnnualReport, "county/2024/1")
	if e.Action != "update" || !strings.Contains(string(e.After), "sha256:") {
		t.Fatalf("audit entry %+v %s", e, e.After)
	}
	rs, err := s.AnnualReports(c, gongkai.AnnualReportFilter{Status: gongkai.ReportDraft})
	must(t, err)
	if len(rs) != 1 {
		t.Fatalf("drafts = %d", len(rs))
	}
}

func testAnnualReportPublished(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	r := &gongkai.AnnualReport{Agency: "county", Year: 2024, Body: json.RawMessage(body)}
	must(t, s.CreateAnnualReport(c, r))
	_, err := s.SetAnnualReportStatus(c, "county", 2024, 1, 1, gongkai.ReportChecked)
	must(t, err)
	pub, err := s.SetAnnualReportStatus(c, "county", 2024, 1, 2, gongkai.ReportPublished)
	must(t, err)
	if pub.PublishedAt.IsZero() || pub.PublishedBy != Actor {
		t.Fatalf("published = %+v", pub)
	}
	edit := *pub
	edit.Body = json.RawMessage(`{"changed":true}`)
	wantCode(t, s.UpdateAnnualReport(c, &edit), gongkai.ECONFLICT)
	for _, to := range []gongkai.ReportStatus{gongkai.ReportDraft, gongkai.ReportChecked, gongkai.ReportPublished} {
		_, err = s.SetAnnualReportStatus(c, "county", 2024, 1, pub.Version, to)
		wantCode(t, err, gongkai.ECONFLICT)
	}
	got, err := s.AnnualReport(c, "county", 2024, 1)
	must(t, err)
	sameJSON(t, "published report", pub, got)

	// A correction is a new revision; the published one stays.
	r2 := &gongkai.AnnualReport{Agency: "county", Year: 2024, Body: json.RawMessage(`{"corrected":true}`)}
	must(t, s.CreateAnnualReport(c, r2))
	if r2.Revision != 2 {
		t.Fatalf("correction revision = %d", r2.Revision)
	}
	latest, err := s.AnnualReport(c, "county", 2024, 0)
	must(t, err)
	if latest.Revision != 2 {
		t.Fatalf("latest = %d", latest.Revision)
	}
	rs, err := s.AnnualReports(c, gongkai.AnnualReportFilter{Agencies: []string{"county"}, Year: 2024, Status: gongkai.ReportPublished})
	must(t, err)
	if len(rs) != 1 || rs[0].Revision != 1 || string(rs[0].Body) != body {
		t.Fatalf("published = %+v", rs)
	}
}

func testAudit(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	e := &gongkai.AuditEntry{Action: "sign_in", Entity: gongkai.EntityUser, EntityID: "u1", After: json.RawMessage(`{"ip":"127.0.0.1"}`)}
	must(t, s.AppendAudit(c, e))
	if e.ID == 0 || e.At.IsZero() || e.Actor != Actor {
		t.Fatalf("appended %+v", e)
	}
	wantCode(t, s.AppendAudit(c, &gongkai.AuditEntry{Entity: "x"}), gongkai.EINVALID)
	wantCode(t, s.AppendAudit(context.Background(), &gongkai.AuditEntry{Action: "x", Entity: "x"}), gongkai.EUNAUTHORIZED)

	all, err := s.AuditEntries(c, gongkai.AuditFilter{})
	must(t, err)
	if len(all) != 2 || all[0].Entity != gongkai.EntityAgency || all[1].ID != e.ID || all[0].ID >= all[1].ID {
		t.Fatalf("entries = %+v", all)
	}
	sameJSON(t, "entry", e, all[1])
	for _, test := range []struct {
		name string
		f    gongkai.AuditFilter
		want int
	}{
		{"Entity", gongkai.AuditFilter{Entity: gongkai.EntityUser}, 1},
		{"Actor", gongkai.AuditFilter{Actor: Actor}, 2},
		{"OtherActor", gongkai.AuditFilter{Actor: "nobody"}, 0},
		{"AfterID", gongkai.AuditFilter{AfterID: all[0].ID}, 1},
		{"Limit", gongkai.AuditFilter{Limit: 1}, 1},
		{"Since", gongkai.AuditFilter{Since: e.At}, 1},
		{"Until", gongkai.AuditFilter{Until: all[0].At.Add(-1)}, 0},
	} {
		t.Run(test.name, func(t *testing.T) {
			es, err := s.AuditEntries(c, test.f)
			must(t, err)
			if len(es) != test.want {
				t.Fatalf("%d entries, want %d", len(es), test.want)
			}
		})
	}
}

func testWithTx(t *testing.T, s gongkai.Store) {
	c := ctx()
	boom := errors.New("boom")
	err := s.WithTx(c, func(tx gongkai.Store) error {
		MustCreateAgency(t, tx, "county", "")
		MustCreateRequest(t, tx, "R1", "county", "2024-03-01", 1)
		if _, err := tx.Request(c, "R1"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithTx = %v, want boom", err)
	}
	_, err = s.Agency(c, "county")
	wantCode(t, err, gongkai.ENOTFOUND)
	if n := auditCount(t, s, "", ""); n != 0 {
		t.Fatalf("rolled back writes left %d audit entries", n)
	}

	must(t, s.WithTx(c, func(tx gongkai.Store) error {
		MustCreateAgency(t, tx, "county", "")
		MustCreateRequest(t, tx, "R1", "county", "2024-03-01", 1)
		// Nested WithTx joins the transaction.
		return tx.WithTx(c, func(tx gongkai.Store) error {
			_, err := tx.AppendEvents(c, "R1", 1, Decided("2024-03-10", "granted"))
			return err
		})
	}))
	r, err := s.Request(c, "R1")
	must(t, err)
	if len(r.Events) != 2 {
		t.Fatalf("events = %d", len(r.Events))
	}
	if n := auditCount(t, s, "", ""); n != 4 {
		t.Fatalf("audit entries = %d, want 4 (agency, applicant, request, append)", n)
	}
}

func testActor(t *testing.T, s gongkai.Store) {
	bg := context.Background()
	wantCode(t, s.CreateAgency(bg, &gongkai.Agency{ID: "x", Name: "x", ReportScope: gongkai.ScopeOwn}), gongkai.EUNAUTHORIZED)
	MustCreateAgency(t, s, "county", "")
	wantCode(t, s.CreateUser(bg, &gongkai.User{ID: "u", Login: "u", Role: gongkai.RoleAdmin}), gongkai.EUNAUTHORIZED)
	r := MustCreateRequest(t, s, "R1", "county", "2024-03-01", 1)
	_, err := s.AppendEvents(bg, r.ID, 1, Decided("2024-03-10", "granted"))
	wantCode(t, err, gongkai.EUNAUTHORIZED)
	wantCode(t, s.PutProactiveInput(bg, &gongkai.ProactiveInput{Agency: "county", Year: 2024}), gongkai.EUNAUTHORIZED)
	wantCode(t, s.CreateAnnualReport(bg, &gongkai.AnnualReport{Agency: "county", Year: 2024, Body: json.RawMessage(body)}), gongkai.EUNAUTHORIZED)
}
