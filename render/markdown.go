package render

import (
	"bufio"
	"io"
	"regexp"
	"strings"

	"gongkai/report"
)

// Markdown writes the report as GitHub-flavoured Markdown: the title, a
// heading for each of the six sections, the narrative paragraphs, each table
// as a GFM table, and the findings as a list.
//
// Markdown cannot merge cells, so table 二 becomes one table per block
// (信息内容 and the block's columns, under the block caption), table 三 one
// table whose row labels are composed from their group labels
// ("三、本年度办理结果 （三）不予公开 1.属于国家秘密") and whose column labels
// are composed from the header rows above them ("法人或其他组织 商业企业"),
// with the 勾稽关系 note as the corner header, and table 四 one row per group
// ("行政诉讼 未经复议直接起诉") under its five columns.
func Markdown(w io.Writer, r *report.Report) error {
	b := bufio.NewWriter(w)
	b.WriteString("# " + mdEscape(Title(r)) + "\n")
	for _, s := range sections(r) {
		b.WriteString("\n## " + mdEscape(s.Heading) + "\n")
		for _, p := range Paragraphs(s.Narrative) {
			b.WriteString("\n" + mdParagraph(p) + "\n")
		}
		if s.Table == nil {
			continue
		}
		switch s.Table.Def.ID {
		case "二":
			mdProactive(b, s.Table)
		case "三":
			mdRequests(b, s.Table)
		default:
			mdAppeals(b, s.Table)
		}
	}
	b.WriteString("\n## " + FindingsTitle + "\n\n")
	if len(r.Findings) == 0 {
		b.WriteString(NoFindings + "\n")
	}
	l := r.Layout()
	for _, f := range r.Findings {
		b.WriteString("- **" + SeverityLabel(f.Severity) + "**")
		if loc := Location(l, f); loc != "" {
			b.WriteString(" " + mdEscape(loc) + "：")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(mdEscape(f.Message) + "（`" + f.Rule + "`）\n")
	}
	return b.Flush()
}

// mdTable writes one GFM table: the first column left-aligned, the others
// (numbers) right-aligned.
func mdTable(b *bufio.Writer, head []string, rows [][]string) {
	b.WriteString("\n")
	mdRow(b, head)
	b.WriteString("| --- |")
	for range head[1:] {
		b.WriteString(" ---: |")
	}
	b.WriteString("\n")
	for _, row := range rows {
		mdRow(b, row)
	}
}

func mdRow(b *bufio.Writer, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + mdEscape(c) + " |")
	}
	b.WriteString("\n")
}

var mdReplacer = strings.NewReplacer(`\`, `\\`, `|`, `\|`, `*`, `\*`, `_`, `\_`, "`", "\\`", `<`, `&lt;`, `[`, `\[`)

// mdEscape escapes the characters that Markdown would read as markup.
func mdEscape(s string) string { return mdReplacer.Replace(s) }

// mdBlockStart matches the start of a line that Markdown would read as a
// heading, quote, list item, rule or setext underline.
var mdBlockStart = regexp.MustCompile(`^(#|>|[-+=]|\d+[.)]( |$))`)

// mdParagraph escapes a paragraph of narrative, including a start that
// would make it a heading, quote or list.
func mdParagraph(p string) string {
	p = mdEscape(p)
	if loc := mdBlockStart.FindStringIndex(p); loc != nil {
		if p[0] >= '0' && p[0] <= '9' {
			end := strings.IndexAny(p, ".)")
			return p[:end] + `\` + p[end:]
		}
		return `\` + p
	}
	return p
}

func numbers(t *report.Table, row *report.Row) []string {
	i := t.Def.RowIndex(row.ID)
	out := make([]string, len(row.Columns))
	for j := range row.Columns {
		out[j] = report.FormatNumber(t.At(i, j))
	}
	return out
}

func mdProactive(b *bufio.Writer, t *report.Table) {
	for _, blk := range t.Def.Blocks {
		b.WriteString("\n**" + mdEscape(blk.Caption) + "**\n")
		head := []string{report.ProactiveHeader}
		for _, c := range t.Def.Row(blk.Rows[0]).Columns {
			head = append(head, c.Label)
		}
		var rows [][]string
		for _, id := range blk.Rows {
			row := t.Def.Row(id)
			rows = append(rows, append([]string{row.Label}, numbers(t, row)...))
		}
		mdTable(b, head, rows)
	}
}

// mdRequests flattens table 三 from its grid: the corner note heads the label
// column; each value column is headed by the header cells above it, less the
// one (申请人情况) that spans every value column.
func mdRequests(b *bufio.Writer, t *report.Table) {
	g := t.Grid()
	m, _ := g.Matrix()
	nh := headerRows(g)
	corner := g.Rows[0][0]
	width := g.Columns - corner.ColSpan
	head := []string{corner.Text}
	for c := corner.ColSpan; c < g.Columns; c++ {
		head = append(head, composeDistinct(m, 0, nh, c, c+1, func(cell *report.GridCell) bool {
			return cell.Kind == report.Header && cell != m[0][0] && cell.ColSpan < width
		}))
	}
	var rows [][]string
	for r := nh; r < len(m); r++ {
		row := []string{composeDistinct(m, r, r+1, 0, corner.ColSpan, func(cell *report.GridCell) bool {
			return cell.Kind == report.Label
		})}
		for c := corner.ColSpan; c < g.Columns; c++ {
			row = append(row, m[r][c].Text)
		}
		rows = append(rows, row)
	}
	mdTable(b, head, rows)
}

// composeDistinct joins with spaces the texts of the distinct cells that
// cover rows r0..r1-1, columns c0..c1-1 of m and pass keep, in reading order.
func composeDistinct(m [][]*report.GridCell, r0, r1, c0, c1 int, keep func(*report.GridCell) bool) string {
	var parts []string
	seen := map[*report.GridCell]bool{}
	for r := r0; r < r1; r++ {
		for c := c0; c < c1; c++ {
			cell := m[r][c]
			if seen[cell] || !keep(cell) {
				continue
			}
			seen[cell] = true
			parts = append(parts, cell.Text)
		}
	}
	return strings.Join(parts, " ")
}

func mdAppeals(b *bufio.Writer, t *report.Table) {
	head := []string{""}
	for _, c := range t.Def.Rows[0].Columns {
		head = append(head, c.Label)
	}
	var rows [][]string
	for _, row := range t.Def.Rows {
		rows = append(rows, append([]string{rowLabel(t.Def, row)}, numbers(t, row)...))
	}
	mdTable(b, head, rows)
}
