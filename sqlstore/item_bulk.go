package sqlstore

import (
	"context"
	"runtime"
	"sync"
	"time"

	"gongkai"
)

// ItemRow is one item of a bulk insert, prepared outside the transaction.
type ItemRow struct {
	Args   []any         // the column values, in itemArgs order
	Item   *gongkai.Item // the item as stored (Version 1, UpdatedAt set)
	Tokens string        // gongkai.ItemTokens of a published item, "" for any other (not indexed)
	After  string        // the audit entry's "after": gongkai.AuditJSON of the item
}

// ItemCreator is what a store offers to create many items in one
// transaction; *Store (and so the sqlite and postgres stores) has it.
type ItemCreator interface {
	CreateItems(ctx context.Context, items []*gongkai.Item) error
}

var _ ItemCreator = (*Store)(nil)

// CreateItems stores new items as CreateItem stores each of them — the
// same validation, the same rows, the same search tokens, one audit entry
// per item, index numbers kept unique by the same unique index, the same
// counts (item_counts: the batch's counts added up in Go, each key written
// once, by Backend.AddCounts, before or after the items as
// Backend.CountsFirst says) — in one transaction: either all are stored
// or none is. The search tokens and the JSON are computed on all cores
// before the transaction opens, and the backend writes the rows with a few
// statements (Backend.InsertItems). On success each item gets its Version
// (1) and UpdatedAt, as CreateItem does.
func (db *Store) CreateItems(ctx context.Context, items []*gongkai.Item) error {
	for _, it := range items {
		if err := checkNewItem(it); err != nil {
			return err
		}
	}
	if len(items) == 0 {
		return nil
	}
	if _, err := gongkai.RequireActor(ctx); err != nil {
		return err
	}
	now := db.now()
	rows := make([]ItemRow, len(items))
	if err := prepareItemRows(items, rows, now); err != nil {
		return err
	}
	counts := countDelta{}
	for _, r := range rows {
		counts.add(r.Item, 1)
		counts.touch(r.Item.Agency)
	}
	err := db.write(ctx, func(t *Store, actor string) error {
		seen := map[string]bool{}
		for _, it := range items {
			if !seen[it.Agency] {
				seen[it.Agency] = true
				if _, err := t.Agency(ctx, it.Agency); err != nil {
					return err
				}
			}
		}
		return t.addItemCountsAround(ctx, counts, func() error { return t.B.InsertItems(ctx, actor, t.now(), rows) })
	})
	if err != nil {
		return err
	}
	for i, it := range items {
		*it = *rows[i].Item
	}
	return nil
}

// prepareItemRows fills rows with the copies of items as stored at now,
// their column values, tokens and audit JSON, on all cores.
func prepareItemRows(items []*gongkai.Item, rows []ItemRow, now time.Time) error {
	workers := min(runtime.GOMAXPROCS(0), (len(items)+63)/64)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(items); i += workers {
				c := *items[i]
				c.Version, c.UpdatedAt = 1, now
				args, err := itemArgs(&c)
				if err != nil {
					errs[w] = err
					return
				}
				// The audit entry's JSON of an item is the item's JSON
				// (AuditJSON masks nothing of an Item), which itemArgs made.
				r := ItemRow{Args: args, Item: &c, After: args[11].(string)}
				if c.Status == gongkai.ItemPublished {
					r.Tokens = gongkai.ItemTokens(&c)
				}
				rows[i] = r
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
