package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"gongkai"
	"gongkai/postgres"
	"gongkai/sqlite"
)

func init() {
	register(command{
		name:    "migrate",
		summary: "create or upgrade the database schema (SQLite file or PostgreSQL)",
		run:     runMigrate,
	})
}

const migrateUsage = `Usage: gongkai migrate [--db PATH|DSN]

Applies the schema migrations the database lacks, each in its own
transaction, and prints the schema version. A database written by a newer
gongkai is refused.

--db is a SQLite file (default ./gongkai.db) or a PostgreSQL URL
(postgres://… or postgresql://…). Without --db, GONGKAI_DATABASE_URL is used
when set.
`

// defaultDatabase is the SQLite file used when neither --db nor
// GONGKAI_DATABASE_URL names a database.
const defaultDatabase = "gongkai.db"

// databaseSpec returns the database to use: the flag, else
// GONGKAI_DATABASE_URL, else ./gongkai.db.
func databaseSpec(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := os.Getenv("GONGKAI_DATABASE_URL"); v != "" {
		return v
	}
	return defaultDatabase
}

// database is a store that can migrate itself; both backends are one.
type database interface {
	gongkai.Store
	Migrate(ctx context.Context) ([]int, error)
	SchemaVersion(ctx context.Context) (int, error)
}

// openDatabase opens the store spec names: PostgreSQL for a postgres:// or
// postgresql:// URL, a SQLite file otherwise. It refuses a schema newer than
// the binary; it does not migrate.
func openDatabase(ctx context.Context, spec string) (database, error) {
	if postgres.IsDSN(spec) {
		return postgres.Open(ctx, spec)
	}
	return sqlite.Open(ctx, spec)
}

// runMigrate runs "gongkai migrate". Exit codes: 0 done, 1 failed, 2 usage.
func runMigrate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("migrate", stderr, migrateUsage)
	dbFlag := fs.String("db", "", "SQLite file or PostgreSQL URL")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 0 {
		fs.Usage()
		return 2
	}
	spec := databaseSpec(*dbFlag)
	ctx := context.Background()
	db, err := openDatabase(ctx, spec)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai migrate: %v\n", err)
		return 1
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai migrate: %v\n", err)
		return 1
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai migrate: %v\n", err)
		return 1
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "schema up to date (version %d)\n", v)
		return 0
	}
	fmt.Fprintf(stdout, "applied migrations %v; schema version %d\n", applied, v)
	return 0
}
