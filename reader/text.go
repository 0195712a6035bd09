package reader

import "strings"

// textItems turns plain text into items. Scraped tables that keep one cell
// per line end each cell with " |"; lines of bare pipes separate rows (a
// single "|" may also be an empty cell). Every other line is a text line,
// which the matcher cuts at the labels it contains.
func textItems(s string) []item {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\f", "\n")
	var items []item
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			// An empty line: an empty cell of a table scraped one cell per
			// line, when it sits between two numbers of a row.
			if len(items) > 0 {
				items = append(items, item{maybeBlank: true, weak: true})
			}
			continue
		}
		if !strings.Contains(t, "|") {
			items = append(items, item{text: t})
			continue
		}
		bare := strings.Trim(t, "| \t")
		if bare == "" {
			if strings.Count(t, "|") == 1 {
				items = append(items, item{maybeBlank: true})
			} else {
				items = append(items, item{brk: true})
			}
			continue
		}
		if strings.HasPrefix(t, "|") {
			items = append(items, item{brk: true})
		}
		parts := strings.Split(t, "|")
		cells := 0
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				items = append(items, item{text: p, cell: true})
				cells++
			}
		}
		if strings.Count(t, "|") > cells {
			items = append(items, item{brk: true})
		}
	}
	return items
}
