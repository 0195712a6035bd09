package sqlstore

import (
	"context"
	"strings"

	"gongkai"
)

// ItemPage implements gongkai.ItemListStore.
func (db *Store) ItemPage(ctx context.Context, f gongkai.ItemFilter) (int, []*gongkai.Item, error) {
	var args []any
	cond := strings.Join(itemWhere(&args, f), " AND ") + publishedYear(&args, f)
	total, err := db.itemTotal(ctx, f)
	if err != nil {
		return 0, nil, err
	}
	if total == 0 || (f.Limit > 0 && f.Offset >= total) {
		return total, nil, nil
	}
	// The page is chosen from the index items_public (migration 0006) alone;
	// only its rows are read whole.
	items, err := db.queryItems(ctx, `SELECT i.body, i.version, i.updated_at FROM items i WHERE i.id IN (SELECT i.id FROM items i WHERE `+cond+
		` ORDER BY `+SearchOrder+db.page(f.Offset, f.Limit)+`) ORDER BY `+SearchOrder, args...)
	if err != nil {
		return 0, nil, err
	}
	return total, items, nil
}

// publishedYear returns the condition, to follow itemWhere's on the items
// aliased i, that the 发布日期 of f's published items is in f.Year, which
// holds for every match (a published item's year is its 发布日期's,
// gongkai.ItemYear): the range lets a list in date order (items_public)
// start at the year instead of walking the years after it (282 ms for a
// year and an item of 条例第二十条 at a million items). "" unless f asks for
// the published items of a year.
func publishedYear(args *[]any, f gongkai.ItemFilter) string {
	if f.Year == 0 || f.Status != gongkai.ItemPublished {
		return ""
	}
	first, last := yearBounds(f.Year)
	return " AND i.published_on >= " + arg(args, first) + " AND i.published_on <= " + arg(args, last)
}

// StoredIndexNos implements gongkai.ItemListStore.
func (db *Store) StoredIndexNos(ctx context.Context, nos []string) ([]string, error) {
	if len(nos) == 0 {
		return nil, nil
	}
	var args []any
	ids, err := QueryIDs(ctx, db.q(), `SELECT index_no FROM items WHERE `+db.inIDs("index_no", &args, nos), args...)
	return ids, db.mapError(err)
}

// ItemByIndexNo implements gongkai.ItemListStore.
func (db *Store) ItemByIndexNo(ctx context.Context, no string) (*gongkai.Item, error) {
	it, err := scanItem(db.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE index_no = $1`, no))
	if err != nil {
		return nil, db.noRows(err, "索引号", no)
	}
	return it, nil
}
