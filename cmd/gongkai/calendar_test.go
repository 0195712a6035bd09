package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCalendarCLI(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func writeCalendarFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCalendarAdd(t *testing.T) {
	override := writeCalendarFile(t, "local.txt", "# 地方节日\noff 2024-10-08 县庆\n")
	y2027 := writeCalendarFile(t, "2027.txt", "year 2027\noff 2027-01-01 元旦\n")
	tests := []struct {
		name      string
		args      []string
		code      int
		firstLine string
		contains  string
	}{
		{"Issue", []string{"calendar", "add", "2024-09-27", "20"}, 0, "2024-10-30", "10月1日至10月7日国庆节放假，不计"},
		{"Override", []string{"calendar", "add", "--calendar", override, "2024-09-27", "20"}, 0, "2024-10-31", "10月8日（星期二）县庆放假，不计"},
		{"OverrideAfterArgs", []string{"calendar", "add", "2024-09-27", "20", "--calendar=" + override}, 0, "2024-10-31", ""},
		{"CountReceiptDay", []string{"calendar", "add", "--count-receipt-day", "2024-10-12", "20"}, 0, "2024-11-07", "当日计第1个工作日"},
		{"SpringFestival2020", []string{"calendar", "add", "2020-01-23", "20"}, 0, "2020-02-28", "春节（延长假期）放假"},
		{"NotLoaded", []string{"calendar", "add", "2026-12-20", "20"}, 1, "", "2027 calendar not loaded"},
		{"NewYearLoaded", []string{"calendar", "add", "--calendar", y2027, "2026-12-20", "20"}, 0, "2027-01-18", "2027年1月1日（星期五）元旦放假，不计"},
		{"BadDate", []string{"calendar", "add", "2024-02-30", "20"}, 2, "", "no such day"},
		{"BadN", []string{"calendar", "add", "2024-09-27", "x"}, 2, "", "N must be"},
		{"MissingArgs", []string{"calendar", "add", "2024-09-27"}, 2, "", "want DATE N"},
		{"UnknownFlag", []string{"calendar", "add", "--verbose", "2024-09-27", "20"}, 2, "", "unknown flag --verbose"},
		{"NoSubcommand", []string{"calendar"}, 2, "", "Usage:"},
		{"UnknownSubcommand", []string{"calendar", "list"}, 2, "", "unknown subcommand \"list\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCalendarCLI(tt.args...)
			if code != tt.code {
				t.Fatalf("exit code mismatch (-want +got):\n-%d\n+%d\nstdout: %s\nstderr: %s", tt.code, code, out, errOut)
			}
			if tt.firstLine != "" {
				first, rest, _ := strings.Cut(out, "\n")
				if first != tt.firstLine {
					t.Errorf("first line mismatch (-want +got):\n-%s\n+%s", tt.firstLine, first)
				}
				if !strings.HasSuffix(strings.TrimSpace(rest), "。") || strings.Count(out, "\n") != 2 {
					t.Errorf("want the date line and one explanation line, got:\n%s", out)
				}
			}
			if !strings.Contains(out+errOut, tt.contains) {
				t.Errorf("output lacks %q:\nstdout: %s\nstderr: %s", tt.contains, out, errOut)
			}
		})
	}
}

func TestCalendarShow(t *testing.T) {
	out, errOut, code := runCalendarCLI("calendar", "show", "2026")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := []string{
		"2026年工作日历",
		"2026-01-01 星期四 元旦",
		"2026-02-23 星期一 春节",
		"调休上班的周末：",
		"2026-01-04 星期日 元旦调休",
		"2026-10-10 星期六 国庆节调休",
	}
	for _, w := range want {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("show 2026 lacks %q:\n%s", w, out)
		}
	}
	// 19 weekdays off and 6 weekend working days, nothing else.
	if n := strings.Count(out, "\n2026-"); n != 25 {
		t.Errorf("show 2026 lists %d days, want 25:\n%s", n, out)
	}
	if _, errOut, code := runCalendarCLI("calendar", "show", "2027"); code != 1 || !strings.Contains(errOut, "2027 calendar not loaded") {
		t.Errorf("show 2027: exit %d, %s", code, errOut)
	}
}

func TestCalendarImport(t *testing.T) {
	good := writeCalendarFile(t, "2027.txt", "# 国务院办公厅关于2027年部分节假日安排的通知（测试）\nyear 2027\noff 2027-01-01 元旦\noff 2026-07-01 县庆\nclear 2026-02-28\n")
	out, errOut, code := runCalendarCLI("calendar", "import", good)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "+ 2027 calendar loaded\n" +
		"2026-02-28 星期六: 工作日（春节调休上班） → 休息日\n" +
		"2026-07-01 星期三: 工作日 → 休息日（县庆放假）\n" +
		"2027-01-01 星期五: 未载入 → 休息日（元旦放假）\n" +
		good + ": valid; 3 day(s) changed; loaded years [2019 2020 2021 2022 2023 2024 2025 2026 2027]\n"
	if out != want {
		t.Errorf("mismatch (-want +got):\n-%s\n+%s", want, out)
	}
	bad := writeCalendarFile(t, "bad.txt", "year 2027\n\nwork 2027-02-08 春节调休\n")
	out, errOut, code = runCalendarCLI("calendar", "import", bad)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if want := bad + ":3: 2027-02-08 is a Monday: a make-up working day (调休) must fall on a Saturday or Sunday"; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	if _, errOut, code := runCalendarCLI("calendar", "import", filepath.Join(t.TempDir(), "missing.txt")); code != 1 || !strings.Contains(errOut, "missing.txt") {
		t.Errorf("missing file: exit %d, %s", code, errOut)
	}
}
