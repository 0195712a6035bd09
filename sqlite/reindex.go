package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"gongkai"
)

// fillSearchIndex indexes every published item in items_fts, which must be
// empty (rebuilt by migration 10), and returns how many: a thousand items a
// transaction, read in the order of items.n, their tokens computed on every
// core, inserted through one prepared statement. It is derived data, so it
// is not audited. Unlike sqlstore.ReindexItems (one item at a time, each
// taken out of the index first), it only inserts: the same million items
// take minutes instead of half an hour.
func (db *DB) fillSearchIndex(ctx context.Context) (int, error) {
	total, after := 0, int64(-1)
	for {
		ns, items, err := db.publishedAfter(ctx, after, 1000)
		if err != nil || len(items) == 0 {
			return total, err
		}
		keys, tokens, err := searchRows(ns, items)
		if err != nil {
			return total, err
		}
		err = db.inTx(ctx, func(t *DB) error {
			s, err := t.tx.PrepareContext(ctx, `INSERT INTO items_fts (rowid, tokens) VALUES ($1, $2)`)
			if err != nil {
				return err
			}
			defer s.Close()
			for i := range keys {
				if _, err := s.ExecContext(ctx, keys[i], tokens[i]); err != nil {
					return fmt.Errorf("index item %s: %w", items[i].ID, err)
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += len(items)
		after = ns[len(ns)-1]
	}
}

// publishedAfter returns up to limit published items whose n is above
// after, in the order of n, with their numbers.
func (db *DB) publishedAfter(ctx context.Context, after int64, limit int) ([]int64, []*gongkai.Item, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT n, body FROM items WHERE status = $1 AND n > $2 ORDER BY n LIMIT $3`,
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

// searchRows returns the items_fts rowid (ftsKey) and tokens
// (gongkai.ItemTokens) of each item, computed on every core.
func searchRows(ns []int64, items []*gongkai.Item) ([]int64, []string, error) {
	keys, tokens := make([]int64, len(items)), make([]string, len(items))
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
				keys[i], tokens[i] = k, gongkai.ItemTokens(items[i])
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return keys, tokens, nil
}
