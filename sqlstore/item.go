package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/search"
)

const itemCols = `body, version, updated_at`

func scanItem(s interface{ Scan(...any) error }) (*gongkai.Item, error) {
	var body string
	var version int
	var at time.Time
	if err := s.Scan(&body, &version, &at); err != nil {
		return nil, err
	}
	return decodeItem(body, version, at)
}

// decodeItem returns the item of a row.
func decodeItem(body string, version int, at time.Time) (*gongkai.Item, error) {
	var it gongkai.Item
	if err := json.Unmarshal([]byte(body), &it); err != nil {
		return nil, fmt.Errorf("item body: %w", err)
	}
	it.Version, it.UpdatedAt = version, utc(at)
	return &it, nil
}

// nullIfEmpty stores "" as NULL (an item without an index number yet).
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// itemArgs returns the column values of an item, in the order of
// INSERT INTO items (id, agency_id, index_no, status, year, published_on,
// article20, topic1, topic2, version, updated_at, body).
func itemArgs(it *gongkai.Item) ([]any, error) {
	body, err := json.Marshal(it)
	if err != nil {
		return nil, err
	}
	return []any{it.ID, it.Agency, nullIfEmpty(it.IndexNo), string(it.Status), gongkai.ItemYear(it), it.PublishedOn.String(),
		it.Article20Item, it.Topic[0], it.Topic[1], it.Version, it.UpdatedAt, string(body)}, nil
}

// checkNewItem refuses an item CreateItem or CreateItems cannot store: no
// ID, or not valid.
func checkNewItem(it *gongkai.Item) error {
	if it.ID == "" {
		return gongkai.Errorf(gongkai.EINVALID, "公开事项缺少ID")
	}
	return it.Validate()
}

// CreateItem implements gongkai.ItemStore.
func (db *Store) CreateItem(ctx context.Context, it *gongkai.Item) error {
	if err := checkNewItem(it); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		if _, err := t.Agency(ctx, it.Agency); err != nil {
			return err
		}
		c := *it
		c.Version, c.UpdatedAt = 1, t.now()
		args, err := itemArgs(&c)
		if err != nil {
			return err
		}
		counts := countDelta{}
		counts.add(&c, 1)
		counts.touch(c.Agency)
		if err := t.addItemCountsAround(ctx, counts, func() error { return t.B.InsertItem(ctx, args, &c) }); err != nil {
			return err
		}
		*it = c
		return t.audit(ctx, actor, "create", gongkai.EntityItem, c.ID, nil, &c)
	})
}

// Item implements gongkai.ItemStore.
func (db *Store) Item(ctx context.Context, id string) (*gongkai.Item, error) {
	it, err := scanItem(db.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE id = $1`, id))
	if err != nil {
		return nil, db.noRows(err, "公开事项", id)
	}
	return it, nil
}

// itemWhere returns the conditions of f on the items aliased i.
func itemWhere(args *[]any, f gongkai.ItemFilter) []string {
	where := []string{"1 = 1"}
	if f.Agency != "" {
		where = append(where, "i.agency_id = "+arg(args, f.Agency))
	}
	if len(f.Agencies) > 0 {
		where = append(where, "i.agency_id IN ("+in(args, f.Agencies)+")")
	}
	if f.Year != 0 {
		where = append(where, "i.year = "+arg(args, f.Year))
	}
	if f.Status != "" {
		where = append(where, "i.status = "+arg(args, string(f.Status)))
	}
	if f.Article20Item != 0 {
		where = append(where, "i.article20 = "+arg(args, f.Article20Item))
	}
	if f.Topic != "" {
		p := arg(args, f.Topic)
		where = append(where, "(i.topic1 = "+p+" OR i.topic2 = "+p+")")
	}
	return where
}

// Items implements gongkai.ItemStore.
func (db *Store) Items(ctx context.Context, f gongkai.ItemFilter) ([]*gongkai.Item, error) {
	var args []any
	where := itemWhere(&args, f)
	return db.queryItems(ctx, `SELECT `+itemCols+` FROM items i WHERE `+strings.Join(where, " AND ")+
		` ORDER BY i.id`+db.page(f.Offset, f.Limit), args...)
}

func (db *Store) queryItems(ctx context.Context, q string, args ...any) ([]*gongkai.Item, error) {
	rows, err := db.q().Query(ctx, q, args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, it)
	}
	return out, db.mapError(rows.Err())
}

// UpdateItem implements gongkai.ItemStore.
func (db *Store) UpdateItem(ctx context.Context, it *gongkai.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		var body string
		var version int
		var at time.Time
		err := t.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE id = $1`+t.B.ItemLock(), it.ID).Scan(&body, &version, &at)
		if err != nil {
			return db.noRows(err, "公开事项", it.ID)
		}
		before, err := decodeItem(body, version, at)
		if err != nil {
			return err
		}
		if before.Version != it.Version {
			return gongkai.Errorf(gongkai.ECONFLICT, "公开事项 %s 已被他人更新（第%d版，而不是第%d版），请刷新后重试", it.ID, before.Version, it.Version)
		}
		if err := gongkai.CheckItemUpdate(before, it); err != nil {
			return err
		}
		c := *it
		c.Version, c.UpdatedAt = before.Version+1, t.now()
		args, err := itemArgs(&c)
		if err != nil {
			return err
		}
		counts := countDelta{}
		counts.add(before, -1)
		counts.add(&c, 1)
		counts.touch(before.Agency)
		counts.touch(c.Agency)
		err = t.addItemCountsAround(ctx, counts, func() error {
			n, err := t.B.UpdateItem(ctx, args, before.Version, &c)
			if err == nil && n != 1 {
				err = gongkai.Errorf(gongkai.ECONFLICT, "公开事项 %s 已被他人更新，请刷新后重试", it.ID)
			}
			return err
		})
		if err != nil {
			return err
		}
		*it = c
		action := "update"
		if c.Status != before.Status {
			action = string(c.Status)
		}
		return t.audit(ctx, actor, action, gongkai.EntityItem, c.ID, before, &c)
	})
}

// NextIndexNo implements gongkai.IndexNoGenerator. The counter row of the
// code and year is incremented in the transaction NextIndexNo runs in: on
// its own (outside WithTx) it is committed before the number is returned,
// so the number stays taken whatever happens to the item; within WithTx it
// commits or rolls back with the caller's writes, and a number rolled back
// was never stored anywhere. A number an imported item already holds is
// skipped. Counters only grow, so no number is handed out twice.
func (db *Store) NextIndexNo(ctx context.Context, agencyCode string, year int) (string, error) {
	if _, err := gongkai.NextIndexNo(agencyCode, year, 1); err != nil {
		return "", err
	}
	code := strings.ReplaceAll(agencyCode, "-", "")
	var no string
	err := db.write(ctx, func(t *Store, actor string) error {
		for {
			var seq int
			err := t.q().QueryRow(ctx, `INSERT INTO index_counters (code, year, seq) VALUES ($1, $2, 1)
				ON CONFLICT (code, year) DO UPDATE SET seq = index_counters.seq + 1 RETURNING seq`, code, year).Scan(&seq)
			if err != nil {
				return db.mapError(err)
			}
			if no, err = gongkai.NextIndexNo(code, year, seq); err != nil {
				return err
			}
			var taken int
			if err := t.q().QueryRow(ctx, `SELECT count(*) FROM items WHERE index_no = $1`, no).Scan(&taken); err != nil {
				return db.mapError(err)
			}
			if taken == 0 {
				return t.audit(ctx, actor, "issue", gongkai.EntityIndexNo, no, nil,
					map[string]any{"code": code, "year": year, "seq": seq})
			}
		}
	})
	if err != nil {
		return "", err
	}
	return no, nil
}

// SearchItems implements gongkai.ItemStore. A query with words is answered
// by the search index (Backend.SearchMatches): its words and the filters
// select the matches, counted there up to gongkai.MaxSearchTotal+1, and the
// page is read in the index's own order, newest first, instead of sorting
// 100,000 matches of a common word (docs/search.md). A query without words
// lists the items the filters select, counted exactly.
func (db *Store) SearchItems(ctx context.Context, q gongkai.SearchQuery) (int, []gongkai.SearchHit, error) {
	var args []any
	var total int
	var page string // the IDs of the page
	if search.Query(q.Q) == "" {
		f := gongkai.ItemFilter{Agency: q.Agency, Year: q.Year, Topic: q.Topic, Status: gongkai.ItemPublished}
		cond := strings.Join(itemWhere(&args, f), " AND ") + publishedYear(&args, f)
		n, err := db.itemTotal(ctx, f) // from item_counts, as the catalog's
		if err != nil || n == 0 {
			return n, nil, err
		}
		total, page = n, `SELECT i.id FROM items i WHERE `+cond+` ORDER BY `+SearchOrder+db.page(q.Offset, q.Limit)
	} else {
		n, ids, err := db.B.SearchMatches(ctx, q, db.maxSearchTotal())
		if err != nil || len(ids) == 0 {
			return n, nil, err
		}
		total, page = n, `SELECT i.id FROM items i WHERE `+db.inIDs("i.id", &args, ids)
	}
	// Only the page's rows are read whole.
	items, err := db.queryItems(ctx, `SELECT i.body, i.version, i.updated_at FROM items i WHERE i.id IN (`+page+`) ORDER BY `+SearchOrder, args...)
	if err != nil {
		return 0, nil, err
	}
	hits := make([]gongkai.SearchHit, len(items))
	for i, it := range items {
		hits[i] = gongkai.ItemHit(it, q.Q)
	}
	return total, hits, nil
}

// SearchOrder is the order of the published items in a search and in the
// public catalog, on the items aliased i: newest publication first, and of
// one day the item stored later first. Both backends keep their indexes in
// it (items_public, items_agency_public; SQLite's search index by its
// rowids), so that a page is read from an index instead of sorted.
const SearchOrder = `i.published_on DESC, i.n DESC`

// ReindexVersion is the migration after which PostgreSQL re-indexes every
// published item in Go (the filter tokens of migration 9). SQLite rebuilds
// its index at migration 10 instead (sqlite/reindex.go).
const ReindexVersion = 9

// ReindexItems writes the search tokens (gongkai.ItemTokens) of every
// published item again, a thousand items a transaction, and returns how
// many it wrote. PostgreSQL's Migrate calls it when the migrations applied
// include ReindexVersion; it is derived data, so it is not audited.
func (db *Store) ReindexItems(ctx context.Context) (int, error) {
	n, after := 0, ""
	for {
		items, err := db.queryItems(ctx, `SELECT i.body, i.version, i.updated_at FROM items i
			WHERE i.status = $1 AND i.id > $2 ORDER BY i.id`+db.page(0, 1000), string(gongkai.ItemPublished), after)
		if err != nil || len(items) == 0 {
			return n, err
		}
		err = db.inTx(ctx, func(t *Store) error {
			for _, it := range items {
				if err := t.B.ReindexItem(ctx, it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(items)
		after = items[len(items)-1].ID
	}
}

// QueryIDs returns the first column of the rows of a query, as strings
// (the IDs of a search page, in the query's order). Its errors are the
// driver's, for the backend to map.
func QueryIDs(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
