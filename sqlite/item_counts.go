package sqlite

import (
	"context"
	"encoding/json"
	"strconv"

	"gongkai/sqlstore"
)

// CountsFirst is true: CreateItems, CreateItem and UpdateItem add their
// counts before they write the item and its row of items_fts. A statement
// that may fail halfway after changing rows (as an upsert of several rows
// may) opens a statement journal, and that savepoint makes FTS5 write out
// the search index it holds in memory for the transaction (fts5's
// xSavepoint). Before the writer's rows of items_fts there is nothing to
// write out: the savepoint the group commit opens for each writer has
// written out the earlier writers' already. FTS5 then writes out the
// writer's index when its savepoint is released rather than at the
// commit, once a batch as before: over 100,000 items (gongkai load
// catalog, 2 writers) _fts5FlushOneHash took 11.2 and 8.9 s of CPU
// before, 9.5 and 9.6 s after.
func (b backend) CountsFirst() bool { return true }

// manyCounts is the number of keys from which AddCounts writes them with
// one statement. Below it (CreateItem: 4 keys, UpdateItem: at most 8),
// the prepared upsert of one row each: such a statement opens no
// statement journal, so that the single writes of a transaction that
// writes many (WithTx, the group commit) never make FTS5 write out the
// items written before them. (With statements of 50 rows after the item,
// CreateItem spent 2.9 s on its counts against 2.1 s on the item and its
// index over 10,000 synthetic items, 1.9 s of it in FTS5's flushes; one
// row a statement, 0.9 s against 2.7 s.)
const manyCounts = 16

// AddCounts implements sqlstore.Backend. Few keys: the prepared upsert of
// one row (sqlstore.QAddCount) each. Many (CreateItems: about 2,500 keys
// for 1,000 synthetic items): one statement whatever their number, the
// keys bound as one JSON array of rows read by json_each, a statement
// prepared per call. Before it, each key was an upsert of its own, its
// text built with fmt and prepared on each call: over 100,000 items
// (gongkai load catalog --items 100000 --writers 2, twice on a shared
// 2-core machine) addItemCounts took 8.7 and 6.8 s of CPU (11.8% and
// 11.1% of the profile, on the single writer's path), and 2.5 and 2.8 s
// (4.1%, 4.6%) this way, a third of it in SQLite's JSON functions.
// A parameter a value would cost more: SQLite finds a parameter named $n
// in a list, work that grows with the square of their number (500 rows a
// statement: 15.1 s on the counts against 10.0 s on the items over
// 40,000 items).
func (b backend) AddCounts(ctx context.Context, rows []sqlstore.CountRow) error {
	if len(rows) < manyCounts {
		for _, r := range rows {
			if _, err := b.db.exec(ctx, sqlstore.QAddCount, r.Level, r.Agency, r.Status, r.Year, r.Article20, r.Topic1, r.Topic2, r.N); err != nil {
				return mapError(err)
			}
		}
		return nil
	}
	// "WHERE true": without it SQLite would read ON CONFLICT as the
	// join constraint of the SELECT (the parsing ambiguity of an upsert
	// after INSERT ... SELECT).
	_, err := b.db.exec(ctx, `INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
		SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7
		FROM json_each($1) j WHERE true
		ON CONFLICT (level, agency_id, status, year, article20, topic1, topic2) DO UPDATE SET n = item_counts.n + excluded.n`,
		string(countsJSON(rows)))
	return mapError(err)
}

// countsJSON encodes rows as a JSON array of arrays, each in the order of
// the columns of item_counts.
func countsJSON(rows []sqlstore.CountRow) []byte {
	b := make([]byte, 0, 64*len(rows))
	b = append(b, '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(r.Level), 10)
		for _, s := range []string{r.Agency, r.Status} {
			b = append(b, ',')
			b = appendJSONString(b, s)
		}
		for _, n := range []int{r.Year, r.Article20} {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(n), 10)
		}
		for _, s := range []string{r.Topic1, r.Topic2} {
			b = append(b, ',')
			b = appendJSONString(b, s)
		}
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(r.N), 10)
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	j, _ := json.Marshal(s) // a string always encodes
	return append(b, j...)
}
