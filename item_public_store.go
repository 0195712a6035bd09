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
// Cost: the total of ItemPage and ItemCounts are read from counts the SQL
// stores keep in the transaction of every write of items (item_counts,
// migration 0011, sqlstore/item_counts.go): rows per combination of the
// filtered columns, not per item (over 200,000 synthetic items on SQLite,
// the landing page's counts 3.5 ms instead of 358 ms); the page itself
// reads the covering index items_public (migration 0006) and only
// its own rows whole. The portal keeps its pages in the page cache
// (web/cache.go) until a write touches them (CatalogMarks).
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
	// StoredIndexNos returns those of nos that items hold, in no order,
	// with one statement whatever their number (a catalog import's check).
	StoredIndexNos(ctx context.Context, nos []string) ([]string, error)
	// CatalogMarks returns, per agency, a number that grows in every write
	// of its items (one stored, changed, published, withdrawn, moved to or
	// from it) and of the agency itself (its creation, a new name), in the
	// transaction of the write; an agency never written has none. Under
	// the key AgencyTreeMark it returns the mark of the agencies
	// themselves, which grows when one is created or changed. A cache of
	// pages that show only one agency's catalog keeps them while its mark
	// stays put (and, for a page that also lists the agencies, while
	// AgencyTreeMark does).
	CatalogMarks(ctx context.Context) (map[string]int64, error)
}

// AgencyTreeMark is the key of CatalogMarks whose mark grows when an
// agency is created or changed (its name, its parent): the pages that list
// the agencies, such as the search form's, depend on it. No agency has
// the empty ID.
const AgencyTreeMark = ""
