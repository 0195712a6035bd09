package gongkai_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"gongkai/internal/sqlitetest"

	"gongkai"
)

// mustOpenService returns a Service over a new SQLite database with a small
// jurisdiction: a county, its education bureau and a township, and users.
func mustOpenService(t *testing.T) (*gongkai.Service, map[string]*gongkai.User) {
	t.Helper()
	ctx := context.Background()
	db, _ := sqlitetest.Open(t)
	now := time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC)
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar(), Now: func() time.Time { return now }}
	s := gongkai.NewService(db, p)
	wctx := gongkai.WithActor(ctx, "setup")
	for _, a := range []*gongkai.Agency{
		{ID: "county", Name: "示例县人民政府", Code: "000000001", ReportScope: gongkai.ScopeSubtree},
		{ID: "edu", ParentID: "county", Name: "示例县教育局", Code: "000000002", ReportScope: gongkai.ScopeOwn},
		{ID: "town", ParentID: "county", Name: "示例县某某镇人民政府", Code: "000000003", ReportScope: gongkai.ScopeOwn},
	} {
		if err := db.CreateAgency(wctx, a); err != nil {
			t.Fatal(err)
		}
	}
	users := map[string]*gongkai.User{
		"admin":         {ID: "u-admin", Login: "admin", Name: "管理员", Role: gongkai.RoleAdmin},
		"edu":           {ID: "u-edu", Login: "edu", Name: "教育局经办人", Role: gongkai.RoleClerk, AgencyID: "edu"},
		"town":          {ID: "u-town", Login: "town", Name: "镇经办人", Role: gongkai.RoleClerk, AgencyID: "town"},
		"county":        {ID: "u-county", Login: "county", Name: "县经办人", Role: gongkai.RoleClerk, AgencyID: "county"},
		"countySubtree": {ID: "u-cs", Login: "cs", Name: "县公开办", Role: gongkai.RoleClerk, AgencyID: "county", IncludeSubtree: true},
	}
	for _, u := range users {
		if err := db.CreateUser(wctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return s, users
}

func received(on string) gongkai.Event {
	return gongkai.Event{Kind: gongkai.EventReceived, Channel: gongkai.ChannelInPerson, ArrivedOn: gongkai.MustParseDate(on)}
}

func applicant(id string, typ gongkai.ApplicantType) *gongkai.ApplicantRecord {
	return &gongkai.ApplicantRecord{ID: id, Type: typ, Name: "测试申请人", IDNumber: "11010519491231002X", Phone: "13800000000"}
}

func TestService_RequestLifecycleAndReport(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	edu := users["edu"]
	r := &gongkai.Request{ID: "R1", Agency: "edu", Subject: "2025年义务教育招生计划"}
	if err := s.CreateRequest(ctx, edu, r, applicant("ap-1", gongkai.NaturalPerson), received("2025-03-03")); err != nil {
		t.Fatal(err)
	}
	decide := gongkai.Event{Kind: gongkai.EventDecided, On: gongkai.MustParseDate("2025-03-10"), Outcome: "granted", Article: "条例第三十六条第（二）项"}
	// A stale version is a conflict and writes nothing.
	if _, err := s.RecordEvent(ctx, edu, "R1", 0, decide); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Fatalf("stale version: %v, want ECONFLICT", err)
	}
	// Another agency's clerk and the public may not act.
	if _, err := s.RecordEvent(ctx, users["town"], "R1", 1, decide); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("other clerk: %v, want EFORBIDDEN", err)
	}
	if _, err := s.RecordEvent(ctx, nil, "R1", 1, decide); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Fatalf("public: %v, want EUNAUTHORIZED", err)
	}
	// The statute is checked before storing: a second receipt is refused.
	if _, err := s.RecordEvent(ctx, edu, "R1", 1, received("2025-03-04")); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Fatalf("second receipt: %v, want EINVALID", err)
	}
	got, err := s.RecordEvent(ctx, edu, "R1", 1, decide)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 2 {
		t.Fatalf("events = %d, want 2", len(got.Events))
	}

	// The county's own report does not count the bureau's request; its
	// subtree report does.
	own, err := s.ComputedReport(ctx, "county", 2025, gongkai.ScopeOwn)
	if err != nil {
		t.Fatal(err)
	}
	if v := own.Requests.Get("granted", "total"); v != 0 {
		t.Errorf("county own granted = %v, want 0", v)
	}
	sub, err := s.ComputedReport(ctx, "county", 2025, gongkai.ScopeSubtree)
	if err != nil {
		t.Fatal(err)
	}
	if v := sub.Requests.Get("granted", "natural_person"); v != 1 {
		t.Errorf("county subtree granted = %v, want 1", v)
	}
	if sub.Agency != "示例县人民政府" || len(sub.Findings) != 0 {
		t.Errorf("agency %q, findings %+v", sub.Agency, sub.Findings)
	}

	// Drill-down: the bureau's clerk sees the request behind its cell; the
	// township's clerk and the public do not; the county clerk without the
	// subtree may not open the subtree's cells.
	recs, err := s.CellRecords(ctx, edu, "edu", 2025, gongkai.ScopeOwn, "三", "granted", "total")
	if err != nil || len(recs) != 1 || recs[0].ID != "R1" {
		t.Fatalf("drill-down = %+v, %v", recs, err)
	}
	for name, u := range map[string]*gongkai.User{"town": users["town"], "county": users["county"]} {
		if _, err := s.CellRecords(ctx, u, "county", 2025, gongkai.ScopeSubtree, "三", "granted", "total"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("%s clerk on the subtree: %v, want EFORBIDDEN", name, err)
		}
	}
	if recs, err := s.CellRecords(ctx, users["countySubtree"], "county", 2025, gongkai.ScopeSubtree, "三", "new_received", "natural_person"); err != nil || len(recs) != 1 {
		t.Errorf("subtree clerk: %+v, %v", recs, err)
	}
	if _, err := s.CellRecords(ctx, nil, "edu", 2025, gongkai.ScopeOwn, "三", "granted", "total"); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Errorf("public drill-down: %v, want EUNAUTHORIZED", err)
	}
	if _, err := s.CellRecords(ctx, edu, "edu", 2025, gongkai.ScopeOwn, "三", "other", "total"); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("2019 row in a 2021 report: %v, want EINVALID", err)
	}

	// Personal data only for the handling agency's clerk.
	if _, a, err := s.Request(ctx, edu, "R1"); err != nil || a == nil || a.Phone == "" {
		t.Errorf("own clerk: applicant %+v, %v", a, err)
	}
	if _, a, err := s.Request(ctx, users["admin"], "R1"); err != nil || a != nil {
		t.Errorf("admin: applicant %+v, %v (admins see statistics, not applicants)", a, err)
	}
	if _, _, err := s.Request(ctx, users["town"], "R1"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Errorf("other clerk reading: %v", err)
	}
}

func TestService_Appeals(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	edu := users["edu"]
	r := &gongkai.Request{ID: "R2", Agency: "edu", Subject: "某项目环评报告"}
	if err := s.CreateRequest(ctx, edu, r, applicant("ap-2", gongkai.Commercial), received("2025-04-01"),
		gongkai.Event{Kind: gongkai.EventDecided, On: gongkai.MustParseDate("2025-04-10"), Outcome: "withheld_third_party", Article: "条例第十五条"}); err != nil {
		t.Fatal(err)
	}
	a := &gongkai.Appeal{ID: "A1", RequestID: "R2", Kind: gongkai.AppealSuitDirect, FiledOn: gongkai.MustParseDate("2025-05-06")}
	if err := s.CreateAppeal(ctx, users["town"], a); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("other clerk: %v", err)
	}
	if err := s.CreateAppeal(ctx, edu, a); err != nil {
		t.Fatal(err)
	}
	rep, err := s.ComputedReport(ctx, "edu", 2025, gongkai.ScopeOwn)
	if err != nil {
		t.Fatal(err)
	}
	if p, tot := rep.Appeals.Get("suit_direct", "pending"), rep.Appeals.Get("suit_direct", "total"); p != 1 || tot != 1 {
		t.Errorf("suit_direct pending %v total %v, want 1 1", p, tot)
	}
	recs, err := s.CellRecords(ctx, edu, "edu", 2025, gongkai.ScopeOwn, "四", "suit_direct", "pending")
	if err != nil || len(recs) != 1 || recs[0].ID != "A1" {
		t.Errorf("drill-down = %+v, %v", recs, err)
	}
}

func TestService_CloseAppealCorrectedReopens(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	edu := users["edu"]
	r := &gongkai.Request{ID: "R3", Agency: "edu", Subject: "某校舍维修合同"}
	if err := s.CreateRequest(ctx, edu, r, applicant("ap-3", gongkai.NaturalPerson), received("2025-04-01"),
		gongkai.Event{Kind: gongkai.EventDecided, On: gongkai.MustParseDate("2025-04-10"), Outcome: "unavailable_not_held", Article: "条例第三十六条第（四）项"}); err != nil {
		t.Fatal(err)
	}
	a := &gongkai.Appeal{ID: "A3", RequestID: "R3", Kind: gongkai.AppealReview, FiledOn: gongkai.MustParseDate("2025-05-06")}
	if err := s.CreateAppeal(ctx, edu, a); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Appeals(ctx, users["town"], "R3"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("other clerk lists cases: %v %v", got, err)
	}
	on := gongkai.MustParseDate("2025-07-01")
	if _, err := s.CloseAppeal(ctx, edu, "A3", 1, on, gongkai.AppealCorrected, gongkai.Date{}); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Fatalf("stale version: %v, want ECONFLICT", err)
	}
	closed, err := s.CloseAppeal(ctx, edu, "A3", 2, on, gongkai.AppealCorrected, gongkai.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if closed.Outcome != gongkai.AppealCorrected || closed.ClosedOn != on {
		t.Errorf("closed = %+v", closed)
	}
	got, _, err := s.Request(ctx, edu, "R3")
	if err != nil {
		t.Fatal(err)
	}
	if last := got.Events[len(got.Events)-1]; last.Kind != gongkai.EventReopened {
		t.Errorf("last event %s, want reopened (结果纠正 reopens the request)", last.Kind)
	}
	reqs, err := s.Requests(ctx, edu, "edu", gongkai.RequestFilter{Agencies: []string{"town"}})
	if err != nil || len(reqs) != 1 {
		t.Errorf("list: %d requests, %v (the filter cannot widen the list)", len(reqs), err)
	}
	if _, err := s.Requests(ctx, users["town"], "edu", gongkai.RequestFilter{}); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Errorf("other clerk lists: %v", err)
	}
}

// The cross-year rules compare with the year before only when it has
// records: the first year in gongkai is not compared with a year of zeros.
func TestService_CrossYearOnlyWithRecords(t *testing.T) {
	s, _ := mustOpenService(t)
	ctx := gongkai.WithActor(context.Background(), "setup")
	put := func(year int, values map[string]float64) {
		t.Helper()
		if err := s.Store.PutProactiveInput(ctx, &gongkai.ProactiveInput{Agency: "edu", Year: year, Values: values}); err != nil {
			t.Fatal(err)
		}
	}
	put(2020, map[string]float64{"licensing.prior_items": 10})
	r, err := s.ComputedReport(ctx, "edu", 2020, gongkai.ScopeOwn)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 0 {
		t.Errorf("no 2019 records, yet findings: %+v", r.Findings)
	}
	put(2019, map[string]float64{"licensing.prior_items": 3, "licensing.change": 2})
	if r, err = s.ComputedReport(ctx, "edu", 2020, gongkai.ScopeOwn); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || r.Findings[0].Rule != "cross_year.items" {
		t.Errorf("3 + 2 ≠ 10 should be one cross_year.items warning, got %+v", r.Findings)
	}
}

// A report whose figures do not add up can be neither checked nor
// published, whatever the caller checked before.
func TestService_SetAnnualReportStatus(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	wctx := gongkai.WithActor(ctx, "setup")
	for _, f := range []struct {
		year int
		path string
	}{{2020, "report/testdata/anxi-2020.json"}, {2024, "examples/example-2024.json"}} {
		body, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Store.CreateAnnualReport(wctx, &gongkai.AnnualReport{Agency: "edu", Year: f.year, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	edu := users["edu"]
	for _, to := range []gongkai.ReportStatus{gongkai.ReportChecked, gongkai.ReportPublished} {
		_, err := s.SetAnnualReportStatus(ctx, edu, "edu", 2020, 0, 1, to, nil)
		var e *gongkai.Error
		if !errors.As(err, &e) || e.Code != gongkai.EINVALID || e.Rule != gongkai.RuleReportCheck {
			t.Errorf("%s with an error in the report: %v, want EINVALID %s", to, err, gongkai.RuleReportCheck)
		}
	}
	if _, err := s.SetAnnualReportStatus(ctx, users["town"], "edu", 2024, 0, 1, gongkai.ReportChecked, nil); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Errorf("another agency's clerk: %v", err)
	}
	rev, err := s.SetAnnualReportStatus(ctx, edu, "edu", 2024, 0, 1, gongkai.ReportChecked, nil)
	if err != nil || rev.Status != gongkai.ReportChecked {
		t.Fatalf("a consistent report: %+v, %v", rev, err)
	}
	if rev, err = s.SetAnnualReportStatus(ctx, edu, "edu", 2024, 0, rev.Version, gongkai.ReportPublished, nil); err != nil || rev.Status != gongkai.ReportPublished {
		t.Fatalf("publish: %+v, %v", rev, err)
	}
}
