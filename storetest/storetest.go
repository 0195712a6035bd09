// Package storetest is the conformance suite of gongkai.Store: every
// implementation (gongkai/sqlite, gongkai/postgres) runs Run from its own
// tests, so that both behave the same, error codes included.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai"
)

// Run runs the conformance suite. open returns a new, empty, migrated store
// for one subtest; the suite closes it.
func Run(t *testing.T, open func(t *testing.T) gongkai.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s gongkai.Store)
	}{
		{"Agency", testAgency},
		{"AgencyTree", testAgencyTree},
		{"User", testUser},
		{"Request", testRequest},
		{"RequestFilter", testRequestFilter},
		{"Applicant", testApplicant},
		{"AppendEvents", testAppendEvents},
		{"AppendEventsConcurrent", testAppendEventsConcurrent},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"Appeal", testAppeal},
		{"Tally", testTally},
		{"ProactiveInput", testProactiveInput},
		{"AnnualReport", testAnnualReport},
		{"AnnualReportPublishedImmutable", testAnnualReportPublished},
		{"Item", testItem},
		{"IndexNo", testIndexNo},
		{"IndexNoConcurrent", testIndexNoConcurrent},
		{"SearchItems", testSearchItems},
		{"ItemList", testItemList},
		{"ItemCounts", testItemCounts},
		{"CatalogMarks", testCatalogMarks},
		{"ItemFile", testItemFile},
		{"SearchReference", testSearchReference},
		{"Reindex", testReindex},
		{"SearchOrder", testSearchOrder},
		{"Audit", testAudit},
		{"AuditMark", testAuditMark},
		{"WithTx", testWithTx},
		{"Actor", testActor},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			test.fn(t, s)
		})
	}
}

// Actor is the actor of the suite's writes.
const Actor = "u-test"

// ctx returns a context with the suite's actor.
func ctx() context.Context { return gongkai.WithActor(context.Background(), Actor) }

// wantCode fails t unless err carries the code (nil for code "").
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := gongkai.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// must fails t on an error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sameJSON fails t unless want and got encode to the same JSON.
func sameJSON(t testing.TB, what string, want, got any) {
	t.Helper()
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	if string(w) != string(g) {
		t.Fatalf("%s mismatch:\nwant %s\ngot  %s", what, w, g)
	}
}

// auditCount returns the number of audit entries of an entity.
func auditCount(t testing.TB, s gongkai.Store, entity, id string) int {
	t.Helper()
	es, err := s.AuditEntries(ctx(), gongkai.AuditFilter{Entity: entity, EntityID: id})
	must(t, err)
	return len(es)
}

// lastAudit returns the last audit entry of an entity.
func lastAudit(t testing.TB, s gongkai.Store, entity, id string) *gongkai.AuditEntry {
	t.Helper()
	es, err := s.AuditEntries(ctx(), gongkai.AuditFilter{Entity: entity, EntityID: id})
	must(t, err)
	if len(es) == 0 {
		t.Fatalf("no audit entry for %s %s", entity, id)
	}
	return es[len(es)-1]
}

// d parses a date.
func d(s string) gongkai.Date { return gongkai.MustParseDate(s) }

// at is a fixed recording time.
var at = time.Date(2024, 3, 4, 9, 30, 0, 123456000, time.UTC)

// MustCreateAgency creates agency id below parent ("" for a root).
func MustCreateAgency(tb testing.TB, s gongkai.Store, id, parent string) *gongkai.Agency {
	tb.Helper()
	a := &gongkai.Agency{ID: id, ParentID: parent, Name: "某某县" + id, ReportScope: gongkai.ScopeOwn}
	must(tb, s.CreateAgency(ctx(), a))
	return a
}

// Received returns a receipt event on day on.
func Received(on string) gongkai.Event {
	return gongkai.Event{Kind: gongkai.EventReceived, On: d(on), By: "clerk", At: at,
		Channel: gongkai.ChannelInPerson, ArrivedOn: d(on)}
}

// Decided returns a decision event.
func Decided(on, outcome string) gongkai.Event {
	return gongkai.Event{Kind: gongkai.EventDecided, On: d(on), By: "clerk", At: at, Outcome: outcome, Article: "条例第二十七条"}
}

// Applicant returns a natural person's record for number n.
func Applicant(n int) *gongkai.ApplicantRecord {
	idno := fmt.Sprintf("11010119900307%04d", n)
	return &gongkai.ApplicantRecord{ID: gongkai.ApplicantKey(idno), Type: gongkai.NaturalPerson,
		Name: "张三丰", IDNumber: idno, Phone: "13812345678", Email: "zhang@example.cn", Address: "某某县某某路1号"}
}

// MustCreateRequest creates request id at agency, received on received
// ("" for no event), for applicant number n.
func MustCreateRequest(tb testing.TB, s gongkai.Store, id, agency, received string, n int) *gongkai.Request {
	tb.Helper()
	a := Applicant(n)
	r := &gongkai.Request{ID: id, Agency: agency, Subject: "申请公开2023年度财政预算",
		Applicant: gongkai.Applicant{ID: a.ID, Name: a.Name, Type: a.Type}}
	if received != "" {
		r.Events = []gongkai.Event{Received(received)}
	}
	must(tb, s.CreateRequest(ctx(), r, a))
	return r
}

// noClearPersonalData fails t when the JSON holds one of the applicant's
// personal data in clear.
func noClearPersonalData(t testing.TB, what string, b []byte, a *gongkai.ApplicantRecord) {
	t.Helper()
	for _, v := range []string{a.Name, a.IDNumber, a.Phone, a.Email, a.Address} {
		if v != "" && strings.Contains(string(b), v) {
			t.Fatalf("%s holds %q in clear: %s", what, v, b)
		}
	}
}
