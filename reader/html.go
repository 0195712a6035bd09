package reader

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlItems turns an HTML page into items: text outside tables becomes
// lines (one per block element); each table row becomes a row of cells,
// each cell once, where it starts (a cell spanning rows or columns is not
// repeated, as the national format prints it). A table that holds other
// tables only lays out the page and is read as text.
func htmlItems(data []byte) []item {
	doc, err := html.Parse(strings.NewReader(decodeHTML(data)))
	if err != nil {
		return textItems(decodeText(data))
	}
	h := &htmlWalker{}
	h.walk(doc)
	h.flush()
	return h.items
}

type htmlWalker struct {
	items []item
	line  strings.Builder
	depth int
}

func (h *htmlWalker) flush() {
	t := strings.TrimSpace(collapseSpace(h.line.String()))
	h.line.Reset()
	if t != "" {
		h.items = append(h.items, item{text: t})
	}
}

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Table: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Title: true, atom.Dd: true,
	atom.Dt: true, atom.Center: true, atom.Form: true, atom.Main: true, atom.Nav: true, atom.Aside: true,
}

func (h *htmlWalker) walk(n *html.Node) {
	h.depth++
	defer func() { h.depth-- }()
	if h.depth > 400 {
		return
	}
	switch n.Type {
	case html.TextNode:
		h.line.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Select, atom.Button:
			return
		case atom.Table:
			if !hasDescendant(n, atom.Table) {
				h.flush()
				h.table(n)
				return
			}
		}
		if blockAtoms[n.DataAtom] {
			h.flush()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c)
	}
	if n.Type == html.ElementNode && blockAtoms[n.DataAtom] {
		h.flush()
	}
}

func hasDescendant(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || hasDescendant(c, a)) {
			return true
		}
	}
	return false
}

// table emits the rows of a table that holds no other table.
func (h *htmlWalker) table(n *html.Node) {
	var rows []*html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				find(c)
			case atom.Caption:
				h.items = append(h.items, item{text: collapseSpace(nodeText(c))})
			}
		}
	}
	find(n)
	for _, tr := range rows {
		h.items = append(h.items, item{brk: true})
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
				text := strings.TrimSpace(collapseSpace(nodeText(c)))
				// An empty cell merged across columns stands for that many
				// empty cells (Word merges the blank 法人或其他组织 cells).
				for k := 0; k < emptySpan(text, attrInt(c, "colspan")); k++ {
					h.items = append(h.items, item{text: text, cell: true})
				}
			}
		}
	}
	h.items = append(h.items, item{brk: true})
}

// emptySpan is how many cells a cell of the grid stands for: one, or its
// column span when it is empty.
func emptySpan(text string, colspan int) int {
	if text != "" || colspan <= 1 {
		return 1
	}
	return min(colspan, 32)
}

func attrInt(n *html.Node, name string) int {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, name) {
			v, err := strconv.Atoi(strings.TrimSpace(a.Val))
			if err == nil {
				return v
			}
		}
	}
	return 1
}

// nodeText is the text of a node; block elements inside it become spaces.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style:
				return
			case atom.Br, atom.P, atom.Div:
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// collapseSpace turns runs of white space (NBSP too) into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == 0xA0 || r == 0x3000 || r == '\f' || r == '\v' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
