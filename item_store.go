package gongkai

import (
	"html"
	"strings"

	"gongkai/search"
)

// ItemFilter selects items. Zero fields do not filter; the fields that are
// set must all hold.
type ItemFilter struct {
	Agency        string
	Agencies      []string // published by one of these agencies (e.g. a Subtree)
	Year          int      // ItemYear
	Status        ItemStatus
	Article20Item int
	Topic         string // either level of the 主题分类
	Offset        int
	Limit         int
}

// SearchQuery is a search of the published items. Zero fields do not filter.
type SearchQuery struct {
	Q      string // the user's words (search.Query, search.TSQuery)
	Agency string
	Year   int    // ItemYear
	Topic  string // either level of the 主题分类
	Limit  int    // 0: all
	Offset int
}

// SearchHit is one item found by ItemStore.SearchItems.
type SearchHit struct {
	ItemID      string
	IndexNo     string
	Title       string
	Agency      string
	PublishedOn Date
	// Snippet is HTML: a piece of the item's text, escaped, with the
	// matches of the query in <mark>…</mark> (search.Snippet).
	Snippet string
}

// SnippetWidth is the number of characters of a SearchHit's snippet.
const SnippetWidth = 120

// ItemYear is the year the filters of items go by: the year of the 发布日期,
// or of the 成文日期 while the item is unpublished.
func ItemYear(it *Item) int {
	if !it.PublishedOn.IsZero() {
		return it.PublishedOn.Year
	}
	return it.WrittenOn.Year
}

// ItemText returns the searchable plain text of an item: its title, then
// its body without the HTML tags (block ends become line breaks).
func ItemText(it *Item) string {
	return it.Title + "\n" + PlainText(it.Body)
}

// ItemTokens returns what the stores index for an item: search.Index of
// ItemText.
func ItemTokens(it *Item) string { return search.Index(ItemText(it)) }

// ItemHit returns the search hit of an item for the query q.
func ItemHit(it *Item, q string) SearchHit {
	return SearchHit{ItemID: it.ID, IndexNo: it.IndexNo, Title: it.Title, Agency: it.Agency,
		PublishedOn: it.PublishedOn, Snippet: search.Snippet(ItemText(it), q, SnippetWidth)}
}

// PlainText returns the text of a sanitized HTML fragment: the tags
// dropped, a block tag (p, div, br, li, td, …) replaced by a space so that
// the words of two paragraphs or cells do not run together, an inline tag
// (b, span, a, …) by nothing so that 学前<b>教育</b> stays one word; the
// entities decoded, runs of white space collapsed.
func PlainText(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		if blockTags[tagName(s[i+1:i+j])] {
			b.WriteByte(' ')
		}
		s = s[i+j+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// blockTags are the tags that separate words.
var blockTags = map[string]bool{"p": true, "div": true, "br": true, "hr": true, "li": true, "ul": true, "ol": true,
	"td": true, "th": true, "tr": true, "table": true, "thead": true, "tbody": true, "caption": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true,
	"section": true, "article": true, "header": true, "footer": true, "figure": true, "figcaption": true,
	"img": true, "dl": true, "dt": true, "dd": true}

// tagName returns the lower-cased name of the tag whose text (between < and
// >) is t: "/p" and "p class=x" give "p", "br/" gives "br".
func tagName(t string) string {
	t = strings.TrimPrefix(t, "/")
	if k := strings.IndexAny(t, " \t\n\r/"); k >= 0 {
		t = t[:k]
	}
	return strings.ToLower(t)
}

// CheckItemUpdate checks what a store checks when it replaces before by
// after: the same ID, and an index number that, once given, never changes.
func CheckItemUpdate(before, after *Item) error {
	if before.IndexNo != "" && after.IndexNo != before.IndexNo {
		return itemInvalid("国办秘函〔2009〕6号", "索引号 %s 一经生成不能更改", before.IndexNo)
	}
	return nil
}
