package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"gongkai"
	"gongkai/demo"
	"gongkai/sqlite"
)

func init() {
	register(command{
		name:    "demo",
		summary: "write a large synthetic jurisdiction for benchmarks (--agencies N --requests M)",
		run:     runDemo,
	})
}

const demoUsage = `Usage: gongkai demo --agencies N --requests M [--db PATH|DSN] [--seed S] [--batch B] [--workers W]

Migrates the database, then writes the synthetic province of demo.Synthetic
into it: N agencies (a province, its cities and counties, their departments
and townships), the admin account (demo password), M requests received in
2021–2025 with legal event histories, about 1% of them appealed, and the
table 二 inputs of every agency for 2021–2025. The database must not hold
the synthetic jurisdiction already.

Every record goes through the ordinary store methods, B requests per
transaction, each with its audit entries: the data is exactly what serving
clerks would have written. --workers W writers run at once (default 1 on
SQLite, whose single writer would only queue them, 4 on PostgreSQL); a
request goes to the writer its applicant hashes to. On SQLite the writer runs with synchronous=OFF
while loading and goes back to FULL (with a checkpoint) at the end; a load
interrupted by a power loss must be redone from an empty file.

Progress goes to stderr. --db is a SQLite file (default ./gongkai.db) or a
PostgreSQL URL; without --db, GONGKAI_DATABASE_URL is used when set.
`

// runDemo runs "gongkai demo". Exit codes: 0 done, 1 failed, 2 usage.
func runDemo(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("demo", stderr, demoUsage)
	dbFlag := fs.String("db", "", "SQLite file or PostgreSQL URL")
	agencies := fs.Int("agencies", 0, "number of agencies (at least 1)")
	requests := fs.Int("requests", 0, "number of requests")
	seed := fs.Uint64("seed", 1, "generator seed")
	batch := fs.Int("batch", 2000, "requests per transaction")
	workers := fs.Int("workers", 0, "concurrent writers (default 1 on SQLite, 4 on PostgreSQL)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 0 || *agencies < 1 || *requests < 0 || *batch < 1 || *workers < 0 {
		fs.Usage()
		return 2
	}
	ctx := context.Background()
	spec := databaseSpec(*dbFlag)
	fail := func(err error) int {
		fmt.Fprintf(stderr, "gongkai demo: %v\n", err)
		return 1
	}
	db, err := openDatabase(ctx, spec)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return fail(err)
	}
	lite, _ := db.(*sqlite.DB)
	if lite != nil {
		if err := lite.SetBulk(ctx, true); err != nil {
			return fail(err)
		}
	}
	if *workers == 0 {
		*workers = 4
		if lite != nil {
			*workers = 1 // one writer connection: more would only queue
		}
	}
	g := demo.Synthetic(*agencies, *requests, *seed)
	start := time.Now()
	var mu sync.Mutex
	last := start
	progress := func(done int) {
		mu.Lock()
		defer mu.Unlock()
		if now := time.Now(); now.Sub(last) >= 5*time.Second || done == *requests {
			last = now
			el := now.Sub(start).Seconds()
			fmt.Fprintf(stderr, "gongkai demo: %d/%d requests, %.0f s, %.0f requests/s\n", done, *requests, el, float64(done)/el)
		}
	}
	fmt.Fprintf(stderr, "gongkai demo: %d agencies, %d requests (seed %d) into %s, %d writer(s)\n",
		len(g.Agencies()), *requests, *seed, redactDSN(spec), *workers)
	// The agencies, the admin and the table 二 inputs (the same generator
	// without requests), then the requests.
	err = demo.LoadSynthetic(ctx, db, demo.Synthetic(*agencies, 0, *seed), demo.Options{BatchSize: *batch})
	if err == nil {
		err = loadParallel(gongkai.WithActor(ctx, "cli:demo"), db, g, *workers, *batch, progress)
	}
	if lite != nil {
		if berr := lite.SetBulk(ctx, false); err == nil {
			err = berr
		}
	}
	if err != nil {
		return fail(err)
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "loaded %d agencies and %d requests in %s (%s requests/s)\n", len(g.Agencies()), *requests,
		el.Round(time.Second), strconv.FormatFloat(float64(*requests)/el.Seconds(), 'f', 0, 64))
	return 0
}
