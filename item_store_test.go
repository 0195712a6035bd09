package gongkai_test

import (
	"testing"

	"gongkai"
)

func TestPlainText(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"<p>各乡镇：</p><p>请做好<b>学前教育</b>资助工作。</p>", "各乡镇： 请做好学前教育资助工作。"},
		{"<table><tr><td>教</td><td>育</td></tr></table>", "教 育"},
		{"一<br/>二<BR>三", "一 二 三"},
		{"<p class=\"x\">A&amp;B &lt;c&gt;</p>", "A&B <c>"},
		{"无标签", "无标签"},
		{"未闭合<p", "未闭合"},
	} {
		if got := gongkai.PlainText(test.in); got != test.want {
			t.Errorf("PlainText(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}

func TestItemTokens(t *testing.T) {
	it := &gongkai.Item{Title: "城乡低保", Body: "<p>学前<b>教育</b></p>"}
	if got, want := gongkai.ItemTokens(it), "城乡 乡低 低保 学前 前教 教育"; got != want {
		t.Fatalf("ItemTokens = %q, want %q", got, want)
	}
	it.PublishedOn = gongkai.MustParseDate("2024-01-02")
	it.WrittenOn = gongkai.MustParseDate("2023-12-30")
	if y := gongkai.ItemYear(it); y != 2024 {
		t.Fatalf("ItemYear = %d", y)
	}
}

// TestItemHitSnippet: the snippet shows the body where it matches (the
// title is shown above it), the title where only the title does.
func TestItemHitSnippet(t *testing.T) {
	it := &gongkai.Item{ID: "x", Title: "示例县城乡低保资金发放情况", Body: "<p>本季度&lt;低保&gt;资金已按月发放。</p>"}
	for _, test := range []struct{ q, want string }{
		{"低保", "本季度&lt;<mark>低保</mark>&gt;资金已按月发放。"},
		{"资金 发放", "本季度&lt;低保&gt;<mark>资金</mark>已按月<mark>发放</mark>。"},
		{"示例县", "<mark>示例县</mark>城乡低保资金发放情况\n本季度&lt;低保&gt;资金已按月发放。"},
		// A listing by filters only: the body's start.
		{"", "本季度&lt;低保&gt;资金已按月发放。"},
	} {
		if got := gongkai.ItemHit(it, test.q).Snippet; got != test.want {
			t.Errorf("ItemHit(%q).Snippet = %q, want %q", test.q, got, test.want)
		}
	}
	it.Body = ""
	if got, want := gongkai.ItemHit(it, "").Snippet, "示例县城乡低保资金发放情况\n"; got != want {
		t.Errorf("without a body: %q, want %q", got, want)
	}
}
