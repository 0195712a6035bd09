package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gongkai"
	"gongkai/postgres"
	"gongkai/storetest"

	"github.com/jackc/pgx/v5"
)

// TestDumpRestore is the PostgreSQL backup route of docs/operations.md:
// pg_dump -Fc while a writer appends, then pg_restore into a new database,
// which this gongkai opens and finds complete.
func TestDumpRestore(t *testing.T) {
	ctx := gongkai.WithActor(context.Background(), "u-test")
	base := testDSN(t)
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: install postgresql-client (%v)", tool, err)
		}
	}
	dsn := MustCreateSchema(t)
	schema := searchPath(t, dsn)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.MustCreateAgency(t, db, "county", "")
	storetest.MustCreateRequest(t, db, "R1", "county", "2024-03-01", 1)

	// A writer keeps appending while pg_dump runs (it dumps one snapshot).
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for v := 1; ; v++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.AppendEvents(ctx, "R1", v, gongkai.Event{Kind: "note", On: gongkai.MustParseDate("2024-03-02")}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	file := filepath.Join(t.TempDir(), "gongkai.dump")
	out, err := exec.Command("pg_dump", "-Fc", "--schema="+schema, "-f", file, "-d", base).CombinedOutput()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}

	// Restore into a new database.
	b := make([]byte, 6)
	rand.Read(b)
	dbname := "gk_restore_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+dbname); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(context.Background(), "DROP DATABASE "+dbname+" WITH (FORCE)")
	target := withDatabase(t, base, dbname)
	if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "-d", target, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	re, err := postgres.Open(ctx, target+"&search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if v, err := re.SchemaVersion(ctx); err != nil || v < 1 {
		t.Fatalf("restored schema version %d, %v", v, err)
	}
	r, err := re.Request(ctx, "R1")
	if err != nil {
		t.Fatal(err)
	}
	es, err := re.AuditEntries(ctx, gongkai.AuditFilter{Entity: gongkai.EntityRequest, EntityID: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) < 1 || len(es) != len(r.Events) {
		t.Fatalf("restored R1: %d events, %d audit entries: the dump is not one snapshot", len(r.Events), len(es))
	}
	t.Logf("restored %d events of R1 from the dump", len(r.Events))
}

// searchPath returns the search_path parameter of dsn.
func searchPath(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("search_path")
}

// withDatabase returns dsn naming another database.
func withDatabase(t *testing.T, dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	s := u.String()
	if !strings.Contains(s, "?") {
		s += "?"
	}
	return s
}
