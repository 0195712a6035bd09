package gongkai

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestPolicy_Due(t *testing.T) {
	clarify := ev(EventClarificationRequested, "2024-03-05")
	clarify.Days = 10
	reasons := ev(EventReasonsRequested, "2024-03-04")
	reasons.Days = 5
	accepted := ev(EventReasonsAccepted, "2024-03-08")
	accepted.DueOn = d("2024-05-31")
	tests := []struct {
		name            string
		countReceiptDay bool
		events          []Event
		want            string
		excluded        int
		contains        []string // clauses the explanation must contain
	}{
		{name: "NationalDay2024", events: []Event{receivedInPerson("2024-09-27")}, want: "2024-10-30",
			contains: []string{"2024年9月27日（星期五）收到申请（第0日）", "9月29日（星期日）国庆节调休上班，计第1个工作日", "10月1日至10月7日国庆节放假，不计", "答复期限届满日为2024年10月30日（星期三）"}},
		{name: "ReceiptOnHoliday", events: []Event{{Kind: EventReceived, Channel: ChannelOnline, ArrivedOn: d("2024-10-02"), ConfirmedOn: d("2024-10-03")}}, want: "2024-11-01",
			contains: []string{"2024年10月3日（星期四，国庆节放假期间）收到申请（第0日）", "10月4日至10月7日国庆节放假，不计", "10月8日至10月11日计第1至第4个工作日"}},
		{name: "ReceiptOnMakeUpSaturday", events: []Event{receivedInPerson("2024-10-12")}, want: "2024-11-08",
			contains: []string{"2024年10月12日（星期六，国庆节调休上班日）收到申请（第0日）"}},
		{name: "ReceiptOnMakeUpSaturdayCounted", countReceiptDay: true, events: []Event{receivedInPerson("2024-10-12")}, want: "2024-11-07",
			contains: []string{"收到申请，当日计第1个工作日", "11月4日至11月7日计第17至第20个工作日"}},
		{name: "ReceiptOnHolidayCounted", countReceiptDay: true, events: []Event{{Kind: EventReceived, Channel: ChannelFax, ConfirmedOn: d("2024-10-03")}}, want: "2024-11-01"},
		{name: "SpringFestival2020Extension", events: []Event{receivedInPerson("2020-01-23")}, want: "2020-02-28",
			contains: []string{"1月24日至1月30日春节放假，不计", "1月31日至2月2日春节（延长假期）放假，不计", "2月3日至2月7日计第1至第5个工作日"}},
		{name: "ClarificationRestarts", events: []Event{receivedInPerson("2024-03-01"), clarify, ev(EventClarificationReceived, "2024-03-12")}, want: "2024-04-10",
			contains: []string{"2024年3月1日收到申请", "3月5日一次性告知申请人补正（条例第三十条）", "3月12日（星期二）收到补正后的申请，答复期限自该日起重新计算（第0日）", "4月7日（星期日）清明节调休上班，计第17个工作日"}},
		{name: "ThirdPartyAcrossNationalDay", events: []Event{receivedInPerson("2024-09-20"),
			consult(EventConsultationStarted, "2024-09-25", "C1", ThirdParty), consult(EventConsultationEnded, "2024-10-16", "C1", "")},
			want: "2024-11-08", excluded: 12,
			contains: []string{"9月23日至9月25日计第1至第3个工作日", "9月26日至10月16日征求第三方意见（条例第三十二条），所需时间不计算在答复期限内（条例第三十三条第二款），不计", "10月17日至10月18日计第4至第5个工作日"}},
		{name: "ConsultationCappedAt15", events: []Event{receivedInPerson("2024-03-01"),
			consult(EventConsultationStarted, "2024-03-04", "C1", OtherAgency), consult(EventConsultationEnded, "2024-04-30", "C1", "")},
			// 3月4日 + 15 working days = 3月25日; then 19 more days.
			want: "2024-04-22", excluded: 15,
			contains: []string{"3月5日至3月25日征求其他机关意见（条例第三十四条）"}},
		{name: "OverlappingConsultations", events: []Event{receivedInPerson("2024-03-01"),
			consult(EventConsultationStarted, "2024-03-04", "C1", ThirdParty), consult(EventConsultationStarted, "2024-03-06", "C2", OtherAgency),
			consult(EventConsultationEnded, "2024-03-08", "C1", ""), consult(EventConsultationEnded, "2024-03-12", "C2", "")},
			want: "2024-04-09", excluded: 6,
			contains: []string{"3月5日至3月12日征求第三方意见（条例第三十二条）、征求其他机关意见（条例第三十四条）"}},
		{name: "OpenConsultationCountsItsFullTerm", events: []Event{receivedInPerson("2024-03-01"),
			consult(EventConsultationStarted, "2024-03-04", "C1", ThirdParty)}, want: "2024-04-22", excluded: 15,
			contains: []string{"3月5日至3月25日征求第三方意见（条例第三十二条）尚未结束，暂按15个工作日计算，所需时间不计算在答复期限内"}},
		{name: "Extension", events: []Event{receivedInPerson("2024-09-27"), extended("2024-10-25", 20)}, want: "2024-11-27",
			contains: []string{"原答复期限届满日为10月30日；10月25日经公开办主任李四同意延长答复期限20个工作日，10月25日告知申请人（条例第三十三条第一款）", "11月25日至11月27日计第38至第40个工作日"}},
		{name: "ExtensionOnLastDay", events: []Event{receivedInPerson("2024-09-27"), extended("2024-10-30", 5)}, want: "2024-11-06"},
		{name: "Article35Term", events: []Event{receivedInPerson("2024-03-01"), reasons, accepted}, want: "2024-05-31",
			contains: []string{"答复期限届满日为2024年3月29日（星期五）", "经审查申请理由合理，确定延迟答复的合理期限至2024年5月31日（星期五）并告知申请人（条例第三十五条）"}},
		{name: "DecemberToJanuary", events: []Event{receivedInPerson("2025-12-15")}, want: "2026-01-13",
			contains: []string{"2026年1月1日至2026年1月3日元旦放假，不计", "2026年1月4日（星期日）元旦调休上班，计第13个工作日"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPolicy()
			p.CountReceiptDay = tt.countReceiptDay
			r := MustRecord(t, p, newRequest("R1"), tt.events...)
			due, err := p.Due(r)
			if err != nil {
				t.Fatal(err)
			}
			if due.Date.String() != tt.want || due.Excluded != tt.excluded {
				t.Errorf("mismatch (-want +got):\n-%s excluded %d\n+%s excluded %d\n%s", tt.want, tt.excluded, due.Date, due.Excluded, due.Explain())
			}
			text := due.Explain()
			for _, c := range tt.contains {
				if !strings.Contains(text, c) {
					t.Errorf("explanation lacks %q:\n%s", c, text)
				}
			}
			if strings.ContainsAny(text, ",;:()") || !strings.HasSuffix(text, "。") {
				t.Errorf("explanation must use full-width punctuation and end with 。:\n%s", text)
			}
			// The deadline is on time, the next day is late.
			st, _ := p.Status(r)
			for _, c := range []struct {
				on   Date
				late bool
			}{{due.Date, false}, {due.Date.AddDays(1), true}} {
				if late, err := p.late(st, c.on); err != nil || late != c.late {
					t.Errorf("late(%s) = %v, %v; want %v", c.on, late, err, c.late)
				}
			}
		})
	}
}

func TestPolicy_Due_Errors(t *testing.T) {
	p := testPolicy()
	clarify := ev(EventClarificationRequested, "2024-03-05")
	clarify.Days = 10
	r := MustRecord(t, p, newRequest("R1"), receivedInPerson("2024-03-01"), clarify)
	if _, err := p.Due(r); err == nil || err.(*Error).Rule != "条例第三十条" {
		t.Errorf("Due while awaiting clarification: %v", err)
	}
	p.Now = nil // December 2026 is in the future of the test clock
	r2 := MustRecord(t, p, newRequest("R2"), receivedInPerson("2026-12-10"))
	if _, err := p.Due(r2); err == nil || err.Error() != "2027 calendar not loaded" {
		t.Errorf("Due into 2027: %v; want 2027 calendar not loaded", err)
	}
	// A decision in December can still be recorded and checked without 2027.
	MustRecord(t, p, r2, decided("2026-12-18", "granted"))
}

// TestPolicy_LateMatchesDue checks, for random histories, that late(on) is
// exactly on > Due().Date and that the trace counts the same days.
func TestPolicy_LateMatchesDue(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	p := testPolicy()
	for i := range 300 {
		p.CountReceiptDay = i%3 == 0
		r := newRequest("R")
		start := d("2019-01-02").AddDays(rng.IntN(7 * 365))
		MustRecord(t, p, r, receivedInPerson(start.String()))
		at := start
		for k := range rng.IntN(3) {
			at = at.AddDays(1 + rng.IntN(6))
			ref := string(rune('A' + k))
			MustRecord(t, p, r, consult(EventConsultationStarted, at.String(), ref, ThirdParty))
			at = at.AddDays(rng.IntN(30))
			MustRecord(t, p, r, consult(EventConsultationEnded, at.String(), ref, ""))
		}
		if rng.IntN(2) == 0 {
			if err := p.Record(r, extended(at.String(), 1+rng.IntN(20))); err != nil && ErrorCode(err) != EINVALID {
				t.Fatal(err)
			}
		}
		due, err := p.Due(r)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := p.Status(r)
		for x := due.Date.AddDays(-5); x.Before(due.Date.AddDays(5)); x = x.AddDays(1) {
			if x.Before(st.ClockStart) {
				continue
			}
			late, err := p.late(st, x)
			if err != nil || late != x.After(due.Date) {
				t.Fatalf("%v: late(%s) = %v, %v; due %s\n%s", r.Events, x, late, err, due.Date, due.Explain())
			}
		}
		if !strings.Contains(due.Explain(), "第"+itoa(due.Days)+"个工作日") {
			t.Fatalf("trace does not reach day %d:\n%s", due.Days, due.Explain())
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
func TestRecompute(t *testing.T) {
	before := testPolicy()
	reqs := []*Request{
		MustRecord(t, before, newRequest("R1"), receivedInPerson("2026-06-22")),                                          // due 2026-07-20, spans 7月1日
		MustRecord(t, before, newRequest("R2"), receivedInPerson("2026-06-22"), decided("2026-06-30", "granted")),        // closed
		MustRecord(t, before, newRequest("R3"), receivedInPerson("2026-08-03")),                                          // after the holiday
		MustRecord(t, before, newRequest("R4"), receivedInPerson("2026-06-15"), extended("2026-06-30", 10)),              // extended, spans it
		MustRecord(t, before, newRequest("R5"), receivedInPerson("2026-05-28"), decided("2026-06-02", "partly_granted")), // closed
	}
	cal := before.Calendar.Clone()
	f, err := ParseCalendarFile("local.txt", strings.NewReader("off 2026-07-01 县庆\n"))
	if err != nil {
		t.Fatal(err)
	}
	cal.Load(f)
	after := &Policy{Calendar: cal, Now: before.Now}
	changes, err := Recompute(reqs, before, after)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.RequestID+" "+c.Before.String()+" → "+c.After.String())
		if !strings.Contains(c.Explanation, "7月1日（星期三）县庆放假，不计") {
			t.Errorf("%s: explanation does not show the new holiday:\n%s", c.RequestID, c.Explanation)
		}
	}
	want := "R1 2026-07-20 → 2026-07-21\nR4 2026-07-28 → 2026-07-29"
	if strings.Join(got, "\n") != want {
		t.Errorf("mismatch (-want +got):\n-%s\n+%s", want, strings.Join(got, "\n"))
	}
}

// BenchmarkDue computes a deadline with its full Chinese trace (a request
// with a consultation across National Day and an extension).
func BenchmarkDue(b *testing.B) {
	p := testPolicy()
	r := MustRecord(b, p, newRequest("R1"), receivedInPerson("2024-09-20"),
		consult(EventConsultationStarted, "2024-09-25", "C1", ThirdParty), consult(EventConsultationEnded, "2024-10-16", "C1", ""),
		extended("2024-11-01", 20))
	for b.Loop() {
		if _, err := p.Due(r); err != nil {
			b.Fatal(err)
		}
	}
}
