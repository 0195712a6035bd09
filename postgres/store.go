package postgres

import (
	"context"
	"errors"
	"time"

	"gongkai/sqlstore"

	"github.com/jackc/pgx/v5"
)

// backend implements sqlstore.Backend on db.
type backend struct{ db *DB }

var _ sqlstore.Backend = backend{}

// bind sets the shared entity code of db to run on db.
func bind(db *DB) *DB {
	db.Store = sqlstore.New(backend{db})
	return db
}

func (b backend) Q() sqlstore.Querier { return querierOf{b.db.q()} }

func (b backend) InTx(ctx context.Context, fn func(tx sqlstore.Backend) error) error {
	return b.db.inTx(ctx, func(t *DB) error { return fn(backend{t}) })
}

func (b backend) Clock() time.Time { return b.db.Now() }

func (b backend) MapError(err error) error { return mapError(err) }

func (b backend) IsNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

func (b backend) Page(offset, limit int) string { return page(offset, limit) }

// IDList binds the ids as one text[].
func (b backend) IDList(ids []string) any { return ids }

func (b backend) InIDs(placeholder string) string { return "= ANY(" + placeholder + ")" }

// querierOf adapts the pool or the transaction to sqlstore.Querier.
type querierOf struct{ q querier }

func (q querierOf) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.q.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q querierOf) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (q querierOf) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.q.QueryRow(ctx, query, args...)
}
