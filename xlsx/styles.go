package xlsx

import (
	"github.com/xuri/excelize/v2"

	"gongkai/report"
)

// Fonts of the workbook: 黑体 for headings, 仿宋 for the rest, as the
// printed report uses them.
const (
	fontHeading = "黑体"
	fontBody    = "仿宋"
)

// styles are the cell styles of the workbook.
type styles struct {
	title, header, caption, corner, label, group, value, valueLeft int
	flagged                                                        map[report.Severity]int
}

var fills = map[report.Severity]string{
	report.Error:     "F6D5D2",
	report.Warning:   "FBE8C8",
	report.Uncertain: "D8E6F7",
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(family string, bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: family, Bold: bold, Size: size}
	}
	align := func(h string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	st := &styles{flagged: map[report.Severity]int{}}
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{Font: font(fontHeading, true, 14), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}},
		{&st.header, excelize.Style{Font: font(fontHeading, true, 10.5), Alignment: align("center"), Border: border, Fill: fill("F0F0EC")}},
		{&st.caption, excelize.Style{Font: font(fontHeading, true, 10.5), Alignment: align("left"), Border: border, Fill: fill("E4E4DE")}},
		{&st.corner, excelize.Style{Font: font(fontBody, false, 9), Alignment: align("left"), Border: border}},
		{&st.label, excelize.Style{Font: font(fontBody, false, 10.5), Alignment: align("left"), Border: border}},
		{&st.group, excelize.Style{Font: font(fontBody, false, 10.5), Alignment: align("center"), Border: border}},
		{&st.value, excelize.Style{Font: font(fontBody, false, 10.5), Alignment: align("center"), Border: border}},
		{&st.valueLeft, excelize.Style{Font: font(fontBody, false, 10.5), Alignment: align("left"), Border: border}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	for _, sev := range []report.Severity{report.Error, report.Uncertain, report.Warning} {
		id, err := f.NewStyle(&excelize.Style{Font: font(fontBody, true, 10.5), Alignment: align("center"), Border: border, Fill: fill(fills[sev])})
		if err != nil {
			return nil, err
		}
		st.flagged[sev] = id
	}
	return st, nil
}
