package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"gongkai"
	"gongkai/api"
	"gongkai/demo"
	"gongkai/password"
	"gongkai/postgres"
	"gongkai/reader"
)

func init() {
	register(command{
		name:    "serve",
		summary: "run the web server: the JSON API under /api/v1 (--demo loads the 安溪县 demo)",
		run:     runServeCommand,
	})
}

const serveUsage = `Usage: gongkai serve [--db PATH|DSN] [--addr 127.0.0.1:8080] [--demo] [--secret-file FILE]

Opens the database (creating ./gongkai.db when it does not exist), applies
the schema migrations it lacks, and serves the JSON API under /api/v1 with a
start page at /. It stops cleanly on SIGINT or SIGTERM.

--demo loads the demo jurisdiction of 安溪县人民政府 when the database has no
agencies yet, and prints the demo logins.

Sessions are signed with the key in --secret-file (default: gongkai.secret
next to the SQLite database, created on first start with 32 random bytes and
mode 0600). With PostgreSQL, set GONGKAI_SECRET (at least 32 bytes) or give
--secret-file.

Environment (used when the flag is not given): GONGKAI_DATABASE_URL,
GONGKAI_ADDR, GONGKAI_SECRET_FILE, GONGKAI_SECRET.
`

// serveConfig is the configuration of "gongkai serve": flags first, then
// GONGKAI_* environment variables, then the defaults.
type serveConfig struct {
	DB         string // SQLite file or PostgreSQL URL
	Addr       string // listen address
	Demo       bool   // load the demo jurisdiction into an empty database
	SecretFile string // the session signing key's file ("" = default)
	Secret     string // the key itself (GONGKAI_SECRET only; never a flag)
	Pprof      string // loopback address of the net/http/pprof endpoints ("" = none)
}

// DefaultAddr is where "gongkai serve" listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8080"

// parseServeConfig reads the flags and, for those not given, the environment.
func parseServeConfig(args []string, stderr io.Writer, getenv func(string) string) (serveConfig, error) {
	var cfg serveConfig
	fs := newFlagSet("serve", stderr, serveUsage)
	fs.StringVar(&cfg.DB, "db", "", "SQLite file or PostgreSQL URL (default ./gongkai.db, or GONGKAI_DATABASE_URL)")
	fs.StringVar(&cfg.Addr, "addr", "", "listen address (default "+DefaultAddr+", or GONGKAI_ADDR)")
	fs.BoolVar(&cfg.Demo, "demo", false, "load the 安溪县 demo jurisdiction into an empty database")
	fs.StringVar(&cfg.SecretFile, "secret-file", "", "file holding the session signing key (or GONGKAI_SECRET_FILE)")
	fs.StringVar(&cfg.Pprof, "pprof", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060 (for profiling)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return cfg, err
	}
	if len(pos) != 0 {
		fs.Usage()
		return cfg, flag.ErrHelp
	}
	if cfg.DB == "" {
		cfg.DB = getenv("GONGKAI_DATABASE_URL")
	}
	if cfg.DB == "" {
		cfg.DB = defaultDatabase
	}
	if cfg.Addr == "" {
		cfg.Addr = getenv("GONGKAI_ADDR")
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.SecretFile == "" {
		cfg.SecretFile = getenv("GONGKAI_SECRET_FILE")
	}
	cfg.Secret = getenv("GONGKAI_SECRET")
	return cfg, nil
}

// runServeCommand runs "gongkai serve" until SIGINT or SIGTERM.
func runServeCommand(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runServe(ctx, args, stdout, stderr)
}

// runServe runs the server until ctx is done, then shuts it down. Exit
// codes: 0 after a clean shutdown, 1 on failure, 2 for bad usage.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeConfig(args, stderr, os.Getenv)
	if err != nil {
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if err := serve(ctx, cfg, stdout, logger); err != nil {
		fmt.Fprintf(stderr, "gongkai serve: %v\n", err)
		return 1
	}
	return 0
}

// serve opens and migrates the database, loads the demo when asked, and
// serves until ctx is done.
func serve(ctx context.Context, cfg serveConfig, stdout io.Writer, logger *slog.Logger) error {
	db, err := openDatabase(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("open %s: %w", redactDSN(cfg.DB), err)
	}
	defer db.Close()
	key, err := signingKey(cfg, logger)
	if err != nil {
		return err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", redactDSN(cfg.DB), err)
	}
	if len(applied) > 0 {
		logger.Info("applied migrations", "versions", applied)
	}
	if cfg.Demo {
		if err := loadDemo(ctx, db, stdout, logger); err != nil {
			return err
		}
	}
	hasher := password.Default()
	auth, err := api.NewAuth(key, hasher, db)
	if err != nil {
		return err
	}
	svc := gongkai.NewService(db, &gongkai.Policy{Calendar: gongkai.DefaultCalendar(), Now: time.Now})
	if reader.PDFAvailable() {
		svc.PDFText = reader.PDFText
	} else {
		logger.Warn("pdftotext not installed: PDF attachments cannot be checked for personal data and need a reviewer's look (apt-get install poppler-utils)")
	}
	mux := http.NewServeMux()
	mux.Handle("/", homeHandler(svc, auth, key, logger))

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // a province's subtree report takes a while
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if cfg.Pprof != "" {
		if err := servePprof(ctx, cfg.Pprof, logger); err != nil {
			ln.Close()
			return err
		}
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	logger.Info("gongkai serving", "url", "http://"+ln.Addr().String()+"/", "db", redactDSN(cfg.DB))

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// servePprof serves the net/http/pprof endpoints on addr, a loopback
// address only, until ctx is done.
func servePprof(ctx context.Context, addr string, logger *slog.Logger) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--pprof %q: %w", addr, err)
	}
	if _, err := loopbackURL("http://" + net.JoinHostPort(host, "0")); err != nil {
		return fmt.Errorf("--pprof %q: only a loopback address may serve the profiles", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	ps := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go ps.Serve(ln)
	go func() { <-ctx.Done(); ps.Close() }()
	logger.Info("pprof serving", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	return nil
}

// loadDemo loads the 安溪县 demo into an empty database and prints the
// demo logins. A database with agencies is left as it is, so a second
// "serve --demo" does not duplicate anything.
func loadDemo(ctx context.Context, db database, stdout io.Writer, logger *slog.Logger) error {
	some, err := db.Agencies(ctx, gongkai.AgencyFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(some) == 0 {
		start := time.Now()
		if err := demo.Load(ctx, db, demo.Anxi()); err != nil {
			return fmt.Errorf("load the demo: %w", err)
		}
		logger.Info("loaded the demo jurisdiction", "agency", "安溪县人民政府", "took", time.Since(start).Round(time.Millisecond))
	} else if ok, err := demo.Loaded(ctx, db); err != nil {
		return err
	} else if !ok {
		fmt.Fprintln(stdout, "The database already has agencies; the demo was not loaded.")
		return nil
	}
	fmt.Fprintf(stdout, "Demo jurisdiction 安溪县人民政府 (agency id %s).\n", demo.AnxiID)
	fmt.Fprintf(stdout, "Demo admin login: username %s, password %s\n", demo.AdminUsername, demo.AdminPassword)
	fmt.Fprintf(stdout, "Demo clerk logins: username clerk-<agency id> (e.g. clerk-%s), password %s\n", demo.AnxiID, demo.ClerkPassword)
	fmt.Fprintf(stdout, "Demo reviewer login (reviews and publishes catalog items): username reviewer, password %s\n", demo.ClerkPassword)
	return nil
}

// defaultSecretFile is the name of the key file kept next to a SQLite
// database.
const defaultSecretFile = "gongkai.secret"

// signingKey returns the session signing key: GONGKAI_SECRET, else the
// secret file (created when missing), else for SQLite gongkai.secret next
// to the database (created when missing). PostgreSQL needs one of the first
// two: its servers must share the key.
func signingKey(cfg serveConfig, logger *slog.Logger) ([]byte, error) {
	if cfg.Secret != "" {
		if len(cfg.Secret) < api.MinKeyBytes {
			return nil, fmt.Errorf("GONGKAI_SECRET has %d bytes; at least %d are needed", len(cfg.Secret), api.MinKeyBytes)
		}
		return []byte(cfg.Secret), nil
	}
	path := cfg.SecretFile
	if path == "" {
		if postgres.IsDSN(cfg.DB) {
			return nil, errors.New("with PostgreSQL, set GONGKAI_SECRET (at least 32 bytes) or --secret-file FILE: every server of the database must sign sessions with the same key")
		}
		path = filepath.Join(filepath.Dir(cfg.DB), defaultSecretFile)
	}
	return readOrCreateKey(path, logger)
}

// readOrCreateKey reads the key in path, first creating the file with 32
// random bytes and mode 0600 when it does not exist.
func readOrCreateKey(path string, logger *slog.Logger) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		key := make([]byte, api.MinKeyBytes)
		randRead(key)
		_, err = f.Write(key)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return nil, fmt.Errorf("create the secret file: %w", err)
		}
		logger.Info("created the session key file", "path", path)
		return key, nil
	case !errors.Is(err, os.ErrExist):
		return nil, fmt.Errorf("secret file: %w", err)
	}
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secret file: %w", err)
	}
	if len(key) < api.MinKeyBytes {
		return nil, fmt.Errorf("secret file %s holds %d bytes; at least %d are needed", path, len(key), api.MinKeyBytes)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		logger.Warn("the secret file is readable by other users; chmod 600 it", "path", path, "mode", st.Mode().Perm().String())
	}
	return key, nil
}
