package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/pgtest"
)

// runCatalogBench runs "gongkai load catalog" on a tiny catalog and checks
// that every part of the report is there. It asserts no speed.
func runCatalogBench(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	args = append([]string{"load", "catalog", "--items", "400", "--agencies", "8", "--batch", "50", "--single", "100",
		"--baseline", "100", "--rounds", "1", "--clients", "4", "--duration", "300ms"}, args...)
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	for _, want := range []string{"baseline: bare INSERT of 100 rows", "load: 100 items one by one with CreateItem",
		"load: 300 items with CreateItems", "load: CreateItems against the bare-INSERT baseline: ", "search: SearchItems", "common", "two-word", "LIKE", "catalog page:", "item by id (baseline)", "ItemPage", "ItemCounts"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
	return out.String()
}

func TestLoadCatalogSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	runCatalogBench(t, "--db", path)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the database was not removed: %v", err)
	}
}

func TestLoadCatalogPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	runCatalogBench(t, "--backend", "postgres", "--db", dsn, "--pg-database", pgtest.RandomName("gk_catbench_"))
}

func TestLoadCatalogUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"load", "catalog", "--backend", "mysql", "--items", "1"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "want sqlite or postgres") {
		t.Errorf("exit %d, %s", code, errb.String())
	}
}
