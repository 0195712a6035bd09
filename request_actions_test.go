package gongkai_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"gongkai"
)

func kinds(as []gongkai.Action) []gongkai.EventKind {
	var out []gongkai.EventKind
	for _, a := range as {
		out = append(out, a.Kind)
	}
	return out
}

// Policy.Actions lists what Record would accept, state by state.
func TestPolicy_Actions(t *testing.T) {
	now := time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC)
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar(), Now: func() time.Time { return now }}
	today := gongkai.DateOf(now)
	r := &gongkai.Request{ID: "R1", Agency: "edu", Applicant: gongkai.Applicant{ID: "ap", Type: gongkai.NaturalPerson}}
	record := func(e gongkai.Event) {
		t.Helper()
		if err := p.Record(r, e); err != nil {
			t.Fatal(err)
		}
	}
	has := func(want []gongkai.EventKind, not []gongkai.EventKind) {
		t.Helper()
		as, err := p.Actions(r, today)
		if err != nil {
			t.Fatal(err)
		}
		got := kinds(as)
		for _, k := range want {
			if !slices.Contains(got, k) {
				t.Errorf("actions %v lack %s", got, k)
			}
		}
		for _, k := range not {
			if slices.Contains(got, k) {
				t.Errorf("actions %v include %s", got, k)
			}
		}
	}
	record(gongkai.Event{Kind: gongkai.EventReceived, Channel: gongkai.ChannelInPerson, ArrivedOn: gongkai.MustParseDate("2025-12-22")})
	has([]gongkai.EventKind{gongkai.EventClarificationRequested, gongkai.EventConsultationStarted, gongkai.EventExtended,
		gongkai.EventFeeNoticed, gongkai.EventReasonsRequested, gongkai.EventDecided, gongkai.EventWithdrawn},
		[]gongkai.EventKind{gongkai.EventClarificationReceived, gongkai.EventClarificationLapsed, gongkai.EventFeePaid, gongkai.EventConsultationEnded})

	record(gongkai.Event{Kind: gongkai.EventClarificationRequested, On: gongkai.MustParseDate("2025-12-23"), Days: 10})
	has([]gongkai.EventKind{gongkai.EventClarificationReceived, gongkai.EventWithdrawn},
		[]gongkai.EventKind{gongkai.EventClarificationLapsed, gongkai.EventDecided, gongkai.EventExtended, gongkai.EventClarificationRequested})

	record(gongkai.Event{Kind: gongkai.EventClarificationReceived, On: gongkai.MustParseDate("2025-12-24")})
	record(gongkai.Event{Kind: gongkai.EventConsultationStarted, On: gongkai.MustParseDate("2025-12-24"), Party: gongkai.ThirdParty, Ref: "某公司"})
	as, _ := p.Actions(r, today)
	if !slices.Contains(as, gongkai.Action{Kind: gongkai.EventConsultationEnded, Ref: "某公司"}) {
		t.Errorf("actions %v lack ending the consultation 某公司", as)
	}
	has(nil, []gongkai.EventKind{gongkai.EventDecided, gongkai.EventClarificationRequested, gongkai.EventFeeNoticed})

	record(gongkai.Event{Kind: gongkai.EventConsultationEnded, On: gongkai.MustParseDate("2025-12-30"), Ref: "某公司"})
	record(gongkai.Event{Kind: gongkai.EventDecided, On: gongkai.MustParseDate("2025-12-31"), Outcome: "granted", Article: "条例第三十六条第（二）项"})
	if as, _ := p.Actions(r, today); len(as) != 0 {
		t.Errorf("closed request: actions %v, want none", as)
	}
	if len(r.Events) != 6 {
		t.Errorf("Actions changed the request: %d events", len(r.Events))
	}
}

// The inbox holds the open requests of the agencies the user acts for.
func TestService_Inbox(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	for _, c := range []struct{ id, agency, login string }{{"R-EDU", "edu", "edu"}, {"R-TOWN", "town", "town"}} {
		r := &gongkai.Request{ID: c.id, Agency: c.agency, Subject: "预算"}
		if err := s.CreateRequest(ctx, users[c.login], r, applicant("ap-"+c.id, gongkai.NaturalPerson), received("2025-12-01")); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(login string) []string {
		rs, err := s.Inbox(ctx, users[login])
		if err != nil {
			t.Fatalf("%s: %v", login, err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	for login, want := range map[string][]string{"admin": {"R-EDU", "R-TOWN"}, "edu": {"R-EDU"}, "town": {"R-TOWN"}, "county": nil, "countySubtree": {"R-EDU", "R-TOWN"}} {
		if got := ids(login); !slices.Equal(got, want) {
			t.Errorf("inbox of %s: %v, want %v", login, got, want)
		}
	}
	if _, err := s.Inbox(ctx, nil); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Errorf("public inbox: %v", err)
	}
	if err := s.Authorize(ctx, users["edu"], "town"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Errorf("edu clerk on town: %v, want EFORBIDDEN", err)
	}
}
