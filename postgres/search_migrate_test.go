package postgres

import (
	"context"
	"slices"
	"testing"

	"gongkai/internal/pgtest"
	"gongkai/migrate"
	"gongkai/storetest"
)

// TestMigration0010SearchOrder stores items on schema 9, migrates, and
// finds them in the search order of migration 10.
func TestMigration0010SearchOrder(t *testing.T) {
	ctx := context.Background()
	db := openAtVersion(t, 9)
	storetest.MigrationCatalog(t, db)
	if applied, err := db.Migrate(ctx); err != nil || !slices.Contains(applied, 10) {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	storetest.CheckMigratedCatalog(t, db)
}

// openAtVersion returns a new database migrated to version v only.
func openAtVersion(t *testing.T, v int) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Schema(t, "gk_test_"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Up(ctx, target{db}, ms[:v]); err != nil {
		t.Fatal(err)
	}
	return db
}
