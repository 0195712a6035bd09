package sqlite

import (
	"context"
	"fmt"
)

// SetBulk switches the writer connection to bulk loading (on: no fsync,
// synchronous=OFF, and a 256 MB page cache) or back to the durable default
// (off: synchronous=FULL and the writer's cache, writerCacheKiB). Only a load that can be
// redone from scratch, such as `gongkai demo`, should turn it on: a power
// loss while it is on may corrupt the file. The data written is the same.
func (db *DB) SetBulk(ctx context.Context, on bool) error {
	pragmas := []string{`PRAGMA synchronous = FULL`, fmt.Sprintf(`PRAGMA cache_size = -%d`, writerCacheKiB)}
	if on {
		pragmas = []string{`PRAGMA synchronous = OFF`, `PRAGMA cache_size = -262144`}
	}
	for _, p := range pragmas {
		if _, err := db.w.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("sqlite: %s: %w", p, err)
		}
	}
	if !on {
		// Make what was written durable before reporting success.
		if _, err := db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return fmt.Errorf("sqlite: checkpoint: %w", err)
		}
	}
	return nil
}
