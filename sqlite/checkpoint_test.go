package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckpointer: the writer never checkpoints (wal_autocheckpoint 0);
// the checkpointer copies the WAL into the database file while the store
// stays open, and what was written is there after a reopen.
func TestCheckpointer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gongkai.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var auto int
	if err := db.w.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("writer wal_autocheckpoint = %d, %v; want 0", auto, err)
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	// About 8 MB through the group commit, each write kicking the checkpointer.
	err = db.inTx(ctx, func(t *DB) error {
		_, err := t.exec(ctx, `CREATE TABLE filler (b TEXT)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 8 {
		err := db.inTx(ctx, func(t *DB) error {
			_, err := t.exec(ctx, `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) INSERT INTO filler SELECT $1 FROM s`, strings.Repeat("x", 1000))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for size() < before+7<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("database file %d bytes after the writes (%d before): not checkpointed", size(), before)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var n int
	if err := db2.r.QueryRowContext(ctx, `SELECT count(*) FROM filler`).Scan(&n); err != nil || n != 8000 {
		t.Fatalf("rows after reopen = %d, %v; want 8000", n, err)
	}
}
