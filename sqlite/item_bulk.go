package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"gongkai"
	"gongkai/sqlstore"
)

// InsertItems implements sqlstore.Backend: it inserts the rows of
// sqlstore.Store.CreateItems through three statements prepared once per
// call on the writer's transaction: the item, its row of items_fts (tokens
// computed beforehand, rowid ftsKey) and its audit entry.
func (b backend) InsertItems(ctx context.Context, actor string, at time.Time, rows []sqlstore.ItemRow) error {
	t := b.db
	if t.tx == nil {
		return fmt.Errorf("sqlite: InsertItems outside a transaction")
	}
	var stmts [3]*sql.Stmt
	for i, q := range []string{
		`INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		`INSERT INTO items_fts (rowid, tokens) VALUES ($1, $2)`,
		sqlstore.QInsertAudit,
	} {
		s, err := t.tx.PrepareContext(ctx, q)
		if err != nil {
			return mapError(err)
		}
		defer s.Close()
		stmts[i] = s
	}
	// FTS5 writes out its pending index whenever a rowid comes below the
	// last one (fts5 index.c), and the keys follow the items' dates, not
	// the batch's order: the batch's rows of items_fts are written after
	// its items, in key order, so that a batch is written out once. In
	// the order of the rows, a batch of random dates was written out at
	// every other item (36% of the time of CreateItems in a profile).
	var fts []ftsRow
	for _, r := range rows {
		res, err := stmts[0].ExecContext(ctx, r.Args...)
		if err != nil {
			return fmt.Errorf("create item %s: %w", r.Item.ID, mapError(err))
		}
		if r.Item.Status == gongkai.ItemPublished {
			n, err := res.LastInsertId()
			if err != nil {
				return err
			}
			k, err := ftsKey(r.Item.PublishedOn, n)
			if err != nil {
				return err
			}
			fts = append(fts, ftsRow{k, r.Tokens})
		}
		if _, err := stmts[2].ExecContext(ctx, at, actor, "create", gongkai.EntityItem, r.Item.ID, nil, r.After); err != nil {
			return mapError(err)
		}
	}
	return insertFTS(ctx, stmts[1], fts)
}

// ftsRow is a row of items_fts.
type ftsRow struct {
	key    int64
	tokens string
}

// insertFTS inserts rows of items_fts through s (INSERT INTO items_fts
// (rowid, tokens)) in the order of their keys, so that FTS5 keeps them in
// its pending index until the transaction ends.
func insertFTS(ctx context.Context, s *sql.Stmt, rows []ftsRow) error {
	slices.SortFunc(rows, func(a, b ftsRow) int { return cmp.Compare(a.key, b.key) })
	for _, r := range rows {
		if _, err := s.ExecContext(ctx, r.key, r.tokens); err != nil {
			return mapError(err)
		}
	}
	return nil
}
