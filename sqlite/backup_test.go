package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gongkai"
	"gongkai/sqlite"
	"gongkai/storetest"
)

// TestBackup takes a backup while a writer appends events, and restores it.
func TestBackup(t *testing.T) {
	ctx := gongkai.WithActor(context.Background(), "u-test")
	db := MustOpenDB(t)
	storetest.MustCreateAgency(t, db, "county", "")
	storetest.MustCreateRequest(t, db, "R1", "county", "2024-03-01", 1)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var appended int
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
			appended++
		}
	}()
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	err := db.Backup(ctx, backup)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, backup); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Fatalf("backup over an existing file = %v", err)
	}
	if v, err := sqlite.CheckFile(ctx, backup); err != nil || v < 1 {
		t.Fatalf("CheckFile(backup) = %d, %v", v, err)
	}
	t.Logf("%d events appended during the backup", appended)

	// Restore over the live database is refused while it is open.
	if _, err := sqlite.Restore(ctx, backup, db.Path(), false); gongkai.ErrorCode(err) != gongkai.ECONFLICT ||
		!strings.Contains(err.Error(), "in use") {
		t.Fatalf("restore over a database in use = %v", err)
	}
	db.Close()
	saved, err := sqlite.Restore(ctx, backup, db.Path(), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(saved); err != nil {
		t.Fatalf("the replaced database was not kept: %v", err)
	}
	re, err := sqlite.Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	r, err := re.Request(ctx, "R1")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) < 1 || len(r.Events) > appended+1 {
		t.Fatalf("restored request has %d events (%d appended)", len(r.Events), appended)
	}
}

func TestCheckFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o600)
	if _, err := sqlite.CheckFile(ctx, junk); err == nil {
		t.Fatal("CheckFile accepted a text file")
	}
	empty := filepath.Join(dir, "empty.db")
	db, err := sqlite.Open(ctx, empty) // a SQLite file without the gongkai schema
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := sqlite.CheckFile(ctx, empty); err == nil || !strings.Contains(err.Error(), "not a gongkai database") {
		t.Fatalf("CheckFile(empty) = %v", err)
	}
	if _, err := sqlite.Restore(ctx, junk, filepath.Join(dir, "x.db"), false); err == nil {
		t.Fatal("Restore accepted a text file")
	}
}
