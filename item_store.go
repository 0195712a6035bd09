package gongkai

import (
	"context"
	"html"
	"strconv"
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
// ItemText, then the filter tokens of its agency, year and topics
// (search.FilterToken), so that the index answers a filtered search alone.
//
// The tokens are those of ItemText, built without it: the title's and then
// the body's (search.AppendIndex, as if on two lines), the body's text not
// collapsed (plainText), as white space is no part of any token.
func ItemTokens(it *Item) string {
	body := plainText(it.Body)
	toks := make([]byte, 0, search.IndexSize(it.Title)+search.IndexSize(body)+4*20)
	toks = search.AppendIndex(toks, it.Title)
	toks = search.AppendIndex(toks, body)
	// The filter tokens, as itemFilterTokens lists them.
	if it.Agency != "" {
		toks = search.AppendFilterToken(append(toks, ' '), search.FilterAgency, it.Agency)
	}
	if y := ItemYear(it); y != 0 {
		toks = search.AppendFilterToken(append(toks, ' '), search.FilterYear, strconv.Itoa(y))
	}
	for _, t := range it.Topic {
		if t != "" {
			toks = search.AppendFilterToken(append(toks, ' '), search.FilterTopic, t)
		}
	}
	return string(toks)
}

// itemFilterTokens returns the filter tokens of an agency, a year and
// topics; zero values have none. Both levels of the 主题分类 share the kind
// FilterTopic, as the filter Topic matches either level.
func itemFilterTokens(agency string, year int, topics ...string) []string {
	var out []string
	if agency != "" {
		out = append(out, search.FilterToken(search.FilterAgency, agency))
	}
	if year != 0 {
		out = append(out, search.FilterToken(search.FilterYear, strconv.Itoa(year)))
	}
	for _, t := range topics {
		if t != "" {
			out = append(out, search.FilterToken(search.FilterTopic, t))
		}
	}
	return out
}

// SearchFilterTokens returns the filter tokens a search's matches must
// carry: those of its Agency, Year and Topic.
func SearchFilterTokens(q SearchQuery) []string { return itemFilterTokens(q.Agency, q.Year, q.Topic) }

// MaxSearchTotal is how far SearchItems counts the matches of a query
// with words: a total above it is reported as MaxSearchTotal+1, "more than
// MaxSearchTotal", and no page past it is served (MaxSearchOffset).
//
// The count is the one bound on a search's work: every match counted is a
// posting read or a row checked. At 1,000,000 items on PostgreSQL, counting
// to 10,000 gave a search p95 of 58.9 ms on one machine and 132–202 ms on
// a slower one; counting to 1,000, 29.9 ms on the first and 35–48 ms in
// seven runs of nine on the second (docs/bench/catalog-indexing.md). A
// province holds ten times as many items. A thousand hits are 50 pages:
// the general search engines stop about there too (Baidu shows at most 76
// pages of 10), and the portal asks for another word or a filter instead.
const MaxSearchTotal = 1000

// SearchTotal returns what to show of a SearchItems total: the number, at
// most MaxSearchTotal, and whether it is exact (false: "more than").
func SearchTotal(total int) (shown int, exact bool) {
	return min(total, MaxSearchTotal), total <= MaxSearchTotal
}

// ItemHit returns the search hit of an item for the query q. The snippet
// is the body's, around its first match, since the title is shown above
// it; the title's and the body's start when only the title matches (or
// the body is empty), so that the snippet shows what matched.
func ItemHit(it *Item, q string) SearchHit {
	body := PlainText(it.Body)
	snippet := search.Snippet(body, q, SnippetWidth)
	marked := func(s string) bool { return strings.Contains(s, "<mark>") } // the text's own "<" is escaped
	if body == "" || !marked(snippet) && marked(search.Snippet(it.Title, q, SnippetWidth)) {
		snippet = search.Snippet(ItemText(it), q, SnippetWidth)
	}
	return SearchHit{ItemID: it.ID, IndexNo: it.IndexNo, Title: it.Title, Agency: it.Agency,
		PublishedOn: it.PublishedOn, Snippet: snippet}
}

// PlainText returns the text of a sanitized HTML fragment: the tags
// dropped, a block tag (p, div, br, li, td, …) replaced by a space so that
// the words of two paragraphs or cells do not run together, an inline tag
// (b, span, a, …) by nothing so that 学前<b>教育</b> stays one word; the
// entities decoded, runs of white space collapsed.
func PlainText(s string) string {
	return strings.Join(strings.Fields(plainText(s)), " ")
}

// plainText is PlainText without collapsing the white space.
func plainText(s string) string {
	if strings.IndexByte(s, '<') < 0 {
		return html.UnescapeString(s)
	}
	var b strings.Builder
	b.Grow(len(s))
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
	return html.UnescapeString(b.String())
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

// ItemStore keeps the items of the 政府信息公开目录 and their search index.
// An item is stored whole (as JSON) beside the columns the filters use. The
// search index holds the tokens (search.Index) of the published items only;
// it is written in the same transaction as the item, so a search sees an
// item as soon as its publishing commits, and no longer once it is withdrawn.
type ItemStore interface {
	IndexNoGenerator
	ItemListStore
	// CreateItem stores a new item as it is (the store assigns no index
	// number: call NextIndexNo, or keep an imported one) and sets its
	// Version (1) and UpdatedAt. EINVALID, ENOTFOUND for a missing agency,
	// ECONFLICT when the ID or the index number is taken.
	CreateItem(ctx context.Context, it *Item) error
	// Item returns one item; ENOTFOUND.
	Item(ctx context.Context, id string) (*Item, error)
	// Items returns the items f selects, ordered by ID.
	Items(ctx context.Context, f ItemFilter) ([]*Item, error)
	// UpdateItem replaces an item when its stored version is still
	// it.Version, and sets it.Version and UpdatedAt. ECONFLICT when the
	// version moved or the index number is taken, EINVALID (including a
	// change of an index number once given), ENOTFOUND.
	UpdateItem(ctx context.Context, it *Item) error
	// SearchItems finds published items: q's words (search.Query) must all
	// occur in the title or the text of the body; an empty q lists them.
	// It returns the number of hits and the page q selects, newest
	// publication first; of the same day, the item stored later first
	// (the order the stores' indexes keep, so a page is read, not sorted).
	SearchItems(ctx context.Context, q SearchQuery) (total int, hits []SearchHit, err error)
}

// ItemFile is the content of an attachment, addressed by the SHA-256 of its
// bytes (Attachment.SHA256). A masked attachment is a new file: the bytes
// once stored never change, so what was verified is what is served.
type ItemFile struct {
	SHA256    string // lower-case hex digest of Data
	MediaType string
	Data      []byte
}

// ItemFileStore keeps the bytes of the catalog's attachments.
type ItemFileStore interface {
	// PutItemFile stores f, checking that SHA256 is the digest of Data;
	// storing the same bytes again does nothing. EINVALID.
	PutItemFile(ctx context.Context, f *ItemFile) error
	// ItemFile returns the file with the given digest; ENOTFOUND.
	ItemFile(ctx context.Context, sha256 string) (*ItemFile, error)
}
