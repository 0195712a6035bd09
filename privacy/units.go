package privacy

import (
	"sort"
	"strings"
)

// A unit is the text scanned as one string: a paragraph, a cell, a shared
// string, a comment, an attribute value, a run of HTML text between block
// tags. Word paragraphs with tracked changes give two units: the text as
// it is now (without deletions) and as it was (without insertions), so a
// number split by a revision is still found in each reading.
type unit struct {
	nodes []int // indexes into the part's nodes, in document order
	text  string
}

// containers are the elements whose text is one unit in OOXML parts.
var containers = map[string]bool{"p": true, "si": true, "c": true, "comment": true, "threadedComment": true}

// textLeaves are the elements whose whitespace-only text is content.
var textLeaves = map[string]bool{"t": true, "delText": true, "instrText": true, "v": true, "f": true}

func inElem(n *node, locals ...string) bool {
	for e, k := n.top, 0; e != nil && k < maxWalk; e, k = e.parent, k+1 {
		for _, l := range locals {
			if e.local == l {
				return true
			}
		}
	}
	return false
}

func deleted(n *node) bool  { return inElem(n, "del", "moveFrom", "delText", "delInstrText") }
func inserted(n *node) bool { return inElem(n, "ins", "moveTo") }

// ooxmlUnits groups the nodes of an OOXML part.
func ooxmlUnits(nodes []node) []unit {
	type key struct {
		c    *elem
		view int
	}
	idx := map[key]int{}
	var units []unit
	add := func(k key, i int) {
		u, ok := idx[k]
		if !ok || k.c == nil {
			u = len(units)
			idx[k] = u
			units = append(units, unit{})
		}
		units[u].nodes = append(units[u].nodes, i)
	}
	for i := range nodes {
		n := &nodes[i]
		if n.attrName != "" {
			add(key{}, i)
			continue
		}
		if strings.TrimSpace(n.text) == "" && (n.top == nil || !textLeaves[n.top.local]) {
			continue
		}
		var c *elem
		for e, k := n.top, 0; e != nil && k < maxWalk; e, k = e.parent, k+1 {
			if containers[e.local] {
				c = e
				break
			}
		}
		if c == nil {
			add(key{}, i)
			continue
		}
		if !deleted(n) {
			add(key{c, 0}, i)
		}
		if !inserted(n) {
			add(key{c, 1}, i)
		}
	}
	// Drop the second reading of units without revisions.
	out := units[:0]
	seen := map[string]bool{}
	for _, u := range units {
		sig := ""
		for _, i := range u.nodes {
			sig += string(rune(i)) + ","
		}
		if seen[sig] {
			continue
		}
		seen[sig] = true
		out = append(out, u)
	}
	for k := range out {
		var b strings.Builder
		for _, i := range out[k].nodes {
			b.WriteString(nodes[i].text)
		}
		out[k].text = b.String()
	}
	return out
}

// inlineHTML are the tags that do not end a unit of HTML text.
var inlineHTML = map[string]bool{"a": true, "b": true, "i": true, "u": true, "em": true, "strong": true, "span": true,
	"font": true, "sub": true, "sup": true, "small": true, "big": true, "code": true, "mark": true, "s": true,
	"strike": true, "del": true, "ins": true, "abbr": true, "cite": true, "q": true, "label": true}

// htmlUnits groups HTML text nodes between block-level tags; each attribute
// value is its own unit.
func htmlUnits(nodes []node) []unit {
	var units []unit
	last := -2
	for i, n := range nodes {
		if n.attrName != "" || n.block != last {
			units = append(units, unit{})
		}
		if n.attrName == "" {
			last = n.block
		} else {
			last = -2
		}
		units[len(units)-1].nodes = append(units[len(units)-1].nodes, i)
	}
	for k := range units {
		var b strings.Builder
		for _, i := range units[k].nodes {
			b.WriteString(nodes[i].text)
		}
		units[k].text = b.String()
	}
	return units
}

// maskUnits applies hits (all of one part; Unit indexes units) to the nodes
// and returns the edits to the raw bytes: for each node whose text changed,
// its new raw content. The deleted text of a tracked deletion (w:delText)
// that a hit touches is removed rather than masked: it is replaced by a
// single mask character, which keeps the text on either side from joining
// into a new number.
func maskUnits(nodes []node, units []unit, hits []Hit) map[int]string {
	cur := make([][]rune, len(nodes))
	for i := range nodes {
		cur[i] = []rune(nodes[i].text)
	}
	touched := map[int]bool{}
	byUnit := map[int][]Hit{}
	for _, h := range hits {
		byUnit[h.Unit] = append(byUnit[h.Unit], h)
	}
	for ui, hs := range byUnit {
		if ui < 0 || ui >= len(units) {
			continue
		}
		u := units[ui]
		masked := []rune(Mask(u.text, hs))
		orig := []rune(u.text)
		if len(masked) != len(orig) {
			continue // cannot happen: masks keep the length
		}
		// Byte ranges of the hits, to know which nodes they touch.
		pos, rpos := 0, 0
		for _, i := range u.nodes {
			n := len([]rune(nodes[i].text))
			end := pos + len(nodes[i].text)
			for _, h := range hs {
				if h.Start < end && pos < h.End {
					touched[i] = true
				}
			}
			if rpos+n > len(masked) {
				break // cannot happen: node texts are valid UTF-8
			}
			for k := 0; k < n; k++ {
				if masked[rpos+k] != orig[rpos+k] {
					cur[i][k] = masked[rpos+k]
				}
			}
			pos, rpos = end, rpos+n
		}
	}
	out := map[int]string{}
	for i := range nodes {
		n := &nodes[i]
		s := string(cur[i])
		if touched[i] && n.attrName == "" && deleted(n) {
			s = string(MaskRune)
		}
		if s == n.text {
			continue
		}
		if n.cdata {
			out[i] = strings.ReplaceAll(s, "]]>", "]]&gt;")
		} else {
			out[i] = escapeText(s, n.attrName != "")
		}
	}
	return out
}

// edit replaces data[start:end].
type edit struct {
	start, end int
	repl       string
}

func applyEdits(data []byte, edits []edit) []byte {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			continue
		}
		b.Write(data[pos:e.start])
		b.WriteString(e.repl)
		pos = e.end
	}
	b.Write(data[pos:])
	return []byte(b.String())
}
