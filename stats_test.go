package gongkai

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"gongkai/report"
)

const testAgency = "某县人民政府办公室"

func typedRequest(id string, typ ApplicantType) *Request {
	r := newRequest(id)
	r.Applicant.Type = typ
	return r
}

// statsFixture is a small history with one request of each kind of closure,
// one crossing the year end each way, and one of another agency.
func statsFixture(t *testing.T) ([]*Request, []*Appeal) {
	p := testPolicy()
	clarify := ev(EventClarificationRequested, "2025-05-07")
	clarify.Days = 10
	fee := ev(EventFeeNoticed, "2025-07-01")
	fee.FeeMethod, fee.Units, fee.Amount = FeePerPage, 754, 24860
	other := typedRequest("R5", NaturalPerson)
	other.Agency = "某县财政局"
	reqs := []*Request{
		MustRecord(t, p, typedRequest("R1", NaturalPerson), receivedInPerson("2024-12-20"), decided("2025-01-10", "granted")),
		MustRecord(t, p, typedRequest("R2", Commercial), receivedInPerson("2025-03-03"), decided("2025-03-20", "partly_granted")),
		MustRecord(t, p, typedRequest("R3", Research), receivedInPerson("2025-05-06"), clarify, ev(EventClarificationLapsed, "2025-06-03")),
		MustRecord(t, p, typedRequest("R4", LegalService), receivedInPerson("2025-12-22")),
		MustRecord(t, p, other, receivedInPerson("2025-03-03"), decided("2025-03-20", "granted")),
		MustRecord(t, p, typedRequest("R6", SocialWelfare), receivedInPerson("2025-06-03"), ev(EventWithdrawn, "2025-06-05")),
		MustRecord(t, p, typedRequest("R7", OtherOrg), receivedInPerson("2025-06-20"), fee, ev(EventFeeLapsed, "2025-08-01")),
		MustRecord(t, p, typedRequest("R8", NaturalPerson), receivedInPerson("2024-03-01"), decided("2024-03-15", "unavailable_not_held")),
	}
	appeals := []*Appeal{
		{ID: "F1", RequestID: "R8", Kind: AppealReview, FiledOn: d("2024-04-15"), ClosedOn: d("2025-02-10"), Outcome: AppealCorrected},
		{ID: "S1", RequestID: "R2", Kind: AppealSuitDirect, FiledOn: d("2025-05-06")},
		{ID: "F0", RequestID: "R8", Kind: AppealReview, FiledOn: d("2024-03-20"), ClosedOn: d("2024-06-01"), Outcome: AppealUpheld},
		{ID: "F5", RequestID: "R5", Kind: AppealReview, FiledOn: d("2025-04-01")}, // another agency
	}
	return reqs, appeals
}

func TestTables(t *testing.T) {
	reqs, appeals := statsFixture(t)
	type cell struct {
		table, row, col string
		want            float64
	}
	tests := []struct {
		year   int
		format report.Version
		cells  []cell
	}{
		{2024, report.V2021, []cell{
			{"三", "new_received", "natural_person", 2}, {"三", "new_received", "total", 2},
			{"三", "unavailable_not_held", "natural_person", 1}, {"三", "total_handled", "total", 1},
			{"三", "carried_forward", "natural_person", 1}, {"三", "carried_forward", "total", 1},
			{"四", "review", "upheld", 1}, {"四", "review", "pending", 1}, {"四", "review", "total", 2},
		}},
		{2025, report.V2021, []cell{
			{"三", "new_received", "total", 5}, {"三", "carried_over", "natural_person", 1},
			{"三", "granted", "natural_person", 1}, {"三", "partly_granted", "commercial", 1},
			{"三", "other_no_clarification", "research", 1}, {"三", "other_misc", "social_welfare", 1},
			{"三", "other_unpaid_fee", "other_org", 1}, {"三", "total_handled", "total", 5},
			{"三", "carried_forward", "legal_service", 1}, {"三", "carried_forward", "total", 1},
			{"四", "review", "corrected", 1}, {"四", "review", "total", 1},
			{"四", "suit_direct", "pending", 1}, {"四", "suit_direct", "total", 1},
		}},
	}
	var prev *report.Report
	for _, tt := range tests {
		rep, err := Tables(testAgency, tt.year, reqs, appeals)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Format != tt.format || rep.Agency != testAgency || rep.Year != tt.year {
			t.Errorf("%d: format %s agency %s year %d", tt.year, rep.Format, rep.Agency, rep.Year)
		}
		sum := 0.0
		for _, c := range tt.cells {
			tab := map[string]*report.Table{"三": rep.Requests, "四": rep.Appeals}[c.table]
			if got := tab.Get(c.row, c.col); got != c.want {
				t.Errorf("%d 表%s %s.%s mismatch (-want +got):\n-%v\n+%v", tt.year, c.table, c.row, c.col, c.want, got)
			}
		}
		// Nothing else is filled: the listed cells of the total column add up.
		for _, row := range []string{"granted", "partly_granted", "other_no_clarification", "other_misc", "other_unpaid_fee", "unavailable_not_held"} {
			sum += rep.Requests.Get(row, "total")
		}
		if sum != rep.Requests.Get("total_handled", "total") {
			t.Errorf("%d: outcome rows add to %v, total_handled is %v", tt.year, sum, rep.Requests.Get("total_handled", "total"))
		}
		if fs := report.Check(rep, prev); len(fs) != 0 {
			t.Errorf("%d: findings %+v", tt.year, fs)
		}
		prev = rep
	}
}

// TestTables_2019Format: in 2019 and 2020 the three （六） rows are one.
func TestTables_2019Format(t *testing.T) {
	p := testPolicy()
	clarify := ev(EventClarificationRequested, "2020-05-07")
	clarify.Days = 10
	reqs := []*Request{
		MustRecord(t, p, typedRequest("R1", NaturalPerson), receivedInPerson("2020-05-06"), clarify, ev(EventClarificationLapsed, "2020-06-03")),
		MustRecord(t, p, typedRequest("R2", NaturalPerson), receivedInPerson("2020-05-06"), ev(EventWithdrawn, "2020-05-08")),
		MustRecord(t, p, typedRequest("R3", NaturalPerson), receivedInPerson("2020-12-28"), decided("2021-01-05", "other")),
	}
	rep, err := Tables(testAgency, 2020, reqs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != report.V2019 || rep.Requests.Get("other", "natural_person") != 2 || rep.Requests.Get("carried_forward", "total") != 1 {
		t.Errorf("2020: format %s, other %v, carried_forward %v", rep.Format, rep.Requests.Get("other", "total"), rep.Requests.Get("carried_forward", "total"))
	}
	rep21, err := Tables(testAgency, 2021, reqs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep21.Requests.Get("other_misc", "total") != 1 || rep21.Requests.Get("carried_over", "total") != 1 {
		t.Errorf("2021: other_misc %v, carried_over %v", rep21.Requests.Get("other_misc", "total"), rep21.Requests.Get("carried_over", "total"))
	}
	if fs := report.Check(rep21, rep); len(fs) != 0 {
		t.Errorf("2021 findings: %+v", fs)
	}
}

func TestPolicy_Timeliness(t *testing.T) {
	p := testPolicy()
	reqs := []*Request{
		// 10 working days.
		MustRecord(t, p, typedRequest("R1", NaturalPerson), receivedInPerson("2025-03-03"), decided("2025-03-17", "granted")),
		// 24 working days, 5 of them in consultation: 19 counted, on time.
		MustRecord(t, p, typedRequest("R2", NaturalPerson), receivedInPerson("2025-03-03"),
			consult(EventConsultationStarted, "2025-03-04", "C1", ThirdParty), consult(EventConsultationEnded, "2025-03-11", "C1", ""),
			decided("2025-04-07", "granted")),
		// 25 working days, no extension: late.
		MustRecord(t, p, typedRequest("R3", Commercial), receivedInPerson("2025-03-03"), decided("2025-04-08", "withheld_third_party")),
		// Not a decision.
		MustRecord(t, p, typedRequest("R4", NaturalPerson), receivedInPerson("2025-03-03"), ev(EventWithdrawn, "2025-03-04")),
		// Decided in 2024: another year.
		MustRecord(t, p, typedRequest("R5", NaturalPerson), receivedInPerson("2024-03-01"), decided("2024-03-04", "granted")),
	}
	got, err := p.Timeliness(testAgency, 2025, reqs)
	if err != nil {
		t.Fatal(err)
	}
	want := Timeliness{Agency: testAgency, Year: 2025,
		All: OutcomeTimeliness{Outcome: "", Decided: 3, OnTime: 2, Rate: 2.0 / 3, Median: 19, P90: 25},
		ByOutcome: []OutcomeTimeliness{
			{Outcome: "granted", Decided: 2, OnTime: 2, Rate: 1, Median: 14.5, P90: 19},
			{Outcome: "withheld_third_party", Decided: 1, OnTime: 0, Rate: 0, Median: 25, P90: 25},
		}}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("mismatch (-want +got):\n-%+v\n+%+v", want, got)
	}
}

// randomHistory drives r through random events from a receipt on start. The
// generator proposes events at random; Record disposes: refused events (the
// law does not allow them now) are dropped, so every history kept is valid.
func randomHistory(t *testing.T, rng *rand.Rand, p *Policy, r *Request, start Date, appeals *[]*Appeal) {
	t.Helper()
	limit := d("2026-06-30")
	recv := receivedInPerson(start.String())
	if rng.IntN(3) == 0 {
		recv = Event{Kind: EventReceived, Channel: ChannelOnline, ArrivedOn: start, ConfirmedOn: start.AddDays(rng.IntN(3))}
	}
	MustRecord(t, p, r, recv)
	on := r.ReceivedOn()
	refs := 0
	for range 10 {
		on = on.AddDays(rng.IntN(15))
		if on.After(limit) {
			return
		}
		st, err := p.Status(r)
		if err != nil {
			t.Fatal(err)
		}
		e := Event{On: on, By: "clerk"}
		switch st.State {
		case StateClosed:
			if rng.IntN(4) != 0 {
				return
			}
			a := &Appeal{ID: fmt.Sprintf("A%d-%s", len(*appeals), r.ID), RequestID: r.ID, Kind: AppealKinds[rng.IntN(3)], FiledOn: on}
			if rng.IntN(3) > 0 {
				closeOn := on.AddDays(20 + rng.IntN(200))
				if closeOn.After(limit) {
					closeOn = limit
				}
				if err := p.CloseAppeal(a, r, closeOn, AppealOutcomes[rng.IntN(3)], "法院", Date{}); err != nil && ErrorCode(err) != EINVALID {
					t.Fatal(err)
				}
			}
			*appeals = append(*appeals, a)
			on = r.Events[len(r.Events)-1].On
			continue
		case StateClarifying:
			e.Kind = []EventKind{EventClarificationReceived, EventClarificationLapsed}[rng.IntN(2)]
		case StateAwaitingFee:
			e.Kind = []EventKind{EventFeePaid, EventFeeLapsed}[rng.IntN(2)]
		case StateAwaitingReasons:
			e.Kind = []EventKind{EventReasonsAccepted, EventDecided}[rng.IntN(2)]
			e.Outcome, e.Article = "declined_excessive", "条例第三十五条"
			if rng.IntN(2) == 0 {
				e.DueOn = on.AddDays(rng.IntN(60))
			}
		case StateOpen:
			if k := st.openConsultation(); k != nil {
				e.Kind, e.Ref = EventConsultationEnded, k.Ref
				break
			}
			switch rng.IntN(10) {
			case 0:
				e.Kind, e.Days = EventClarificationRequested, 5+rng.IntN(10)
			case 1:
				refs++
				e.Kind, e.Ref, e.Party = EventConsultationStarted, fmt.Sprint("C", refs), []ConsultParty{ThirdParty, OtherAgency}[rng.IntN(2)]
			case 2:
				e.Kind, e.Days, e.Approver, e.NoticeOn = EventExtended, 1+rng.IntN(22), "主任", on
			case 3:
				pages := 20 + rng.IntN(2500)
				e.Kind, e.FeeMethod, e.Units, e.Amount = EventFeeNoticed, FeePerPage, pages, PerPageFee(pages)
			case 4:
				e.Kind, e.Days = EventReasonsRequested, 5
			case 5:
				e.Kind = EventWithdrawn
			default:
				e.Kind, e.Article = EventDecided, "条例第三十六条"
				e.Outcome = Outcomes[rng.IntN(len(Outcomes))]
				e.Withheld = []string{"个人隐私"}
			}
		}
		if e.Kind == EventFeeLapsed || e.Kind == EventClarificationLapsed {
			// A lapse needs the applicant's term to run out first.
			on = on.AddDays(20 + rng.IntN(25))
			if on.After(limit) {
				return
			}
			e.On = on
		}
		if err := p.Record(r, e); err != nil && ErrorCode(err) != EINVALID {
			t.Fatal(err)
		}
	}
}

// TestTables_Property: for random valid histories, the tables of every year
// pass every rule of report.Check, including requests.balance within each
// year and cross_year.carry between consecutive years.
func TestTables_Property(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 9))
	p := testPolicy()
	var reqs []*Request
	var appeals []*Appeal
	received := map[int]int{}
	for i := range 400 {
		r := typedRequest(fmt.Sprint("R", i), ApplicantTypes[rng.IntN(len(ApplicantTypes))])
		r.Agency = testAgency
		start := d("2019-05-15").AddDays(rng.IntN(6 * 365))
		randomHistory(t, rng, p, r, start, &appeals)
		reqs = append(reqs, r)
		received[r.ReceivedOn().Year]++
	}
	closures, states := map[string]int{}, map[State]int{}
	for _, r := range reqs {
		if _, o, ok := r.FirstClosure(); ok {
			closures[o]++
		}
		st, err := p.Status(r)
		if err != nil {
			t.Fatalf("stored history invalid: %v", err)
		}
		states[st.State]++
	}
	// The generator must reach the interesting cases, or the property is weak.
	for _, o := range []string{"granted", "partly_granted", "other_no_clarification", "other_unpaid_fee", "other_misc", "declined_excessive"} {
		if closures[o] == 0 {
			t.Errorf("no random history closed with %s: %v", o, closures)
		}
	}
	var prev *report.Report
	for year := 2019; year <= 2025; year++ {
		rep, err := Tables(testAgency, year, reqs, appeals)
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Requests.Get("new_received", "total"); int(got) != received[year] {
			t.Errorf("%d: new_received %v, want %d", year, got, received[year])
		}
		if fs := report.Check(rep, prev); len(fs) != 0 {
			t.Fatalf("%d: %d findings, first %+v", year, len(fs), fs[0])
		}
		// The drill-down from each cell finds exactly as many records as the
		// cell counts.
		for _, row := range rep.Requests.Def.Rows {
			for _, c := range row.Columns {
				n := 0
				for _, r := range reqs {
					if ok, err := RequestCounted(r, year, row.ID, c.ID); err != nil {
						t.Fatal(err)
					} else if ok {
						n++
					}
				}
				if want := rep.Requests.Get(row.ID, c.ID); float64(n) != want {
					t.Errorf("%d 表三 %s.%s: drill-down finds %d requests, cell says %v", year, row.ID, c.ID, n, want)
				}
			}
		}
		for _, row := range rep.Appeals.Def.Rows {
			for _, c := range row.Columns {
				n := 0
				for _, a := range appeals {
					if ok, err := AppealCounted(a, year, row.ID, c.ID); err != nil {
						t.Fatal(err)
					} else if ok {
						n++
					}
				}
				if want := rep.Appeals.Get(row.ID, c.ID); float64(n) != want {
					t.Errorf("%d 表四 %s.%s: drill-down finds %d cases, cell says %v", year, row.ID, c.ID, n, want)
				}
			}
		}
		// The property is not vacuous: a table off by one is caught.
		broken := rep.Clone()
		broken.Requests.Add("carried_forward", "natural_person", 1)
		broken.Requests.Add("carried_forward", "total", 1)
		if !hasRule(report.Check(broken, prev), "requests.balance") {
			t.Errorf("%d: report.Check missed a broken balance", year)
		}
		prev = rep
	}
	if prev.Requests.Get("carried_forward", "total") == 0 || len(appeals) == 0 {
		t.Errorf("no carry-over or no appeals generated (%d appeals)", len(appeals))
	}
	t.Logf("closures %v; states %v; %d appeals", closures, states, len(appeals))
}

func hasRule(fs []report.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

var (
	benchOnce sync.Once
	benchReqs []*Request
	bench2025 int // requests received in 2025, counted while building
)

// syntheticRequests returns 1,000,000 requests of one agency received over
// 2024–2025: 85% decided within 0–59 days with outcomes in turn, 5%
// withdrawn, the rest still open. Built directly, not through Record.
func syntheticRequests() []*Request {
	benchOnce.Do(func() {
		const n = 1_000_000
		reqs := make([]Request, n)
		events := make([]Event, 2*n)
		start := d("2024-01-01")
		benchReqs = make([]*Request, n)
		for i := range reqs {
			r := &reqs[i]
			r.ID, r.Agency = "", testAgency
			r.Applicant = Applicant{ID: "x", Type: ApplicantTypes[i%len(ApplicantTypes)]}
			rec := start.AddDays(i % 730)
			ev := events[2*i : 2*i : 2*i+2]
			ev = append(ev, Event{Kind: EventReceived, On: rec, Channel: ChannelInPerson, ArrivedOn: rec})
			switch k := i % 20; {
			case k < 17:
				ev = append(ev, Event{Kind: EventDecided, On: rec.AddDays(i % 60), Outcome: Outcomes[i%18], Article: "x"})
			case k == 17:
				ev = append(ev, Event{Kind: EventWithdrawn, On: rec.AddDays(3)})
			}
			r.Events = ev
			benchReqs[i] = r
			if rec.Year == 2025 {
				bench2025++
			}
		}
	})
	return benchReqs
}

// BenchmarkStats1M computes tables 三 and 四 of 2025 for 1,000,000 requests.
func BenchmarkStats1M(b *testing.B) {
	reqs := syntheticRequests()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Tables(testAgency, 2025, reqs, nil)
		if err != nil {
			b.Fatal(err)
		}
		if int(rep.Requests.Get("new_received", "total")) != bench2025 {
			b.Fatalf("new_received %v", rep.Requests.Get("new_received", "total"))
		}
	}
}

// BenchmarkStats1MCountOnly is the baseline: a plain loop over the same
// requests that only counts those received in 2025.
func BenchmarkStats1MCountOnly(b *testing.B) {
	reqs := syntheticRequests()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for _, r := range reqs {
			if r.Agency == testAgency && r.ReceivedOn().Year == 2025 {
				n++
			}
		}
		if n != bench2025 {
			b.Fatalf("counted %d", n)
		}
	}
}
