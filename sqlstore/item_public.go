package sqlstore

import (
	"context"
	"strings"

	"gongkai"
)

// ItemPage implements gongkai.ItemListStore.
func (db *Store) ItemPage(ctx context.Context, f gongkai.ItemFilter) (int, []*gongkai.Item, error) {
	var args []any
	cond := strings.Join(itemWhere(&args, f), " AND ")
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

// ItemByIndexNo implements gongkai.ItemListStore.
func (db *Store) ItemByIndexNo(ctx context.Context, no string) (*gongkai.Item, error) {
	it, err := scanItem(db.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE index_no = $1`, no))
	if err != nil {
		return nil, db.noRows(err, "索引号", no)
	}
	return it, nil
}
