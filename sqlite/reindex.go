package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"gongkai"
)

// fillSearchIndex indexes the published items that migration 10 left out
// of its rebuilt items_fts, and returns how many it indexed: those after
// the item number in search_fill (the migration's row), a thousand items a
// transaction in the order of items.n, each transaction moving that number
// on, so that a fill stopped half-way goes on from there at the next
// Migrate; the row is deleted at the end. Without the row (no migration 10
// pending) it does nothing. The tokens are computed on every core and
// inserted through one prepared statement. It is derived data, so it is not
// audited. Unlike sqlstore.ReindexItems (one item at a time, each taken out
// of the index first), it only inserts: a million items take minutes
// instead of half an hour.
func (db *DB) fillSearchIndex(ctx context.Context) (int, error) {
	total := 0
	for {
		var after int64
		err := db.w.QueryRowContext(ctx, `SELECT after FROM search_fill`).Scan(&after)
		if errors.Is(err, sql.ErrNoRows) {
			return total, nil
		}
		if err != nil {
			return total, mapError(err)
		}
		ns, items, err := db.publishedAfter(ctx, after, 1000)
		if err != nil {
			return total, err
		}
		rows, err := searchRows(ns, items)
		if err != nil {
			return total, err
		}
		err = db.inTx(ctx, func(t *DB) error {
			if len(items) == 0 {
				_, err := t.tx.ExecContext(ctx, `DELETE FROM search_fill`)
				return err
			}
			s, err := t.tx.PrepareContext(ctx, `INSERT INTO items_fts (rowid, tokens) VALUES ($1, $2)`)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := insertFTS(ctx, s, rows); err != nil {
				return err
			}
			_, err = t.tx.ExecContext(ctx, `UPDATE search_fill SET after = $1`, ns[len(ns)-1])
			return err
		})
		if err != nil {
			return total, err
		}
		total += len(items)
	}
}

// publishedAfter returns up to limit published items whose n is above
// after, in the order of n, with their numbers. NOT INDEXED keeps SQLite
// to the table's own order (n is its rowid): with the index on status it
// read every published item's entry for each thousand, 40 GB at a million.
func (db *DB) publishedAfter(ctx context.Context, after int64, limit int) ([]int64, []*gongkai.Item, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT n, body FROM items NOT INDEXED WHERE n > $2 AND status = $1 ORDER BY n LIMIT $3`,
		string(gongkai.ItemPublished), after, limit)
	if err != nil {
		return nil, nil, mapError(err)
	}
	defer rows.Close()
	var ns []int64
	var items []*gongkai.Item
	for rows.Next() {
		var n int64
		var body string
		if err := rows.Scan(&n, &body); err != nil {
			return nil, nil, mapError(err)
		}
		var it gongkai.Item
		if err := json.Unmarshal([]byte(body), &it); err != nil {
			return nil, nil, fmt.Errorf("item %d: %w", n, err)
		}
		ns, items = append(ns, n), append(items, &it)
	}
	return ns, items, mapError(rows.Err())
}

// searchRows returns the rows of items_fts of the items numbered ns: their
// keys (ftsKey) and tokens (gongkai.ItemTokens), computed on every core.
func searchRows(ns []int64, items []*gongkai.Item) ([]ftsRow, error) {
	rows := make([]ftsRow, len(items))
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(items); i += workers {
				k, err := ftsKey(items[i].PublishedOn, ns[i])
				if err != nil {
					errs[w] = err
					return
				}
				rows[i] = ftsRow{k, gongkai.ItemTokens(items[i])}
			}
		})
	}
	wg.Wait()
	return rows, errors.Join(errs...)
}
