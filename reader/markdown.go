package reader

import "strings"

// markdownItems turns Markdown into items: each table row is a row of
// cells (an empty cell is a blank cell); the |---| line is skipped; every
// other line is a text line.
func markdownItems(s string) []item {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var items []item
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, "|") {
			t = strings.TrimSpace(strings.TrimLeft(t, "#>*"))
			if t != "" {
				items = append(items, item{text: mdInline(t)})
			}
			continue
		}
		if strings.Trim(t, "|-: \t") == "" {
			continue // the |---|---| line
		}
		items = append(items, item{brk: true})
		parts := splitMarkdownRow(t)
		for _, p := range parts {
			items = append(items, item{text: mdInline(strings.TrimSpace(p)), cell: true})
		}
		items = append(items, item{brk: true})
	}
	return items
}

// splitMarkdownRow splits "| a | b |" into its cells, honouring "\|".
func splitMarkdownRow(t string) []string {
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
	}
	var parts []string
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		switch {
		case t[i] == '\\' && i+1 < len(t) && t[i+1] == '|':
			b.WriteByte('|')
			i++
		case t[i] == '|':
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(t[i])
		}
	}
	return append(parts, b.String())
}

// mdInline removes emphasis marks and <br> from a Markdown cell.
func mdInline(s string) string {
	s = strings.NewReplacer("**", "", "__", "", "<br>", " ", "<br/>", " ", "<br />", " ", "`", "").Replace(s)
	return s
}
