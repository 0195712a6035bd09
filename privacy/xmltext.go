package privacy

import (
	"bytes"
	"html"
	"strings"
)

// The text layer of XML (and HTML) documents: a small tokenizer that keeps
// byte ranges, so that masking rewrites only the text and attribute values
// it changes and leaves every other byte of the part as it was.

// elem is an element being parsed.
type elem struct {
	name                 string // as written, e.g. w:t
	local                string // without the prefix
	tagStart, tagEnd     int    // the start tag, from '<' to after '>'
	attrs                []attr
	closeStart, closeEnd int // the end tag; -1 while not seen
	parent               *elem
}

// maxWalk bounds the walks up the element chain, so that malformed input
// (thousands of unclosed tags) stays linear.
const maxWalk = 256

func (e *elem) attr(local string) (attr, bool) {
	for _, a := range e.attrs {
		if localName(a.name) == local {
			return a, true
		}
	}
	return attr{}, false
}

type attr struct {
	name             string
	valStart, valEnd int
	value            string // decoded
	quoted           bool
}

// node is a piece of text: character data or an attribute value.
type node struct {
	start, end int // raw byte range of the content
	text       string
	cdata      bool
	attrName   string // for an attribute value
	top        *elem  // the enclosing element (an attribute's own element); parent links lead up
	block      int    // HTML: count of block-level tags before it
}

func localName(n string) string {
	if i := strings.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseXML returns the text nodes and attribute values of data. It never
// fails: malformed markup ends the scan or is read as text. inline, when not
// nil, says which tags do not end an HTML text unit.
func parseXML(data []byte, inline func(local string) bool) []node {
	var nodes []node
	var top *elem
	block := 0
	emit := func(a, b int, cdata bool) {
		if a >= b {
			return
		}
		// Text is made valid UTF-8 so that the runes of a unit are the runes
		// of its nodes (two invalid halves in two nodes must not join).
		t := strings.ToValidUTF8(string(data[a:b]), "\uFFFD")
		if !cdata {
			t = html.UnescapeString(t)
		}
		nodes = append(nodes, node{start: a, end: b, text: t, cdata: cdata, top: top, block: block})
	}
	skipTo := func(from int, marker string) int {
		j := bytes.Index(data[from:], []byte(marker))
		if j < 0 {
			return len(data)
		}
		return from + j + len(marker)
	}
	i := 0
	for i < len(data) {
		lt := bytes.IndexByte(data[i:], '<')
		if lt < 0 {
			emit(i, len(data), false)
			break
		}
		lt += i
		emit(i, lt, false)
		rest := data[lt:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipTo(lt+4, "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(data[lt+9:], []byte("]]>"))
			if end < 0 {
				return nodes
			}
			emit(lt+9, lt+9+end, true)
			i = lt + 9 + end + 3
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipTo(lt+2, "?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			i = skipTo(lt+2, ">")
		case bytes.HasPrefix(rest, []byte("</")):
			gt := bytes.IndexByte(rest, '>')
			if gt < 0 {
				return nodes
			}
			name := strings.TrimSpace(string(rest[2:gt]))
			for e, k := top, 0; e != nil && k < maxWalk; e, k = e.parent, k+1 {
				if e.name == name {
					e.closeStart, e.closeEnd = lt, lt+gt+1
					top = e.parent
					break
				}
			}
			if inline != nil && !inline(strings.ToLower(localName(name))) {
				block++
			}
			i = lt + gt + 1
		default:
			e, end, selfClosing, ok := parseTag(data, lt)
			if !ok {
				emit(lt, lt+1, false) // a lone '<' is text
				i = lt + 1
				continue
			}
			if inline != nil && !inline(strings.ToLower(e.local)) {
				block++
			}
			for _, a := range e.attrs {
				if strings.HasPrefix(a.name, "xmlns") || a.valStart >= a.valEnd {
					continue
				}
				nodes = append(nodes, node{start: a.valStart, end: a.valEnd, text: a.value, attrName: a.name, top: e, block: -1})
			}
			e.parent = top
			if !selfClosing {
				top = e
			}
			i = end
		}
	}
	return nodes
}

// parseTag parses the start tag at data[lt] ('<').
func parseTag(data []byte, lt int) (e *elem, end int, selfClosing, ok bool) {
	j := lt + 1
	for j < len(data) && !isSpaceByte(data[j]) && data[j] != '>' && data[j] != '/' {
		j++
	}
	if j == lt+1 || j >= len(data) {
		return nil, 0, false, false
	}
	e = &elem{name: string(data[lt+1 : j]), tagStart: lt, closeStart: -1, closeEnd: -1}
	e.local = localName(e.name)
	for {
		for j < len(data) && isSpaceByte(data[j]) {
			j++
		}
		if j >= len(data) {
			return nil, 0, false, false
		}
		switch data[j] {
		case '>':
			e.tagEnd = j + 1
			return e, j + 1, false, true
		case '/':
			if j+1 < len(data) && data[j+1] == '>' {
				e.tagEnd = j + 2
				return e, j + 2, true, true
			}
			j++
			continue
		}
		n := j
		for j < len(data) && !isSpaceByte(data[j]) && data[j] != '=' && data[j] != '>' && data[j] != '/' {
			j++
		}
		a := attr{name: string(data[n:j])}
		for j < len(data) && isSpaceByte(data[j]) {
			j++
		}
		if j < len(data) && data[j] == '=' {
			j++
			for j < len(data) && isSpaceByte(data[j]) {
				j++
			}
			if j >= len(data) {
				return nil, 0, false, false
			}
			if q := data[j]; q == '"' || q == '\'' {
				k := bytes.IndexByte(data[j+1:], q)
				if k < 0 {
					return nil, 0, false, false
				}
				a.valStart, a.valEnd, a.quoted = j+1, j+1+k, true
				j = j + 1 + k + 1
			} else {
				a.valStart = j
				for j < len(data) && !isSpaceByte(data[j]) && data[j] != '>' {
					j++
				}
				a.valEnd = j
			}
			a.value = html.UnescapeString(strings.ToValidUTF8(string(data[a.valStart:a.valEnd]), "\uFFFD"))
		}
		switch {
		case a.name != "":
			e.attrs = append(e.attrs, a)
		case a.valEnd == 0:
			j++ // a stray character
		}
	}
}

// escapeText escapes masked text for writing back into a text node or an
// attribute value. A text node keeps a '>' as it is (except after "]]"):
// escaping it would change how a stray '<' before it parses, and the
// masked document must read back into the same text units.
func escapeText(s string, attrValue bool) string {
	if attrValue {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
	}
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", "]]>", "]]&gt;").Replace(s)
}
