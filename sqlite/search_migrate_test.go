package sqlite

import (
	"context"
	"slices"
	"testing"

	"gongkai/migrate"
	"gongkai/storetest"
	"path/filepath"
)

// TestMigration0010SearchOrder stores items on schema 9, migrates, and
// finds them in the search order of migration 10.
func TestMigration0010SearchOrder(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "gongkai.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Up(ctx, target{db}, ms[:9]); err != nil {
		t.Fatal(err)
	}
	storetest.MigrationCatalog(t, db)
	if applied, err := db.Migrate(ctx); err != nil || !slices.Contains(applied, 10) {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	storetest.CheckMigratedCatalog(t, db)
}
