package gongkai

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// The calendar file format. One file per year's State Council notice (国务院
// 办公厅关于XXXX年部分节假日安排的通知), or one local override. Plain UTF-8 text,
// one directive per line:
//
//	# 国务院办公厅关于2024年部分节假日安排的通知 国办发明电〔2023〕7号   (comment: cite the notice)
//	year 2024                               the file describes the whole year 2024
//	off  2024-10-01..2024-10-07 国庆节      days off (放假); weekend days inside the range are harmless
//	work 2024-09-29 国庆节调休              a make-up working day (调休上班); must be a Saturday or Sunday
//	clear 2024-02-09                        drop an earlier entry: the day follows the weekday rule again
//
// Later files override earlier ones day by day, so a local override (a
// regional holiday, a later amendment like 国办发明电〔2020〕1号) is a file of
// off/work/clear lines, with or without a year line. A date in a year that no
// loaded file declares with "year" is not in the calendar at all: asking
// about it is an error, never a weekend-only guess.

// DayKind says what a calendar entry makes of a day.
type DayKind uint8

const (
	// DayOrdinary follows the weekday rule: Monday–Friday work, weekends off.
	DayOrdinary DayKind = iota
	// DayHoliday is a day off (放假) by the State Council notice or a local rule.
	DayHoliday
	// DayMakeUp is a weekend day declared a working day (调休上班).
	DayMakeUp
)

// String returns the file-format keyword of k: off, work or clear.
func (k DayKind) String() string {
	switch k {
	case DayHoliday:
		return "off"
	case DayMakeUp:
		return "work"
	}
	return "clear"
}

// CalendarEntry is one off/work/clear line of a calendar file.
type CalendarEntry struct {
	Line     int
	Kind     DayKind
	From, To Date // inclusive; From == To for a single day
	Name     string
}

// CalendarFile is a parsed and validated calendar file.
type CalendarFile struct {
	Name     string   // file name, for messages
	Years    []int    // years declared complete by "year" lines
	Comments []string // comment lines (the notices' 文号), without "#"
	Entries  []CalendarEntry
}

// maxRangeDays bounds one off range: no notice has a holiday longer than
// the 2020 Spring Festival (10 days); a long range is almost surely a typo.
const maxRangeDays = 31

// ParseCalendarFile reads and validates a calendar file. Every error is an
// *Error with code EINVALID whose message starts with "name:line:".
// Validation: known directives only; valid dates; ranges in order and at most
// 31 days; a make-up working day (调休) must fall on a Saturday or Sunday; a day
// cannot be both off and work in one file, nor listed twice.
func ParseCalendarFile(name string, r io.Reader) (*CalendarFile, error) {
	f := &CalendarFile{Name: name}
	fail := func(line int, rule, format string, args ...any) error {
		return &Error{Code: EINVALID, Rule: rule,
			Message: fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))}
	}
	seen := map[Date]CalendarEntry{}
	years := map[int]bool{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "#") {
			f.Comments = append(f.Comments, strings.TrimSpace(strings.TrimPrefix(text, "#")))
			continue
		}
		fields := strings.Fields(text)
		switch fields[0] {
		case "year":
			if len(fields) != 2 {
				return nil, fail(n, "calendar.syntax", "want \"year YYYY\"")
			}
			y, err := strconv.Atoi(fields[1])
			if err != nil || y < 1900 || y > 9999 {
				return nil, fail(n, "calendar.syntax", "invalid year %q", fields[1])
			}
			if years[y] {
				return nil, fail(n, "calendar.duplicate", "year %d declared twice", y)
			}
			years[y] = true
			f.Years = append(f.Years, y)
			continue
		case "off", "work", "clear":
		default:
			return nil, fail(n, "calendar.syntax", "unknown directive %q: want year, off, work or clear", fields[0])
		}
		if len(fields) < 2 {
			return nil, fail(n, "calendar.syntax", "%s: missing date", fields[0])
		}
		e := CalendarEntry{Line: n, Kind: map[string]DayKind{"off": DayHoliday, "work": DayMakeUp, "clear": DayOrdinary}[fields[0]]}
		from, to, ok := strings.Cut(fields[1], "..")
		var err error
		if e.From, err = ParseDate(from); err != nil {
			return nil, fail(n, "calendar.syntax", "%s", ErrorMessage(err))
		}
		e.To = e.From
		if ok {
			if e.To, err = ParseDate(to); err != nil {
				return nil, fail(n, "calendar.syntax", "%s", ErrorMessage(err))
			}
		}
		if e.To.Before(e.From) {
			return nil, fail(n, "calendar.syntax", "range %s ends before it starts", fields[1])
		}
		if e.To.Sub(e.From) >= maxRangeDays {
			return nil, fail(n, "calendar.syntax", "range %s is longer than %d days", fields[1], maxRangeDays)
		}
		e.Name = strings.Join(fields[2:], " ")
		if e.Kind != DayOrdinary && e.Name == "" {
			return nil, fail(n, "calendar.syntax", "%s %s: missing the holiday's name (e.g. 国庆节)", fields[0], fields[1])
		}
		for d := e.From; !d.After(e.To); d = d.AddDays(1) {
			if e.Kind == DayMakeUp && !d.IsWeekend() {
				return nil, fail(n, "calendar.makeup_weekend",
					"%s is a %s: a make-up working day (调休) must fall on a Saturday or Sunday", d, d.Weekday())
			}
			if prev, dup := seen[d]; dup {
				if prev.Kind != e.Kind && prev.Kind != DayOrdinary && e.Kind != DayOrdinary {
					return nil, fail(n, "calendar.conflict", "%s cannot be both %s (line %d) and %s", d, prev.Kind, prev.Line, e.Kind)
				}
				return nil, fail(n, "calendar.duplicate", "%s already listed on line %d", d, prev.Line)
			}
			seen[d] = e
		}
		f.Entries = append(f.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fail(n, "calendar.syntax", "read: %v", err)
	}
	if len(f.Years) == 0 && len(f.Entries) == 0 {
		return nil, fail(n, "calendar.syntax", "empty calendar file")
	}
	sort.Ints(f.Years)
	return f, nil
}

// Format writes f back in the file format (comments first, then years, then
// the entries in file order).
func (f *CalendarFile) Format(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, c := range f.Comments {
		fmt.Fprintf(bw, "# %s\n", c)
	}
	for _, y := range f.Years {
		fmt.Fprintf(bw, "year %d\n", y)
	}
	for _, e := range f.Entries {
		d := e.From.String()
		if e.To != e.From {
			d += ".." + e.To.String()
		}
		fmt.Fprintf(bw, "%-5s %s %s\n", e.Kind, d, e.Name)
	}
	return bw.Flush()
}
