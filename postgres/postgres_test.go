package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"gongkai"
	"gongkai/postgres"
	"gongkai/storetest"

	"github.com/jackc/pgx/v5"
)

// testDSN returns the DSN of the test server. Without
// GONGKAI_TEST_POSTGRES_DSN the test is skipped, unless
// GONGKAI_TEST_POSTGRES_REQUIRED=1 (CI), where it fails.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("GONGKAI_TEST_POSTGRES_DSN")
	if dsn == "" {
		msg := "set GONGKAI_TEST_POSTGRES_DSN=postgres://postgres:postgres@127.0.0.1:5432/gongkai_test?sslmode=disable to run the PostgreSQL tests"
		if os.Getenv("GONGKAI_TEST_POSTGRES_REQUIRED") == "1" {
			tb.Fatal("GONGKAI_TEST_POSTGRES_REQUIRED=1: " + msg)
		}
		tb.Skip(msg)
	}
	return dsn
}

// MustCreateSchema creates an empty schema gk_test_<random>, dropped when the
// test ends, and returns the DSN that uses it.
func MustCreateSchema(tb testing.TB) string {
	tb.Helper()
	dsn := testDSN(tb)
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "gk_test_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Error(err)
		}
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}

// MustOpenDB opens a migrated store in a new schema.
func MustOpenDB(tb testing.TB) *postgres.DB {
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
	return db
}

func TestStore(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) gongkai.Store { return MustOpenDB(t) })
}
