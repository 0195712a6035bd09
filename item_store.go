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

// PlainText returns the text of a sanitized HTML fragment: the tags dropped
// (each replaced by a space, so that words of two cells do not run
// together), the entities decoded, runs of spaces collapsed.
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
		b.WriteByte(' ')
		s = s[i+j+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// CheckItemUpdate checks what a store checks when it replaces before by
// after: the same ID, and an index number that, once given, never changes.
func CheckItemUpdate(before, after *Item) error {
	if before.IndexNo != "" && after.IndexNo != before.IndexNo {
		return itemInvalid("国办秘函〔2009〕6号", "索引号 %s 一经生成不能更改", before.IndexNo)
	}
	return nil
}
