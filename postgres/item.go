package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"gongkai"
	"gongkai/search"
	"gongkai/sqlstore"
)

// The items' search index is the tsvector column search, set only on
// published items in the statement writing the item (no lag).

// InsertItem inserts the item with its search column.
func (b backend) InsertItem(ctx context.Context, args []any, it *gongkai.Item) error {
	_, err := b.db.exec(ctx, `INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body, search)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
			COALESCE($13::tsvector, to_tsvector('simple', $14::text)))`, append(args, searchArgs(b.db, it)...)...)
	if err != nil {
		return fmt.Errorf("create item: %w", mapError(err))
	}
	return nil
}

// UpdateItem updates the item with its search column.
func (b backend) UpdateItem(ctx context.Context, args []any, from int, it *gongkai.Item) (int64, error) {
	res, err := b.db.exec(ctx, `UPDATE items SET agency_id = $2, index_no = $3, status = $4, year = $5, published_on = $6,
			article20 = $7, topic1 = $8, topic2 = $9, version = $10, updated_at = $11, body = $12,
			search = COALESCE($14::tsvector, to_tsvector('simple', $15::text))
			WHERE id = $1 AND version = $13`, append(append(args, from), searchArgs(b.db, it)...)...)
	if err != nil {
		return 0, fmt.Errorf("update item: %w", mapError(err))
	}
	return res.RowsAffected(), nil
}

// searchArgs returns the two parameters of COALESCE($v::tsvector,
// to_tsvector('simple', $t::text)), the search column of an item
// (DB.searchValues): NULL for an item that is not published, so that the
// column is written in the same statement as the item (no lag).
func searchArgs(db *DB, it *gongkai.Item) []any {
	v, t := db.searchValues(it)
	return []any{v, t}
}

// ReindexItem implements sqlstore.Backend.
func (b backend) ReindexItem(ctx context.Context, it *gongkai.Item) error {
	_, err := b.db.exec(ctx, `UPDATE items SET search = COALESCE($2::tsvector, to_tsvector('simple', $3::text)) WHERE id = $1`,
		append([]any{it.ID}, searchArgs(b.db, it)...)...)
	return mapError(err)
}

// ItemLock locks the item row read for an update.
func (b backend) ItemLock() string { return " FOR UPDATE" }

// SearchMatches implements sqlstore.Backend. The matches are the GIN
// index's: the words and the filter tokens of q (search.TSQuery), read at
// most max+1 of them, with their date and number. Up to max, that is the
// total, and the page is taken from them sorted here, so that the index
// and the rows (and a phrase's check of each row's positions) are read
// once. Past max, sorting every match for 20 of them would cost as much
// again; the page is found instead by walking the published items of the
// filters newest first in an index kept in that order (items_public,
// items_agency_public; migration 10) and checking each against the words,
// which stops after the page: a word in one item of ten needs about 200
// checks for the first page. ts_match_vq is the @@ operator as a function,
// which no index answers, so the walk is the only plan that keeps the
// order. A word rarer than that in the newest items (one in a thousand:
// 1,000 matches, all from earlier years) would need tens of thousands of
// checks, more than reading its matches; so the walk stops after a window
// of walkWindow rows, and the page is then the GIN index's matches sorted
// by the server. A single word that the statistics put in far more items
// than max is not counted at all, and one they put in most items is
// counted by a walk of the newest items of the filters, before the index
// is asked (searchPast).
func (b backend) SearchMatches(ctx context.Context, q gongkai.SearchQuery, max int) (int, []string, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = max
	}
	// A word the statistics put in far more items than max, or in most
	// of the items of the filters (searchPast): its page from the walk,
	// and "more than max" without the GIN index's count, which reads a
	// whole posting list (公开 of a million items: 90–140 ms; the walk,
	// 10–20 ms) or intersects two long ones (通知 in a year: 45–95 ms;
	// the walk's count, 5 ms).
	if ids, ok, err := b.searchPast(ctx, q, max, limit); err != nil || ok {
		return max + 1, ids, err
	}
	tsq := search.TSQuery(q.Q, gongkai.SearchFilterTokens(q)...)
	matches, err := b.searchAll(ctx, tsq, max+1)
	if err != nil || len(matches) <= max {
		var ids []string
		for _, m := range matches[min(q.Offset, len(matches)):min(q.Offset+limit, len(matches))] {
			ids = append(ids, m.id)
		}
		return len(matches), ids, err
	}
	if q.Offset > max {
		return max + 1, nil, nil
	}
	ids, err := b.searchWalk(ctx, q, limit)
	if err != nil || len(ids) == limit {
		return max + 1, ids, err
	}
	// The window held too few matches: the page from every match.
	ids, err = sqlstore.QueryIDs(ctx, b.Q(), `SELECT i.id FROM items i WHERE i.search @@ to_tsquery('simple', $1::text)
		ORDER BY `+sqlstore.SearchOrder+page(q.Offset, limit), pgx.QueryExecModeExec, tsq)
	return max + 1, ids, mapError(err)
}

// match is an item found by the GIN index, with what orders it.
type match struct {
	id        string
	published string
	n         int64
}

// searchAll returns up to limit items matching the tsquery tsq, in
// sqlstore.SearchOrder. The statement is planned for its words each time
// (QueryExecModeExec: an unnamed statement, never a generic plan). A word
// in 99% of the items is counted fastest by a sequential scan that stops
// at limit, one in 5% by the GIN index; a prepared statement switches to
// one generic plan after five runs, and a common word then took 273 ms
// instead of 29 (docs/bench/catalog-indexing.md).
func (b backend) searchAll(ctx context.Context, tsq string, limit int) ([]match, error) {
	rows, err := b.db.q().Query(ctx, fmt.Sprintf(`SELECT i.id, i.published_on, i.n FROM items i
		WHERE i.search @@ to_tsquery('simple', $1::text) LIMIT %d`, limit), pgx.QueryExecModeExec, tsq)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []match
	for rows.Next() {
		var m match
		if err := rows.Scan(&m.id, &m.published, &m.n); err != nil {
			return nil, mapError(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	slices.SortFunc(out, func(a, b match) int {
		return cmp.Or(strings.Compare(b.published, a.published), cmp.Compare(b.n, a.n))
	})
	return out, nil
}
