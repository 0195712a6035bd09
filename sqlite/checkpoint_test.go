package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckpointer: the writer checkpoints only past 64 MB of WAL; the
// checkpointer copies a smaller WAL into the database file while the
// store stays open, and what was written is there after a reopen.
func TestCheckpointer(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	var auto int
	if err := db.w.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != writerCheckpointPages {
		t.Fatalf("writer wal_autocheckpoint = %d, %v; want %d", auto, err, writerCheckpointPages)
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
	err := db.inTx(ctx, func(t *DB) error {
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

// TestWALBounded: under writes one after another, with no pause for the
// checkpointer to finish, the WAL file stays within the writer's
// checkpoint threshold and a commit or two: it starts over instead of
// growing with everything written.
func TestWALBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 160 MB")
	}
	ctx := context.Background()
	db, path := openTemp(t)
	write := func(q string) {
		t.Helper()
		if err := db.inTx(ctx, func(t *DB) error { _, err := t.exec(ctx, q); return err }); err != nil {
			t.Fatal(err)
		}
	}
	write(`CREATE TABLE filler (b BLOB)`)
	for range 40 { // 40 × 4 MB, rewriting the same rows
		write(`DELETE FROM filler`)
		write(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) INSERT INTO filler SELECT randomblob(4000) FROM s`)
	}
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if limit := int64(writerCheckpointPages*4096 + 16<<20); fi.Size() > limit {
		t.Fatalf("WAL %d MB after 160 MB of writes, want at most %d MB", fi.Size()>>20, limit>>20)
	}
}

// openTemp opens a new database (not migrated) in the test's directory.
func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gongkai.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// TestWALShrinks: after one commit larger than the writer's checkpoint
// threshold, the -wal file goes back to walSizeLimit once the log starts
// over, instead of staying at the largest commit's size.
func TestWALShrinks(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 120 MB")
	}
	ctx := context.Background()
	db, path := openTemp(t)
	var limit int64
	if err := db.w.QueryRowContext(ctx, `PRAGMA journal_size_limit`).Scan(&limit); err != nil || limit != walSizeLimit {
		t.Fatalf("writer journal_size_limit = %d, %v; want %d", limit, err, walSizeLimit)
	}
	write := func(q string) {
		t.Helper()
		if err := db.inTx(ctx, func(t *DB) error { _, err := t.exec(ctx, q); return err }); err != nil {
			t.Fatal(err)
		}
	}
	walSize := func() int64 {
		t.Helper()
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	write(`CREATE TABLE filler (b BLOB)`)
	write(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 30000) INSERT INTO filler SELECT randomblob(4000) FROM s`)
	if n := walSize(); n < 100<<20 {
		t.Fatalf("WAL %d MB after a commit of 120 MB: the test writes too little", n>>20)
	}
	// Small commits until the checkpointer has copied the large one and
	// the log starts over; the commit after that truncates the file.
	deadline := time.Now().Add(30 * time.Second)
	for walSize() > walSizeLimit {
		if time.Now().After(deadline) {
			t.Fatalf("WAL still %d MB, want at most %d MB", walSize()>>20, int64(walSizeLimit)>>20)
		}
		write(`INSERT INTO filler VALUES (x'00')`)
		time.Sleep(50 * time.Millisecond)
	}
}
