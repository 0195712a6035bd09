package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"gongkai"
	"gongkai/demo"
	"gongkai/postgres"
	"gongkai/sqlite"
	"gongkai/sqlstore"
)

const loadCatalogUsage = `Usage: gongkai load catalog [--backend sqlite|postgres] [--db PATH|URL] [--items 1000000]
       [--agencies 50] [--batch 1000] [--writers 2] [--single 20000] [--baseline 50000] [--rounds 5]
       [--clients 100] [--duration 20s] [--reuse] [--keep] [--skip-search]
       [--cpuprofile FILE]

Measures the catalog store (政府信息公开目录) on a database of its own, created
for the run and dropped at its end (unless --keep):
  load     the synthetic catalog (demo.SyntheticCatalog) written with its search
           index and audit entries: the first --single items one by one with
           CreateItem (--batch per transaction), the rest with CreateItems
           (--batch per call, --writers calls at a time: one computes the
           tokens of its batch while another writes); items/s of each. Baseline in the same run: a bare
           INSERT of the first --baseline rows into a table without any index.
  search   SearchItems (first page of 20 with the total) over a query mix —
           common and rare words, two-word queries, with and without agency and
           year filters — --rounds times after a warm-up round, one client;
           p50/p95/p99 per class. Baseline: a LIKE scan for one word.
  catalog  the catalog page: Items{Agency, Year, Article20Item, published,
           Limit 20, Offset} from --clients goroutines for --duration, mostly
           first pages, some deep; beside it, interleaved, Item(id) by key as
           the baseline.

SQLite: --db is the file (default /tmp/gongkai-catalog-bench.db, removed first).
PostgreSQL: --db is a server URL; the database --pg-database (gongkai_bench) is
created on it (dropped first) and dropped at the end. --reuse skips the load and measures a
database kept by an earlier --keep run (migrating it first). On PostgreSQL the
measures start with VACUUM ANALYZE items, what autovacuum does after a load.
Nothing here
asserts a speed: the figures are for the record.
`

type catalogBenchConfig struct {
	Backend, DB, PGDatabase  string
	Items, Agencies, Batch   int
	Single, Baseline, Rounds int
	Clients, Writers         int
	Duration                 time.Duration
	Reuse, Keep, SkipSearch  bool
	CPUProfile               string
}

func runLoadCatalog(args []string, stdout, stderr io.Writer) int {
	var cfg catalogBenchConfig
	fs := newFlagSet("load catalog", stderr, loadCatalogUsage)
	fs.StringVar(&cfg.Backend, "backend", "sqlite", "sqlite or postgres")
	fs.StringVar(&cfg.DB, "db", "", "SQLite file, or PostgreSQL server URL")
	fs.StringVar(&cfg.PGDatabase, "pg-database", "gongkai_bench", "PostgreSQL: the database created for the run")
	fs.IntVar(&cfg.Items, "items", 1_000_000, "items to load")
	fs.IntVar(&cfg.Agencies, "agencies", 50, "agencies publishing them")
	fs.IntVar(&cfg.Batch, "batch", 1000, "items per transaction")
	fs.IntVar(&cfg.Single, "single", 20_000, "items written one by one with CreateItem before the bulk path")
	fs.IntVar(&cfg.Baseline, "baseline", 50_000, "rows of the bare-INSERT baseline")
	fs.IntVar(&cfg.Writers, "writers", 2, "concurrent CreateItems calls (one prepares its batch while another writes)")
	fs.IntVar(&cfg.Rounds, "rounds", 5, "rounds of the search query mix")
	fs.IntVar(&cfg.Clients, "clients", 100, "concurrent clients of the catalog page")
	fs.DurationVar(&cfg.Duration, "duration", 20*time.Second, "duration of the catalog-page run")
	fs.BoolVar(&cfg.Reuse, "reuse", false, "measure a database kept by an earlier run instead of loading")
	fs.BoolVar(&cfg.SkipSearch, "skip-search", false, "measure the catalog page only")
	fs.BoolVar(&cfg.Keep, "keep", false, "keep the database at the end")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile of the whole run (this process only) to this file")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return 2
	}
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			fmt.Fprintln(stderr, "gongkai load catalog:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "gongkai load catalog:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if err := loadCatalog(context.Background(), cfg, stdout); err != nil {
		fmt.Fprintln(stderr, "gongkai load catalog:", err)
		return 1
	}
	return 0
}

// benchDB is the database of a run: the store and a raw connection for the
// baselines.
type benchDB struct {
	st      database
	raw     func(ctx context.Context, q string, args ...any) error
	bare    func(ctx context.Context, rows [][]any) error // insert rows into bench_bare in one transaction
	close   func()
	backend string
}

// openBenchDB creates (or with reuse opens) the database and migrates it.
func openBenchDB(ctx context.Context, cfg catalogBenchConfig) (*benchDB, error) {
	switch cfg.Backend {
	case "sqlite":
		path := cfg.DB
		if path == "" {
			path = "/tmp/gongkai-catalog-bench.db"
		}
		if !cfg.Reuse {
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
					return nil, err
				}
			}
		}
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		rawDB, err := sql.Open("sqlite", sqlite.DSN(path))
		if err != nil {
			return nil, err
		}
		rawDB.SetMaxOpenConns(1)
		return &benchDB{st: st, backend: "sqlite", bare: func(ctx context.Context, rows [][]any) error {
			tx, err := rawDB.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			s, err := tx.PrepareContext(ctx, `INSERT INTO bench_bare VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`)
			if err != nil {
				return err
			}
			defer s.Close()
			for _, r := range rows {
				if _, err := s.ExecContext(ctx, r...); err != nil {
					return err
				}
			}
			return tx.Commit()
		},
			raw: func(ctx context.Context, q string, args ...any) error {
				_, err := rawDB.ExecContext(ctx, q, args...)
				return err
			},
			close: func() {
				rawDB.Close()
				st.Close()
				if !cfg.Keep {
					os.Remove(path)
					os.Remove(path + "-wal")
					os.Remove(path + "-shm")
				}
			}}, nil
	case "postgres":
		server := cfg.DB
		if server == "" {
			server = "postgres://postgres:postgres@127.0.0.1:5432/postgres?sslmode=disable"
		}
		admin, err := pgx.Connect(ctx, server)
		if err != nil {
			return nil, err
		}
		if !cfg.Reuse {
			for _, q := range []string{`DROP DATABASE IF EXISTS ` + pgx.Identifier{cfg.PGDatabase}.Sanitize(), `CREATE DATABASE ` + pgx.Identifier{cfg.PGDatabase}.Sanitize()} {
				if _, err := admin.Exec(ctx, q); err != nil {
					admin.Close(ctx)
					return nil, err
				}
			}
		}
		u, err := url.Parse(server)
		if err != nil {
			return nil, err
		}
		u.Path = "/" + cfg.PGDatabase
		st, err := postgres.Open(ctx, u.String())
		if err != nil {
			return nil, err
		}
		conn, err := pgx.Connect(ctx, u.String())
		if err != nil {
			return nil, err
		}
		return &benchDB{st: st, backend: "postgres", bare: func(ctx context.Context, rows [][]any) error {
			tx, err := conn.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx)
			for i := 0; i < len(rows); i += 100 {
				q, args := multiRowInsert(rows[i:min(i+100, len(rows))])
				if _, err := tx.Exec(ctx, q, args...); err != nil {
					return err
				}
			}
			return tx.Commit(ctx)
		},
			raw: func(ctx context.Context, q string, args ...any) error {
				_, err := conn.Exec(ctx, q, args...)
				return err
			},
			close: func() {
				conn.Close(ctx)
				st.Close()
				if !cfg.Keep {
					if _, err := admin.Exec(ctx, `DROP DATABASE `+pgx.Identifier{cfg.PGDatabase}.Sanitize()); err != nil {
						fmt.Fprintln(os.Stderr, "drop database:", err)
					}
				}
				admin.Close(ctx)
			}}, nil
	}
	return nil, fmt.Errorf("--backend %q: want sqlite or postgres", cfg.Backend)
}

func loadCatalog(ctx context.Context, cfg catalogBenchConfig, w io.Writer) error {
	ctx = gongkai.WithActor(ctx, "cli:load-catalog")
	db, err := openBenchDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.close()
	t0 := time.Now()
	if _, err := db.st.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "backend %s, %d items, %d agencies; migrated in %.1f s\n", db.backend, cfg.Items, cfg.Agencies, time.Since(t0).Seconds())
	g := demo.SyntheticCatalog(cfg.Agencies, cfg.Items, 1)
	if !cfg.Reuse {
		base, err := catalogBaseline(ctx, db, g, cfg, w)
		if err != nil {
			return err
		}
		if err := catalogLoad(ctx, db.st, g, cfg, base, w); err != nil {
			return err
		}
	}
	if db.backend == "postgres" {
		// What autovacuum does after a load on a default server (this
		// machine's runs with autovacuum=off): statistics for the planner,
		// the GIN pending list merged, the visibility map set.
		t0 := time.Now()
		if err := db.raw(ctx, `VACUUM ANALYZE items`); err != nil {
			return err
		}
		fmt.Fprintf(w, "VACUUM ANALYZE items: %.1f s\n", time.Since(t0).Seconds())
	}
	if !cfg.SkipSearch {
		if err := catalogSearch(ctx, db, g, cfg, w); err != nil {
			return err
		}
	}
	return catalogPages(ctx, db.st, g, cfg, w)
}

// catalogBaseline inserts the first cfg.Baseline rows, as CreateItem
// would store them but without the search index, the audit entry or any
// index, into a scratch table, cfg.Batch rows per transaction, and
// returns the rows per second (0 when there is no baseline).
func catalogBaseline(ctx context.Context, db *benchDB, g *demo.CatalogGenerator, cfg catalogBenchConfig, w io.Writer) (float64, error) {
	n := min(cfg.Baseline, cfg.Items)
	if n == 0 {
		return 0, nil
	}
	if err := db.raw(ctx, `CREATE TABLE bench_bare (id TEXT, agency_id TEXT, index_no TEXT, status TEXT, year INTEGER,
		published_on TEXT, article20 INTEGER, topic1 TEXT, topic2 TEXT, version INTEGER, updated_at TEXT, body TEXT)`); err != nil {
		return 0, err
	}
	var rows [][]any
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		err := db.bare(ctx, rows)
		rows = rows[:0]
		return err
	}
	t0 := time.Now()
	now := time.Now().UTC().Format(time.RFC3339Nano)
	err := demo.SyntheticCatalog(cfg.Agencies, n, 1).EachItem(func(it *gongkai.Item) error {
		body, err := json.Marshal(it)
		if err != nil {
			return err
		}
		rows = append(rows, []any{it.ID, it.Agency, it.IndexNo, string(it.Status), gongkai.ItemYear(it), it.PublishedOn.String(),
			it.Article20Item, it.Topic[0], it.Topic[1], 1, now, string(body)})
		if len(rows) == cfg.Batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return 0, fmt.Errorf("baseline: %w", err)
	}
	d := time.Since(t0)
	rate := float64(n) / d.Seconds()
	fmt.Fprintf(w, "baseline: bare INSERT of %d rows (no index, no search, no audit): %.1f s, %.0f rows/s (load average %s)\n", n, d.Seconds(), rate, loadAverage())
	return rate, db.raw(ctx, `DROP TABLE bench_bare`)
}

// catalogLoad writes the agencies and the items of g. base is the
// baseline's rows per second (0: none), to which the CreateItems rate is
// compared: on a shared machine the two move together from run to run.
func catalogLoad(ctx context.Context, st database, g *demo.CatalogGenerator, cfg catalogBenchConfig, base float64, w io.Writer) error {
	for _, a := range g.Agencies() {
		c := *a
		if err := st.CreateAgency(ctx, &c); err != nil {
			return err
		}
	}
	bulk, ok := st.(sqlstore.ItemCreator)
	if !ok {
		return fmt.Errorf("%T has no CreateItems", st)
	}
	single := min(cfg.Single, cfg.Items)
	var batch []*gongkai.Item
	var done atomic.Int64
	t0 := time.Now()
	var singleTime time.Duration
	var last atomic.Int64 // the last progress line, in seconds since t0
	progress := func(n int) {
		d := int(done.Add(int64(n)))
		if s := int64(time.Since(t0).Seconds()); s-last.Load() >= 30 && last.CompareAndSwap(last.Load(), s) {
			fmt.Fprintf(w, "  %d items, %.0f items/s so far (load average %s)\n", d, float64(d)/time.Since(t0).Seconds(), loadAverage())
		}
	}
	// The bulk writers.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan []*gongkai.Item, cfg.Writers)
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	for range max(1, cfg.Writers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				if ctx.Err() != nil {
					continue
				}
				if err := bulk.CreateItems(ctx, b); err != nil {
					once.Do(func() { firstErr = err; cancel() })
					continue
				}
				progress(len(b))
			}
		}()
	}
	sent := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if sent >= single {
			work <- batch
			sent += len(batch)
			batch = nil
			return ctx.Err()
		}
		err := st.WithTx(ctx, func(tx gongkai.Store) error {
			for _, it := range batch {
				if err := tx.CreateItem(ctx, it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		sent += len(batch)
		progress(len(batch))
		batch = nil
		if sent == single {
			singleTime = time.Since(t0)
			fmt.Fprintf(w, "load: %d items one by one with CreateItem: %.1f s, %.0f items/s\n", single, singleTime.Seconds(), float64(single)/singleTime.Seconds())
		}
		return nil
	}
	err := g.EachItem(func(it *gongkai.Item) error {
		batch = append(batch, it)
		if len(batch) == cfg.Batch || len(batch)+sent == single {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	close(work)
	wg.Wait()
	if err == nil {
		err = firstErr
	}
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	d := time.Since(t0)
	if n := sent - single; n > 0 {
		bd := d - singleTime
		rate := float64(n) / bd.Seconds()
		fmt.Fprintf(w, "load: %d items with CreateItems (%d per call, %d writers): %.1f s, %.0f items/s\n", n, cfg.Batch, cfg.Writers, bd.Seconds(), rate)
		if base > 0 {
			fmt.Fprintf(w, "load: CreateItems against the bare-INSERT baseline: %.2f\n", rate/base)
		}
	}
	fmt.Fprintf(w, "load: all %d items: %.1f s, %.0f items/s (generating them included; load average %s)\n", sent, d.Seconds(), float64(sent)/d.Seconds(), loadAverage())
	return nil
}

// multiRowInsert returns one INSERT INTO bench_bare of rows.
func multiRowInsert(rows [][]any) (string, []any) {
	var b strings.Builder
	var args []any
	b.WriteString(`INSERT INTO bench_bare VALUES `)
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for k := range r {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", len(args)+k+1)
		}
		b.WriteString(")")
		args = append(args, r...)
	}
	return b.String(), args
}
