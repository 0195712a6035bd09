package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Group commit. Every write is a transaction whose commit waits for an
// fsync (synchronous=FULL), and the fsync, not the work, bounds how many
// writes a second one connection can make. So writes that arrive while
// another is running share its transaction: the committer goroutine opens a
// transaction, hands it to each waiting writer in turn inside a savepoint
// (a writer that fails rolls back to its savepoint and gets its error at
// once), then commits once for all of them. A writer is told it succeeded
// only after that commit, so an acknowledged write is durable. A lone
// writer commits at once, as before.

// maxBatch bounds the writers that share one transaction.
const maxBatch = 64

// job is one writer waiting for its turn.
type job struct {
	ctx    context.Context
	turn   chan *DB   // the committer hands the transaction over
	result chan error // the writer's fn returned (nil: keep its writes)
	done   chan error // the shared commit's outcome
}

var errClosed = errors.New("sqlite: database closed")

// committer runs the shared transactions.
type committer struct {
	db   *DB
	jobs chan *job
	quit chan struct{}
	exit chan struct{}
	once sync.Once
}

func newCommitter(db *DB) *committer {
	c := &committer{db: db, jobs: make(chan *job), quit: make(chan struct{}), exit: make(chan struct{})}
	go c.loop()
	return c
}

func (c *committer) stop() {
	c.once.Do(func() { close(c.quit) })
	<-c.exit
}

// run runs fn in a shared transaction and returns after it is committed.
func (c *committer) run(ctx context.Context, fn func(t *DB) error) (err error) {
	j := &job{ctx: ctx, turn: make(chan *DB), result: make(chan error, 1), done: make(chan error, 1)}
	select {
	case c.jobs <- j:
	case <-c.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	t := <-j.turn
	if t == nil {
		return <-j.done // the transaction could not start
	}
	returned := false
	defer func() {
		if !returned {
			// fn panicked or called runtime.Goexit: drop its writes.
			j.result <- fmt.Errorf("sqlite: write aborted")
		}
	}()
	err = fn(t)
	returned = true
	j.result <- err
	if err != nil {
		return err
	}
	return <-j.done
}

func (c *committer) loop() {
	defer close(c.exit)
	for {
		var first *job
		select {
		case first = <-c.jobs:
		case <-c.quit:
			return
		}
		c.batch(first)
	}
}

// batch runs first and every writer already waiting in one transaction.
func (c *committer) batch(first *job) {
	ctx := context.Background()
	tx, err := c.db.w.BeginTx(ctx, nil)
	if err != nil {
		first.done <- mapError(err)
		first.turn <- nil
		return
	}
	t := bind(&DB{w: c.db.w, r: c.db.r, tx: tx, path: c.db.path, Now: c.db.Now, stmts: c.db.stmts, ckpt: c.db.ckpt})
	var kept []*job
	broken := false
	n := 0
	for j := first; j != nil; j = c.next(n) {
		n++
		if broken {
			j.done <- fmt.Errorf("sqlite: transaction failed")
			j.turn <- nil
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
			broken = true
			j.done <- mapError(err)
			j.turn <- nil
			continue
		}
		j.turn <- t
		if err := <-j.result; err != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO w"); err != nil {
				broken = true
			} else if _, err := tx.ExecContext(ctx, "RELEASE w"); err != nil {
				broken = true
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, "RELEASE w"); err != nil {
			broken = true
			j.done <- mapError(err)
			continue
		}
		kept = append(kept, j)
	}
	if broken || len(kept) == 0 {
		tx.Rollback()
		for _, j := range kept {
			j.done <- fmt.Errorf("sqlite: transaction failed")
		}
		return
	}
	err = mapError(tx.Commit())
	c.db.ckpt.committed()
	for _, j := range kept {
		j.done <- err
	}
}

// next returns a writer already waiting, or nil.
func (c *committer) next(n int) *job {
	if n >= maxBatch {
		return nil
	}
	select {
	case j := <-c.jobs:
		return j
	default:
		return nil
	}
}
