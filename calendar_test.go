package gongkai

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// researchSummary is the machine-readable summary at the end of §5 of
// law-and-format-research.md, copied verbatim: the weekday holidays and the
// weekend working days of each year. The embedded calendar must agree with it.
const researchSummary = `
2019 off: 2018-12-31 2019-01-01 02-04..02-08 04-05 05-01 05-02 05-03 06-07 09-13 10-01..10-04 10-07
     work: 2018-12-29 2019-02-02 02-03 04-28 05-05 09-29 10-12
2020 off: 01-01 01-24 01-27..01-31 04-06 05-01 05-04 05-05 06-25 06-26 10-01 10-02 10-05..10-08
     work: 01-19 04-26 05-09 06-28 09-27 10-10
2021 off: 01-01 02-11 02-12 02-15..02-17 04-05 05-03..05-05 06-14 09-20 09-21 10-01 10-04..10-07
     work: 02-07 02-20 04-25 05-08 09-18 09-26 10-09
2022 off: 01-03 01-31..02-04 04-04 04-05 05-02..05-04 06-03 09-12 10-03..10-07
     work: 01-29 01-30 04-02 04-24 05-07 10-08 10-09
2023 off: 01-02 01-23..01-27 04-05 05-01..05-03 06-22 06-23 09-29 10-02..10-06
     work: 01-28 01-29 04-23 05-06 06-25 10-07 10-08
2024 off: 01-01 02-12..02-16 04-04 04-05 05-01..05-03 06-10 09-16 09-17 10-01..10-04 10-07
     work: 02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12
2025 off: 01-01 01-28..01-31 02-03 02-04 04-04 05-01 05-02 05-05 06-02 10-01..10-03 10-06..10-08
     work: 01-26 02-08 04-27 09-28 10-11
2026 off: 01-01 01-02 02-16..02-20 02-23 04-06 05-01 05-04 05-05 06-19 09-25 10-01 10-02 10-05..10-07
     work: 01-04 02-14 02-28 05-09 09-20 10-10
`

// summaryExceptions parses researchSummary into year → the in-year dates
// that break the weekday rule.
func summaryExceptions(t *testing.T) map[int][]Date {
	t.Helper()
	out := map[int][]Date{}
	year := 0
	for _, line := range strings.Split(strings.TrimSpace(researchSummary), "\n") {
		f := strings.Fields(line)
		if f[0] != "work:" {
			year = int(MustParseDate(f[0] + "-01-01").Year)
			f = f[1:]
		}
		for _, tok := range f[1:] {
			full := func(s string) Date {
				if len(s) == 5 {
					s = fmt.Sprintf("%d-%s", year, s)
				}
				return MustParseDate(s)
			}
			a, b, isRange := strings.Cut(tok, "..")
			from, to := full(a), full(a)
			if isRange {
				to = full(b)
			}
			for d := from; !d.After(to); d = d.AddDays(1) {
				if d.Year == year {
					out[year] = append(out[year], d)
				}
			}
		}
	}
	for y := range out {
		ds := out[y]
		for i := 1; i < len(ds); i++ {
			for j := i; j > 0 && ds[j].Before(ds[j-1]); j-- {
				ds[j], ds[j-1] = ds[j-1], ds[j]
			}
		}
	}
	return out
}

func TestDefaultCalendar_MatchesResearchSummary(t *testing.T) {
	c := DefaultCalendar()
	if want, got := []int{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}, c.Years(); !reflect.DeepEqual(want, got) {
		t.Fatalf("Years() mismatch (-want +got):\n-%v\n+%v", want, got)
	}
	for year, want := range summaryExceptions(t) {
		ex, err := c.Exceptions(year)
		if err != nil {
			t.Fatal(err)
		}
		var got []Date
		for _, e := range ex {
			got = append(got, e.Date)
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%d exceptions mismatch (-want +got):\n-%v\n+%v", year, want, got)
		}
		for _, e := range ex {
			if e.Name == "" {
				t.Errorf("%s has no holiday name", e.Date)
			}
		}
	}
}

func TestCalendar_AddWorkingDays(t *testing.T) {
	c := DefaultCalendar()
	tests := []struct {
		name  string
		from  string
		n     int
		want  string
		error string
	}{
		{"NationalDay2024", "2024-09-27", 20, "2024-10-30", ""},
		{"ReceiptOnHoliday", "2024-10-03", 20, "2024-11-01", ""},
		{"ReceiptOnMakeUpSaturday", "2024-10-12", 20, "2024-11-08", ""},
		{"SpringFestival2020Extended", "2020-01-23", 20, "2020-02-28", ""},
		{"LabourDay2019Amended", "2019-04-26", 5, "2019-05-06", ""},
		{"AcrossYearEnd", "2025-12-20", 20, "2026-01-19", ""},
		{"Zero", "2024-10-05", 0, "2024-10-05", ""},
		{"IntoUnloadedYear", "2026-12-20", 20, "", "2027 calendar not loaded"},
		{"FromUnloadedYear", "2018-12-28", 1, "", "2018 calendar not loaded"},
		{"Negative", "2024-01-02", -1, "", "negative number of working days: -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddWorkingDays(MustParseDate(tt.from), tt.n)
			if tt.error != "" {
				if err == nil || err.Error() != tt.error || ErrorCode(err) != EINVALID {
					t.Fatalf("error mismatch (-want +got):\n-%s\n+%v", tt.error, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("mismatch (-want +got):\n-%s\n+%s", tt.want, got)
			}
			if tt.n > 0 {
				back, err := c.WorkingDaysBetween(MustParseDate(tt.from), got)
				if err != nil || back != tt.n {
					t.Errorf("WorkingDaysBetween(%s, %s) = %d, %v; want %d", tt.from, got, back, err, tt.n)
				}
			}
		})
	}
}

// TestCalendar_SpringFestival2020WithoutExtension shows why the amendment is
// data: the original notice alone gives a date two working days earlier.
func TestCalendar_SpringFestival2020WithoutExtension(t *testing.T) {
	c := DefaultCalendar()
	orig := "clear 2020-01-31\nclear 2020-02-02\nwork 2020-02-01 春节调休\n"
	f, err := ParseCalendarFile("original-2019-16.txt", strings.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	c.Load(f)
	got, err := c.AddWorkingDays(MustParseDate("2020-01-23"), 20)
	if err != nil {
		t.Fatal(err)
	}
	if want := "2020-02-26"; got.String() != want {
		t.Errorf("mismatch (-want +got):\n-%s\n+%s", want, got)
	}
}

func TestCalendar_IsWorkingDay(t *testing.T) {
	c := DefaultCalendar()
	tests := []struct {
		date string
		want bool
	}{
		{"2024-09-29", true},  // Sunday, 国庆节调休
		{"2024-10-01", false}, // Tuesday, 国庆节
		{"2024-02-09", true},  // 除夕 2024 was not a holiday
		{"2020-02-01", false}, // Saturday: the 调休 was cancelled by the extension
		{"2019-05-03", false}, // Labour Day 2019 after the amendment
		{"2026-09-20", true},  // Sunday, 国庆节调休
		{"2026-11-16", true},  // ordinary Monday
		{"2026-11-15", false}, // ordinary Sunday
	}
	for _, tt := range tests {
		got, err := c.IsWorkingDay(MustParseDate(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, %v; want %v", tt.date, got, err, tt.want)
		}
	}
	if _, err := c.IsWorkingDay(MustParseDate("2027-01-04")); err == nil || err.Error() != "2027 calendar not loaded" {
		t.Errorf("IsWorkingDay(2027-01-04) error = %v; want 2027 calendar not loaded", err)
	}
}

// naiveAddWorkingDays is the obvious day-by-day loop: the reference for the
// property test and the baseline of the benchmark.
func naiveAddWorkingDays(c *Calendar, d Date, n int) (Date, error) {
	for n > 0 {
		d = d.AddDays(1)
		w, err := c.IsWorkingDay(d)
		if err != nil {
			return Date{}, err
		}
		if w {
			n--
		}
	}
	return d, nil
}

func TestCalendar_AddWorkingDaysMatchesNaive(t *testing.T) {
	c := DefaultCalendar()
	rng := rand.New(rand.NewPCG(1, 2))
	start := MustParseDate("2019-01-01")
	for range 5000 {
		d := start.AddDays(rng.IntN(8 * 365))
		n := rng.IntN(60)
		want, werr := naiveAddWorkingDays(c, d, n)
		got, gerr := c.AddWorkingDays(d, n)
		if want != got || (werr == nil) != (gerr == nil) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, %v; naive %s, %v", d, n, got, gerr, want, werr)
		}
		if werr == nil {
			k, err := c.WorkingDaysBetween(d, got)
			if err != nil || k != n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, %v; want %d", d, got, k, err, n)
			}
		}
	}
}

func TestParseCalendarFile_Errors(t *testing.T) {
	tests := []struct {
		name, text, want, rule string
	}{
		{"MakeUpOnWeekday", "year 2027\nwork 2027-02-08 春节调休\n", "x.txt:2: 2027-02-08 is a Monday: a make-up working day (调休) must fall on a Saturday or Sunday", "calendar.makeup_weekend"},
		{"BothOffAndWork", "off 2027-02-06..2027-02-12 春节\nwork 2027-02-07 春节调休\n", "x.txt:2: 2027-02-07 cannot be both off (line 1) and work", "calendar.conflict"},
		{"Duplicate", "off 2027-01-01 元旦\noff 2027-01-01 元旦\n", "x.txt:2: 2027-01-01 already listed on line 1", "calendar.duplicate"},
		{"UnknownDirective", "holiday 2027-01-01 元旦\n", "x.txt:1: unknown directive \"holiday\": want year, off, work or clear", "calendar.syntax"},
		{"BadDate", "# c\n\noff 2027-02-30 春节\n", "x.txt:3: invalid date \"2027-02-30\": no such day", "calendar.syntax"},
		{"Reversed", "off 2027-02-10..2027-02-01 春节\n", "x.txt:1: range 2027-02-10..2027-02-01 ends before it starts", "calendar.syntax"},
		{"MissingName", "off 2027-01-01\n", "x.txt:1: off 2027-01-01: missing the holiday's name (e.g. 国庆节)", "calendar.syntax"},
		{"YearTwice", "year 2027\nyear 2027\n", "x.txt:2: year 2027 declared twice", "calendar.duplicate"},
		{"Empty", "# nothing\n", "x.txt:1: empty calendar file", "calendar.syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCalendarFile("x.txt", strings.NewReader(tt.text))
			e, ok := err.(*Error)
			if !ok || e.Message != tt.want || e.Rule != tt.rule || e.Code != EINVALID {
				t.Errorf("mismatch (-want +got):\n-%s [%s]\n+%v", tt.want, tt.rule, err)
			}
		})
	}
}

func TestCalendar_LoadOverride(t *testing.T) {
	c := DefaultCalendar()
	text := "# 某自治县地方节日\noff 2026-07-01 县庆\nclear 2026-02-28\nwork 2026-03-07 补班\n"
	f, err := ParseCalendarFile("local.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	changes := c.Load(f)
	var got []string
	for _, ch := range changes {
		got = append(got, DescribeChange(ch))
	}
	want := []string{
		"2026-02-28 星期六: 工作日（春节调休上班） → 休息日",
		"2026-03-07 星期六: 休息日 → 工作日（补班上班）",
		"2026-07-01 星期三: 工作日 → 休息日（县庆放假）",
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("changes mismatch (-want +got):\n-%q\n+%q", want, got)
	}
	if w, _ := c.IsWorkingDay(MustParseDate("2026-07-01")); w {
		t.Error("2026-07-01 still a working day after the override")
	}
	// Loading a new year makes it available.
	f27, err := ParseCalendarFile("2027.txt", strings.NewReader("year 2027\noff 2027-01-01 元旦\n"))
	if err != nil {
		t.Fatal(err)
	}
	c.Load(f27)
	got27, err := c.AddWorkingDays(MustParseDate("2026-12-31"), 1)
	if err != nil || got27.String() != "2027-01-04" {
		t.Errorf("AddWorkingDays(2026-12-31, 1) = %s, %v; want 2027-01-04", got27, err)
	}
}

func TestDate(t *testing.T) {
	d := MustParseDate("2024-09-27")
	if d.Chinese() != "2024年9月27日" || d.WeekdayChinese() != "星期五" || d.Weekday() != time.Friday {
		t.Errorf("got %s %s %v", d.Chinese(), d.WeekdayChinese(), d.Weekday())
	}
	if got := NewDate(2024, 2, 30); got.String() != "2024-03-01" {
		t.Errorf("NewDate(2024, 2, 30) = %s", got)
	}
	for i := -1000; i < 1000; i += 7 {
		e := d.AddDays(i)
		if e.Sub(d) != i || DateOf(time.Date(2024, 9, 27+i, 8, 0, 0, 0, time.UTC)) != e {
			t.Fatalf("AddDays(%d) = %s", i, e)
		}
	}
	var u Date
	if err := u.UnmarshalText([]byte("2024-13-01")); err == nil {
		t.Error("UnmarshalText accepted month 13")
	}
}

// BenchmarkAddWorkingDays adds 20 working days to dates spread over the
// loaded years (the statutory reply period).
func BenchmarkAddWorkingDays(b *testing.B) {
	c := DefaultCalendar()
	start := MustParseDate("2019-01-01")
	dates := make([]Date, 2048)
	for i := range dates {
		dates[i] = start.AddDays(i * 7 % (8*365 - 60))
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := c.AddWorkingDays(dates[i%len(dates)], 20); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddWorkingDaysNaive is the baseline: the day-by-day loop.
func BenchmarkAddWorkingDaysNaive(b *testing.B) {
	c := DefaultCalendar()
	start := MustParseDate("2019-01-01")
	dates := make([]Date, 2048)
	for i := range dates {
		dates[i] = start.AddDays(i * 7 % (8*365 - 60))
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := naiveAddWorkingDays(c, dates[i%len(dates)], 20); err != nil {
			b.Fatal(err)
		}
	}
}
