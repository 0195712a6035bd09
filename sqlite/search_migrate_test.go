package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gongkai"
	"gongkai/migrate"
	"gongkai/storetest"
)

// TestMigration0010SearchOrder stores items on schema 9, migrates, and
// finds them in the search order of migration 10.
func TestMigration0010SearchOrder(t *testing.T) {
	ctx := context.Background()
	db := openAtVersion(t, 9)
	insertCounty(t, db)
	insertSchema9Items(t, db)
	if applied, err := db.Migrate(ctx); err != nil || !slices.Contains(applied, 10) {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	storetest.CheckMigratedCatalog(t, db)
}

// openAtVersion returns a new database migrated to version v only.
func openAtVersion(t *testing.T, v int) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "gongkai.db"))
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

// TestSearchFillResumes stops the fill of migration 10 after two items
// (search_fill says so) and checks that the next Migrate indexes the
// others, not those again, and ends the fill.
func TestSearchFillResumes(t *testing.T) {
	ctx := context.Background()
	db := openAtVersion(t, 9)
	insertCounty(t, db)
	insertSchema9Items(t, db)
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Up(ctx, target{db}, ms[:10]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE search_fill SET after = (SELECT n FROM items WHERE id = 'M1')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	_, hits, err := db.SearchItems(ctx, gongkai.SearchQuery{Q: "教育"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.ItemID)
	}
	if want := []string{"M4", "M3", "M2"}; !slices.Equal(got, want) {
		t.Errorf("after a fill resumed after M1, 教育 finds %v; want %v", got, want)
	}
	var left int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM search_fill`).Scan(&left); err != nil || left != 0 {
		t.Errorf("search_fill holds %d rows (%v) after the fill; want none", left, err)
	}
}

// insertSchema9Items writes the rows of storetest.MigrationItems as the
// schema before migration 10 holds them (the search index is rebuilt by it).
func insertSchema9Items(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	for _, it := range storetest.MigrationItems() {
		body, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.w.ExecContext(ctx, `INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11)`, it.ID, it.Agency, it.IndexNo, string(it.Status), it.PublishedOn.Year, it.PublishedOn.String(),
			it.Article20Item, it.Topic[0], it.Topic[1], time.Now().UTC(), string(body)); err != nil {
			t.Fatal(err)
		}
	}
}

// insertCounty inserts the agency of the migration tests' items as the
// schema before migration 11 holds it: CreateAgency also writes its
// catalog marks, in a table that schema does not have yet.
func insertCounty(t *testing.T, db *DB) {
	t.Helper()
	if _, err := db.w.ExecContext(context.Background(), `INSERT INTO agencies (id, name, report_scope) VALUES ('county', '某县', 'own')`); err != nil {
		t.Fatal(err)
	}
}
