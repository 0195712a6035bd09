package gongkai

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SanitizeHTML returns the HTML fragment s reduced to an allow-list that is
// safe to put in a public page as is: text formatting, headings, lists,
// tables, links (http, https, mailto or relative) and images (site-relative
// or data: images; the portal's CSP blocks any other source). Every other
// element is dropped with its content when it is code or an embedded
// document (script, style, iframe, object, …) and unwrapped otherwise;
// comments and every attribute not on the list (style, class, id, on…)
// are dropped. The output is serialized by this function, so whatever the
// input, its text is escaped and its tags are balanced.
//
// Item bodies are stored sanitized and the portal sanitizes again when it
// renders, so an item written by any path (an import, another version of
// the console) cannot carry a script into a public page.
func SanitizeHTML(s string) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		// The parser only fails on a reader error; keep the text alone.
		return html.EscapeString(PlainText(s))
	}
	var b strings.Builder
	for _, n := range nodes {
		writeSafe(&b, n)
	}
	return b.String()
}

// safeTags are the elements SanitizeHTML keeps, with the attributes each may
// carry.
var safeTags = map[string][]string{
	"p": nil, "br": nil, "hr": nil, "div": nil, "span": nil,
	"b": nil, "strong": nil, "i": nil, "em": nil, "u": nil, "s": nil, "sub": nil, "sup": nil, "small": nil,
	"h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"ul": nil, "ol": nil, "li": nil, "dl": nil, "dt": nil, "dd": nil,
	"blockquote": nil, "pre": nil, "code": nil,
	"table": nil, "caption": nil, "thead": nil, "tbody": nil, "tfoot": nil, "tr": nil,
	"th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"},
	"a":   {"href", "title"},
	"img": {"src", "alt", "width", "height"},
}

// droppedTags are removed with everything inside them.
var droppedTags = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "applet": true, "template": true, "noscript": true, "noembed": true, "noframes": true,
	"svg": true, "math": true, "textarea": true, "select": true, "button": true, "title": true,
	"head": true, "meta": true, "link": true, "base": true, "form": true, "input": true,
}

// voidTags have no end tag.
var voidTags = map[string]bool{"br": true, "hr": true, "img": true}

func writeSafe(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(html.EscapeString(n.Data))
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return // comments, doctypes
	}
	name := strings.ToLower(n.Data)
	if n.Type == html.ElementNode && (droppedTags[name] || n.Namespace != "") {
		return
	}
	allowed, keep := safeTags[name]
	keep = keep && n.Type == html.ElementNode
	if keep {
		b.WriteString("<" + name)
		for _, a := range n.Attr {
			if a.Namespace != "" || !contains(allowed, strings.ToLower(a.Key)) {
				continue
			}
			key := strings.ToLower(a.Key)
			v, ok := safeAttr(name, key, a.Val)
			if !ok {
				continue
			}
			b.WriteString(" " + key + `="` + html.EscapeString(v) + `"`)
		}
		if name == "a" {
			b.WriteString(` rel="noopener noreferrer nofollow"`)
		}
		b.WriteString(">")
		if voidTags[name] {
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeSafe(b, c)
	}
	if keep {
		b.WriteString("</" + name + ">")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// safeAttr checks one allowed attribute's value.
func safeAttr(tag, key, v string) (string, bool) {
	v = strings.TrimSpace(v)
	switch key {
	case "colspan", "rowspan", "width", "height":
		n, err := strconv.Atoi(v)
		return strconv.Itoa(n), err == nil && n > 0 && n <= 10000
	case "scope":
		switch v {
		case "row", "col", "rowgroup", "colgroup":
			return v, true
		}
		return "", false
	case "href":
		return v, safeURL(v, "http", "https", "mailto")
	case "src":
		if strings.HasPrefix(v, "data:") {
			for _, t := range []string{"data:image/png;base64,", "data:image/jpeg;base64,", "data:image/gif;base64,", "data:image/webp;base64,"} {
				if strings.HasPrefix(v, t) {
					return v, true
				}
			}
			return "", false
		}
		return v, strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") && safeURL(v)
	}
	return v, true
}

// safeURL reports whether v is a relative URL or an absolute one with one of
// schemes. Control characters and white space inside the value (which
// browsers strip, turning "java\tscript:" into a scheme) reject it.
func safeURL(v string, schemes ...string) bool {
	if v == "" || strings.IndexFunc(v, func(r rune) bool { return r < 0x21 || r == 0x7f }) >= 0 {
		return false
	}
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	if u.Scheme == "" {
		// No scheme: a path, query or fragment, and no ':' before the first
		// '/' that some browser might read as one.
		head, _, _ := strings.Cut(v, "/")
		return !strings.Contains(head, ":")
	}
	return contains(schemes, strings.ToLower(u.Scheme))
}
