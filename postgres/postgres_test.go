package postgres_test

import (
	"context"
	"testing"

	"gongkai"
	"gongkai/internal/pgtest"
	"gongkai/postgres"
	"gongkai/storetest"
)

func testDSN(tb testing.TB) string { return pgtest.DSN(tb) }

// MustCreateSchema creates an empty schema gk_test_<random>, dropped when the
// test ends, and returns the DSN that uses it.
func MustCreateSchema(tb testing.TB) string { return pgtest.Schema(tb, "gk_test_") }

// MustOpenDB opens a migrated store in a new schema.
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, _ := mustOpenDSN(tb)
	return db
}

// mustOpenDSN opens a migrated store in a new schema, and returns its DSN
// too, for a raw connection to it.
func mustOpenDSN(tb testing.TB) (*postgres.DB, string) {
	tb.Helper()
	dsn := MustCreateSchema(tb)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db, dsn
}

func TestStore(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) gongkai.Store { return MustOpenDB(t) })
}
