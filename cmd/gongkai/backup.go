package main

import (
	"context"
	"fmt"
	"io"

	"gongkai/postgres"
	"gongkai/sqlite"
)

func init() {
	register(command{
		name:    "backup",
		summary: "copy the SQLite database to a file, online (while serving)",
		run:     runBackup,
	})
	register(command{
		name:    "restore",
		summary: "replace the SQLite database with a checked backup file",
		run:     runRestore,
	})
}

const backupUsage = `Usage: gongkai backup [--db PATH] FILE

Writes a consistent copy of the SQLite database (default ./gongkai.db, or
GONGKAI_DATABASE_URL) to FILE, which must not exist. It runs online: gongkai
serve keeps reading and writing meanwhile. For PostgreSQL use pg_dump -Fc
(docs/operations.md).
`

const restoreUsage = `Usage: gongkai restore [--db PATH] [--force] FILE

Checks that FILE is a sound gongkai database (PRAGMA integrity_check, a
schema version this gongkai knows) and makes it the database (default
./gongkai.db). The replaced database is kept beside it as
PATH.before-restore-<time>. A database in use (gongkai serve running) is not
replaced unless --force is given; stop the server first. For PostgreSQL use
pg_restore (docs/operations.md).
`

// runBackup runs "gongkai backup". Exit codes: 0 done, 1 failed, 2 usage.
func runBackup(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("backup", stderr, backupUsage)
	dbFlag := fs.String("db", "", "SQLite file")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	spec := databaseSpec(*dbFlag)
	if postgres.IsDSN(spec) {
		fmt.Fprintln(stderr, "gongkai backup: for PostgreSQL use pg_dump -Fc (see docs/operations.md)")
		return 2
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, spec)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai backup: %v\n", err)
		return 1
	}
	defer db.Close()
	if err := db.Backup(ctx, pos[0]); err != nil {
		fmt.Fprintf(stderr, "gongkai backup: %v\n", err)
		return 1
	}
	v, err := sqlite.CheckFile(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "gongkai backup: the copy fails its check: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "backed up %s to %s (schema version %d)\n", spec, pos[0], v)
	return 0
}

// runRestore runs "gongkai restore". Exit codes: 0 done, 1 failed, 2 usage.
func runRestore(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("restore", stderr, restoreUsage)
	dbFlag := fs.String("db", "", "SQLite file")
	force := fs.Bool("force", false, "replace the database even while it is in use")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	spec := databaseSpec(*dbFlag)
	if postgres.IsDSN(spec) {
		fmt.Fprintln(stderr, "gongkai restore: for PostgreSQL use pg_restore (see docs/operations.md)")
		return 2
	}
	saved, err := sqlite.Restore(context.Background(), pos[0], spec, *force)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai restore: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "restored %s from %s\n", spec, pos[0])
	if saved != "" {
		fmt.Fprintf(stdout, "the replaced database is kept as %s\n", saved)
	}
	return 0
}
