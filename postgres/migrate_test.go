package postgres_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/postgres"

	"github.com/jackc/pgx/v5"
)

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dsn := MustCreateSchema(t)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) == 0 || applied[0] != 1 {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	if again, err := db.Migrate(ctx); err != nil || len(again) != 0 {
		t.Fatalf("second Migrate = %v, %v", again, err)
	}

	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (999, now())`); err != nil {
		t.Fatal(err)
	}
	_, err = postgres.Open(ctx, dsn)
	if err == nil || !strings.Contains(err.Error(), "database schema version 999 is newer than this gongkai") {
		t.Fatalf("Open of a newer database = %v", err)
	}
}

// TestMigration0015SearchInline: the items' tsvector is stored MAIN
// (compressed, kept in the row), the item's JSON EXTENDED (it goes to
// TOAST first).
func TestMigration0015SearchInline(t *testing.T) {
	ctx := context.Background()
	_, dsn := mustOpenDSN(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for col, want := range map[string]string{"search": "m", "body": "x"} {
		var got string
		if err := conn.QueryRow(ctx, `SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = $1`, col).Scan(&got); err != nil || got != want {
			t.Errorf("items.%s storage %q, %v; want %q", col, got, err, want)
		}
	}
}
