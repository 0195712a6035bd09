package gongkai

import (
	"fmt"
	"sort"
	"strings"
)

// Due is the reply deadline (答复期限) of a request and how it was reached.
type Due struct {
	Date Date
	// Start is day 0: the receipt date, the day the clarified request came
	// in (条例第三十条) or the day of a reopening.
	Start Date
	// Days is the number of working days counted: 20 (条例第三十三条) plus the
	// extension; Excluded the working days of consultation left out of it.
	Days, Excluded int
	// Trace is the explanation, one clause per step, in Simplified Chinese
	// with full-width punctuation, ready to paste into a letter.
	Trace []string
}

// Explain returns the trace as one sentence: clauses joined with "；",
// ending with "。".
func (d Due) Explain() string { return strings.Join(d.Trace, "；") + "。" }

// span is an excluded stretch of days (From, To]: the day a consultation
// started counts, the days after it up to its end do not.
type span struct {
	From, To Date
	Label    string
}

// replyDays returns the working days of the period and whether the start day
// is itself counted.
func (p *Policy) replyDays(st *Status) (n int, startCounts bool, err error) {
	n = ReplyDays
	if st.periodDays > 0 {
		n = st.periodDays
	}
	if st.Extension != nil {
		n += st.Extension.Days
	}
	if p.CountReceiptDay {
		w, err := p.cal().IsWorkingDay(st.ClockStart)
		if err != nil {
			return 0, false, err
		}
		startCounts = w
	}
	return n, startCounts, nil
}

// excluded returns the spans left out of the clock up to clip, merged and in
// order: consultations (条例第三十三条第二款), capped at the 15 working days the
// consulted party has (条例第三十二条、第三十四条), and, when the policy says so,
// the fee period.
func (p *Policy) excluded(st *Status, clip Date) ([]span, error) {
	c := p.cal()
	var spans []span
	add := func(from, to Date, capDays int, label string) error {
		if to.IsZero() || to.After(clip) {
			to = clip
		}
		if !from.Before(to) {
			return nil
		}
		if capDays > 0 {
			k, err := c.WorkingDaysBetween(from, to)
			if err != nil {
				return err
			}
			if k > capDays {
				if to, err = c.AddWorkingDays(from, capDays); err != nil {
					return err
				}
			}
		}
		if from.Before(st.ClockStart) {
			from = st.ClockStart
		}
		if from.Before(to) {
			spans = append(spans, span{from, to, label})
		}
		return nil
	}
	for _, k := range st.Consultations {
		label := "征求第三方意见（条例第三十二条）"
		if k.Party == OtherAgency {
			label = "征求其他机关意见（条例第三十四条）"
		}
		if k.EndedOn.IsZero() {
			// Still open: count the whole term the consulted party has; the
			// date moves earlier when the answer comes sooner.
			label += "尚未结束，暂按15个工作日计算"
		}
		if err := add(k.StartedOn, k.EndedOn, ConsultationDays, label); err != nil {
			return nil, err
		}
	}
	if p.ExcludeFeePeriod && st.Fee != nil {
		end := st.FeePaidOn
		if end.IsZero() {
			end = st.FeeDueOn
		}
		if err := add(st.Fee.On, end, 0, "等待缴纳信息处理费"); err != nil {
			return nil, err
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].From.Before(spans[j].From) })
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && !s.From.After(merged[n-1].To) {
			if s.To.After(merged[n-1].To) {
				merged[n-1].To = s.To
			}
			if !strings.Contains(merged[n-1].Label, s.Label) {
				merged[n-1].Label += "、" + s.Label
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged, nil
}

// counted returns the working days counted toward the period in (ClockStart, on].
func (p *Policy) counted(st *Status, on Date) (int, error) {
	c := p.cal()
	k, err := c.WorkingDaysBetween(st.ClockStart, on)
	if err != nil {
		return 0, err
	}
	spans, err := p.excluded(st, on)
	if err != nil {
		return 0, err
	}
	for _, s := range spans {
		x, err := c.WorkingDaysBetween(s.From, s.To)
		if err != nil {
			return 0, err
		}
		k -= x
	}
	return k, nil
}

// statutoryDue returns the end of the 20 (+ extension) working days, net of
// excluded spans. It iterates: the spans up to a candidate date push the date
// later, which can only bring more spans in.
func (p *Policy) statutoryDue(st *Status) (Date, int, error) {
	c := p.cal()
	n, startCounts, err := p.replyDays(st)
	if err != nil {
		return Date{}, 0, err
	}
	if startCounts {
		n--
	}
	due, err := c.AddWorkingDays(st.ClockStart, n)
	if err != nil {
		return Date{}, 0, err
	}
	for {
		k, err := p.counted(st, due)
		if err != nil {
			return Date{}, 0, err
		}
		total, _ := c.WorkingDaysBetween(st.ClockStart, due)
		if k >= n {
			return due, total - k, nil
		}
		if due, err = c.AddWorkingDays(due, n-k); err != nil {
			return Date{}, 0, err
		}
	}
}

// dueDate returns the reply deadline: the statutory one, or a later term set
// under 条例第三十五条 or by the order behind a reopening.
func (p *Policy) dueDate(st *Status) (Date, error) {
	if st.ReopenedBy != nil && !st.ReopenedBy.DueOn.IsZero() {
		return st.ReopenedBy.DueOn, nil
	}
	due, _, err := p.statutoryDue(st)
	if err != nil {
		return Date{}, err
	}
	if st.TermOn.After(due) {
		return st.TermOn, nil
	}
	return due, nil
}

// late reports whether a step on the date on falls after the reply deadline.
// It needs the calendar only up to on, so a decision in December can be
// checked before next year's calendar is published.
func (p *Policy) late(st *Status, on Date) (bool, error) {
	if st.ReopenedBy != nil && !st.ReopenedBy.DueOn.IsZero() {
		return on.After(st.ReopenedBy.DueOn), nil
	}
	if !st.TermOn.IsZero() && !on.After(st.TermOn) {
		return false, nil
	}
	n, startCounts, err := p.replyDays(st)
	if err != nil {
		return false, err
	}
	if startCounts {
		n--
	}
	k, err := p.counted(st, on)
	if err != nil || k != n {
		return k > n, err
	}
	// Exactly n days counted: on time only if on is itself the n-th day.
	prev, err := p.counted(st, on.AddDays(-1))
	return prev != n-1, err
}

// dueText is the deadline in Chinese for messages, or "" when it cannot be
// computed yet (next year's calendar not loaded).
func (p *Policy) dueText(st *Status) string {
	if d, err := p.dueDate(st); err == nil {
		return "（" + d.Chinese() + "）"
	}
	return ""
}

// Due returns the reply deadline of r with its explanation. While the
// applicant's 补正 is awaited there is no reply deadline (条例第三十条: the
// period starts again when the clarified request arrives): the error says so.
func (p *Policy) Due(r *Request) (Due, error) {
	st, err := p.Status(r)
	if err != nil {
		return Due{}, err
	}
	switch st.State {
	case StateNone:
		return Due{}, invalid("条例第三十一条", "request %s has not been received", r.ID)
	case StateClarifying:
		return Due{}, invalid("条例第三十条", "request %s awaits clarification (due %s): the reply period starts when the clarified request arrives", r.ID, st.ClarificationDueOn)
	}
	return p.explain(st)
}

// Explain returns the date days working days after start, with the trace,
// as for a request received on start with a period of days working days
// (the calendar alone: no consultation, no extension). days must be ≥ 1.
func (p *Policy) Explain(start Date, days int) (Due, error) {
	if days < 1 {
		return Due{}, Errorf(EINVALID, "the period must be at least 1 working day, not %d", days)
	}
	if _, err := p.cal().IsWorkingDay(start); err != nil {
		return Due{}, err
	}
	return p.explain(&Status{State: StateOpen, ReceivedOn: start, ClockStart: start, ClockReason: EventReceived, periodDays: days})
}

// explain walks the days from the start and writes the trace.
func (p *Policy) explain(st *Status) (Due, error) {
	c := p.cal()
	date, excl, err := p.statutoryDue(st)
	if err != nil {
		return Due{}, err
	}
	n, startCounts, _ := p.replyDays(st)
	spans, err := p.excluded(st, date)
	if err != nil {
		return Due{}, err
	}
	d := Due{Date: date, Start: st.ClockStart, Days: n, Excluded: excl}
	year := st.ClockStart.Year
	short := func(x Date) string {
		if x.Year == year {
			return x.ChineseShort()
		}
		return x.Chinese()
	}
	rangeOf := func(a, b Date) string {
		if a == b {
			return short(a) + "（" + a.WeekdayChinese() + "）"
		}
		return short(a) + "至" + short(b)
	}
	start := st.ClockStart
	switch st.ClockReason {
	case EventReceived:
		note := start.WeekdayChinese()
		if e := c.Day(start); e.Kind == DayHoliday {
			note += "，" + e.Name + "放假期间"
		} else if e.Kind == DayMakeUp {
			note += "，" + e.Name + "上班日"
		}
		d.Trace = append(d.Trace, fmt.Sprintf("%s（%s）收到申请（第0日）", start.Chinese(), note))
	case EventClarificationReceived:
		d.Trace = append(d.Trace,
			fmt.Sprintf("%s收到申请", st.ReceivedOn.Chinese()),
			fmt.Sprintf("%s一次性告知申请人补正（条例第三十条）", short(st.ClarificationOn)),
			fmt.Sprintf("%s（%s）收到补正后的申请，答复期限自该日起重新计算（第0日）", short(start), start.WeekdayChinese()))
	case EventReopened:
		d.Trace = append(d.Trace,
			fmt.Sprintf("%s收到申请", st.ReceivedOn.Chinese()),
			fmt.Sprintf("%s（%s）因%s结果纠正重新办理，答复期限自该日起重新计算（第0日）", start.Chinese(), start.WeekdayChinese(), st.ReopenedBy.Ref))
	}
	if startCounts {
		d.Trace[len(d.Trace)-1] = strings.TrimSuffix(d.Trace[len(d.Trace)-1], "（第0日）") + "，当日计第1个工作日"
	}
	base := ReplyDays
	if st.periodDays > 0 {
		base = st.periodDays
	}
	count := 0
	if startCounts {
		count = 1
	}
	// Group consecutive days of the same kind into one clause.
	type run struct {
		kind       string // work, weekend, holiday, makeup, excluded
		name       string
		from, to   Date
		first, end int // working-day numbers, for work and makeup runs
	}
	var cur *run
	flush := func() {
		if cur == nil {
			return
		}
		r := *cur
		cur = nil
		var s string
		switch r.kind {
		case "work":
			if r.first == r.end {
				s = fmt.Sprintf("%s计第%d个工作日", short(r.from), r.first)
			} else {
				s = fmt.Sprintf("%s至%s计第%d至第%d个工作日", short(r.from), short(r.to), r.first, r.end)
			}
		case "makeup":
			s = fmt.Sprintf("%s（%s）%s上班，计第%d个工作日", short(r.from), r.from.WeekdayChinese(), r.name, r.first)
		case "weekend":
			s = rangeOf(r.from, r.to) + "为周末，不计"
		case "holiday":
			s = fmt.Sprintf("%s%s放假，不计", rangeOf(r.from, r.to), r.name)
		case "excluded":
			s = fmt.Sprintf("%s%s，所需时间不计算在答复期限内（条例第三十三条第二款），不计", rangeOf(r.from, r.to), r.name)
		}
		d.Trace = append(d.Trace, s)
	}
	inSpan := func(x Date) string {
		for _, s := range spans {
			if x.After(s.From) && !x.After(s.To) {
				return s.Label
			}
		}
		return ""
	}
	for x := start.AddDays(1); count < n; x = x.AddDays(1) {
		w, err := c.IsWorkingDay(x)
		if err != nil {
			return Due{}, err
		}
		e := c.Day(x)
		kind, name := "work", ""
		switch {
		case inSpan(x) != "":
			kind, name = "excluded", inSpan(x)
		case !w && e.Kind == DayHoliday:
			kind, name = "holiday", e.Name
		case !w:
			kind = "weekend"
		case e.Kind == DayMakeUp:
			kind, name = "makeup", e.Name
		}
		if kind == "work" || kind == "makeup" {
			count++
		}
		if cur != nil && (cur.kind != kind || cur.name != name || kind == "makeup") {
			flush()
		}
		if cur == nil {
			cur = &run{kind: kind, name: name, from: x, first: count}
		}
		cur.to, cur.end = x, count
		if count == base && (kind == "work" || kind == "makeup") && st.Extension != nil {
			flush()
			ext := st.Extension
			d.Trace = append(d.Trace, fmt.Sprintf("原答复期限届满日为%s；%s经%s同意延长答复期限%d个工作日，%s告知申请人（条例第三十三条第一款）",
				short(x), short(ext.On), ext.Approver, ext.Days, short(ext.NoticeOn)))
		}
	}
	flush()
	d.Trace = append(d.Trace, fmt.Sprintf("答复期限届满日为%s（%s）", date.Chinese(), date.WeekdayChinese()))
	final, err := p.dueDate(st)
	if err != nil {
		return Due{}, err
	}
	if final != date {
		d.Date = final
		if st.ReopenedBy != nil && st.ReopenedBy.DueOn == final {
			d.Trace = append(d.Trace, fmt.Sprintf("%s确定的重新答复期限为%s", st.ReopenedBy.Ref, final.Chinese()))
		} else {
			d.Trace = append(d.Trace, fmt.Sprintf("经审查申请理由合理，确定延迟答复的合理期限至%s（%s）并告知申请人（条例第三十五条）", final.Chinese(), final.WeekdayChinese()))
		}
	}
	return d, nil
}

// DueChange is one open request whose deadline moved when the calendar changed.
type DueChange struct {
	RequestID     string
	Before, After Date
	Explanation   string // the new trace
}

// Recompute recomputes the deadline of every open request under before and
// after (typically the same policy with the old and the new calendar) and
// returns the requests whose date moved, in input order. Closed requests and
// requests awaiting clarification have no running deadline and are skipped.
func Recompute(reqs []*Request, before, after *Policy) ([]DueChange, error) {
	var out []DueChange
	for _, r := range reqs {
		st, err := after.Status(r)
		if err != nil {
			return nil, err
		}
		if st.State == StateClosed || st.State == StateClarifying || st.State == StateNone {
			continue
		}
		old, err := before.Due(r)
		if err != nil {
			return nil, err
		}
		now, err := after.Due(r)
		if err != nil {
			return nil, err
		}
		if old.Date != now.Date {
			out = append(out, DueChange{RequestID: r.ID, Before: old.Date, After: now.Date, Explanation: now.Explain()})
		}
	}
	return out, nil
}
