// Package sqlitetest opens the SQLite stores of the tests.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"gongkai/sqlite"
)

// Open opens a new store, migrated, in a file of the test's temporary
// directory, closed at the test's end, and returns the file's path too.
func Open(tb testing.TB) (*sqlite.DB, string) {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), "gongkai.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db, path
}
