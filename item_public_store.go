package gongkai

import "context"

// ItemCounts are the numbers of items per facet of the catalog's browse
// page: per item of 条例第二十条 (1–15), per first-level 主题分类, per agency
// and per year (ItemYear).
type ItemCounts struct {
	Article20 map[int]int
	Topics    map[string]int
	Agencies  map[string]int
	Years     map[int]int
}

// ItemListStore is the part of ItemStore the public catalog reads with:
// pages of items newest first with their total, facet counts, and the
// lookup of an item by its 索引号.
//
// Cost: both read the covering index items_public (migration 0006) and
// never an item's row except for the page itself, but they visit every
// entry f selects: over 193,000 published items (SQLite, 2 CPUs) a page
// took 2–17 ms, one agency's counts 30 ms, the four counts of the whole
// catalog 350 ms, which grow with the catalog (about 2 s at a million). The
// portal keeps its pages in the page cache (web/cache.go) until the next
// write.
type ItemListStore interface {
	// ItemPage returns the number of items f selects and the page of them
	// f.Offset/f.Limit selects, the latest 发布日期 first (of one day, the item
	// stored later first, as SearchItems).
	ItemPage(ctx context.Context, f ItemFilter) (total int, items []*Item, err error)
	// ItemCounts returns the facet counts of the items f selects (f's
	// Offset and Limit are ignored).
	ItemCounts(ctx context.Context, f ItemFilter) (*ItemCounts, error)
	// ItemByIndexNo returns the item with the 索引号 no; ENOTFOUND.
	ItemByIndexNo(ctx context.Context, no string) (*Item, error)
}
