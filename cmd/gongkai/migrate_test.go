package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/pgtest"
	"gongkai/migrate"
	"gongkai/sqlite"
)

// runStorageCLI runs the binary's run function and returns its exit code and output.
func runStorageCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// schemaVersions returns what migrate prints for a new database — the
// list of every migration's version — and the latest version.
func schemaVersions(t *testing.T) (all string, latest int) {
	t.Helper()
	ms, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	vs := make([]int, len(ms))
	for i, m := range ms {
		vs[i] = m.Version
	}
	return fmt.Sprint(vs), migrate.Latest(ms)
}

func TestMigrateBackupRestore(t *testing.T) {
	all, latest := schemaVersions(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "gongkai.db")
	backup := filepath.Join(dir, "backup.db")
	for _, test := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"Migrate", []string{"migrate", "--db", db}, 0, "applied migrations " + all},
		{"MigrateAgain", []string{"migrate", "--db", db}, 0, fmt.Sprintf("schema up to date (version %d)", latest)},
		{"Backup", []string{"backup", "--db", db, backup}, 0, fmt.Sprintf("schema version %d", latest)},
		{"BackupExists", []string{"backup", "--db", db, backup}, 1, "exists already"},
		{"Restore", []string{"restore", "--db", db, backup}, 0, "before-restore-"},
		{"RestoreMissing", []string{"restore", "--db", db, filepath.Join(dir, "nope.db")}, 1, "no such file"},
		{"BackupPostgres", []string{"backup", "--db", "postgres://x/y", backup}, 2, "pg_dump"},
		{"Usage", []string{"backup", "--db", db}, 2, "Usage"},
	} {
		t.Run(test.name, func(t *testing.T) {
			code, out, errs := runStorageCLI(test.args...)
			if code != test.code || !strings.Contains(out+errs, test.want) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, test.code, out, errs, test.want)
			}
		})
	}
}

func TestDatabaseSpec(t *testing.T) {
	t.Setenv("GONGKAI_DATABASE_URL", "")
	if got := databaseSpec(""); got != "gongkai.db" {
		t.Fatalf("default = %q", got)
	}
	t.Setenv("GONGKAI_DATABASE_URL", "postgres://h/db")
	if got := databaseSpec(""); got != "postgres://h/db" {
		t.Fatalf("env = %q", got)
	}
	if got := databaseSpec("x.db"); got != "x.db" {
		t.Fatalf("flag = %q", got)
	}
}

func TestMigratePostgres(t *testing.T) {
	all, _ := schemaVersions(t)
	t.Setenv("GONGKAI_DATABASE_URL", pgtest.Schema(t, "gk_test_"))
	code, out, errs := runStorageCLI("migrate")
	if code != 0 || !strings.Contains(out, "applied migrations "+all) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs = runStorageCLI("backup", "x.db"); code != 2 || !strings.Contains(errs, "pg_dump") {
		t.Fatalf("backup on PostgreSQL: exit %d\n%s%s", code, out, errs)
	}
}
