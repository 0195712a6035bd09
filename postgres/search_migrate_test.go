package postgres

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"gongkai"

	"gongkai/internal/pgtest"
	"gongkai/migrate"
	"gongkai/storetest"
)

// TestMigration0010SearchOrder stores items on schema 9, migrates, and
// finds them in the search order of migration 10.
func TestMigration0010SearchOrder(t *testing.T) {
	ctx := context.Background()
	db := openAtVersion(t, 9)
	insertCounty(t, db)
	// The rows as the schema before migration 10 holds them.
	for _, it := range storetest.MigrationItems() {
		body, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.pool.Exec(ctx, `INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body, search)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, to_tsvector('simple', $12::text))`, it.ID, it.Agency, it.IndexNo, string(it.Status), it.PublishedOn.Year, it.PublishedOn.String(),
			it.Article20Item, it.Topic[0], it.Topic[1], time.Now().UTC(), string(body), gongkai.ItemTokens(it)); err != nil {
			t.Fatal(err)
		}
	}
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

// insertCounty inserts the agency of the migration tests' items as the
// schema before migration 11 holds it: CreateAgency also writes its
// catalog marks, in a table that schema does not have yet.
func insertCounty(t *testing.T, db *DB) {
	t.Helper()
	if _, err := db.pool.Exec(context.Background(), `INSERT INTO agencies (id, name, report_scope) VALUES ('county', '某县', 'own')`); err != nil {
		t.Fatal(err)
	}
}
