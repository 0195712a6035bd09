// Package pgtest gives tests a PostgreSQL server to work on: the DSN from
// GONGKAI_TEST_POSTGRES_DSN, and a fresh schema per test, dropped at its end.
//
// Without the DSN a test is skipped with a message saying how to set it —
// unless GONGKAI_TEST_POSTGRES_REQUIRED=1 (as .ci/run sets), where it fails,
// so CI can never pass by skipping the PostgreSQL tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// DSN returns the DSN of the test server, or skips (or fails) tb as above.
func DSN(tb testing.TB) string {
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

// RandomName returns prefix followed by 12 random hex digits: a name no
// other test run uses.
func RandomName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Schema creates an empty schema named prefix + random digits, drops it when
// the test ends, and returns the DSN whose search_path is that schema.
func Schema(tb testing.TB, prefix string) string {
	tb.Helper()
	dsn := DSN(tb)
	ctx := context.Background()
	schema := RandomName(prefix)
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
	return WithParam(dsn, "search_path", schema)
}

// WithParam adds a query parameter to a DSN in URL form.
func WithParam(dsn, key, value string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + key + "=" + value
}
