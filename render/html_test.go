package render

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gongkai/report"
)

func TestSeverityLabel(t *testing.T) {
	for _, test := range []struct {
		s    report.Severity
		want string
	}{
		{report.Error, "错误"},
		{report.Warning, "警告"},
		{report.Uncertain, "存疑"},
	} {
		if got := SeverityLabel(test.s); got != test.want {
			t.Errorf("SeverityLabel(%q) = %q, want %q", test.s, got, test.want)
		}
	}
}

// flags must mark exactly the value cells a finding names.
func TestFlags(t *testing.T) {
	for _, test := range []struct {
		name     string
		findings []report.Finding
		want     []string // flagged cells "table.row.column", sorted
		severity report.Severity
	}{
		{
			name:     "OneCell",
			findings: []report.Finding{{Severity: report.Error, Table: "四", Row: "suit_direct", Column: "total"}},
			want:     []string{"四.suit_direct.total"},
			severity: report.Error,
		},
		{
			name:     "WholeRowWithoutColumn",
			findings: []report.Finding{{Severity: report.Uncertain, Table: "四", Row: "review"}},
			want:     []string{"四.review.corrected", "四.review.other", "四.review.pending", "四.review.total", "四.review.upheld"},
			severity: report.Uncertain,
		},
		{
			name:     "GroupColumn",
			findings: []report.Finding{{Severity: report.Warning, Table: "三", Row: "unavailable", Column: "total"}},
			want:     []string{"三.unavailable_needs_creation.total", "三.unavailable_not_held.total", "三.unavailable_unclear.total"},
			severity: report.Warning,
		},
		{
			name: "StrongestSeverityWins",
			findings: []report.Finding{
				{Severity: report.Warning, Table: "二", Row: "fees", Column: "amount_wan_yuan"},
				{Severity: report.Error, Table: "二", Row: "fees", Column: "amount_wan_yuan"},
				{Severity: report.Uncertain, Table: "二", Row: "fees"},
			},
			want:     []string{"二.fees.amount_wan_yuan"},
			severity: report.Error,
		},
		{
			name:     "DocumentFindingMarksNothing",
			findings: []report.Finding{{Severity: report.Warning, Rule: "format.mismatch"}},
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := report.New(2024, report.V2021)
			r.Findings = test.findings
			fl := flags(r)
			var got []string
			for k, f := range fl {
				got = append(got, k)
				if f.Severity != test.severity {
					t.Errorf("%s: severity %q, want %q", k, f.Severity, test.severity)
				}
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(test.want, " ") {
				t.Errorf("flagged cells mismatch:\n want %v\n got  %v", test.want, got)
			}
		})
	}
}

var (
	valueCellRE = regexp.MustCompile(`<td[^>]* class="([^"]*)" data-cell="([^"]+)"[^>]*>([^<]*)</td>`)
	spanRE      = regexp.MustCompile(`(col|row)span="(\d+)"`)
)

// Every value of the report must appear in the HTML cell that names it, the
// merged cells must be those of the grid, and only the cells named by a
// finding may be highlighted.
func TestHTML_Cells(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			r := MustLoad(t, fx.path)
			var b bytes.Buffer
			if err := HTML(&b, r); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			cells := map[string]string{}
			flagged := map[string]string{}
			for _, m := range valueCellRE.FindAllStringSubmatch(out, -1) {
				cells[m[2]] = m[3]
				if strings.Contains(m[1], "flag") {
					flagged[m[2]] = m[1]
				}
			}
			wantSpans := 0
			for _, tab := range r.Tables() {
				for i, row := range tab.Def.Rows {
					for j, c := range row.Columns {
						key := report.CellPath(tab.Def, row.ID, c.ID)
						if got, want := cells[key], report.FormatNumber(tab.At(i, j)); got != want {
							t.Errorf("cell %s = %q, want %q", key, got, want)
						}
					}
				}
				for _, row := range tab.Grid().Rows {
					for _, c := range row {
						if c.ColSpan > 1 {
							wantSpans++
						}
						if c.RowSpan > 1 {
							wantSpans++
						}
					}
				}
			}
			if got := len(spanRE.FindAllString(out, -1)); got != wantSpans {
				t.Errorf("%d colspan/rowspan attributes, the grids have %d", got, wantSpans)
			}
			if n := strings.Count(out, "<table"); n != 3 {
				t.Errorf("%d tables, want 3", n)
			}
			if n := strings.Count(out, "<caption>"); n != 3 {
				t.Errorf("%d captions, want 3", n)
			}
			if !strings.Contains(out, `class="corner">`+report.RequestsCorner+`</th>`) {
				t.Error("the 勾稽关系 note is not in table 三's corner")
			}
			for _, s := range report.Sections {
				if !strings.Contains(out, "<h2>"+s+"</h2>") {
					t.Errorf("section heading %s missing", s)
				}
			}
			wantFlagged := map[string]bool{}
			for k := range flags(r) {
				parts := strings.SplitN(k, ".", 2)
				wantFlagged[r.Table(parts[0]).Def.Key+"."+parts[1]] = true
			}
			if len(flagged) != len(wantFlagged) {
				t.Errorf("%d highlighted cells, want %d: %v", len(flagged), len(wantFlagged), flagged)
			}
			for k := range wantFlagged {
				if flagged[k] == "" {
					t.Errorf("cell %s named by a finding is not highlighted", k)
				}
			}
			for _, f := range r.Findings {
				if !strings.Contains(out, SeverityLabel(f.Severity)+"</span>") {
					t.Errorf("finding %s: severity %s not shown", f.Rule, SeverityLabel(f.Severity))
				}
			}
		})
	}
}

// The seed's numbers break appeals.group_sum in one cell: that cell, and
// only it, is highlighted as an error.
func TestHTML_HighlightsTheSeedError(t *testing.T) {
	r := MustLoad(t, fixtures[0].path)
	if len(r.Findings) != 1 {
		t.Fatalf("anxi-2020 has %d findings, want the one appeals.group_sum error", len(r.Findings))
	}
	var b bytes.Buffer
	if err := HTML(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, "flag flag-"); n != 1 {
		t.Errorf("%d highlighted cells, want 1", n)
	}
	if !strings.Contains(out, `class="num flag flag-error" data-cell="appeals.suit_direct.total"`) {
		t.Error("appeals.suit_direct.total is not highlighted as an error")
	}
	for _, want := range []string{"size: A4;", `lang="zh-CN"`, "break-inside: avoid", `"SimHei"`, `"FangSong"`} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(out, "<script") || strings.Contains(out, "http://") || strings.Contains(out, "https://") {
		t.Error("page is not self-contained: it has a script or an external address")
	}
}

// Markdown tables must have as many cells in every row as in the header.
func TestMarkdown_TablesAreRectangular(t *testing.T) {
	for _, fx := range fixtures {
		r := MustLoad(t, fx.path)
		var b bytes.Buffer
		if err := Markdown(&b, r); err != nil {
			t.Fatal(err)
		}
		width, tables := -1, 0
		for i, line := range strings.Split(b.String(), "\n") {
			if !strings.HasPrefix(line, "|") {
				width = -1
				continue
			}
			n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") - 1
			if width < 0 {
				width = n
				tables++
			} else if n != width {
				t.Errorf("%s line %d: %d cells, the table has %d: %s", fx.name, i+1, n, width, line)
			}
		}
		if want := 2 + len(r.Proactive.Def.Blocks); tables != want {
			t.Errorf("%s: %d tables, want %d", fx.name, tables, want)
		}
	}
}
