package gongkai

import (
	"testing"
)

func TestPerPageFee(t *testing.T) {
	tests := []struct{ pages, want int }{
		{0, 0}, {30, 0}, {31, 10}, {100, 700}, {101, 720}, {200, 2700}, {201, 2740},
		{754, 24860},  // 杭州萧山 case (research notes §3)
		{1500, 54700}, // 成都 case
		{2219, 83460}, // 西安 case
	}
	for _, tt := range tests {
		if got := PerPageFee(tt.pages); got != tt.want {
			t.Errorf("PerPageFee(%d) mismatch (-want +got):\n-%d\n+%d", tt.pages, tt.want, got)
		}
	}
}

func TestPerRequestFee(t *testing.T) {
	tests := []struct{ prior, n, want int }{
		{0, 10, 0}, {0, 11, 100}, {0, 30, 2000}, {0, 31, 2200}, {0, 40, 4000}, {0, 41, 4300}, {0, 50, 7000}, {0, 60, 11000},
		{10, 1, 100},   // the 11th 件 of the month
		{30, 1, 200},   // the 31st
		{40, 1, 300},   // the 41st
		{29, 3, 500},   // 30th (100) + 31st (200) + 32nd (200): only the marginal part
		{9, 3, 200},    // 10th free, 11th and 12th at 100
		{200, 1, 1900}, // the 201st: 31–40 is 200, so 201–210 is 200 + 17 × 100
	}
	for _, tt := range tests {
		if got := PerRequestFee(tt.prior, tt.n); got != tt.want {
			t.Errorf("PerRequestFee(%d, %d) mismatch (-want +got):\n-%d\n+%d", tt.prior, tt.n, tt.want, got)
		}
		if tt.n == 1 {
			continue
		}
		// Cumulative: charging the 件 one by one costs the same as all at once.
		sum := 0
		for k := range tt.n {
			sum += PerRequestFee(tt.prior+k, 1)
		}
		if sum != tt.want {
			t.Errorf("PerRequestFee(%d, %d) one by one = %d, want %d", tt.prior, tt.n, sum, tt.want)
		}
	}
}

// TestMonthlyPrior: 件 are counted per applicant per natural month of the
// receipt date; the count starts again on the 1st.
func TestMonthlyPrior(t *testing.T) {
	p := testPolicy()
	var reqs []*Request
	mk := func(id, applicant, on string, items int) *Request {
		r := newRequest(id)
		r.Applicant.ID, r.Items = applicant, items
		MustRecord(t, p, r, receivedInPerson(on))
		reqs = append(reqs, r)
		return r
	}
	a1 := mk("A1", "甲", "2024-01-30", 8)
	a2 := mk("A2", "甲", "2024-01-31", 4) // 9th–12th 件 of January
	b1 := mk("B1", "乙", "2024-01-31", 12)
	a3 := mk("A3", "甲", "2024-02-01", 3) // February starts at 0
	a4 := mk("A4", "甲", "2024-02-29", 9) // 4th–12th 件 of February
	a0 := mk("A0", "甲", "2024-01-02", 1) // filed earlier in January, listed last
	prior := MonthlyPrior(reqs)
	tests := []struct {
		r            *Request
		prior, units int
		fee          int
	}{
		{a0, 0, 1, 0},
		{a1, 1, 8, 0},    // January 件 2–9
		{a2, 9, 4, 300},  // January 件 10–13: 0 + 100 + 100 + 100
		{b1, 0, 12, 200}, // another applicant: 件 1–12
		{a3, 0, 3, 0},    // February starts again at 0
		{a4, 3, 9, 200},  // February 件 4–12: the 11th and 12th
	}
	for _, tt := range tests {
		got := prior[tt.r]
		fee, err := QuoteFee(FeePerRequest, tt.units, got)
		if got != tt.prior || fee != tt.fee || err != nil {
			t.Errorf("%s: mismatch (-want +got):\n-prior %d fee %d\n+prior %d fee %d %v", tt.r.ID, tt.prior, tt.fee, got, fee, err)
		}
	}
	// Recording the fee notice checks the amount against the schedule.
	e := ev(EventFeeNoticed, "2024-03-01")
	e.FeeMethod, e.Units, e.PriorItems, e.Amount = FeePerRequest, 9, prior[a4], 200
	MustRecord(t, p, a4, e)
	st, _ := p.Status(a4)
	if st.State != StateAwaitingFee || st.FeeDueOn != d("2024-03-29") {
		t.Errorf("after the fee notice: %s, pay by %s; want awaiting_fee, 2024-03-29", st.State, st.FeeDueOn)
	}
}
