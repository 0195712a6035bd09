package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"

	"gongkai"
	"gongkai/demo"
)

// demoRequest is one request of the generator with what comes with it.
type demoRequest struct {
	r       *gongkai.Request
	a       *gongkai.ApplicantRecord
	appeals []*gongkai.Appeal
}

// loadParallel writes the requests of g (not its agencies: see runDemo)
// with workers writers, batch requests per transaction, through the
// ordinary store methods: CreateRequest, then CreateAppeal and CloseAppeal
// for each case, as demo.LoadSynthetic does. A request goes to the writer
// its applicant hashes to, so that no two transactions create the same
// applicant at once. progress is called with the number of requests
// committed so far.
func loadParallel(ctx context.Context, st gongkai.Store, g *demo.Generator, workers, batch int, progress func(int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chans := make([]chan []demoRequest, workers)
	var done atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	for i := range chans {
		chans[i] = make(chan []demoRequest, 2)
		wg.Add(1)
		go func(in <-chan []demoRequest) {
			defer wg.Done()
			for b := range in {
				if ctx.Err() != nil {
					continue
				}
				if err := st.WithTx(ctx, func(tx gongkai.Store) error { return writeDemoBatch(ctx, tx, b) }); err != nil {
					fail(err)
					continue
				}
				progress(int(done.Add(int64(len(b)))))
			}
		}(chans[i])
	}
	pending := make([][]demoRequest, workers)
	err := g.EachRequest(func(r *gongkai.Request, a *gongkai.ApplicantRecord, appeals []*gongkai.Appeal) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		h := fnv.New32a()
		h.Write([]byte(a.ID))
		w := int(h.Sum32() % uint32(workers))
		pending[w] = append(pending[w], demoRequest{r, a, appeals})
		if len(pending[w]) == batch {
			chans[w] <- pending[w]
			pending[w] = make([]demoRequest, 0, batch)
		}
		return nil
	})
	for w, b := range pending {
		if len(b) > 0 && err == nil {
			chans[w] <- b
		}
		close(chans[w])
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return err
}

// writeDemoBatch stores a batch of requests and their cases in tx.
func writeDemoBatch(ctx context.Context, tx gongkai.Store, b []demoRequest) error {
	for _, it := range b {
		if err := tx.CreateRequest(ctx, it.r, it.a); err != nil {
			return fmt.Errorf("demo: request %s: %w", it.r.ID, err)
		}
		for _, ap := range it.appeals {
			open := *ap
			open.ClosedOn, open.Outcome = gongkai.Date{}, ""
			if err := tx.CreateAppeal(ctx, &open); err != nil {
				return fmt.Errorf("demo: appeal %s: %w", ap.ID, err)
			}
			if !ap.ClosedOn.IsZero() {
				if _, err := tx.CloseAppeal(ctx, ap.ID, ap.ClosedOn, ap.Outcome); err != nil {
					return fmt.Errorf("demo: appeal %s: %w", ap.ID, err)
				}
			}
		}
	}
	return nil
}
