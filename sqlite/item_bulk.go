package sqlite

import (
	"context"
	"database/sql"
	"fmt"
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
			if _, err := stmts[1].ExecContext(ctx, k, r.Tokens); err != nil {
				return mapError(err)
			}
		}
		if _, err := stmts[2].ExecContext(ctx, at, actor, "create", gongkai.EntityItem, r.Item.ID, nil, r.After); err != nil {
			return mapError(err)
		}
	}
	return nil
}
