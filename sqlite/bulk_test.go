package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSetBulk: bulk mode turns fsync off on the writer, and leaving it
// restores synchronous=FULL and the writer's cache, which Open sets.
func TestSetBulk(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "gongkai.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pragmas := func() (sync, cache int) {
		t.Helper()
		if err := db.w.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if err := db.w.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		return sync, cache
	}
	if s, c := pragmas(); s != 2 || c != -writerCacheKiB {
		t.Fatalf("after Open: synchronous %d, cache_size %d; want 2, %d", s, c, -writerCacheKiB)
	}
	tests := []struct {
		name        string
		on          bool
		sync, cache int
	}{
		{"On", true, 0, -262144},           // OFF
		{"Off", false, 2, -writerCacheKiB}, // FULL, the writer's cache
		{"OffAgain", false, 2, -writerCacheKiB},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if err := db.SetBulk(ctx, test.on); err != nil {
				t.Fatal(err)
			}
			if s, c := pragmas(); s != test.sync || c != test.cache {
				t.Fatalf("synchronous %d, cache_size %d; want %d, %d", s, c, test.sync, test.cache)
			}
		})
	}
}
