package gongkai_test

import (
	"context"
	"testing"

	"gongkai"
)

// A request filed on the portal: received the day it is confirmed, written
// by the public; its public status holds no personal data; the applicant
// supplies the 补正 through it.
func TestService_SubmitRequest(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	day := gongkai.MustParseDate("2025-12-01")
	online := gongkai.Event{Kind: gongkai.EventReceived, Channel: gongkai.ChannelOnline, ArrivedOn: day, ConfirmedOn: day}
	ap := applicant(gongkai.ApplicantKey("11010519491231002X"), gongkai.NaturalPerson)
	for name, c := range map[string]struct {
		r    *gongkai.Request
		e    gongkai.Event
		code string
	}{
		"in person":      {&gongkai.Request{ID: "X1", Agency: "edu", Subject: "预算说明"}, received("2025-12-01"), gongkai.EINVALID},
		"no subject":     {&gongkai.Request{ID: "X2", Agency: "edu"}, online, gongkai.EINVALID},
		"unknown agency": {&gongkai.Request{ID: "X3", Agency: "nowhere", Subject: "预算说明"}, online, gongkai.ENOTFOUND},
	} {
		if err := s.SubmitRequest(ctx, c.r, ap, c.e); gongkai.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
	r := &gongkai.Request{ID: "W1", Agency: "edu", Subject: "2025年部门预算"}
	if err := s.SubmitRequest(ctx, r, ap, online); err != nil {
		t.Fatal(err)
	}
	stored, err := s.Store.Request(ctx, "W1")
	if err != nil || stored.ReceivedOn() != day || stored.Events[0].By != gongkai.PublicActor {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	es, err := s.Store.AuditEntries(ctx, gongkai.AuditFilter{Entity: gongkai.EntityRequest, EntityID: "W1"})
	if err != nil || len(es) == 0 || es[0].Actor != gongkai.PublicActor {
		t.Errorf("audit of the submission: %+v, %v", es, err)
	}
	st, err := s.PublicStatus(ctx, "W1")
	if err != nil || st.State != gongkai.StateOpen || st.Due == nil || st.AgencyName != "示例县教育局" || len(st.Steps) != 1 {
		t.Fatalf("public status %+v, %v", st, err)
	}
	if err := s.SupplyClarification(ctx, "W1", 1, day, "补充"); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("clarification not asked for: %v", err)
	}
	if _, err := s.RecordEvent(ctx, users["edu"], "W1", 1, gongkai.Event{Kind: gongkai.EventClarificationRequested, On: gongkai.MustParseDate("2025-12-02"), Days: 10}); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.PublicStatus(ctx, "W1"); st.Due != nil || st.State != gongkai.StateClarifying {
		t.Errorf("while clarifying: %+v", st)
	}
	if err := s.SupplyClarification(ctx, "W1", 1, gongkai.MustParseDate("2025-12-03"), "补充"); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Errorf("stale version: %v", err)
	}
	if err := s.SupplyClarification(ctx, "W1", 2, gongkai.MustParseDate("2025-12-03"), "全年预算"); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.PublicStatus(ctx, "W1"); st.State != gongkai.StateOpen || st.Due == nil || st.Due.Start != gongkai.MustParseDate("2025-12-03") {
		t.Errorf("after the clarification: %+v", st)
	}
	if _, err := s.PublicStatus(ctx, "nope"); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		t.Errorf("unknown id: %v", err)
	}
	if err := s.CheckApplicant(ctx, "W1", "11010519491231002x"); err != nil {
		t.Errorf("the applicant's own number (lower case x): %v", err)
	}
	for _, c := range [][2]string{{"W1", "110105194912310011"}, {"nope", "11010519491231002X"}} {
		if err := s.CheckApplicant(ctx, c[0], c[1]); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("CheckApplicant(%s, %s): %v, want ENOTFOUND", c[0], c[1], err)
		}
	}
}
