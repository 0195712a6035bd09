package xlsx

import (
	"bytes"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/render"
	"gongkai/report"
)

var fixtures = []struct {
	name, path string
}{
	{"anxi-2020", "../report/testdata/anxi-2020.json"},
	{"example-2024", "../examples/example-2024.json"},
}

// MustLoad reads a report in the open JSON format and fills its findings.
func MustLoad(tb testing.TB, path string) *report.Report {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := report.DecodeJSON(data)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	report.Recheck(r, nil)
	return r
}

// MustOpen writes the workbook and opens it back with excelize.
func MustOpen(tb testing.TB, r *report.Report) *excelize.File {
	tb.Helper()
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		tb.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func TestWrite_Sheets(t *testing.T) {
	f := MustOpen(t, MustLoad(t, fixtures[0].path))
	want := []string{"报告", "表二 主动公开", "表三 依申请公开", "表四 复议诉讼", "检查结果"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets mismatch:\n want %q\n got  %q", want, got)
	}
}

// Every grid cell must be in its sheet where the grid puts it: values as
// numbers equal to the report's, labels as strings, and exactly the grid's
// merged ranges.
func TestWrite_Tables(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			r := MustLoad(t, fx.path)
			f := MustOpen(t, r)
			for _, tab := range r.Tables() {
				sheet := TableSheet(tab.Def.ID)
				g := tab.Grid()
				m, origin := g.Matrix()
				var wantMerges []string
				values := 0
				for y := range m {
					for x := range m[y] {
						if !origin[y][x] {
							continue
						}
						gc := m[y][x]
						name := cell(x+1, y+gridTop)
						if gc.ColSpan > 1 || gc.RowSpan > 1 {
							wantMerges = append(wantMerges, name+":"+cell(x+gc.ColSpan, y+gridTop+gc.RowSpan-1))
						}
						got, err := f.GetCellValue(sheet, name, excelize.Options{RawCellValue: true})
						if err != nil {
							t.Fatal(err)
						}
						typ, err := f.GetCellType(sheet, name)
						if err != nil {
							t.Fatal(err)
						}
						if gc.Kind != report.Value {
							if got != gc.Text {
								t.Errorf("%s!%s = %q, want %q", sheet, name, got, gc.Text)
							}
							if gc.Text != "" && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
								t.Errorf("%s!%s: label stored as type %v, want a string", sheet, name, typ)
							}
							continue
						}
						values++
						if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
							t.Errorf("%s!%s (%s.%s): stored as type %v, want a number", sheet, name, gc.Row, gc.Column, typ)
						}
						v, err := strconv.ParseFloat(got, 64)
						if err != nil || v != gc.Value {
							t.Errorf("%s!%s (%s.%s) = %q, want %v", sheet, name, gc.Row, gc.Column, got, gc.Value)
						}
					}
				}
				n := 0
				for _, row := range tab.Def.Rows {
					n += len(row.Columns)
				}
				if values != n {
					t.Errorf("%s: %d value cells, the table has %d", sheet, values, n)
				}
				merges, err := f.GetMergeCells(sheet)
				if err != nil {
					t.Fatal(err)
				}
				var gotMerges []string
				for _, mc := range merges {
					if mc.GetStartAxis() == "A1" {
						continue // the section heading
					}
					gotMerges = append(gotMerges, mc.GetStartAxis()+":"+mc.GetEndAxis())
				}
				sort.Strings(wantMerges)
				sort.Strings(gotMerges)
				if strings.Join(gotMerges, " ") != strings.Join(wantMerges, " ") {
					t.Errorf("%s merged ranges mismatch:\n want %v\n got  %v", sheet, wantMerges, gotMerges)
				}
				if h, _ := f.GetCellValue(sheet, "A1"); h != tab.Def.Section {
					t.Errorf("%s!A1 = %q, want %q", sheet, h, tab.Def.Section)
				}
			}
		})
	}
}

// Headers are bold and centred with borders; cells named by a finding are
// filled; the findings sheet lists every finding.
func TestWrite_StylesAndFindings(t *testing.T) {
	r := MustLoad(t, fixtures[0].path)
	f := MustOpen(t, r)
	style := func(sheet, name string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(sheet, name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Row gridTop of table 三 starts with the corner (A) and 申请人情况 (D).
	h := style(SheetRequests, cell(4, gridTop))
	if h.Font == nil || !h.Font.Bold || h.Alignment == nil || h.Alignment.Horizontal != "center" || len(h.Border) != 4 {
		t.Errorf("header style: font %+v, alignment %+v, %d borders; want bold, centred, 4 borders", h.Font, h.Alignment, len(h.Border))
	}
	// The seed's error: 表四 suit_direct.total, the 10th value column.
	flagged := cell(10, gridTop+3)
	if v, _ := f.GetCellValue(SheetAppeals, flagged); v != "5" {
		t.Fatalf("%s!%s = %q, want the flagged 5", SheetAppeals, flagged, v)
	}
	if s := style(SheetAppeals, flagged); len(s.Fill.Color) == 0 || s.Fill.Color[0] != fills[report.Error] {
		t.Errorf("flagged cell fill %+v, want %s", s.Fill, fills[report.Error])
	}
	if s := style(SheetAppeals, cell(9, gridTop+3)); len(s.Fill.Color) != 0 {
		t.Errorf("unflagged cell is filled: %+v", s.Fill)
	}
	for i, fd := range r.Findings {
		row := i + 2
		for col, want := range []string{render.SeverityLabel(fd.Severity), fd.Rule, render.Location(r.Layout(), fd), fd.Message} {
			if got, _ := f.GetCellValue(SheetFindings, cell(col+1, row)); got != want {
				t.Errorf("%s!%s = %q, want %q", SheetFindings, cell(col+1, row), got, want)
			}
		}
	}
	if got, _ := f.GetCellValue(SheetReport, "B4"); got != strconv.Itoa(r.Year) {
		t.Errorf("year = %q, want %d", got, r.Year)
	}
	if typ, _ := f.GetCellType(SheetReport, "B4"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("year stored as type %v, want a number", typ)
	}
}
