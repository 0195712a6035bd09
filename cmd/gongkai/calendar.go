package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"gongkai"
)

func init() {
	register(command{
		name:    "calendar",
		summary: "working days (工作日): add days to a date, show a year, import a calendar file",
		run:     runCalendar,
	})
}

const calendarUsage = `Usage:
  gongkai calendar add [--calendar FILE]... [--count-receipt-day] DATE N
      the date N working days after DATE (DATE is day 0), alone on the first
      line, then why (each weekend, holiday and 调休 day counted or skipped)
  gongkai calendar show [--calendar FILE]... YEAR
      the weekdays off and the weekend working days of YEAR
  gongkai calendar import FILE
      validate FILE, load it over the built-in calendar (2019–2026) and print
      the days it changes

Dates are YYYY-MM-DD. --calendar applies an override or a new year's file
(format: see "gongkai calendar import"); it may be given more than once.
`

// runCalendar runs "gongkai calendar". Exit codes: 0 done, 1 invalid data
// (a bad calendar file, a date outside the loaded years), 2 bad usage.
func runCalendar(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, calendarUsage)
		return 2
	}
	sub, rest := args[0], args[1:]
	var files, pos []string
	countReceipt := false
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "-h" || a == "--help" || a == "-help":
			fmt.Fprint(stdout, calendarUsage)
			return 0
		case a == "--calendar" || a == "-calendar":
			if i+1 == len(rest) {
				fmt.Fprintln(stderr, "gongkai calendar: --calendar needs a file")
				return 2
			}
			i++
			files = append(files, rest[i])
		case strings.HasPrefix(a, "--calendar=") || strings.HasPrefix(a, "-calendar="):
			files = append(files, a[strings.Index(a, "=")+1:])
		case a == "--count-receipt-day" || a == "-count-receipt-day":
			countReceipt = true
		case strings.HasPrefix(a, "-") && len(a) > 1:
			fmt.Fprintf(stderr, "gongkai calendar: unknown flag %s\n%s", a, calendarUsage)
			return 2
		default:
			pos = append(pos, a)
		}
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "gongkai calendar %s: %s\n", sub, gongkai.ErrorMessage(err))
		return 1
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gongkai calendar %s: %s\n%s", sub, fmt.Sprintf(format, a...), calendarUsage)
		return 2
	}
	switch sub {
	case "add":
		if len(pos) != 2 {
			return usage("want DATE N")
		}
		cal, err := loadCalendar(files, nil)
		if err != nil {
			return fail(err)
		}
		start, err := gongkai.ParseDate(pos[0])
		if err != nil {
			return usage("%s", gongkai.ErrorMessage(err))
		}
		n, err := strconv.Atoi(pos[1])
		if err != nil || n < 1 {
			return usage("N must be a whole number of working days ≥ 1, not %q", pos[1])
		}
		p := &gongkai.Policy{Calendar: cal, CountReceiptDay: countReceipt}
		due, err := p.Explain(start, n)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, due.Date)
		fmt.Fprintln(stdout, due.Explain())
		return 0
	case "show":
		if len(pos) != 1 {
			return usage("want YEAR")
		}
		year, err := strconv.Atoi(pos[0])
		if err != nil {
			return usage("invalid year %q", pos[0])
		}
		cal, err := loadCalendar(files, nil)
		if err != nil {
			return fail(err)
		}
		days, err := cal.Exceptions(year)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%d年工作日历\n", year)
		for _, n := range cal.Notes(year) {
			fmt.Fprintf(stdout, "# %s\n", n)
		}
		for _, part := range []struct {
			title   string
			weekend bool
		}{{"放假的工作日（星期一至星期五）", false}, {"调休上班的周末", true}} {
			fmt.Fprintf(stdout, "%s：\n", part.title)
			count := 0
			for _, d := range days {
				if d.Date.IsWeekend() == part.weekend {
					fmt.Fprintf(stdout, "%s %s %s\n", d.Date, d.Date.WeekdayChinese(), d.Name)
					count++
				}
			}
			if count == 0 {
				fmt.Fprintln(stdout, "（无）")
			}
		}
		return 0
	case "import":
		if len(pos) != 1 || len(files) > 0 {
			return usage("want one FILE")
		}
		var changes []gongkai.CalendarChange
		var years []int
		cal, err := loadCalendar(pos, func(f *gongkai.CalendarFile, ch []gongkai.CalendarChange, c *gongkai.Calendar) {
			changes = ch
			for _, y := range f.Years {
				if !c.Loaded(y) {
					years = append(years, y)
				}
			}
		})
		if err != nil {
			return fail(err)
		}
		for _, y := range years {
			fmt.Fprintf(stdout, "+ %d calendar loaded\n", y)
		}
		for _, ch := range changes {
			fmt.Fprintln(stdout, gongkai.DescribeChange(ch))
		}
		fmt.Fprintf(stdout, "%s: valid; %d day(s) changed; loaded years %v\n", pos[0], len(changes), cal.Years())
		return 0
	}
	return usage("unknown subcommand %q", sub)
}

// loadCalendar returns the built-in calendar with files applied in order.
// before, when not nil, sees each file with its changes and the calendar as
// it was before the file.
func loadCalendar(files []string, before func(*gongkai.CalendarFile, []gongkai.CalendarChange, *gongkai.Calendar)) (*gongkai.Calendar, error) {
	cal := gongkai.DefaultCalendar()
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			return nil, gongkai.Errorf(gongkai.EINVALID, "%s: %v", name, err)
		}
		f, err := gongkai.ParseCalendarFile(name, fh)
		fh.Close()
		if err != nil {
			return nil, err
		}
		old := cal.Clone()
		ch := cal.Load(f)
		if before != nil {
			before(f, ch, old)
		}
	}
	return cal, nil
}
