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

// SearchMatches implements sqlstore.Backend. It counts the matches up to
// max+1 and reads the page in one of three ways, each chosen for what it
// costs (docs/search.md):
//
//   - The walk: the published items of the filters newest first, in an
//     index kept in that order (items_public, items_agency_public;
//     migration 10), each checked against the words, stopping at the page.
//     A word in one item of ten finds its first page in about 200 checks.
//     The walk is tried first, over at most walkWindow rows, and the rows
//     it read tell how common the word is.
//   - The count by walking on: a word that common has max+1 matches among
//     the next few thousand items, and reading them costs less than the
//     word's whole list in the GIN index (120,000 entries for 教育).
//   - The GIN index: the words and the filter tokens of q (search.TSQuery),
//     at most max+1 matches with their date and number. Up to max, that is
//     the total, and the page is taken from them sorted here. Past max, the
//     page is the walk's, or, for a word rarer in the newest items than
//     the window allowed, every match sorted by the server.
//
// ts_match_vq is the @@ operator as a function, which no index answers, so
// the walk is the only plan that keeps the order.
func (b backend) SearchMatches(ctx context.Context, q gongkai.SearchQuery, max int) (int, []string, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = max
	}
	var walked []string
	if q.Offset <= max {
		ids, read, err := b.searchWalk(ctx, q, limit)
		if err != nil {
			return 0, nil, err
		}
		if len(ids) == limit {
			walked = ids
			// About read/(offset+limit) rows a match.
			if (max+1)*read <= countWindow*(q.Offset+limit) {
				n, err := b.walkCount(ctx, q, max+1)
				if err != nil || n > max {
					return max + 1, walked, err
				}
			}
		}
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
	if q.Offset > max || walked != nil {
		return max + 1, walked, nil
	}
	// The window held too few matches: the page from every match.
	ids, err := sqlstore.QueryIDs(ctx, b.Q(), `SELECT i.id FROM items i WHERE i.search @@ to_tsquery('simple', $1::text)
		ORDER BY `+sqlstore.SearchOrder+page(q.Offset, limit), pgx.QueryExecModeExec, tsq)
	return max + 1, ids, mapError(err)
}

// The walks' bounds in rows (items checked against the words, a few
// microseconds each): walkWindow for a page of rows matches, enough for a
// word in one item of a hundred; countWindow for counting, enough to count
// 1,001 matches of a word in one item of twelve.
var (
	walkWindow  = func(rows int) int { return min(100*rows, 20000) }
	countWindow = 12000
)

// walkFilters returns the condition on the items aliased i of q's filters,
// its arguments appended to args.
func walkFilters(q gongkai.SearchQuery, args *[]any) string {
	*args = append(*args, string(gongkai.ItemPublished))
	where := fmt.Sprintf(`i.status = $%d`, len(*args))
	if q.Agency != "" {
		*args = append(*args, q.Agency)
		where += fmt.Sprintf(` AND i.agency_id = $%d`, len(*args))
	}
	if q.Year != 0 {
		*args = append(*args, fmt.Sprintf("%04d-01-01", q.Year), fmt.Sprintf("%04d-12-31", q.Year))
		where += fmt.Sprintf(` AND i.published_on >= $%d AND i.published_on <= $%d`, len(*args)-1, len(*args))
	}
	if q.Topic != "" {
		*args = append(*args, q.Topic)
		where += fmt.Sprintf(` AND (i.topic1 = $%[1]d OR i.topic2 = $%[1]d)`, len(*args))
	}
	return where
}

// searchWalk returns the page of q (limit matches from q.Offset) among the
// walkWindow newest published items of q's filters, in the search order,
// and how many items it read to find them: fewer than limit matches when
// the window holds fewer.
func (b backend) searchWalk(ctx context.Context, q gongkai.SearchQuery, limit int) ([]string, int, error) {
	args := []any{search.TSQuery(q.Q)}
	query := fmt.Sprintf(`SELECT w.id, w.r FROM (SELECT i.id, i.published_on, i.n, i.search,
			row_number() OVER (ORDER BY %[2]s) r
		FROM items i WHERE %[1]s ORDER BY %[2]s LIMIT %[3]d) w
		WHERE ts_match_vq(w.search, to_tsquery('simple', $1::text))
		ORDER BY w.published_on DESC, w.n DESC%[4]s`, walkFilters(q, &args), sqlstore.SearchOrder, walkWindow(q.Offset+limit), page(q.Offset, limit))
	rows, err := b.db.q().Query(ctx, query, args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var ids []string
	var read int
	for rows.Next() {
		var id string
		if err := rows.Scan(&id, &read); err != nil {
			return nil, 0, mapError(err)
		}
		ids = append(ids, id)
	}
	return ids, read, mapError(rows.Err())
}

// walkCount counts the matches of q, up to limit, among the countWindow
// newest published items of its filters.
func (b backend) walkCount(ctx context.Context, q gongkai.SearchQuery, limit int) (int, error) {
	args := []any{search.TSQuery(q.Q)}
	var n int
	err := b.db.q().QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM (SELECT i.search FROM items i
		WHERE %s ORDER BY %s LIMIT %d) w WHERE ts_match_vq(w.search, to_tsquery('simple', $1::text)) LIMIT %d) c`,
		walkFilters(q, &args), sqlstore.SearchOrder, countWindow, limit), args...).Scan(&n)
	return n, mapError(err)
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
