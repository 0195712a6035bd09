// Package sqlite implements gongkai.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go): one file in WAL mode with foreign keys on
// and synchronous=FULL, so that a write acknowledged to the caller survives a
// killed process or a power loss. Writes go through a pool of one connection
// that starts its transactions with BEGIN IMMEDIATE; reads use a separate
// pool and see the last committed state. The entity code is shared with
// gongkai/postgres (gongkai/sqlstore); the writes' group commit, the item
// search (FTS5), backups and the error codes are its own.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"gongkai"
	"gongkai/migrate"
	"gongkai/sqlstore"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
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

// DB is a gongkai.Store on one SQLite file. A DB bound to a transaction (the
// Store WithTx passes to its function) has tx set.
type DB struct {
	sqlstore.Store         // the entity methods
	w              *sql.DB // writer: one connection, BEGIN IMMEDIATE
	r              *sql.DB // readers
	tx             *sql.Tx
	path           string
	stmts          *stmtCache
	c              *committer // group commit of the writes outside WithTx
	ckpt           *checkpointer
	// Now is the clock for the times the store sets (audit, updates).
	Now func() time.Time
}

var _ gongkai.Store = (*DB)(nil)

// DSN returns the data source name gongkai uses for the file at path: WAL,
// foreign keys, a 5 s busy timeout and synchronous=FULL.
func DSN(path string) string {
	return fileURI(path, "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)")
}

// writerCacheKiB is the page cache of the writer connection: 64 MB
// instead of SQLite's 2 MB, so that the inserts into a large catalog's
// indexes (eight B-trees and the FTS5 segments) find their pages in
// memory (docs/bench/catalog.md). The readers keep the default and the
// operating system's file cache.
const writerCacheKiB = 65536

// fileURI returns the file: URI of path with the query params.
func fileURI(path, params string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params
}

// Open opens (creating when missing) the database at path. It refuses a
// database whose schema is newer than this binary; it does not migrate (see
// Migrate).
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("sqlite: want a file path, got %q", path)
	}
	// The writer leaves most checkpoints to the checkpointer (checkpoint.go).
	w, err := sql.Open("sqlite", DSN(path)+fmt.Sprintf("&_txlock=immediate&_pragma=cache_size(-%d)&_pragma=wal_autocheckpoint(%d)&_pragma=journal_size_limit(%d)",
		writerCacheKiB, writerCheckpointPages, walSizeLimit))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", DSN(path)+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	db := bind(&DB{w: w, r: r, path: path, Now: time.Now, stmts: &stmtCache{m: map[string]*sql.Stmt{}}})
	if db.ckpt, err = newCheckpointer(path); err != nil {
		db.Close()
		return nil, err
	}
	if err := w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	v, err := db.checkSchema(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if v > 0 {
		if err := db.stmts.prepare(ctx, w, v); err != nil {
			db.Close()
			return nil, err
		}
	}
	db.c = newCommitter(db)
	return db, nil
}

// Path returns the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes both pools.
func (db *DB) Close() error {
	if db.tx != nil {
		return fmt.Errorf("sqlite: Close called on a transaction")
	}
	if db.c != nil {
		db.c.stop()
	}
	if db.ckpt != nil {
		db.ckpt.stop()
	}
	db.stmts.close()
	err1 := db.r.Close()
	err2 := db.w.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// checkSchema returns the schema version and refuses one newer than the binary.
func (db *DB) checkSchema(ctx context.Context) (int, error) {
	ms, err := Migrations()
	if err != nil {
		return 0, err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	return v, migrate.Check(v, migrate.Latest(ms))
}

// SchemaVersion returns the highest migration applied (0 for a new file).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var n int
	err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, err
	}
	var v int
	err = db.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Migrate applies the embedded migrations the database lacks and returns
// their versions.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	applied, err := migrate.Up(ctx, target{db}, ms)
	if err != nil {
		return applied, err
	}
	if len(applied) > 0 {
		db.stmts.close()
		if err := db.stmts.prepare(ctx, db.w, migrate.Latest(ms)); err != nil {
			return applied, err
		}
	}
	// Migration 10 rebuilt the search index empty; it is filled in Go, and
	// a fill that was stopped goes on here (search_fill).
	if _, err := db.fillSearchIndex(ctx); err != nil {
		return applied, fmt.Errorf("index the catalog after migration 10: %w", err)
	}
	return applied, nil
}

type target struct{ db *DB }

// Version implements migrate.Target.
func (t target) Version(ctx context.Context) (int, error) {
	if _, err := t.db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return 0, err
	}
	return t.db.SchemaVersion(ctx)
}

// Apply implements migrate.Target.
func (t target) Apply(ctx context.Context, m migrate.Migration) error {
	tx, err := t.db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, m.Version, time.Now().UTC()); err != nil {
		return err
	}
	defer t.db.ckpt.committed()
	return tx.Commit()
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q returns the transaction, or the reader pool.
func (db *DB) q() querier {
	if db.tx != nil {
		return db.tx
	}
	return db.r
}

// WithTx implements gongkai.Store.
func (db *DB) WithTx(ctx context.Context, fn func(tx gongkai.Store) error) error {
	return db.inTx(ctx, func(t *DB) error { return fn(t) })
}

func (db *DB) inTx(ctx context.Context, fn func(t *DB) error) error {
	if db.tx != nil {
		return fn(db)
	}
	return mapError(db.c.run(ctx, fn))
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
			return fmt.Sprintf(" LIMIT -1 OFFSET %d", offset)
		}
		return ""
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
}

// stmtCache keeps the statements of the hot write path (appending events,
// the audit log) prepared on the single writer connection. It is filled by
// Open, before any transaction can hold that connection, and read-only after.
type stmtCache struct {
	m map[string]*sql.Stmt
}

// hotStatements are prepared once by Open (and again by Migrate), each
// on a schema of at least the version it needs; exec runs the others
// unprepared.
var hotStatements = []struct {
	q     string
	since int // the schema version that has its tables
}{{sqlstore.QAppendUpdate, 1}, {sqlstore.QInsertEvent, 1}, {sqlstore.QInsertAudit, 1}, {sqlstore.QAddCount, 11}}

func (c *stmtCache) prepare(ctx context.Context, w *sql.DB, version int) error {
	for _, h := range hotStatements {
		if version < h.since {
			continue
		}
		q := h.q
		s, err := w.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		c.m[q] = s
	}
	return nil
}

func (c *stmtCache) close() {
	for q, s := range c.m {
		s.Close()
		delete(c.m, q)
	}
}

// exec runs a write statement in t's transaction, through the prepared
// statement when it is a hot one.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.tx == nil {
		defer db.ckpt.committed()
		return db.w.ExecContext(ctx, query, args...)
	}
	if s, ok := db.stmts.m[query]; ok {
		return db.tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return db.tx.ExecContext(ctx, query, args...)
}
