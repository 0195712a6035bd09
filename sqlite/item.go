package sqlite

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/search"
	"gongkai/sqlstore"
)

// The items' search index is the FTS5 table items_fts, written in the
// item's transaction (no lag). The rowid of a published item there is its
// key in the search order (ftsKey), so that FTS5 hands out the matches of a
// query newest first and stops after the page.

// ftsEpoch is day 0 of the keys (ftsKey).
var ftsEpoch = gongkai.NewDate(1900, 1, 1)

// ftsKey returns the rowid in items_fts of the item n (items.n) published
// on day d: the days since ftsEpoch in the high bits, n in the low 32. Keys
// in descending order are sqlstore.SearchOrder: newest day first, and of
// one day the item stored later first. A day before 1900 gives a negative
// key, still in order.
func ftsKey(d gongkai.Date, n int64) (int64, error) {
	if n < 0 || n >= 1<<32 {
		return 0, fmt.Errorf("item number %d does not fit the search key", n)
	}
	return int64(d.Sub(ftsEpoch))<<32 | n, nil
}

// InsertItem inserts the item and indexes it.
func (b backend) InsertItem(ctx context.Context, args []any, it *gongkai.Item) error {
	t := b.db
	res, err := t.exec(ctx, `INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, args...)
	if err != nil {
		return fmt.Errorf("create item: %w", mapError(err))
	}
	n, err := res.LastInsertId()
	if err != nil {
		return err
	}
	return t.indexItem(ctx, n, nil, it)
}

// storedItem returns the number of the item id and its key in items_fts
// as stored (nil unless published).
func (t *DB) storedItem(ctx context.Context, id string) (int64, *gongkai.Item, error) {
	var n int64
	var status, published string
	if err := t.q().QueryRowContext(ctx, `SELECT n, status, published_on FROM items WHERE id = $1`, id).Scan(&n, &status, &published); err != nil {
		return 0, nil, noRows(err, "公开事项", id)
	}
	if gongkai.ItemStatus(status) != gongkai.ItemPublished {
		return n, nil, nil
	}
	d, err := gongkai.ParseDate(published)
	if err != nil {
		return 0, nil, fmt.Errorf("item %s: %w", id, err)
	}
	return n, &gongkai.Item{Status: gongkai.ItemPublished, PublishedOn: d}, nil
}

// UpdateItem updates the item and reindexes it.
func (b backend) UpdateItem(ctx context.Context, args []any, from int, it *gongkai.Item) (int64, error) {
	t := b.db
	n, before, err := t.storedItem(ctx, it.ID)
	if err != nil {
		return 0, err
	}
	res, err := t.exec(ctx, `UPDATE items SET agency_id = $2, index_no = $3, status = $4, year = $5, published_on = $6,
			article20 = $7, topic1 = $8, topic2 = $9, version = $10, updated_at = $11, body = $12
			WHERE id = $1 AND version = $13`, append(args, from)...)
	if err != nil {
		return 0, fmt.Errorf("update item: %w", mapError(err))
	}
	if k, err := res.RowsAffected(); err != nil || k != 1 {
		return 0, nil
	}
	return 1, t.indexItem(ctx, n, before, it)
}

// ReindexItem implements sqlstore.Backend.
func (b backend) ReindexItem(ctx context.Context, it *gongkai.Item) error {
	n, before, err := b.db.storedItem(ctx, it.ID)
	if err != nil {
		return err
	}
	return b.db.indexItem(ctx, n, before, it)
}

// indexItem takes the item n out of the search index as it was (before:
// its status and date as stored, nil when it was not there) and puts it in
// with its tokens if it is published, in t's transaction (no lag).
func (t *DB) indexItem(ctx context.Context, n int64, before, it *gongkai.Item) error {
	if before != nil && before.Status == gongkai.ItemPublished {
		k, err := ftsKey(before.PublishedOn, n)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM items_fts WHERE rowid = $1`, k); err != nil {
			return mapError(err)
		}
	}
	if it.Status != gongkai.ItemPublished {
		return nil
	}
	k, err := ftsKey(it.PublishedOn, n)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO items_fts (rowid, tokens) VALUES ($1, $2)`, k, gongkai.ItemTokens(it))
	return mapError(err)
}

// ItemLock is empty: the transaction holds the write lock (BEGIN IMMEDIATE).
func (b backend) ItemLock() string { return "" }

// SearchMatches implements sqlstore.Backend from FTS5 alone: the words and
// the agency's and topic's filter tokens are its MATCH, the year a range of
// rowids, and the matches come out newest first (ftsKey), so that the page
// is the first rows of the query and the count stops at max+1. The page's
// rowids give the items' numbers.
func (b backend) SearchMatches(ctx context.Context, q gongkai.SearchQuery, max int) (int, []string, error) {
	t := b.db
	args := []any{search.Query(q.Q, gongkai.SearchFilterTokens(gongkai.SearchQuery{Agency: q.Agency, Topic: q.Topic})...)}
	cond := `items_fts MATCH $1`
	if q.Year != 0 {
		lo, err := ftsKey(gongkai.NewDate(q.Year, 1, 1), 0)
		if err != nil {
			return 0, nil, err
		}
		hi, err := ftsKey(gongkai.NewDate(q.Year, 12, 31), 1<<32-1)
		if err != nil {
			return 0, nil, err
		}
		cond += ` AND rowid >= $2 AND rowid <= $3`
		args = append(args, lo, hi)
	}
	var total int
	if err := t.q().QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE %s LIMIT %d)`, cond, max+1), args...).Scan(&total); err != nil {
		return 0, nil, mapError(err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = max
	}
	if total == 0 || q.Offset >= total {
		return total, nil, nil
	}
	ids, err := sqlstore.QueryIDs(ctx, b.Q(), `SELECT i.id FROM (SELECT rowid AS k FROM items_fts WHERE `+cond+` ORDER BY rowid DESC`+page(q.Offset, limit)+
		`) m JOIN items i ON i.n = m.k & 4294967295 ORDER BY m.k DESC`, args...)
	return total, ids, mapError(err)
}
