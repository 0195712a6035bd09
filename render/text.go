package render

import (
	"bufio"
	"io"
	"strings"

	"gongkai/report"
)

// Text writes the report as the flattened text that reports scraped from
// government websites look like (see the seed report): the title, each
// section heading and each narrative paragraph on a line of its own, and
// each table row of the grid as one line per cell, "text |" (a bare "|" for
// an empty cell), followed, when the row holds fewer cells than the grid is
// wide because of merged cells, by a line of one "|" per covered position.
// As in the seed, the last row of a table has no such line.
//
// Findings are not written: the text is meant to look like a published
// report, and a reader would take them for part of section 六.
func Text(w io.Writer, r *report.Report) error {
	b := bufio.NewWriter(w)
	line := func(s string) {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	line(Title(r))
	for _, s := range sections(r) {
		line(s.Heading)
		for _, p := range Paragraphs(s.Narrative) {
			line(p)
		}
		if s.Table != nil {
			writeTextGrid(b, s.Table.Grid())
		}
	}
	return b.Flush()
}

func writeTextGrid(b *bufio.Writer, g *report.Grid) {
	for i, row := range g.Rows {
		for _, c := range row {
			if c.Text != "" {
				b.WriteString(c.Text)
				b.WriteByte(' ')
			}
			b.WriteString("|\n")
		}
		if covered := g.Columns - len(row); covered > 0 && i < len(g.Rows)-1 {
			b.WriteString(strings.Repeat("|", covered))
			b.WriteByte('\n')
		}
	}
}
