// Package postgres implements gongkai.Store on PostgreSQL (pgx/v5 and its
// pool), for a province-sized installation. The schema is that of
// gongkai/sqlite and the entity code is shared with it (gongkai/sqlstore);
// the driver, the transactions, the migrations' dialect, the item search
// (a tsvector column) and the error codes are its own.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"gongkai"
	"gongkai/migrate"
	"gongkai/sqlstore"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded migrations, ordered by version.
func Migrations() ([]migrate.Migration, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	return migrate.Load(sub)
}

// DB is a gongkai.Store on a PostgreSQL database. A DB bound to a
// transaction (the Store WithTx passes to its function) has tx set.
type DB struct {
	sqlstore.Store // the entity methods
	pool           *pgxpool.Pool
	tx             pgx.Tx
	// Now is the clock for the times the store sets (audit, updates).
	Now func() time.Time
	// tsvectors: the search column's tsvectors are built in Go where
	// they can be (tsvector.go); checkTSVectors found this server's
	// parser to agree.
	tsvectors bool
	// stats: the search statistics SearchMatches reads (search_stats.go),
	// shared by the DB and its transactions.
	stats *tokenStats
}

var _ gongkai.Store = (*DB)(nil)

// IsDSN reports whether s names a PostgreSQL database (postgres:// or
// postgresql://) rather than a SQLite file.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database dsn (a postgres:// URL; runtime parameters
// such as search_path may be given in its query). It refuses a database
// whose schema is newer than this binary; it does not migrate (see Migrate).
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if cfg.ConnConfig.RuntimeParams["work_mem"] == "" {
		// The bitmap of a common search word over a province's catalog
		// (100,000s of rows) outgrows the default 4 MB and turns lossy:
		// every row of a lossy page is read and its tsvector checked again
		// (docs/bench/catalog.md: 390 → 133 ms for one count). A dsn may
		// set its own.
		cfg.ConnConfig.RuntimeParams["work_mem"] = "32MB"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := bind(&DB{pool: pool, Now: time.Now, stats: &tokenStats{}})
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if db.tsvectors, err = checkTSVectors(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	ms, err := Migrations()
	if err != nil {
		pool.Close()
		return nil, err
	}
	v, err := db.SchemaVersion(ctx)
	if err == nil {
		err = migrate.Check(v, migrate.Latest(ms))
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the pool.
func (db *DB) Close() error {
	if db.tx != nil {
		return fmt.Errorf("postgres: Close called on a transaction")
	}
	db.pool.Close()
	return nil
}

// SchemaVersion returns the highest migration applied (0 for a new database).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := db.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Migrate applies the embedded migrations the database lacks and returns
// their versions. Concurrent migrators wait for each other (advisory lock).
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	applied, err := migrate.Up(ctx, target{db}, ms)
	if err == nil && slices.Contains(applied, sqlstore.ReindexVersion) {
		if _, err := db.ReindexItems(ctx); err != nil {
			return applied, fmt.Errorf("re-index the catalog after migration %d: %w", sqlstore.ReindexVersion, err)
		}
	}
	return applied, err
}

type target struct{ db *DB }

// Version implements migrate.Target.
func (t target) Version(ctx context.Context) (int, error) {
	if _, err := t.db.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		return 0, err
	}
	return t.db.SchemaVersion(ctx)
}

// Apply implements migrate.Target.
func (t target) Apply(ctx context.Context, m migrate.Migration) error {
	tx, err := t.db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7347710)`); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, m.Version, time.Now().UTC()); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// querier is what both *pgxpool.Pool and pgx.Tx offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// q returns the transaction, or the pool.
func (db *DB) q() querier {
	if db.tx != nil {
		return db.tx
	}
	return db.pool
}

// WithTx implements gongkai.Store.
func (db *DB) WithTx(ctx context.Context, fn func(tx gongkai.Store) error) error {
	return db.inTx(ctx, func(t *DB) error { return fn(t) })
}

func (db *DB) inTx(ctx context.Context, fn func(t *DB) error) (err error) {
	if db.tx != nil {
		return fn(db)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return mapError(err)
	}
	t := bind(&DB{pool: db.pool, tx: tx, Now: db.Now, tsvectors: db.tsvectors, stats: db.stats})
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
	}()
	if err := fn(t); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return mapError(err)
	}
	return mapError(tx.Commit(ctx))
}

// arg appends v to args and returns its placeholder.
func arg(args *[]any, v any) string {
	*args = append(*args, v)
	return fmt.Sprintf("$%d", len(*args))
}

// page returns a LIMIT/OFFSET clause.
func page(offset, limit int) string {
	if limit <= 0 {
		if offset > 0 {
			return fmt.Sprintf(" OFFSET %d", offset)
		}
		return ""
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
}

// exec runs a statement in t's transaction or on the pool (pgx caches the
// prepared statement per connection).
func (db *DB) exec(ctx context.Context, query string, args ...any) (pgconn.CommandTag, error) {
	return db.q().Exec(ctx, query, args...)
}
