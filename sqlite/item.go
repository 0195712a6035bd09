package sqlite

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/search"
)

// The items' search index is the FTS5 table items_fts, keyed by the rowid n
// of items and written in the item's transaction (no lag).

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
	return t.indexItem(ctx, n, it, false)
}

// UpdateItem updates the item and reindexes it.
func (b backend) UpdateItem(ctx context.Context, args []any, from int, it *gongkai.Item) (int64, error) {
	t := b.db
	var n int64
	if err := t.q().QueryRowContext(ctx, `SELECT n FROM items WHERE id = $1`, it.ID).Scan(&n); err != nil {
		return 0, noRows(err, "公开事项", it.ID)
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
	return 1, t.indexItem(ctx, n, it, true)
}

// ReindexItem implements sqlstore.Backend.
func (b backend) ReindexItem(ctx context.Context, it *gongkai.Item) error {
	var n int64
	if err := b.db.q().QueryRowContext(ctx, `SELECT n FROM items WHERE id = $1`, it.ID).Scan(&n); err != nil {
		return noRows(err, "公开事项", it.ID)
	}
	return b.db.indexItem(ctx, n, it, true)
}

// indexItem puts a published item's tokens in the search index and takes
// any other out, in t's transaction (no lag).
func (t *DB) indexItem(ctx context.Context, n int64, it *gongkai.Item, existed bool) error {
	if existed {
		if _, err := t.exec(ctx, `DELETE FROM items_fts WHERE rowid = $1`, n); err != nil {
			return mapError(err)
		}
	}
	if it.Status != gongkai.ItemPublished {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO items_fts (rowid, tokens) VALUES ($1, $2)`, n, gongkai.ItemTokens(it))
	return mapError(err)
}

// ItemLock is empty: the transaction holds the write lock (BEGIN IMMEDIATE).
func (b backend) ItemLock() string { return "" }

// ItemMatch is FTS5 MATCH search.Query(q, filters...): the index holds
// the published items only, with their filter tokens.
func (b backend) ItemMatch(args *[]any, q string, filters []string) (join, cond string) {
	m := search.Query(q, filters...)
	if m == "" {
		return "", ""
	}
	// The matches are joined to the narrow index items_search_cover
	// (migration 0007), not to the table's rows (docs/bench/catalog.md).
	return " INDEXED BY items_search_cover JOIN items_fts ON items_fts.rowid = i.n", "items_fts MATCH " + arg(args, m)
}

// ItemMatchCount counts in FTS5 alone: it holds the published items only,
// with their filter tokens.
func (b backend) ItemMatchCount(args *[]any, q string, filters []string, limit int) string {
	m := search.Query(q, filters...)
	if m == "" {
		return ""
	}
	return fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH %s LIMIT %d) m", arg(args, m), limit)
}
