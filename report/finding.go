package report

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Severity of a finding.
type Severity string

const (
	// Error: the arithmetic is impossible.
	Error Severity = "error"
	// Warning: suspicious but legal.
	Warning Severity = "warning"
	// Uncertain: the reader could not be sure what the source says.
	Uncertain Severity = "uncertain"
)

// Finding is one result of checking or reading a report.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Table is "二", "三" or "四"; empty for a finding about the whole document.
	Table string `json:"table,omitempty"`
	// Row is the row or group id; Column the column id when one cell is meant.
	Row    string `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
	// Message says in Chinese what is wrong, with the numbers.
	Message string `json:"message"`
	// Values are the numbers involved, in the order the message names them.
	Values []float64 `json:"values,omitempty"`
	// Alternatives are the other readings of an uncertain row, each a list of
	// the row's values in column order.
	Alternatives [][]float64 `json:"alternatives,omitempty"`
}

// HasErrors reports whether any finding has error severity.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// CountSeverity returns how many findings have the given severity.
func CountSeverity(fs []Finding, s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}

var severityOrder = map[Severity]int{Error: 0, Uncertain: 1, Warning: 2}

// SortFindings orders findings by severity (errors first), then by table and
// position in the layout, so output is the same on every run.
func SortFindings(l *Layout, fs []Finding) {
	pos := func(f Finding) (int, int) {
		if l == nil {
			return 0, 0
		}
		t := l.Table(f.Table)
		if t == nil {
			return -1, 0
		}
		ti := map[string]int{"二": 0, "三": 1, "四": 2}[t.ID]
		ri := t.RowIndex(f.Row)
		if ri < 0 {
			for i, r := range t.Rows { // a group: place it at its first row
				if r.Group == f.Row {
					ri = i
					break
				}
			}
		}
		return ti, ri
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if severityOrder[a.Severity] != severityOrder[b.Severity] {
			return severityOrder[a.Severity] < severityOrder[b.Severity]
		}
		at, ar := pos(a)
		bt, br := pos(b)
		if at != bt {
			return at < bt
		}
		if ar != br {
			return ar < br
		}
		return a.Rule < b.Rule
	})
}

// FormatNumber writes a cell value the way a report prints it: integers
// without a decimal point, amounts with as many decimals as they need.
func FormatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func joinNumbers(vs []float64, sep string) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = FormatNumber(v)
	}
	return strings.Join(s, sep)
}
