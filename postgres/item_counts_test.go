package postgres_test

import (
	"context"
	"testing"

	"gongkai/postgres"
	"gongkai/storetest"

	"github.com/jackc/pgx/v5"
)

// TestMigrationItemCounts: migration 0011 counts the items already stored.
func TestMigrationItemCounts(t *testing.T) {
	ctx := context.Background()
	dsn := MustCreateSchema(t)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.ItemCountsMigration(t, db, func(ctx context.Context) error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP TABLE item_counts; DELETE FROM schema_migrations WHERE version >= 11`); err != nil {
			return err
		}
		applied, err := db.Migrate(ctx)
		if err == nil && (len(applied) == 0 || applied[0] != 11) {
			t.Fatalf("migrations applied again: %v, want 11 and those after it", applied)
		}
		return err
	})
}
