package sqlite_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"gongkai"
	"gongkai/sqlite"
	"gongkai/storetest"
)

var dump = flag.Bool("dump", false, "keep the test databases and print their paths")

// MustOpenDB opens a new migrated database in a temporary directory.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	dir := tb.TempDir()
	if *dump {
		var err error
		if dir, err = filepath.Abs(filepath.Join("testdata", "dump", filepath.Base(dir))); err != nil {
			tb.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	path := filepath.Join(dir, "gongkai.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	if *dump {
		tb.Logf("database kept at %s", path)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) gongkai.Store { return MustOpenDB(t) })
}
