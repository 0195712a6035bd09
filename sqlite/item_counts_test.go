package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"gongkai/internal/sqlitetest"
	"gongkai/sqlite"
	"gongkai/storetest"
)

// TestMigrationItemCounts: migration 0011 counts the items already stored.
func TestMigrationItemCounts(t *testing.T) {
	db, path := sqlitetest.Open(t)
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
