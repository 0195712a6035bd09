package gongkai

import (
	"strings"
	"testing"
	"time"
)

var d = MustParseDate

func testPolicy() *Policy {
	return &Policy{Calendar: DefaultCalendar(), Now: func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }}
}

func newRequest(id string) *Request {
	return &Request{ID: id, Agency: "某县人民政府办公室", Applicant: Applicant{ID: "A-" + id, Name: "张三", Type: NaturalPerson}}
}

func receivedInPerson(on string) Event {
	return Event{Kind: EventReceived, Channel: ChannelInPerson, ArrivedOn: d(on), By: "clerk"}
}

func ev(kind EventKind, on string) Event { return Event{Kind: kind, On: d(on), By: "clerk"} }

func decided(on, outcome string) Event {
	e := ev(EventDecided, on)
	e.Outcome, e.Article = outcome, "条例第三十六条第（二）项"
	if outcome == "partly_granted" {
		e.Article, e.Withheld = "条例第三十七条", []string{"个人隐私（条例第十五条）"}
	}
	return e
}

func extended(on string, days int) Event {
	e := ev(EventExtended, on)
	e.Days, e.Approver, e.NoticeOn = days, "公开办主任李四", d(on)
	return e
}

func consult(kind EventKind, on, ref string, party ConsultParty) Event {
	e := ev(kind, on)
	e.Ref, e.Party = ref, party
	return e
}

// MustRecord records events on r, failing the test on the first error.
func MustRecord(tb testing.TB, p *Policy, r *Request, events ...Event) *Request {
	tb.Helper()
	for _, e := range events {
		if err := p.Record(r, e); err != nil {
			tb.Fatalf("Record(%s %s): %v", e.Kind, e.On, err)
		}
	}
	return r
}

func TestPolicy_Record_ReceiptDate(t *testing.T) {
	p := testPolicy()
	tests := []struct {
		name string
		e    Event
		want string
		rule string
	}{
		{"InPerson", Event{Kind: EventReceived, Channel: ChannelInPerson, ArrivedOn: d("2024-09-27")}, "2024-09-27", ""},
		{"SignedPost", Event{Kind: EventReceived, Channel: ChannelPostSigned, ArrivedOn: d("2024-09-30")}, "2024-09-30", ""},
		{"OrdinaryPostConfirmed", Event{Kind: EventReceived, Channel: ChannelPostOrdinary, ArrivedOn: d("2024-09-30"), ConfirmedOn: d("2024-09-30")}, "2024-09-30", ""},
		{"OnlineConfirmedLater", Event{Kind: EventReceived, Channel: ChannelOnline, ArrivedOn: d("2024-10-01"), ConfirmedOn: d("2024-10-08")}, "2024-10-08", ""},
		{"FaxUnconfirmed", Event{Kind: EventReceived, Channel: ChannelFax, ArrivedOn: d("2024-10-08")}, "", "条例第三十一条"},
		{"ConfirmedBeforeArrival", Event{Kind: EventReceived, Channel: ChannelOnline, ArrivedOn: d("2024-10-08"), ConfirmedOn: d("2024-10-07")}, "", "条例第三十一条"},
		{"WrongDate", Event{Kind: EventReceived, On: d("2024-10-09"), Channel: ChannelInPerson, ArrivedOn: d("2024-10-08")}, "", "条例第三十一条"},
		{"UnknownChannel", Event{Kind: EventReceived, Channel: "pigeon", ArrivedOn: d("2024-10-08")}, "", "条例第三十一条"},
		{"UnloadedYear", Event{Kind: EventReceived, Channel: ChannelInPerson, ArrivedOn: d("2018-12-28")}, "", ""},
		{"Future", Event{Kind: EventReceived, Channel: ChannelInPerson, ArrivedOn: d("2026-11-26")}, "", "event.future"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest("R1")
			err := p.Record(r, tt.e)
			if tt.want == "" {
				e, ok := err.(*Error)
				if !ok || e.Code != EINVALID || e.Rule != tt.rule {
					t.Fatalf("error mismatch (-want +got):\n-EINVALID %s\n+%#v", tt.rule, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := r.ReceivedOn().String(); got != tt.want {
				t.Errorf("mismatch (-want +got):\n-%s\n+%s", tt.want, got)
			}
			if r.Events[0].At.IsZero() {
				t.Error("event recorded without the time from the injected clock")
			}
		})
	}
}

// TestPolicy_Record_Forbidden: events the law does not allow now are errors
// that name the rule, and leave the request unchanged.
func TestPolicy_Record_Forbidden(t *testing.T) {
	clarify := ev(EventClarificationRequested, "2024-03-05")
	clarify.Days = 10
	reasons := ev(EventReasonsRequested, "2024-03-05")
	reasons.Days = 5
	tests := []struct {
		name    string
		history []Event
		next    Event
		rule    string
		message string
	}{
		{"DecisionBeforeReceipt", nil, decided("2024-03-01", "granted"), "条例第三十一条", "decided before the request was received"},
		{"SecondReceipt", []Event{receivedInPerson("2024-03-01")}, receivedInPerson("2024-03-02"), "条例第三十一条", "the request was already received on 2024-03-01"},
		{"SecondExtension", []Event{receivedInPerson("2024-03-01"), extended("2024-03-20", 10)}, extended("2024-03-25", 5), "条例第三十三条", "the reply period was already extended on 2024-03-20: it can be extended once"},
		{"ExtensionBeyond20", []Event{receivedInPerson("2024-03-01")}, extended("2024-03-20", 21), "条例第三十三条", "extension of 21 working days: at most 20"},
		{"ExtensionWithoutApprover", []Event{receivedInPerson("2024-03-01")}, Event{Kind: EventExtended, On: d("2024-03-20"), Days: 5, NoticeOn: d("2024-03-20")}, "条例第三十三条", "an extension needs the approver (政府信息公开工作机构负责人) and the day the applicant was told"},
		{"ExtensionAfterDeadline", []Event{receivedInPerson("2024-03-01")}, extended("2024-04-01", 10), "条例第三十三条", "the extension must be approved and notified within the reply period（2024年3月29日）"},
		{"SecondClarification", []Event{receivedInPerson("2024-03-01"), clarify, ev(EventClarificationReceived, "2024-03-07")}, Event{Kind: EventClarificationRequested, On: d("2024-03-08"), Days: 5}, "条例第三十条", "clarification already requested on 2024-03-05: it is asked for once (一次性告知)"},
		{"ClarificationLapsedTooEarly", []Event{receivedInPerson("2024-03-01"), clarify}, ev(EventClarificationLapsed, "2024-03-19"), "条例第三十条", "the applicant's term for clarification runs until 2024-03-19"},
		{"PartlyGrantedWithoutReasons", []Event{receivedInPerson("2024-03-01")}, Event{Kind: EventDecided, On: d("2024-03-10"), Outcome: "partly_granted", Article: "条例第三十七条"}, "条例第三十七条", "partly_granted needs the reasons for the withheld part"},
		{"DecisionWithoutArticle", []Event{receivedInPerson("2024-03-01")}, Event{Kind: EventDecided, On: d("2024-03-10"), Outcome: "granted"}, "条例第三十六条", "a decision must state the article it rests on"},
		{"UnknownOutcome", []Event{receivedInPerson("2024-03-01")}, Event{Kind: EventDecided, On: d("2024-03-10"), Outcome: "maybe", Article: "x"}, "annual-report.outcome", "outcome \"maybe\" is not a table 三 row"},
		{"UnpaidFeeByDecision", []Event{receivedInPerson("2024-03-01")}, decided("2024-03-10", "other_unpaid_fee"), "annual-report.outcome", "other_unpaid_fee is recorded by the lapse event, not by a decision"},
		{"UnclearWithoutClarification", []Event{receivedInPerson("2024-03-01")}, decided("2024-03-10", "unavailable_unclear"), "条例第三十条", "unavailable_unclear (补正后仍不明确) needs a clarification received first"},
		{"ExcessiveWithoutDemand", []Event{receivedInPerson("2024-03-01")}, decided("2024-03-10", "declined_excessive"), "条例第三十五条", "declined_excessive needs a demand for reasons first"},
		{"DecisionDuringConsultation", []Event{receivedInPerson("2024-03-01"), consult(EventConsultationStarted, "2024-03-04", "C1", ThirdParty)}, decided("2024-03-10", "granted"), "条例第三十二条", "consultation C1 is still open: record its end (or the end of its 15 working days) first"},
		{"DecisionAwaitingClarification", []Event{receivedInPerson("2024-03-01"), clarify}, decided("2024-03-10", "granted"), "条例第三十三条", "decision while the request is clarifying"},
		{"ClarificationAfterExtension", []Event{receivedInPerson("2024-03-01"), extended("2024-03-04", 5)}, clarify, "条例第三十条", "clarification must be requested before the request is processed further"},
		{"FeeWrongAmount", []Event{receivedInPerson("2024-03-01")}, Event{Kind: EventFeeNoticed, On: d("2024-03-08"), FeeMethod: FeePerPage, Units: 754, Amount: 24000}, "国办函〔2020〕109号", "fee of 24000 元 for 754 per_page with 0 earlier 件 this month: the schedule gives 24860 元"},
		{"FeeBefore2021", []Event{receivedInPerson("2020-12-01")}, Event{Kind: EventFeeNoticed, On: d("2020-12-08"), FeeMethod: FeePerPage, Units: 754, Amount: 24860}, "国办函〔2020〕109号", "the processing fee applies from 2021-01-01"},
		{"FeeBothMethods", []Event{receivedInPerson("2024-03-01")}, Event{Kind: EventFeeNoticed, On: d("2024-03-08"), FeeMethod: "both", Units: 40, Amount: 1}, "国办函〔2020〕109号第三条", "fee method \"both\": want per_request or per_page (one of them, never both)"},
		{"FeeFreeTier", []Event{receivedInPerson("2024-03-01")}, Event{Kind: EventFeeNoticed, On: d("2024-03-08"), FeeMethod: FeePerPage, Units: 30}, "国办函〔2020〕109号", "no fee is due for 30 per_page (the free tier)"},
		{"AfterClosure", []Event{receivedInPerson("2024-03-01"), decided("2024-03-05", "granted")}, extended("2024-03-06", 5), "request.closed", "extended after the request was closed on 2024-03-05 (granted)"},
		{"ReasonsTwice", []Event{receivedInPerson("2024-03-01"), reasons, ev(EventReasonsAccepted, "2024-03-06")}, reasons, "event.order", "reasons_requested dated 2024-03-05, before the previous event (2024-03-06)"},
		{"EndUnknownConsultation", []Event{receivedInPerson("2024-03-01")}, consult(EventConsultationEnded, "2024-03-04", "C9", ""), "条例第三十二条", "no open consultation \"C9\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPolicy()
			r := MustRecord(t, p, newRequest("R1"), tt.history...)
			n := len(r.Events)
			err := p.Record(r, tt.next)
			e, ok := err.(*Error)
			if !ok || e.Code != EINVALID || e.Rule != tt.rule || e.Message != tt.message {
				t.Fatalf("error mismatch (-want +got):\n-%s: %s\n+%v", tt.rule, tt.message, err)
			}
			if len(r.Events) != n {
				t.Error("a refused event was appended")
			}
		})
	}
}

func TestPolicy_Status_Flags(t *testing.T) {
	p := testPolicy()
	clarify := ev(EventClarificationRequested, "2024-03-13") // 8 working days after 3月1日
	clarify.Days = 5
	r := MustRecord(t, p, newRequest("R1"), receivedInPerson("2024-03-01"), clarify,
		ev(EventClarificationReceived, "2024-03-25"), decided("2024-05-06", "granted"))
	st, err := p.Status(r)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range st.Flags {
		got = append(got, f.Rule+" "+f.Message)
	}
	want := []string{
		"条例第三十条 补正告知于2024年3月13日发出，晚于收到申请之日起7个工作日（2024年3月12日）",
		"条例第三十条 补正于2024年3月25日收到，已逾补正期限（2024年3月20日），按有正当理由处理",
		"条例第三十三条 于2024年5月6日答复，已逾答复期限（2024年4月23日）",
	}
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("flags mismatch (-want +got):\n-%s\n+%s", strings.Join(want, "\n-"), strings.Join(got, "\n+"))
	}
	if st.State != StateClosed || st.Outcome != "granted" || st.ClockStart != d("2024-03-25") {
		t.Errorf("status = %s %s start %s", st.State, st.Outcome, st.ClockStart)
	}
}

func TestPolicy_Lapses(t *testing.T) {
	p := testPolicy()
	clarify := ev(EventClarificationRequested, "2024-03-05")
	clarify.Days = 10
	r1 := MustRecord(t, p, newRequest("R1"), receivedInPerson("2024-03-01"), clarify, ev(EventClarificationLapsed, "2024-03-20"))
	fee := ev(EventFeeNoticed, "2024-03-08")
	fee.FeeMethod, fee.Units, fee.Amount = FeePerPage, 1500, 54700
	r2 := MustRecord(t, p, newRequest("R2"), receivedInPerson("2024-03-01"), fee, ev(EventFeeLapsed, "2024-04-09"))
	for _, tt := range []struct {
		r    *Request
		want string
	}{{r1, "other_no_clarification"}, {r2, "other_unpaid_fee"}} {
		_, outcome, ok := tt.r.FirstClosure()
		if !ok || outcome != tt.want {
			t.Errorf("%s: outcome %q, want %q", tt.r.ID, outcome, tt.want)
		}
	}
	// The fee can be paid until the 20th working day after the notice.
	r3 := MustRecord(t, p, newRequest("R3"), receivedInPerson("2024-03-01"), fee)
	if err := p.Record(r3, ev(EventFeeLapsed, "2024-04-08")); err == nil || err.(*Error).Message != "the applicant may pay until 2024-04-08" {
		t.Errorf("fee lapse on the last day to pay: %v", err)
	}
	MustRecord(t, p, r3, ev(EventFeePaid, "2024-04-08"), decided("2024-04-10", "granted"))
}
