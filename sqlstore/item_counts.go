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
// agency, status, year (ItemYear), item of 条例第二十条 and topic pair: the
// columns of items the public filters and facets use, with the same names,
// so that itemWhere filters it as it filters the items. Every write of
// items adds its change to it in the write's transaction (CreateItem,
// UpdateItem, CreateItems), so that it is always exact, and ItemCounts and
// the total of ItemPage read it instead of counting the items.
//
// The counts are kept at four levels (the column level), each leaving out
// some columns (stored as '' or 0 there), so that a query reads the
// smallest level that has the columns it filters and groups by:
//
//	0  agency, status, year, article20, topics   every query can use it
//	1  status, year, article20, topics           no agency: the whole catalog
//	2  agency, status, year, article20           no topic
//	3  agency, status, year                      agencies and years
//
// At 200,000 synthetic items (50 agencies, 7 years) level 0 has about
// 43,000 rows, level 3 a few hundred: the landing page's facets of every
// agency read levels 1 and 3 instead of the 43,000 rows of level 0.
//
// Level 9 is not a count of items but the catalog mark of an agency
// (gongkai.ItemListStore.CatalogMarks): its row (agency, '', 0, 0, '', '')
// gains 1 in every write of one of the agency's items, with the counts,
// in the same statement, and in every change of the agency. No read of
// the counts uses it (countWhere always names a level from 0 to 3).
//
// A key whose items all left it (withdrawn, moved to another year) keeps
// its row with n = 0 rather than being deleted: deleting would take a
// second statement after each decrement, and such rows are at most the
// keys ever used. The reads skip them (HAVING sum(n) > 0).

// countKey is a row of item_counts.
type countKey struct {
	level          int
	agency, status string
	year, article  int
	topic1, topic2 string
}

// countDelta is a change of item_counts: a number of items per key.
type countDelta map[countKey]int

// markLevel is the level of item_counts that holds the catalog marks.
const markLevel = 9

// touch adds 1 to the catalog mark of agency.
func (d countDelta) touch(agency string) { d[countKey{level: markLevel, agency: agency}]++ }

// add adds n items like it (as itemArgs writes it into items) to d, at
// every level.
func (d countDelta) add(it *gongkai.Item, n int) {
	k := countKey{agency: it.Agency, status: string(it.Status), year: gongkai.ItemYear(it),
		article: it.Article20Item, topic1: it.Topic[0], topic2: it.Topic[1]}
	d[k] += n
	all := k
	all.level, all.agency = 1, ""
	d[all] += n
	k.level, k.topic1, k.topic2 = 2, "", ""
	d[k] += n
	k.level, k.article = 3, 0
	d[k] += n
}

// CountRow is the change of one key of item_counts that addItemCounts
// hands to Backend.AddCounts: N items (N != 0) added to the key.
type CountRow struct {
	Level                          int
	Agency, Status, Topic1, Topic2 string
	Year, Article20, N             int
}

// addItemCounts adds d to item_counts in s's transaction through
// Backend.AddCounts: each key once, in a fixed order (level, agency,
// status, year, article20, topic1, topic2; strings by bytes) so that
// concurrent writers on PostgreSQL lock their rows in the same order.
// Keys whose change is 0 are not written (an update that changes no
// counted column writes nothing).
func (s *Store) addItemCounts(ctx context.Context, d countDelta) error {
	rows := make([]CountRow, 0, len(d))
	for k, n := range d {
		if n != 0 {
			rows = append(rows, CountRow{Level: k.level, Agency: k.agency, Status: k.status, Topic1: k.topic1, Topic2: k.topic2,
				Year: k.year, Article20: k.article, N: n})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	slices.SortFunc(rows, func(a, b CountRow) int {
		return cmp.Or(cmp.Compare(a.Level, b.Level), strings.Compare(a.Agency, b.Agency), strings.Compare(a.Status, b.Status),
			cmp.Compare(a.Year, b.Year), cmp.Compare(a.Article20, b.Article20), strings.Compare(a.Topic1, b.Topic1), strings.Compare(a.Topic2, b.Topic2))
	})
	return s.B.AddCounts(ctx, rows)
}

// addItemCountsAround runs write, the write of the items d counts, and
// adds d to item_counts before or after it, as Backend.CountsFirst says.
// A failed write fails the transaction, counts written or not.
func (s *Store) addItemCountsAround(ctx context.Context, d countDelta, write func() error) error {
	first := s.B.CountsFirst()
	if first {
		if err := s.addItemCounts(ctx, d); err != nil {
			return err
		}
	}
	if err := write(); err != nil {
		return err
	}
	if first {
		return nil
	}
	return s.addItemCounts(ctx, d)
}

// QAddCount adds the items of one key to item_counts: the statement of
// one row a backend may use (SQLite prepares it once).
const QAddCount = `INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
	ON CONFLICT (level, agency_id, status, year, article20, topic1, topic2) DO UPDATE SET n = item_counts.n + excluded.n`

// The columns a count needs, for countLevel.
const (
	needAgency = 1 << iota
	needYear
	needArticle
	needTopic
)

// countLevel returns the smallest level of item_counts that has the
// columns f filters by and those of need.
func countLevel(f gongkai.ItemFilter, need int) int {
	if f.Agency != "" || len(f.Agencies) > 0 {
		need |= needAgency
	}
	if f.Year != 0 {
		need |= needYear
	}
	if f.Article20Item != 0 {
		need |= needArticle
	}
	if f.Topic != "" {
		need |= needTopic
	}
	switch {
	case need&^(needAgency|needYear) == 0:
		return 3
	case need&needAgency == 0:
		return 1
	case need&needTopic == 0:
		return 2
	}
	return 0
}

// countWhere returns the conditions selecting the rows of item_counts
// (aliased i) that count the items f selects, with a count of need.
func countWhere(args *[]any, f gongkai.ItemFilter, need int) string {
	level := countLevel(f, need)
	where := append(itemWhere(args, f), fmt.Sprintf("i.level = %d", level))
	if level == 1 {
		where = append(where, "i.agency_id = ''") // the whole of the key's prefix
	}
	return strings.Join(where, " AND ")
}

// CatalogMarks implements gongkai.ItemListStore: the rows of level
// markLevel.
func (db *Store) CatalogMarks(ctx context.Context) (map[string]int64, error) {
	rows, err := db.q().Query(ctx, `SELECT agency_id, n FROM item_counts WHERE level = $1`, markLevel)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	marks := map[string]int64{}
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, db.mapError(err)
		}
		marks[id] = n
	}
	return marks, db.mapError(rows.Err())
}

// itemTotal returns the number of items f selects.
func (db *Store) itemTotal(ctx context.Context, f gongkai.ItemFilter) (int, error) {
	var args []any
	var total int
	err := db.q().QueryRow(ctx, `SELECT coalesce(sum(i.n), 0) FROM item_counts i WHERE `+countWhere(&args, f, 0), args...).Scan(&total)
	return total, db.mapError(err)
}

// ItemCounts implements gongkai.ItemListStore from item_counts: one query,
// a GROUP BY per facet over the rows f selects at the facet's level. As
// the GROUP BYs over the items did, the topics are those of the first
// level (topic1), and neither "" (no topic) nor 0 (no item of 条例第二十条)
// is a facet.
func (db *Store) ItemCounts(ctx context.Context, f gongkai.ItemFilter) (*gongkai.ItemCounts, error) {
	var args []any
	var q strings.Builder
	for i, facet := range []struct {
		num, str, col string
		need          int
	}{
		{"i.article20", "''", "i.article20", needArticle},
		{"0", "i.topic1", "i.topic1", needTopic},
		{"0", "i.agency_id", "i.agency_id", needAgency},
		{"i.year", "''", "i.year", needYear},
	} {
		if i > 0 {
			q.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&q, `SELECT %d, %s, %s, sum(i.n) FROM item_counts i WHERE %s GROUP BY %s HAVING sum(i.n) > 0`,
			i, facet.num, facet.str, countWhere(&args, f, facet.need), facet.col)
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
