package postgres

import (
	"context"
	"fmt"
	"sync/atomic"

	"gongkai"
	"gongkai/search"
	"gongkai/sqlstore"
)

// walkWindow is how many of the newest published items of a search's
// filters SearchMatches checks for a page of offset+limit matches (a
// fraction of a millisecond each) before it reads every match instead.
var walkWindow = func(rows int) int { return min(200*rows, 20000) }

// walkCountRows is how many of the newest published items of a search's
// filters walkCount checks for max+1 matches: six times as many, so that
// a word in 30% of them (denseFraction) finds them with room to spare.
var walkCountRows = func(max int) int { return 6 * (max + 1) }

// searchWalkCounts counts the searches counted by walkCount (tests read
// it).
var searchWalkCounts atomic.Int64

// walkFilter returns the condition on items i that selects the published
// items of q's filters, and its arguments, from $2 on: $1 is left for the
// tsquery of q's words. It reads the indexes kept in the search order
// (items_public, items_agency_public; migration 10) from their start.
func walkFilter(q gongkai.SearchQuery) (string, []any) {
	args := []any{search.TSQuery(q.Q), string(gongkai.ItemPublished)}
	where := `i.status = $2`
	if q.Agency != "" {
		args = append(args, q.Agency)
		where += fmt.Sprintf(` AND i.agency_id = $%d`, len(args))
	}
	if q.Year != 0 {
		// A published item's year is that of its published_on
		// (gongkai.ItemYear): as a range of it, the walk reads only
		// that year's part of the index it walks, which i.year would
		// only filter.
		args = append(args, fmt.Sprintf("%04d-01-01", q.Year), fmt.Sprintf("%04d-12-31", q.Year))
		where += fmt.Sprintf(` AND i.published_on >= $%d AND i.published_on <= $%d`, len(args)-1, len(args))
	}
	if q.Topic != "" {
		args = append(args, q.Topic)
		where += fmt.Sprintf(` AND (i.topic1 = $%[1]d OR i.topic2 = $%[1]d)`, len(args))
	}
	return where, args
}

// searchWalk returns the page of q (limit matches from q.Offset) among the
// walkWindow newest published items of q's filters, in the search order:
// fewer than limit when the window holds fewer.
func (b backend) searchWalk(ctx context.Context, q gongkai.SearchQuery, limit int) ([]string, error) {
	where, args := walkFilter(q)
	query := fmt.Sprintf(`SELECT w.id FROM (SELECT i.id, i.published_on, i.n, i.search FROM items i WHERE %s
		ORDER BY %s LIMIT %d) w WHERE ts_match_vq(w.search, to_tsquery('simple', $1::text))
		ORDER BY w.published_on DESC, w.n DESC%s`, where, sqlstore.SearchOrder, walkWindow(q.Offset+limit), page(q.Offset, limit))
	ids, err := sqlstore.QueryIDs(ctx, b.Q(), query, args...)
	return ids, mapError(err)
}

// walkCount returns how many of the walkCountRows(max) newest published
// items of q's filters match q's words, counted to max+1: a count by the
// rows themselves, exact as far as it goes.
func (b backend) walkCount(ctx context.Context, q gongkai.SearchQuery, max int) (int, error) {
	where, args := walkFilter(q)
	var n int
	err := b.db.q().QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM (SELECT i.search FROM items i WHERE %s
		ORDER BY %s LIMIT %d) w WHERE ts_match_vq(w.search, to_tsquery('simple', $1::text)) LIMIT %d) x`,
		where, sqlstore.SearchOrder, walkCountRows(max), max+1), args...).Scan(&n)
	return n, mapError(err)
}
