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
	var total int
	if err := db.q().QueryRow(ctx, `SELECT count(*) FROM items i WHERE `+cond, args...).Scan(&total); err != nil {
		return 0, nil, db.mapError(err)
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

// ItemCounts implements gongkai.ItemListStore: one GROUP BY per facet.
func (db *Store) ItemCounts(ctx context.Context, f gongkai.ItemFilter) (*gongkai.ItemCounts, error) {
	f.Offset, f.Limit = 0, 0
	c := &gongkai.ItemCounts{Article20: map[int]int{}, Topics: map[string]int{}, Agencies: map[string]int{}, Years: map[int]int{}}
	for _, facet := range []struct {
		col string
		add func(key any, n int)
		key func() any
	}{
		{"i.article20", func(k any, n int) { c.Article20[int(*k.(*int64))] = n }, func() any { return new(int64) }},
		{"i.topic1", func(k any, n int) { c.Topics[*k.(*string)] = n }, func() any { return new(string) }},
		{"i.agency_id", func(k any, n int) { c.Agencies[*k.(*string)] = n }, func() any { return new(string) }},
		{"i.year", func(k any, n int) { c.Years[int(*k.(*int64))] = n }, func() any { return new(int64) }},
	} {
		var args []any
		cond := strings.Join(itemWhere(&args, f), " AND ")
		rows, err := db.q().Query(ctx, `SELECT `+facet.col+`, count(*) FROM items i WHERE `+cond+` GROUP BY `+facet.col, args...)
		if err != nil {
			return nil, db.mapError(err)
		}
		for rows.Next() {
			k := facet.key()
			var n int
			if err := rows.Scan(k, &n); err != nil {
				rows.Close()
				return nil, db.mapError(err)
			}
			facet.add(k, n)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.mapError(err)
		}
	}
	delete(c.Topics, "")
	delete(c.Article20, 0)
	return c, nil
}

// ItemByIndexNo implements gongkai.ItemListStore.
func (db *Store) ItemByIndexNo(ctx context.Context, no string) (*gongkai.Item, error) {
	it, err := scanItem(db.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE index_no = $1`, no))
	if err != nil {
		return nil, db.noRows(err, "索引号", no)
	}
	return it, nil
}
