package postgres

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/search"
)

// The items' search index is the tsvector column search, set only on
// published items in the statement writing the item (no lag).

// InsertItem inserts the item with its search column.
func (b backend) InsertItem(ctx context.Context, args []any, it *gongkai.Item) error {
	_, err := b.db.exec(ctx, `INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body, search)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, to_tsvector('simple', $13::text))`, append(args, searchTokens(it))...)
	if err != nil {
		return fmt.Errorf("create item: %w", mapError(err))
	}
	return nil
}

// UpdateItem updates the item with its search column.
func (b backend) UpdateItem(ctx context.Context, args []any, from int, it *gongkai.Item) (int64, error) {
	res, err := b.db.exec(ctx, `UPDATE items SET agency_id = $2, index_no = $3, status = $4, year = $5, published_on = $6,
			article20 = $7, topic1 = $8, topic2 = $9, version = $10, updated_at = $11, body = $12,
			search = to_tsvector('simple', $14::text)
			WHERE id = $1 AND version = $13`, append(args, from, searchTokens(it))...)
	if err != nil {
		return 0, fmt.Errorf("update item: %w", mapError(err))
	}
	return res.RowsAffected(), nil
}

// searchTokens returns the tokens the search column holds for an item:
// those of a published item, NULL (no tsvector) for any other, so that the
// column is written in the same statement as the item (no lag).
func searchTokens(it *gongkai.Item) any {
	if it.Status != gongkai.ItemPublished {
		return nil
	}
	return gongkai.ItemTokens(it)
}

// ReindexItem implements sqlstore.Backend.
func (b backend) ReindexItem(ctx context.Context, it *gongkai.Item) error {
	_, err := b.db.exec(ctx, `UPDATE items SET search = to_tsvector('simple', $2::text) WHERE id = $1`, it.ID, searchTokens(it))
	return mapError(err)
}

// ItemLock locks the item row read for an update.
func (b backend) ItemLock() string { return " FOR UPDATE" }

// ItemMatch is the search column @@ to_tsquery('simple',
// search.TSQuery(q, filters...)); the column is NULL unless published.
func (b backend) ItemMatch(args *[]any, q string, filters []string) (join, cond string) {
	m := search.TSQuery(q, filters...)
	if m == "" {
		return "", ""
	}
	return "", "i.search @@ to_tsquery('simple', " + arg(args, m) + "::text)"
}

// ItemMatchCount counts the rows the GIN index finds.
func (b backend) ItemMatchCount(args *[]any, q string, filters []string, limit int) string {
	_, cond := b.ItemMatch(args, q, filters)
	if cond == "" {
		return ""
	}
	return fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM items i WHERE %s LIMIT %d) m", cond, limit)
}
