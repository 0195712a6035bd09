package gongkai

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// StoredIndexNos returns an error for each row whose 索引号 the store holds,
// in the rows' order.
func StoredIndexNos(ctx context.Context, st ItemStore, rows []ImportRow) (ImportErrors, error) {
	nos := make([]string, len(rows))
	for i, r := range rows {
		nos[i] = r.Item.IndexNo
	}
	stored, err := st.StoredIndexNos(ctx, nos)
	if err != nil || len(stored) == 0 {
		return nil, err
	}
	taken := make(map[string]bool, len(stored))
	for _, no := range stored {
		taken[no] = true
	}
	var errs ImportErrors
	for _, r := range rows {
		if taken[r.Item.IndexNo] {
			errs = append(errs, ImportError{r.Row, "索引号", fmt.Sprintf("%q is already in the catalog", r.Item.IndexNo)})
		}
	}
	return errs, nil
}

// ImportCatalog stores parsed rows in one transaction, after checking that
// no 索引号 is already in the store: all or nothing. The error is
// ImportErrors for rows whose number is taken or that the store refuses.
// The rows are written oldest 发布日期 first, in file order within a day:
// what the catalog shows is the same in any order (newest day first, and of
// one day the row stored later first, which the file's order decides
// either way), but a search index fed in date order (SQLite's keys,
// docs/search.md) takes the whole file as one segment instead of writing
// one out at nearly every row of a newest-first export.
//
// A store that writes many items at once (ItemBatchCreator) gets them
// ImportBatch at a time; each row is validated first, so that a bad row is
// named. Should the store still refuse a batch, the import runs again in
// a new transaction one row at a time, to name the row it refuses.
func ImportCatalog(ctx context.Context, st Store, rows []ImportRow) error {
	byDate := slices.Clone(rows)
	slices.SortStableFunc(byDate, func(a, b ImportRow) int { return a.Item.PublishedOn.Compare(b.Item.PublishedOn) })
	err := importCatalog(ctx, st, rows, byDate, true)
	var refused batchRefused
	if !errors.As(err, &refused) || ctx.Err() != nil {
		return err
	}
	return importCatalog(ctx, st, rows, byDate, false)
}

// batchRefused is an error of ItemBatchCreator.CreateItems.
type batchRefused struct{ err error }

func (e batchRefused) Error() string { return e.err.Error() }
func (e batchRefused) Unwrap() error { return e.err }

// ImportBatch is how many rows ImportCatalog gives an ItemBatchCreator at
// a time: the size of a batch of gongkai load catalog, which bounds the
// memory of the prepared rows.
const ImportBatch = 1000

// ItemBatchCreator is a store that writes many new items at once (the SQL
// stores' CreateItems): the same rows, search tokens, audit entries and
// counts as CreateItem gives each, in one transaction, with a few
// statements. On PostgreSQL a catalog import is 2–3 times faster this way
// (docs/bench/catalog-indexing.md).
type ItemBatchCreator interface {
	CreateItems(ctx context.Context, items []*Item) error
}

// importCatalog is ImportCatalog's transaction: rows (in file order) are
// checked against the store, then byDate written, in batches or one by one.
func importCatalog(ctx context.Context, st Store, rows, byDate []ImportRow, batches bool) error {
	return st.WithTx(ctx, func(tx Store) error {
		errs, err := StoredIndexNos(ctx, tx, rows)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		bc, ok := tx.(ItemBatchCreator)
		if !batches || !ok {
			for _, r := range byDate {
				c := *r.Item
				if err := tx.CreateItem(ctx, &c); err != nil {
					return ImportErrors{{r.Row, "", err.Error()}}
				}
			}
			return nil
		}
		items := make([]*Item, len(byDate))
		for i, r := range byDate {
			c := *r.Item
			if err := c.Validate(); err != nil {
				errs = append(errs, ImportError{r.Row, "", err.Error()})
			}
			items[i] = &c
		}
		if len(errs) > 0 {
			slices.SortFunc(errs, func(a, b ImportError) int { return a.Row - b.Row })
			return errs
		}
		for b := range slices.Chunk(items, ImportBatch) {
			if err := bc.CreateItems(ctx, b); err != nil {
				return batchRefused{err}
			}
		}
		return nil
	})
}
