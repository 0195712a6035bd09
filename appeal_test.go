package gongkai

import (
	"strings"
	"testing"
)

func TestAppeal_Validate(t *testing.T) {
	p := testPolicy()
	r := MustRecord(t, p, newRequest("R1"), receivedInPerson("2024-03-01"), decided("2024-03-20", "withheld_process"))
	ok := Appeal{ID: "F1", RequestID: "R1", Kind: AppealReview, FiledOn: d("2024-04-10")}
	tests := []struct {
		name   string
		modify func(a *Appeal)
		want   string
	}{
		{"OK", func(a *Appeal) {}, ""},
		{"Closed", func(a *Appeal) { a.ClosedOn, a.Outcome = d("2024-06-01"), AppealUpheld }, ""},
		{"BadKind", func(a *Appeal) { a.Kind = "petition" }, "appeal F1: kind \"petition\": want review, suit_direct or suit_after_review"},
		{"ClosedBeforeFiled", func(a *Appeal) { a.ClosedOn, a.Outcome = d("2024-04-01"), AppealOther }, "appeal F1: closed on 2024-04-01, before it was filed on 2024-04-10"},
		{"ClosedPending", func(a *Appeal) { a.ClosedOn, a.Outcome = d("2024-06-01"), AppealPending }, "appeal F1: closed with outcome \"pending\": want upheld, corrected or other"},
		{"OutcomeWithoutClosing", func(a *Appeal) { a.Outcome = AppealCorrected }, "appeal F1: outcome corrected without a closing date"},
		{"BeforeRequest", func(a *Appeal) { a.FiledOn = d("2024-02-01") }, "appeal F1: filed on 2024-02-01, before the request was received"},
		{"ReviewIDOnReview", func(a *Appeal) { a.ReviewID = "F0" }, "appeal F1: only a suit_after_review follows a review"},
		{"OtherRequest", func(a *Appeal) { a.RequestID = "R2" }, "appeal F1: is about request R2, not R1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok
			tt.modify(&a)
			err := a.Validate(r)
			if got := ErrorMessage(err); got != tt.want {
				t.Errorf("mismatch (-want +got):\n-%s\n+%s", tt.want, got)
			}
			if err != nil && (ErrorCode(err) != EINVALID || err.(*Error).Rule != "条例第五十一条") {
				t.Errorf("error %v: want EINVALID with rule 条例第五十一条", err)
			}
		})
	}
}

// TestPolicy_CloseAppeal: a correction reopens the request for a new answer
// with a new 20-working-day period; upheld leaves it closed.
func TestPolicy_CloseAppeal(t *testing.T) {
	p := testPolicy()
	r := MustRecord(t, p, newRequest("R1"), receivedInPerson("2024-03-01"), decided("2024-03-20", "unavailable_not_held"))
	review := &Appeal{ID: "F1", RequestID: "R1", Kind: AppealReview, FiledOn: d("2024-04-10")}
	if err := p.CloseAppeal(review, r, d("2024-06-03"), AppealCorrected, "复议机关", Date{}); err != nil {
		t.Fatal(err)
	}
	if review.OutcomeAt(d("2024-06-02")) != AppealPending || review.OutcomeAt(d("2024-12-31")) != AppealCorrected {
		t.Errorf("OutcomeAt: %s / %s", review.OutcomeAt(d("2024-06-02")), review.OutcomeAt(d("2024-12-31")))
	}
	st, err := p.Status(r)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != StateOpen || st.ClockStart != d("2024-06-03") {
		t.Fatalf("after correction: %s from %s; want open from 2024-06-03", st.State, st.ClockStart)
	}
	due, err := p.Due(r)
	if err != nil {
		t.Fatal(err)
	}
	// 6月3日 + 20 working days, skipping 端午节 (6月10日).
	if due.Date != d("2024-07-02") || !strings.Contains(due.Explain(), "因行政复议F1结果纠正重新办理") {
		t.Errorf("due %s:\n%s", due.Date, due.Explain())
	}
	if err := p.CloseAppeal(review, r, d("2024-06-04"), AppealUpheld, "x", Date{}); err == nil {
		t.Error("closed an appeal twice")
	}
	// The re-answer closes it again; table 三 keeps the first closure.
	MustRecord(t, p, r, decided("2024-06-20", "granted"))
	if on, outcome, _ := r.FirstClosure(); on != d("2024-03-20") || outcome != "unavailable_not_held" {
		t.Errorf("FirstClosure = %s %s", on, outcome)
	}
	// A suit after the review, upheld: nothing reopens.
	suit := &Appeal{ID: "S1", RequestID: "R1", Kind: AppealSuitAfterReview, ReviewID: "F1", FiledOn: d("2024-06-20")}
	if err := p.CloseAppeal(suit, r, d("2024-09-02"), AppealUpheld, "法院", Date{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := p.Status(r); st.State != StateClosed {
		t.Errorf("after upheld suit: %s", st.State)
	}
	// A judgment with its own term for the new answer.
	suit2 := &Appeal{ID: "S2", RequestID: "R1", Kind: AppealSuitDirect, FiledOn: d("2024-07-01")}
	if err := p.CloseAppeal(suit2, r, d("2024-09-10"), AppealCorrected, "法院", d("2024-10-31")); err != nil {
		t.Fatal(err)
	}
	if due, err := p.Due(r); err != nil || due.Date != d("2024-10-31") {
		t.Errorf("due after judgment = %s, %v; want 2024-10-31", due.Date, err)
	}
}
