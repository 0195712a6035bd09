package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"gongkai/sqlstore"
)

// backend implements sqlstore.Backend on db.
type backend struct{ db *DB }

var _ sqlstore.Backend = backend{}

// bind sets the shared entity code of db to run on db.
func bind(db *DB) *DB {
	db.Store = sqlstore.New(backend{db})
	return db
}

func (b backend) Q() sqlstore.Querier { return querierOf{b.db} }

func (b backend) InTx(ctx context.Context, fn func(tx sqlstore.Backend) error) error {
	return b.db.inTx(ctx, func(t *DB) error { return fn(backend{t}) })
}

func (b backend) Clock() time.Time { return b.db.Now() }

func (b backend) MapError(err error) error { return mapError(err) }

func (b backend) IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

func (b backend) Page(offset, limit int) string { return page(offset, limit) }

// IDList binds the ids as one JSON array, read by json_each.
func (b backend) IDList(ids []string) any {
	j, _ := json.Marshal(ids) // a []string always encodes
	return string(j)
}

func (b backend) InIDs(placeholder string) string {
	return "IN (SELECT value FROM json_each(" + placeholder + "))"
}

// querierOf runs the reads on db.q() and the writes through db.exec (the
// prepared hot statements).
type querierOf struct{ db *DB }

func (q querierOf) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.db.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q querierOf) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.db.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (q querierOf) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.db.q().QueryRowContext(ctx, query, args...)
}

// sqlRows adapts *sql.Rows (whose Close returns an error) to sqlstore.Rows.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }
