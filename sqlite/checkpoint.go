package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"
)

// Checkpoints. In WAL mode every commit appends its pages to the -wal file,
// and a checkpoint copies them back into the database file. By default the
// connection whose commit takes the WAL past 1,000 pages runs the
// checkpoint itself, inside its commit: here that is the one writer
// connection, so the copying (and the database file's fsync) held up every
// write behind it — 8% of the writer's time in a profile of a bulk load
// of the catalog. So a goroutine runs PASSIVE checkpoints on a connection
// of its own, on the other core, checkpointEvery after a commit.
//
// But only a checkpoint that the writer itself completes lets the WAL
// start over from its beginning at the next write: while writes go on,
// a checkpoint run beside them always ends a commit or two behind, and the
// file only grows (29 GB over a load of 1,000,000 items). So the writer
// still checkpoints, but only when the WAL passes writerCheckpointPages
// (64 MB): by then the goroutine has copied all but the newest commits,
// and what is left to the writer is those.
//
// A checkpoint is only a copy: every commit is durable in the WAL (fsync at
// commit, synchronous=FULL) before it is acknowledged, and a process that
// dies before a checkpoint leaves a WAL that SQLite reads and checkpoints
// at the next open.

// writerCheckpointPages is the writer's wal_autocheckpoint, in pages of
// 4 KB.
const writerCheckpointPages = 16384

// walSizeLimit is the writer's journal_size_limit, in bytes: the -wal
// file SQLite keeps on disk once the log starts over. A large commit
// takes the file to hundreds of MB (512 MB during an import of 1,000,000
// items, whose commits include FTS5's merges of large segments), and
// SQLite reuses a WAL file instead of shrinking it, so without a limit
// the file would stay that large until the store is closed. The writer
// truncates it back to this size at its first commit after the log
// starts over.
const walSizeLimit = writerCheckpointPages * 4096

// checkpointEvery is how long writes gather before a checkpoint.
var checkpointEvery = 100 * time.Millisecond

// checkpointer runs PASSIVE checkpoints when told that something was
// committed: a PASSIVE checkpoint waits for no reader and no writer, and
// copies what it can.
type checkpointer struct {
	conn *sql.DB
	kick chan struct{} // something was committed
	quit chan struct{}
	done chan struct{}
	once sync.Once
}

func newCheckpointer(path string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxLifetime(0)
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c, nil
}

// committed tells the checkpointer that the WAL has grown; it never blocks.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.done)
	for {
		select {
		case <-c.quit:
			return
		case <-c.kick:
		}
		select {
		case <-c.quit:
			return
		case <-time.After(checkpointEvery):
		}
		if _, err := c.conn.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
			// The pages stay in the WAL, durable; the next commit retries.
			slog.Warn("sqlite: checkpoint", "err", err)
		}
	}
}

// stop ends the goroutine and closes its connection (once; Close may be
// called twice). The last connection to close checkpoints what is left.
func (c *checkpointer) stop() {
	c.once.Do(func() {
		close(c.quit)
		<-c.done
		c.conn.Close()
	})
}
