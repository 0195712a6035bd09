package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/sqlitetest"
	"gongkai/sqlite"
	"gongkai/storetest"
)

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gongkai.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) == 0 || applied[0] != 1 {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	if again, err := db.Migrate(ctx); err != nil || len(again) != 0 {
		t.Fatalf("second Migrate = %v, %v", again, err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != applied[len(applied)-1] {
		t.Fatalf("SchemaVersion = %d, %v", v, err)
	}
	db.Close()

	// A database written by a newer gongkai is refused.
	raw, err := sql.Open("sqlite", sqlite.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = sqlite.Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "database schema version 999 is newer than this gongkai") {
		t.Fatalf("Open of a newer database = %v", err)
	}
}

// TestMigration0012Automerge: the search index merges 16 segments at a
// time, and keeps its page size of pending tokens (migration 10).
func TestMigration0012Automerge(t *testing.T) {
	ctx := context.Background()
	_, raw := openMigrated(t)
	for k, want := range map[string]int{"automerge": 16, "hashsize": 16 << 20} {
		var v int
		if err := raw.QueryRowContext(ctx, `SELECT v FROM items_fts_config WHERE k = $1`, k).Scan(&v); err != nil || v != want {
			t.Errorf("items_fts %s = %d, %v; want %d", k, v, err, want)
		}
	}
}

// TestMigration0013CatalogMarks: the agencies of an existing catalog get
// a catalog mark each.
func TestMigration0013CatalogMarks(t *testing.T) {
	ctx := context.Background()
	db, raw := openMigrated(t)
	storetest.MustCreateAgency(t, db, "a", "")
	storetest.MustCreateAgency(t, db, "b", "a")
	if _, err := raw.ExecContext(ctx, `DELETE FROM item_counts WHERE level = 9; DELETE FROM schema_migrations WHERE version >= 13`); err != nil {
		t.Fatal(err)
	}
	if m, err := db.CatalogMarks(ctx); err != nil || len(m) != 0 {
		t.Fatalf("marks before migration 13: %v, %v", m, err)
	}
	if applied, err := db.Migrate(ctx); err != nil || len(applied) == 0 || applied[0] != 13 {
		t.Fatalf("Migrate = %v, %v; want 13 first", applied, err)
	}
	if m, err := db.CatalogMarks(ctx); err != nil || len(m) != 3 || m["a"] != 1 || m["b"] != 1 {
		t.Fatalf("marks after migrations 13 and 14: %v, %v; want a and b at 1 (and the tree's)", m, err)
	}
}

// TestMigration0014AgencyTreeMark: an existing database gets the agency
// tree's catalog mark, and keeps it at the next change of an agency.
func TestMigration0014AgencyTreeMark(t *testing.T) {
	ctx := context.Background()
	db, raw := openMigrated(t)
	if _, err := raw.ExecContext(ctx, `DELETE FROM item_counts WHERE level = 9 AND agency_id = ''; DELETE FROM schema_migrations WHERE version >= 14`); err != nil {
		t.Fatal(err)
	}
	if m, err := db.CatalogMarks(ctx); err != nil || len(m) != 0 {
		t.Fatalf("marks before migration 14: %v, %v", m, err)
	}
	if applied, err := db.Migrate(ctx); err != nil || len(applied) == 0 || applied[0] != 14 {
		t.Fatalf("Migrate = %v, %v; want 14 first", applied, err)
	}
	m, err := db.CatalogMarks(ctx)
	if err != nil || len(m) != 1 || m[gongkai.AgencyTreeMark] != 1 {
		t.Fatalf("marks after migration 14: %v, %v; want the tree's at 1", m, err)
	}
	storetest.MustCreateAgency(t, db, "a", "")
	if m, err := db.CatalogMarks(ctx); err != nil || m[gongkai.AgencyTreeMark] != 2 || m["a"] != 1 {
		t.Fatalf("marks after an agency was created: %v, %v; want the tree's at 2, a's at 1", m, err)
	}
}

// openMigrated opens a new migrated database, and a raw connection to it
// for what the store does not offer; both are closed at the test's end.
func openMigrated(t *testing.T) (*sqlite.DB, *sql.DB) {
	t.Helper()
	db, path := sqlitetest.Open(t)
	raw, err := sql.Open("sqlite", sqlite.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}
