package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gongkai"
)

// The table item_counts (migration 0011) holds the number of items per
// countKey: the columns of items the public filters and facets use. Every
// write of items adds its change to it in the write's transaction
// (CreateItem, UpdateItem, CreateItems), so that it is always exact, and
// ItemCounts and the total of ItemPage read it instead of the items. Its
// columns have the names of the items' columns, so that itemWhere filters
// it as it filters the items.
//
// A key whose items all left it (withdrawn, moved to another year) keeps
// its row with n = 0 rather than being deleted: deleting would take a
// second statement after each decrement, and such rows are at most the
// keys ever used. The reads skip them (HAVING sum(n) > 0).

// countKey is the row of item_counts an item is counted in.
type countKey struct {
	agency, status string
	year, article  int
	topic1, topic2 string
}

// itemCountKey returns the key of an item, from the values itemArgs writes
// into items.
func itemCountKey(it *gongkai.Item) countKey {
	return countKey{agency: it.Agency, status: string(it.Status), year: gongkai.ItemYear(it),
		article: it.Article20Item, topic1: it.Topic[0], topic2: it.Topic[1]}
}

// countDelta is a change of item_counts: a number of items per key.
type countDelta map[countKey]int

// countRowsPerStatement bounds the rows of one upsert (7 parameters each;
// SQLite allows 32,766 parameters, PostgreSQL 65,535).
const countRowsPerStatement = 500

// addItemCounts adds d to item_counts in s's transaction: one multi-row
// upsert per countRowsPerStatement keys, the keys in a fixed order so that
// concurrent writers on PostgreSQL lock their rows in the same order. Keys
// whose change is 0 are not written.
func (s *Store) addItemCounts(ctx context.Context, d countDelta) error {
	keys := make([]countKey, 0, len(d))
	for k, n := range d {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b countKey) int {
		return cmp.Or(strings.Compare(a.agency, b.agency), strings.Compare(a.status, b.status), cmp.Compare(a.year, b.year),
			cmp.Compare(a.article, b.article), strings.Compare(a.topic1, b.topic1), strings.Compare(a.topic2, b.topic2))
	})
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), countRowsPerStatement)]
		keys = keys[len(chunk):]
		var b strings.Builder
		args := make([]any, 0, 7*len(chunk))
		b.WriteString(`INSERT INTO item_counts (agency_id, status, year, article20, topic1, topic2, n) VALUES `)
		for i, k := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + arg(&args, k.agency) + ", " + arg(&args, k.status) + ", " + arg(&args, k.year) + ", " +
				arg(&args, k.article) + ", " + arg(&args, k.topic1) + ", " + arg(&args, k.topic2) + ", " + arg(&args, d[k]) + ")")
		}
		b.WriteString(` ON CONFLICT (agency_id, status, year, article20, topic1, topic2) DO UPDATE SET n = item_counts.n + excluded.n`)
		if _, err := s.q().Exec(ctx, b.String(), args...); err != nil {
			return s.mapError(err)
		}
	}
	return nil
}

// ItemCounts implements gongkai.ItemListStore from item_counts: one query,
// a GROUP BY per facet over the rows f selects. As the items' GROUP BYs
// did, the topics are those of the first level (topic1), and neither ""
// (no topic) nor 0 (no item of 条例第二十条) is a facet.
func (db *Store) ItemCounts(ctx context.Context, f gongkai.ItemFilter) (*gongkai.ItemCounts, error) {
	var args []any
	var q strings.Builder
	for i, facet := range []struct{ num, str, col string }{
		{"i.article20", "''", "i.article20"}, {"0", "i.topic1", "i.topic1"}, {"0", "i.agency_id", "i.agency_id"}, {"i.year", "''", "i.year"},
	} {
		if i > 0 {
			q.WriteString(" UNION ALL ")
		}
		cond := strings.Join(itemWhere(&args, f), " AND ")
		fmt.Fprintf(&q, `SELECT %d, %s, %s, sum(i.n) FROM item_counts i WHERE %s GROUP BY %s HAVING sum(i.n) > 0`,
			i, facet.num, facet.str, cond, facet.col)
	}
	rows, err := db.q().Query(ctx, q.String(), args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	c := &gongkai.ItemCounts{Article20: map[int]int{}, Topics: map[string]int{}, Agencies: map[string]int{}, Years: map[int]int{}}
	for rows.Next() {
		var facet, num, n int
		var str string
		if err := rows.Scan(&facet, &num, &str, &n); err != nil {
			return nil, db.mapError(err)
		}
		switch facet {
		case 0:
			c.Article20[num] = n
		case 1:
			c.Topics[str] = n
		case 2:
			c.Agencies[str] = n
		case 3:
			c.Years[num] = n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.mapError(err)
	}
	delete(c.Topics, "")
	delete(c.Article20, 0)
	return c, nil
}
