package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"gongkai/report"
)

func init() {
	register(command{
		name:    "report",
		summary: "check, render, parse and batch-read annual reports (年度报告)",
		run:     runReport,
	})
}

// reportCommands are the subcommands of "gongkai report". Files that add one
// (parse, batch) put it here in their init.
var reportCommands = map[string]struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}{
	"check":    {"check a report against the consistency rules (勾稽关系)", reportCheck},
	"render":   {"write a report as html, md, xlsx, docx, text or json", reportRender},
	"template": {"print a complete JSON report with every cell 0, to fill in", reportTemplate},
	"rules":    {"list the consistency rules", reportRules},
}

func runReport(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		w := stdout
		if len(args) == 0 {
			w = stderr
		}
		fmt.Fprintln(w, "Usage: gongkai report <subcommand> [arguments]")
		fmt.Fprintln(w)
		names := make([]string, 0, len(reportCommands))
		for n := range reportCommands {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, "  %-9s %s\n", n, reportCommands[n].summary)
		}
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := reportCommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gongkai report: unknown subcommand %q; run \"gongkai report help\"\n", args[0])
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

// readOptions override what a reader would find in the file itself.
type readOptions struct {
	inputFormat string
	year        int
	agency      string
}

// loadReport reads one report file and runs the consistency rules on it.
// Errors name the file.
func loadReport(path string, opt readOptions) (*report.Report, error) {
	r, err := readReport(path, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if opt.year != 0 {
		r.Year = opt.year
	}
	if opt.agency != "" {
		r.Agency = opt.agency
	}
	report.Recheck(r, nil)
	return r, nil
}

// readReport reads one input file. Until a reader for published documents is
// wired in, only the open JSON format is read.
var readReport = func(path string, opt readOptions) (*report.Report, error) {
	if opt.inputFormat != "" && opt.inputFormat != "json" {
		return nil, fmt.Errorf("input format %q is not supported", opt.inputFormat)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, errors.Unwrap(err) // the path is added by the caller
	}
	return report.DecodeJSON(data)
}

func addReadFlags(fs interface {
	StringVar(*string, string, string, string)
	IntVar(*int, string, int, string)
}, opt *readOptions) {
	fs.StringVar(&opt.inputFormat, "input-format", "", "read the input as `KIND`: json, text, html, md, docx or pdf (default: detect from the content)")
	fs.IntVar(&opt.year, "year", 0, "the report's `YEAR` when the file does not say or says it wrongly")
	fs.StringVar(&opt.agency, "agency", "", "the reporting `AGENCY` (机关名称) when the file does not say it")
}

func reportCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report check", stderr, "Usage: gongkai report check [--json] [--previous FILE] FILE...\n\n"+
		"Checks each report against the consistency rules and prints the findings.\n"+
		"Exit status: 0 no error-severity finding, 1 at least one, 2 a file could not be read.\n\n")
	var opt readOptions
	addReadFlags(fs, &opt)
	asJSON := fs.Bool("json", false, "print the findings as JSON, one object per file (JSON Lines)")
	prevPath := fs.String("previous", "", "the same agency's report for the year before, for the cross_year rules")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	var prev *report.Report
	if *prevPath != "" {
		if prev, err = loadReport(*prevPath, readOptions{}); err != nil {
			fmt.Fprintf(stderr, "gongkai report check: %v\n", err)
			return 2
		}
	}
	code := 0
	for _, path := range files {
		r, err := loadReport(path, opt)
		if err != nil {
			fmt.Fprintf(stderr, "gongkai report check: %v\n", err)
			code = 2
			continue
		}
		if prev != nil {
			report.Recheck(r, prev)
		}
		if *asJSON {
			writeCheckJSON(stdout, path, r)
		} else {
			writeCheckText(stdout, path, r)
		}
		if report.HasErrors(r.Findings) && code == 0 {
			code = 1
		}
	}
	return code
}

func writeCheckText(w io.Writer, path string, r *report.Report) {
	fs := r.Findings
	agency := r.Agency
	if agency == "" {
		agency = "(agency unknown)"
	}
	fmt.Fprintf(w, "%s: %s %d, format %s: %s, %s, %d uncertain\n", path, agency, r.Year, r.Format,
		plural(report.CountSeverity(fs, report.Error), "error"), plural(report.CountSeverity(fs, report.Warning), "warning"),
		report.CountSeverity(fs, report.Uncertain))
	for _, f := range fs {
		where := ""
		if f.Table != "" {
			where = "表" + f.Table
			if f.Row != "" {
				where += " " + f.Row
				if f.Column != "" {
					where += "." + f.Column
				}
			}
		}
		fmt.Fprintf(w, "  %-9s %-20s %-32s %s\n", f.Severity, f.Rule, where, f.Message)
	}
}

func writeCheckJSON(w io.Writer, path string, r *report.Report) {
	fs := r.Findings
	if fs == nil {
		fs = []report.Finding{}
	}
	out := struct {
		File     string           `json:"file"`
		Agency   string           `json:"agency"`
		Year     int              `json:"year"`
		Format   report.Version   `json:"format"`
		Errors   int              `json:"errors"`
		Warnings int              `json:"warnings"`
		Uncert   int              `json:"uncertain"`
		Findings []report.Finding `json:"findings"`
	}{path, r.Agency, r.Year, r.Format, report.CountSeverity(fs, report.Error),
		report.CountSeverity(fs, report.Warning), report.CountSeverity(fs, report.Uncertain), fs}
	b, _ := json.Marshal(out)
	w.Write(append(b, '\n'))
}

func reportTemplate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report template", stderr, "Usage: gongkai report template [--format 2019|2021] --year YEAR [--agency NAME]\n\n"+
		"Prints a complete report in the open JSON format with every cell 0, to fill in.\n\n")
	format := fs.String("format", "", "format `VERSION`: 2019 or 2021 (default: the one the year requires)")
	year := fs.Int("year", 0, "report `YEAR` (required)")
	agency := fs.String("agency", "", "reporting `AGENCY` (机关名称)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "gongkai report template: unexpected argument %q\n", rest[0])
		return 2
	}
	if *year < 2008 || *year > 2100 {
		fmt.Fprintln(stderr, "gongkai report template: --year is required (a year such as 2025)")
		return 2
	}
	v := report.VersionForYear(*year)
	if *format != "" {
		v = report.Version(*format)
		if !v.Known() {
			fmt.Fprintf(stderr, "gongkai report template: unknown --format %q (want 2019 or 2021)\n", *format)
			return 2
		}
	}
	r := report.New(*year, v)
	r.Agency = *agency
	if err := report.EncodeJSON(stdout, r); err != nil {
		fmt.Fprintf(stderr, "gongkai report template: %v\n", err)
		return 2
	}
	return 0
}

func reportRules(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "Usage: gongkai report rules")
		return 2
	}
	fmt.Fprintf(stdout, "%-20s %-9s %-9s %-5s %s\n", "RULE", "SEVERITY", "KIND", "TABLE", "DESCRIPTION")
	for _, r := range report.Rules {
		kind := "derived"
		if r.Statutory {
			kind = "statutory"
		}
		if strings.HasPrefix(r.ID, "value.") && r.ID != "value.negative" || r.ID == "narrative.mismatch" {
			kind = "reader"
		}
		table := r.Table
		if table == "" {
			table = "-"
		}
		fmt.Fprintf(stdout, "%-20s %-9s %-9s %-5s %s\n", r.ID, r.Severity, kind, table, r.Description)
	}
	return 0
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
