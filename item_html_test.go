package gongkai

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestSanitizeHTML(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{`<p>各乡镇：请做好<b>学前教育</b>资助工作。</p>`, `<p>各乡镇：请做好<b>学前教育</b>资助工作。</p>`},
		{`<p style="color:red" onclick="x()">文字</p>`, `<p>文字</p>`},
		{`<script>alert(1)</script>正文`, `正文`},
		{`<font color=red>红头</font>`, `红头`},
		{`<a href="javascript:alert(1)">链接</a>`, `<a rel="noopener noreferrer nofollow">链接</a>`},
		{`<a href="java&#09;script:alert(1)">链接</a>`, `<a rel="noopener noreferrer nofollow">链接</a>`},
		{`<a href="https://www.gov.cn/">中国政府网</a>`, `<a href="https://www.gov.cn/" rel="noopener noreferrer nofollow">中国政府网</a>`},
		{`<img src="x" onerror="alert(1)">`, `<img>`},
		{`<img src="/static/a.png" alt="图">`, `<img src="/static/a.png" alt="图">`},
		{`<img src="data:image/svg+xml;base64,PHN2Zz4=">`, `<img>`},
		{`<table><tr><td colspan="2" style="x">1</td></tr></table>`, `<table><tbody><tr><td colspan="2">1</td></tr></tbody></table>`},
		{`<td colspan="-1">`, ``},
		{`<p>未闭合<b>加粗`, `<p>未闭合<b>加粗</b></p>`},
		{`a < b & c`, `a &lt; b &amp; c`},
		{`<!-- 注释 -->文字`, `文字`},
		{`<svg><script>alert(1)</script></svg>图`, `图`},
		{`<iframe src="https://evil.example/"></iframe>`, ``},
		{`<style>p{}</style><p>x</p>`, `<p>x</p>`},
	} {
		if got := SanitizeHTML(test.in); got != test.want {
			t.Errorf("SanitizeHTML(%q)\n got %q\nwant %q", test.in, got, test.want)
		}
	}
}

// FuzzSanitizeHTML checks that whatever goes in, what comes out parses to
// allowed elements and attributes only, with safe URLs, and is a fixed
// point of the sanitizer.
func FuzzSanitizeHTML(f *testing.F) {
	for _, s := range []string{`<p>正文</p>`, `<a href="javascript:x">a</a>`, `<img src=x onerror=y>`,
		`<table><td rowspan=3>1</table>`, `<scr<script>ipt>`, `<a href="/x?a=1&amp;b=2">`, `<math><mi>x</mi></math>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeHTML(in)
		nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatal(err)
		}
		var check func(n *html.Node)
		check = func(n *html.Node) {
			if n.Type == html.ElementNode {
				allowed, ok := safeTags[n.Data]
				if !ok {
					t.Fatalf("element %q survived in %q (from %q)", n.Data, out, in)
				}
				for _, a := range n.Attr {
					if a.Key == "rel" && n.Data == "a" {
						continue
					}
					if !contains(allowed, a.Key) {
						t.Fatalf("attribute %s of %s survived in %q (from %q)", a.Key, n.Data, out, in)
					}
					if (a.Key == "href" || a.Key == "src") && strings.Contains(strings.ToLower(a.Val), "script:") {
						t.Fatalf("script URL survived in %q (from %q)", out, in)
					}
				}
			}
			if n.Type == html.CommentNode {
				t.Fatalf("comment survived in %q", out)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				check(c)
			}
		}
		for _, n := range nodes {
			check(n)
		}
		if again := SanitizeHTML(out); again != out {
			t.Fatalf("not a fixed point:\n in %q\nout %q\nagain %q", in, out, again)
		}
	})
}
