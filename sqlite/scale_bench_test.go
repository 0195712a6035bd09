package sqlite_test

import (
	"context"
	"testing"

	"gongkai/postgres"
	"gongkai/sqlite"
	"gongkai/storetest"
)

// BenchmarkScale runs the report benchmarks on the SQLite file named by
// GONGKAI_BENCH_DB (docs/bench/scale.md); skipped without it.
func BenchmarkScale(b *testing.B) {
	spec := storetest.BenchDB(b)
	if postgres.IsDSN(spec) {
		b.Skip(storetest.BenchDBEnv + " is a PostgreSQL URL: run the postgres package's BenchmarkScale")
	}
	db, err := sqlite.Open(context.Background(), spec)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchScale(b, db, 2025)
}
