package gongkai

import (
	"fmt"
	"sort"
	"time"
)

// 信息处理费 (processing fee): 条例第四十二条 lets an agency charge when the
// number or frequency of requests clearly exceeds a reasonable range; the
// amounts are set by 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号,
// in force from 2021-01-01). Amounts are whole 元.

// FeeMethod is how a fee is computed. One method per request, never both
// (国办函〔2020〕109号第三条).
type FeeMethod string

const (
	// FeePerRequest is 按件计收 (第四条): by the applicant's cumulative 件 in a natural month.
	FeePerRequest FeeMethod = "per_request"
	// FeePerPage is 按量计收 (第五条): by the pages of the request.
	FeePerPage FeeMethod = "per_page"
)

// FeePayDays is the time to pay: "申请人应当在收到收费通知次日起20个工作日内缴纳费用"
// (国办函〔2020〕109号); the day the notice is received is day 0.
const FeePayDays = 20

// FeeStart is the first day the 办法 applies (国办函〔2020〕109号, 自2021年1月1日起施行).
var FeeStart = Date{2021, time.January, 1}

// perRequestRate returns the fee of the k-th 件 (1-based) of one applicant in
// one natural month (国办函〔2020〕109号第四条): 1–10 free; 11–30 100元/件;
// from 31 "以10件为一档，每增加一档，收费标准提高100元/件": 31–40 200元, 41–50 300元, …
func perRequestRate(k int) int {
	switch {
	case k <= 10:
		return 0
	case k <= 30:
		return 100
	}
	return 100 + 100*((k-31)/10+1)
}

// PerRequestFee returns the fee in 元 of n more 件 by an applicant who has
// already filed prior 件 in the same natural month: only the marginal part
// is charged (超额累进, 第三条).
func PerRequestFee(prior, n int) int {
	total := 0
	for k := prior + 1; k <= prior+n; k++ {
		total += perRequestRate(k)
	}
	return total
}

// PerPageFee returns the fee in 元 for pages pages (国办函〔2020〕109号第五条):
// up to 30 free; 31–100 10元/页; 101–200 20元/页; from 201 40元/页.
func PerPageFee(pages int) int {
	clamp := func(v, lo, hi int) int { return max(0, min(v, hi)-lo) }
	return 10*clamp(pages, 30, 100) + 20*clamp(pages, 100, 200) + 40*max(0, pages-200)
}

// QuoteFee returns the fee of one request: by method, for units (件 after
// "一事一申请" splitting for FeePerRequest, pages for FeePerPage), where prior
// is the applicant's 件 earlier in the same natural month (FeePerRequest only).
func QuoteFee(method FeeMethod, units, prior int) (int, error) {
	if units < 1 || prior < 0 {
		return 0, &Error{Code: EINVALID, Rule: "国办函〔2020〕109号第四条",
			Message: fmt.Sprintf("invalid fee basis: %d units, %d prior", units, prior)}
	}
	switch method {
	case FeePerRequest:
		return PerRequestFee(prior, units), nil
	case FeePerPage:
		return PerPageFee(units), nil
	}
	return 0, &Error{Code: EINVALID, Rule: "国办函〔2020〕109号第三条",
		Message: fmt.Sprintf("fee method %q: want per_request or per_page (one of them, never both)", method)}
}

// MonthlyPrior returns, for each request, the 件 its applicant had already
// filed in the same natural month before it (国办函〔2020〕109号第四条 "同一申请人
// 一个自然月内累计申请"). The month is the receipt date's (条例第三十一条); the 办法 is
// silent, and the receipt date is the one date the 条例 fixes. Within a day,
// requests count in slice order. Requests without a receipt are skipped.
func MonthlyPrior(reqs []*Request) map[*Request]int {
	type key struct {
		applicant string
		year      int
		month     time.Month
	}
	type item struct {
		r   *Request
		on  Date
		pos int
	}
	var items []item
	for i, r := range reqs {
		if on := r.ReceivedOn(); !on.IsZero() {
			items = append(items, item{r, on, i})
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].on.Before(items[j].on) })
	count := map[key]int{}
	out := make(map[*Request]int, len(items))
	for _, it := range items {
		k := key{it.r.Applicant.ID, it.on.Year, it.on.Month}
		out[it.r] = count[k]
		count[k] += it.r.items()
	}
	return out
}
