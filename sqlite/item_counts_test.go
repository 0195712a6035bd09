package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"gongkai/sqlite"
	"gongkai/storetest"
)

// TestMigrationItemCounts: migration 0011 counts the items already stored.
func TestMigrationItemCounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gongkai.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.ItemCountsMigration(t, db, func(ctx context.Context) error {
		raw, err := sql.Open("sqlite", sqlite.DSN(path))
		if err != nil {
			return err
		}
		defer raw.Close()
		if _, err := raw.ExecContext(ctx, `DROP TABLE item_counts; DELETE FROM schema_migrations WHERE version >= 11`); err != nil {
			return err
		}
		applied, err := db.Migrate(ctx)
		if err == nil && (len(applied) == 0 || applied[0] != 11) {
			t.Fatalf("migrations applied again: %v, want 11 and those after it", applied)
		}
		return err
	})
}
