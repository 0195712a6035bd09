package storetest

import (
	"fmt"
	"sync"
	"testing"

	"gongkai"
)

func testRequest(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	r := MustCreateRequest(t, s, "R1", "county", "2024-03-01", 1)
	got, err := s.Request(c, "R1")
	must(t, err)
	sameJSON(t, "request", r, got)
	_, err = s.Request(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)

	a := Applicant(1)
	// The audit log has the request and the applicant, masked.
	for _, e := range []*gongkai.AuditEntry{lastAudit(t, s, gongkai.EntityRequest, "R1"), lastAudit(t, s, gongkai.EntityApplicant, a.ID)} {
		if e.Action != "create" || e.Before != nil {
			t.Fatalf("audit entry %+v", e)
		}
		noClearPersonalData(t, "audit entry", e.After, a)
	}

	for _, test := range []struct {
		name string
		r    gongkai.Request
		a    *gongkai.ApplicantRecord
		code string
	}{
		{"DuplicateID", gongkai.Request{ID: "R1", Agency: "county"}, a, gongkai.ECONFLICT},
		{"MissingAgency", gongkai.Request{ID: "R2", Agency: "nope"}, a, gongkai.ENOTFOUND},
		{"NoID", gongkai.Request{Agency: "county"}, a, gongkai.EINVALID},
		{"OtherApplicant", gongkai.Request{ID: "R2", Agency: "county"}, Applicant(2), gongkai.EINVALID},
		{"EventWithoutDate", gongkai.Request{ID: "R2", Agency: "county", Events: []gongkai.Event{{Kind: gongkai.EventReceived}}}, a, gongkai.EINVALID},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := test.r
			r.Applicant = gongkai.Applicant{ID: a.ID, Name: a.Name, Type: a.Type}
			wantCode(t, s.CreateRequest(c, &r, test.a), test.code)
		})
	}
	if n := auditCount(t, s, gongkai.EntityRequest, ""); n != 1 {
		t.Fatalf("request audit entries = %d, want 1", n)
	}
}

func testRequestFilter(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "edu", "county")
	MustCreateRequest(t, s, "R1", "county", "2023-12-20", 1) // open, carried over into 2024
	MustCreateRequest(t, s, "R2", "edu", "2024-03-01", 2)
	MustCreateRequest(t, s, "R3", "edu", "2024-05-06", 1)
	MustCreateRequest(t, s, "R4", "county", "2023-02-01", 3) // closed in 2023
	MustCreateRequest(t, s, "R5", "county", "", 3)           // not received yet
	_, err := s.AppendEvents(c, "R4", 1, Decided("2023-02-20", "granted"))
	must(t, err)
	_, err = s.AppendEvents(c, "R3", 1, Decided("2024-05-20", "granted"))
	must(t, err)

	for _, test := range []struct {
		name string
		f    gongkai.RequestFilter
		want []string
	}{
		{"All", gongkai.RequestFilter{}, []string{"R1", "R2", "R3", "R4", "R5"}},
		{"Agency", gongkai.RequestFilter{Agencies: []string{"edu"}}, []string{"R2", "R3"}},
		{"Agencies", gongkai.RequestFilter{Agencies: []string{"edu", "county"}}, []string{"R1", "R2", "R3", "R4", "R5"}},
		{"Year", gongkai.RequestFilter{Year: 2024}, []string{"R2", "R3"}},
		{"Open", gongkai.RequestFilter{Open: ptr(true)}, []string{"R1", "R2"}},
		{"Closed", gongkai.RequestFilter{Open: ptr(false)}, []string{"R3", "R4", "R5"}},
		{"ActiveIn2024", gongkai.RequestFilter{ActiveInYear: 2024}, []string{"R1", "R2", "R3"}},
		{"ActiveIn2023", gongkai.RequestFilter{ActiveInYear: 2023}, []string{"R1", "R4"}},
		{"Applicant", gongkai.RequestFilter{ApplicantID: Applicant(1).ID}, []string{"R1", "R3"}},
		{"Page", gongkai.RequestFilter{Offset: 1, Limit: 2}, []string{"R2", "R3"}},
		{"Combined", gongkai.RequestFilter{Agencies: []string{"edu"}, Open: ptr(false)}, []string{"R3"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			rs, err := s.Requests(c, test.f)
			must(t, err)
			var got []string
			for _, r := range rs {
				got = append(got, r.ID)
			}
			sameJSON(t, "requests", test.want, got)
		})
	}
	rs, err := s.Requests(c, gongkai.RequestFilter{Agencies: []string{"edu"}})
	must(t, err)
	if len(rs[1].Events) != 2 || rs[1].Events[1].Outcome != "granted" || rs[1].Applicant.Name != "张三丰" {
		t.Fatalf("listed request R3 = %+v", rs[1])
	}
}

func testApplicant(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateRequest(t, s, "R1", "county", "2024-03-01", 1)
	a := Applicant(1)
	got, err := s.Applicant(c, a.ID)
	must(t, err)
	sameJSON(t, "applicant", a, got)
	_, err = s.Applicant(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)

	// A second request by the same person stores the applicant once, with
	// the newest contact data.
	a.Phone = "13900001111"
	r := &gongkai.Request{ID: "R2", Agency: "county", Applicant: gongkai.Applicant{ID: a.ID, Type: a.Type}}
	must(t, s.CreateRequest(c, r, a))
	got, err = s.Applicant(c, a.ID)
	must(t, err)
	if got.Phone != "13900001111" {
		t.Fatalf("applicant phone = %q", got.Phone)
	}
	if n := auditCount(t, s, gongkai.EntityApplicant, a.ID); n != 2 {
		t.Fatalf("applicant audit entries = %d, want 2 (create, update)", n)
	}

	a.Address = "某某县新地址2号"
	must(t, s.UpdateApplicant(c, a))
	got, err = s.Applicant(c, a.ID)
	must(t, err)
	sameJSON(t, "updated applicant", a, got)
	e := lastAudit(t, s, gongkai.EntityApplicant, a.ID)
	noClearPersonalData(t, "audit before", e.Before, a)
	noClearPersonalData(t, "audit after", e.After, a)
	a2 := Applicant(9)
	wantCode(t, s.UpdateApplicant(c, a2), gongkai.ENOTFOUND)
	a2.Name = ""
	wantCode(t, s.UpdateApplicant(c, a2), gongkai.EINVALID)
}

func testAppendEvents(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	r := MustCreateRequest(t, s, "R1", "county", "2024-03-01", 1)
	ext := gongkai.Event{Kind: gongkai.EventExtended, On: d("2024-03-20"), By: "clerk", At: at, Days: 20,
		Approver: "王局长", NoticeOn: d("2024-03-21")}
	v, err := s.AppendEvents(c, "R1", 1, ext)
	must(t, err)
	if v != 2 {
		t.Fatalf("version = %d, want 2", v)
	}
	v, err = s.AppendEvents(c, "R1", 2, Decided("2024-04-10", "partly_granted"), gongkai.Event{Kind: gongkai.EventReopened, On: d("2024-06-01"), Ref: "行政复议A1"})
	must(t, err)
	if v != 4 {
		t.Fatalf("version = %d, want 4", v)
	}
	got, err := s.Request(c, "R1")
	must(t, err)
	r.Events = append(r.Events, ext, Decided("2024-04-10", "partly_granted"), gongkai.Event{Kind: gongkai.EventReopened, On: d("2024-06-01"), Ref: "行政复议A1"})
	sameJSON(t, "events", r.Events, got.Events)
	// Reopened: open again, but still first closed in 2024.
	rs, err := s.Requests(c, gongkai.RequestFilter{Open: ptr(true), ActiveInYear: 2024})
	must(t, err)
	if len(rs) != 1 {
		t.Fatalf("open requests = %d, want 1", len(rs))
	}

	e := lastAudit(t, s, gongkai.EntityRequest, "R1")
	if e.Action != "append" || e.Actor != Actor {
		t.Fatalf("audit entry %+v", e)
	}

	for _, test := range []struct {
		name     string
		id       string
		expected int
		events   []gongkai.Event
		code     string
	}{
		{"StaleVersion", "R1", 2, []gongkai.Event{Decided("2024-06-10", "granted")}, gongkai.ECONFLICT},
		{"FutureVersion", "R1", 9, []gongkai.Event{Decided("2024-06-10", "granted")}, gongkai.ECONFLICT},
		{"NotFound", "nope", 0, []gongkai.Event{Decided("2024-06-10", "granted")}, gongkai.ENOTFOUND},
		{"NoEvents", "R1", 4, nil, gongkai.EINVALID},
		{"NoKind", "R1", 4, []gongkai.Event{{On: d("2024-06-10")}}, gongkai.EINVALID},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := s.AppendEvents(c, test.id, test.expected, test.events...)
			wantCode(t, err, test.code)
		})
	}
	got, err = s.Request(c, "R1")
	must(t, err)
	if len(got.Events) != 4 || auditCount(t, s, gongkai.EntityRequest, "R1") != 3 {
		t.Fatalf("failed appends changed the request: %d events", len(got.Events))
	}
}

// testAppendEventsConcurrent: clerks appending at the same version get
// exactly one success; the others get ECONFLICT, reload and retry, and no
// event is lost.
func testAppendEventsConcurrent(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateRequest(t, s, "R1", "county", "2024-03-01", 1)
	const clerks = 8
	note := func(i int) gongkai.Event {
		return gongkai.Event{Kind: "note", On: d("2024-03-02"), By: fmt.Sprintf("clerk%d", i), Note: fmt.Sprint(i)}
	}

	// Round 1: everyone at version 1.
	var wg sync.WaitGroup
	errs := make([]error, clerks)
	for i := range clerks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.AppendEvents(c, "R1", 1, note(i))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch gongkai.ErrorCode(err) {
		case "":
			ok++
		case gongkai.ECONFLICT:
		default:
			t.Fatalf("concurrent append: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d appends at the same version succeeded, want exactly 1", ok)
	}

	// Round 2: everyone retries until it lands.
	for i := range clerks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for try := 0; try < 1000; try++ {
				r, err := s.Request(c, "R1")
				if err != nil {
					errs[i] = err
					return
				}
				_, err = s.AppendEvents(c, "R1", len(r.Events), note(100+i))
				if gongkai.ErrorCode(err) != gongkai.ECONFLICT {
					errs[i] = err
					return
				}
			}
			errs[i] = fmt.Errorf("clerk %d never got through", i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		must(t, err)
	}
	r, err := s.Request(c, "R1")
	must(t, err)
	if len(r.Events) != 2+clerks {
		t.Fatalf("%d events, want %d", len(r.Events), 2+clerks)
	}
	seen := map[string]bool{}
	for _, e := range r.Events[1:] {
		seen[e.Note] = true
	}
	for i := range clerks {
		if !seen[fmt.Sprint(100+i)] {
			t.Fatalf("event of clerk %d lost: %v", i, seen)
		}
	}
	if n := auditCount(t, s, gongkai.EntityRequest, "R1"); n != 2+clerks {
		t.Fatalf("audit entries = %d, want %d", n, 2+clerks)
	}
}
