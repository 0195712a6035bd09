package gongkai

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

// Working days (工作日). The 条例 counts every time limit in working days
// (条例第二十六条、第三十条、第三十二条、第三十三条、第三十四条) without defining them.
// The practice followed here: Monday–Friday, minus the days off of the State
// Council's annual holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知,
// under 《全国年节及纪念日放假办法》), plus the weekend days that notice declares
// working days (调休上班).

//go:embed calendar/*.txt
var calendarData embed.FS

// CalendarDay is the calendar's entry for one date, if it has one.
type CalendarDay struct {
	Date   Date
	Kind   DayKind
	Name   string // 国庆节, 春节调休, …
	Source string // the file it came from
}

// CalendarChange is one date whose entry changed when a file was loaded.
type CalendarChange struct {
	Date          Date
	Before, After CalendarDay // Kind DayOrdinary when there was / is no entry
	// WasWorking and IsWorking say whether the date was / is a working day
	// (false before when its year was not loaded).
	WasWorking, IsWorking bool
	// WasLoaded is false when the date's year was not loaded before.
	WasLoaded bool
}

// Calendar is the working-day calendar: the years it knows and their
// holiday and make-up entries. Reads are safe for concurrent use; Load is not
// (load everything first, or Clone and swap).
type Calendar struct {
	years map[int]string // loaded years → the file that declared them
	notes map[int][]string
	days  map[Date]CalendarDay
	// The index, rebuilt by every Load: one slot per day from 1 January of
	// the first loaded year to 31 December of the last.
	first, last int     // year range of the index (0, -1 when empty)
	start       int     // day number (days since 1970-01-01) of slot 0
	working     []bool  // working[i]: slot i is a working day
	cum         []int32 // cum[i]: working days in slots 0..i
	nth         []int32 // nth[k]: slot of the (k+1)-th working day
}

// NewCalendar returns an empty calendar: no year is loaded.
func NewCalendar() *Calendar {
	return &Calendar{years: map[int]string{}, notes: map[int][]string{}, days: map[Date]CalendarDay{}, last: -1}
}

var defaultFiles = sync.OnceValues(func() ([]*CalendarFile, error) {
	names, err := fs.Glob(calendarData, "calendar/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var files []*CalendarFile
	for _, n := range names {
		b, err := calendarData.ReadFile(n)
		if err != nil {
			return nil, err
		}
		f, err := ParseCalendarFile(n, bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
})

// DefaultCalendar returns a new calendar holding the embedded State Council
// notices for 2019–2026 (research notes §5), including the 2019 Labour Day
// amendment (国办发明电〔2019〕3号) and the 2020 Spring Festival extension
// (国办发明电〔2020〕1号). Each call returns an independent copy.
func DefaultCalendar() *Calendar {
	files, err := defaultFiles()
	if err != nil {
		panic("gongkai: embedded calendar: " + err.Error()) // tested; cannot happen in a built binary
	}
	c := NewCalendar()
	for _, f := range files {
		c.Load(f)
	}
	return c
}

// sharedDefault is the read-only default calendar of a Policy without one.
var sharedDefault = sync.OnceValue(DefaultCalendar)

// Clone returns an independent copy of c.
func (c *Calendar) Clone() *Calendar {
	n := NewCalendar()
	for y, s := range c.years {
		n.years[y] = s
	}
	for y, s := range c.notes {
		n.notes[y] = append([]string(nil), s...)
	}
	for d, e := range c.days {
		n.days[d] = e
	}
	n.rebuild()
	return n
}

// Load applies a parsed file on top of c: its years become loaded, its
// entries replace the entries of the same dates. It returns what changed, in
// date order (for a newly loaded year, only its entries are listed).
func (c *Calendar) Load(f *CalendarFile) []CalendarChange {
	type before struct {
		day     CalendarDay
		working bool
		loaded  bool
	}
	old := map[Date]before{}
	remember := func(d Date) {
		if _, ok := old[d]; ok {
			return
		}
		w, err := c.IsWorkingDay(d)
		old[d] = before{c.days[d], w && err == nil, err == nil}
	}
	for _, e := range f.Entries {
		for d := e.From; !d.After(e.To); d = d.AddDays(1) {
			remember(d)
		}
	}
	for _, y := range f.Years {
		c.years[y] = f.Name
		c.notes[y] = append(c.notes[y], f.Comments...)
	}
	for _, e := range f.Entries {
		for d := e.From; !d.After(e.To); d = d.AddDays(1) {
			if e.Kind == DayOrdinary {
				delete(c.days, d)
			} else {
				c.days[d] = CalendarDay{Date: d, Kind: e.Kind, Name: e.Name, Source: f.Name}
			}
		}
	}
	c.rebuild()
	var changes []CalendarChange
	for d, b := range old {
		now := c.days[d]
		w, err := c.IsWorkingDay(d)
		w = w && err == nil
		if now.Kind == b.day.Kind && now.Name == b.day.Name && w == b.working && b.loaded {
			continue
		}
		if b.day.Kind == DayOrdinary {
			b.day.Date = d
		}
		if now.Kind == DayOrdinary {
			now.Date = d
		}
		changes = append(changes, CalendarChange{Date: d, Before: b.day, After: now, WasWorking: b.working, IsWorking: w, WasLoaded: b.loaded})
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Date.Before(changes[j].Date) })
	return changes
}

// rebuild recomputes the index after a change.
func (c *Calendar) rebuild() {
	c.first, c.last = 0, -1
	for y := range c.years {
		if c.last < c.first {
			c.first, c.last = y, y
		}
		c.first, c.last = min(c.first, y), max(c.last, y)
	}
	if c.last < c.first {
		c.working, c.cum, c.nth = nil, nil, nil
		return
	}
	c.start = NewDate(c.first, 1, 1).days()
	n := NewDate(c.last+1, 1, 1).days() - c.start
	c.working = make([]bool, n)
	c.cum = make([]int32, n)
	c.nth = c.nth[:0]
	var count int32
	for i := range n {
		d := dateFromDays(c.start + i)
		w := !d.IsWeekend()
		if e, ok := c.days[d]; ok {
			w = e.Kind == DayMakeUp || (e.Kind == DayOrdinary && w)
		}
		if w {
			c.nth = append(c.nth, int32(i))
			count++
		}
		c.working[i] = w
		c.cum[i] = count
	}
}

// Years returns the loaded years in order.
func (c *Calendar) Years() []int {
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Loaded reports whether year is loaded.
func (c *Calendar) Loaded(year int) bool { _, ok := c.years[year]; return ok }

// Notes returns the comment lines (the notices' 文号) of the files that loaded year.
func (c *Calendar) Notes(year int) []string { return c.notes[year] }

// notLoaded is the error for a date outside the loaded years.
func notLoaded(year int) error {
	return &Error{Code: EINVALID, Message: fmt.Sprintf("%d calendar not loaded", year)}
}

// checkYears returns an error unless every year from a to b is loaded.
func (c *Calendar) checkYears(a, b int) error {
	for y := a; y <= b; y++ {
		if !c.Loaded(y) {
			return notLoaded(y)
		}
	}
	return nil
}

func (c *Calendar) slot(d Date) int { return d.days() - c.start }

// IsWorkingDay reports whether d is a working day. It returns an EINVALID
// error ("2027 calendar not loaded") when d's year is not loaded.
func (c *Calendar) IsWorkingDay(d Date) (bool, error) {
	if !c.Loaded(d.Year) {
		return false, notLoaded(d.Year)
	}
	return c.working[c.slot(d)], nil
}

// Day returns the entry of d (DayOrdinary with an empty name when d has none).
func (c *Calendar) Day(d Date) CalendarDay {
	if e, ok := c.days[d]; ok {
		return e
	}
	return CalendarDay{Date: d}
}

// AddWorkingDays returns the n-th working day after d (d itself is day 0 and
// is never counted, whatever it is). n must be ≥ 0; AddWorkingDays(d, 0) is d.
// Every year from d's to the result's must be loaded.
func (c *Calendar) AddWorkingDays(d Date, n int) (Date, error) {
	if n < 0 {
		return Date{}, Errorf(EINVALID, "negative number of working days: %d", n)
	}
	if !c.Loaded(d.Year) {
		return Date{}, notLoaded(d.Year)
	}
	if n == 0 {
		return d, nil
	}
	target := int(c.cum[c.slot(d)]) + n
	if target > len(c.nth) {
		return Date{}, notLoaded(c.last + 1)
	}
	r := dateFromDays(c.start + int(c.nth[target-1]))
	if err := c.checkYears(d.Year, r.Year); err != nil {
		return Date{}, err
	}
	return r, nil
}

// WorkingDaysBetween returns the number of working days in (a, b]: the days
// after a up to and including b. It is negative when b is before a.
// AddWorkingDays(a, WorkingDaysBetween(a, b)) is b whenever b is a working day.
func (c *Calendar) WorkingDaysBetween(a, b Date) (int, error) {
	if b.Before(a) {
		n, err := c.WorkingDaysBetween(b, a)
		return -n, err
	}
	if err := c.checkYears(a.Year, b.Year); err != nil {
		return 0, err
	}
	return int(c.cum[c.slot(b)] - c.cum[c.slot(a)]), nil
}

// Exceptions returns the days of year that break the weekday rule: weekdays
// off (holidays) and weekend days on (调休), in date order.
func (c *Calendar) Exceptions(year int) ([]CalendarDay, error) {
	if !c.Loaded(year) {
		return nil, notLoaded(year)
	}
	var out []CalendarDay
	for d := NewDate(year, 1, 1); d.Year == year; d = d.AddDays(1) {
		w := c.working[c.slot(d)]
		if w == d.IsWeekend() {
			out = append(out, c.Day(d))
		}
	}
	return out, nil
}

// DescribeChange renders a change for the CLI and the change log, e.g.
// "2026-07-01 星期三: 工作日 → 放假（地方节日）".
func DescribeChange(ch CalendarChange) string {
	state := func(e CalendarDay, working bool) string {
		var b strings.Builder
		if working {
			b.WriteString("工作日")
		} else {
			b.WriteString("休息日")
		}
		switch e.Kind {
		case DayHoliday:
			fmt.Fprintf(&b, "（%s放假）", e.Name)
		case DayMakeUp:
			fmt.Fprintf(&b, "（%s上班）", e.Name)
		}
		return b.String()
	}
	was := "未载入"
	if ch.WasLoaded {
		was = state(ch.Before, ch.WasWorking)
	}
	return fmt.Sprintf("%s %s: %s → %s", ch.Date, ch.Date.WeekdayChinese(), was, state(ch.After, ch.IsWorking))
}
