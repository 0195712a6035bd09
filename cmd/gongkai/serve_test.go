package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gongkai/api"
	"gongkai/demo"
	"gongkai/internal/pgtest"
	"gongkai/report"
	"gongkai/sqlite"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine to write while
// the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingURL = regexp.MustCompile(`msg="gongkai serving" url=(http://\S+/)`)

// runningServer is a "gongkai serve" started by a test.
type runningServer struct {
	URL            string
	stdout, stderr *syncBuffer
	exit           chan int
}

// startServe runs start(stdout, stderr) in a goroutine and waits until the
// server logs its URL.
func startServe(t *testing.T, start func(stdout, stderr io.Writer) int) *runningServer {
	t.Helper()
	s := &runningServer{stdout: &syncBuffer{}, stderr: &syncBuffer{}, exit: make(chan int, 1)}
	go func() { s.exit <- start(s.stdout, s.stderr) }()
	deadline := time.After(60 * time.Second)
	for {
		if m := servingURL.FindStringSubmatch(s.stderr.String()); m != nil {
			s.URL = m[1]
			return s
		}
		select {
		case code := <-s.exit:
			t.Fatalf("serve exited with %d before serving\nstdout:\n%s\nstderr:\n%s", code, s.stdout, s.stderr)
		case <-deadline:
			t.Fatalf("serve did not log its URL in 60 s\nstderr:\n%s", s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// wait returns the exit code once the server has stopped.
func (s *runningServer) wait(t *testing.T) int {
	t.Helper()
	select {
	case code := <-s.exit:
		return code
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop\nstderr:\n%s", s.stderr)
	}
	return -1
}

func getJSON(t *testing.T, url, token string, v any) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return b
}

// signIn returns the Bearer token of a login.
func signIn(t *testing.T, base, login, pw string) string {
	t.Helper()
	body, _ := json.Marshal(api.SessionRequest{Login: login, Password: pw})
	res, err := http.Post(base+"api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var sess api.SessionResponse
	if err := json.NewDecoder(res.Body).Decode(&sess); err != nil || res.StatusCode != 201 {
		t.Fatalf("sign in as %s: %d %v", login, res.StatusCode, err)
	}
	return sess.Token
}

// getStatus returns the status of a GET with a Bearer token.
func getStatus(t *testing.T, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestServe_Demo starts the real server on the demo data and checks the
// county's 2020 report computed live against the published one, signs in
// as the demo admin, and shuts down cleanly; a second start does not load
// the demo twice.
func TestServe_Demo(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "gongkai.db")
	t.Setenv("GONGKAI_DATABASE_URL", "")
	t.Setenv("GONGKAI_SECRET", "")
	t.Setenv("GONGKAI_SECRET_FILE", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := startServe(t, func(stdout, stderr io.Writer) int {
		return runServe(ctx, []string{"--demo", "--db", dbPath, "--addr", "127.0.0.1:0"}, stdout, stderr)
	})
	if out := s.stdout.String(); !strings.Contains(out, "username "+demo.AdminUsername+", password "+demo.AdminPassword) {
		t.Errorf("stdout lacks the demo admin login:\n%s", out)
	}

	var agencies []api.Agency
	getJSON(t, s.URL+"api/v1/agencies", "", &agencies)
	var county string
	for _, a := range agencies {
		if a.Name == "安溪县人民政府" {
			county = a.ID
		}
	}
	if county == "" {
		t.Fatalf("no 安溪县人民政府 among %d agencies", len(agencies))
	}
	body := getJSON(t, s.URL+"api/v1/agencies/"+county+"/reports/2020?scope=subtree", "", nil)
	got, err := report.DecodeJSON(body)
	if err != nil {
		t.Fatalf("decode the served report: %v", err)
	}
	seed, err := os.ReadFile("../../report/testdata/anxi-2020.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := report.DecodeJSON(seed)
	if err != nil {
		t.Fatal(err)
	}
	// The seed says 5 direct suits in total but leaves 尚未审结 at 0; the
	// records have the 5 suits pending at the end of 2020.
	want.Appeals.Set("suit_direct", "pending", 5)
	if got.Year != 2020 || got.Format != report.V2019 || got.Agency != "安溪县人民政府" {
		t.Errorf("report of %q %d format %s", got.Agency, got.Year, got.Format)
	}
	cells := 0
	for k, tb := range want.Tables() {
		gt := got.Tables()[k]
		for i, row := range tb.Def.Rows {
			for j, col := range row.Columns {
				cells++
				if g, w := gt.At(i, j), tb.At(i, j); g != w {
					t.Errorf("表%s %s.%s = %v, the seed says %v", tb.Def.ID, row.ID, col.ID, g, w)
				}
			}
		}
	}
	if cells < 100 {
		t.Errorf("compared only %d cells", cells)
	}
	for _, f := range got.Findings {
		if f.Severity == report.Error {
			t.Errorf("finding: %+v", f)
		}
	}

	// Sign in as the demo admin and drill down into the 5 pending suits.
	res, err := http.Post(s.URL+"api/v1/session", "application/json",
		strings.NewReader(`{"login":"`+demo.AdminUsername+`","password":"`+demo.AdminPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var sess api.SessionResponse
	json.NewDecoder(res.Body).Decode(&sess)
	res.Body.Close()
	if res.StatusCode != 201 || sess.User.Role != "admin" {
		t.Fatalf("admin sign-in: %d %+v", res.StatusCode, sess)
	}
	var cell api.CellRecords
	getJSON(t, s.URL+"api/v1/agencies/"+county+"/reports/2020/cells/appeals/suit_direct/pending?scope=subtree", sess.Token, &cell)
	if cell.Count != 5 {
		t.Errorf("suit_direct pending drill-down: %d records, want 5", cell.Count)
	}
	// A demo clerk of one agency is refused another agency's requests and
	// cells.
	clerk := signIn(t, s.URL, "clerk-anxi-jyj", demo.ClerkPassword)
	var others []api.RequestSummary
	getJSON(t, s.URL+"api/v1/agencies/anxi-fengcheng/requests?year=2020", sess.Token, &others)
	if len(others) == 0 {
		t.Fatal("no 2020 requests of anxi-fengcheng")
	}
	for _, path := range []string{
		"api/v1/requests/" + others[0].ID,
		"api/v1/agencies/anxi-fengcheng/requests",
		"api/v1/agencies/anxi-fengcheng/reports/2020/cells/requests/granted/total",
		"api/v1/agencies/anxi/reports/2020/cells/appeals/suit_direct/pending?scope=subtree",
	} {
		if code := getStatus(t, s.URL+path, clerk); code != 403 && code != 404 {
			t.Errorf("clerk-anxi-jyj GET /%s: %d, want 403 or 404", path, code)
		}
	}
	getJSON(t, s.URL+"api/v1/agencies/anxi-jyj/reports/2020/cells/requests/granted/total", clerk, nil)

	if home := string(getJSON(t, s.URL, "", nil)); !strings.Contains(home, "安溪县人民政府") || !strings.Contains(home, "/api/v1/agencies/"+county+"/reports/2020") {
		t.Errorf("home page lacks the county's 2020 report link:\n%s", home)
	}

	cancel()
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit %d\n%s", code, s.stderr)
	}
	if !strings.Contains(s.stderr.String(), `msg=stopped`) {
		t.Errorf("no clean stop in the log:\n%s", s.stderr)
	}
	for _, pd := range []string{"测试申请人", "13800000000"} {
		if strings.Contains(s.stderr.String(), pd) {
			t.Errorf("the log contains personal data %q", pd)
		}
	}
	st, err := os.Stat(filepath.Join(dir, "gongkai.secret"))
	if err != nil || st.Mode().Perm() != 0o600 || st.Size() != 32 {
		t.Errorf("secret file: %v %v", st, err)
	}

	// A second start with --demo does not load it again; the old token
	// still verifies (same key file).
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	s2 := startServe(t, func(stdout, stderr io.Writer) int {
		return runServe(ctx2, []string{"--demo", "--db", dbPath, "--addr", "127.0.0.1:0"}, stdout, stderr)
	})
	var again []api.Agency
	getJSON(t, s2.URL+"api/v1/agencies", "", &again)
	if len(again) != len(agencies) {
		t.Errorf("second start: %d agencies, want %d", len(again), len(agencies))
	}
	if strings.Contains(s2.stderr.String(), "loaded the demo") || !strings.Contains(s2.stdout.String(), demo.AdminPassword) {
		t.Errorf("second start:\nstdout:\n%s\nstderr:\n%s", s2.stdout, s2.stderr)
	}
	getJSON(t, s2.URL+"api/v1/session", sess.Token, nil)
	cancel2()
	if code := s2.wait(t); code != 0 {
		t.Fatalf("second exit %d", code)
	}
}

// TestServe_Signal runs "gongkai serve" through run, as main does, and stops
// it with SIGINT.
func TestServe_Signal(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "gongkai.db")
	t.Setenv("GONGKAI_DATABASE_URL", "")
	t.Setenv("GONGKAI_SECRET", "")
	s := startServe(t, func(stdout, stderr io.Writer) int {
		return run([]string{"serve", "--db", dbPath, "--addr", "127.0.0.1:0"}, stdout, stderr)
	})
	home := string(getJSON(t, s.URL, "", nil))
	if !strings.Contains(home, "尚未建立行政机关") {
		t.Errorf("empty database home page:\n%s", home)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit %d after SIGINT\n%s", code, s.stderr)
	}
}

func TestServe_Config(t *testing.T) {
	env := map[string]string{"GONGKAI_DATABASE_URL": "postgres://u:secretpw@h/db", "GONGKAI_ADDR": ":9000", "GONGKAI_SECRET_FILE": "/k"}
	getenv := func(k string) string { return env[k] }
	cfg, err := parseServeConfig(nil, io.Discard, getenv)
	if err != nil || cfg.DB != env["GONGKAI_DATABASE_URL"] || cfg.Addr != ":9000" || cfg.SecretFile != "/k" || cfg.Demo {
		t.Errorf("from the environment: %+v %v", cfg, err)
	}
	cfg, err = parseServeConfig([]string{"--db", "x.db", "--addr", "127.0.0.1:1", "--demo", "--secret-file", "s"}, io.Discard, getenv)
	if err != nil || cfg.DB != "x.db" || cfg.Addr != "127.0.0.1:1" || cfg.SecretFile != "s" || !cfg.Demo {
		t.Errorf("flags first: %+v %v", cfg, err)
	}
	cfg, err = parseServeConfig(nil, io.Discard, func(string) string { return "" })
	if err != nil || cfg.DB != "gongkai.db" || cfg.Addr != DefaultAddr {
		t.Errorf("defaults: %+v %v", cfg, err)
	}
	if _, err := parseServeConfig([]string{"extra"}, io.Discard, getenv); err == nil {
		t.Error("a positional argument was accepted")
	}
	if got := redactDSN(env["GONGKAI_DATABASE_URL"]); strings.Contains(got, "secretpw") {
		t.Errorf("redacted DSN %q", got)
	}
}

func TestServe_SigningKey(t *testing.T) {
	dir := t.TempDir()
	logs := &syncBuffer{}
	logger := newTestLogger(logs)
	// PostgreSQL without a key is a clear error.
	_, err := signingKey(serveConfig{DB: "postgres://h/db"}, logger)
	if err == nil || !strings.Contains(err.Error(), "GONGKAI_SECRET") {
		t.Errorf("postgres without a key: %v", err)
	}
	if _, err := signingKey(serveConfig{DB: "postgres://h/db", Secret: "short"}, logger); err == nil {
		t.Error("a short GONGKAI_SECRET was accepted")
	}
	k, err := signingKey(serveConfig{DB: "postgres://h/db", Secret: strings.Repeat("s", 40)}, logger)
	if err != nil || len(k) != 40 {
		t.Errorf("GONGKAI_SECRET: %v", err)
	}
	// SQLite: created next to the database, then read back.
	cfg := serveConfig{DB: filepath.Join(dir, "x.db")}
	k1, err := signingKey(cfg, logger)
	if err != nil || len(k1) != 32 {
		t.Fatalf("create: %v", err)
	}
	k2, err := signingKey(cfg, logger)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Errorf("read back: %v", err)
	}
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abc"), 0o600)
	if _, err := signingKey(serveConfig{DB: cfg.DB, SecretFile: short}, logger); err == nil {
		t.Error("a short key file was accepted")
	}
	open := filepath.Join(dir, "open")
	os.WriteFile(open, bytes.Repeat([]byte("k"), 32), 0o644)
	if _, err := signingKey(serveConfig{DB: cfg.DB, SecretFile: open}, logger); err != nil || !strings.Contains(logs.String(), "readable by other users") {
		t.Errorf("world-readable key file: %v, log %s", err, logs)
	}
}

// TestServe_NewerSchema: a database written by a newer gongkai is refused
// with a clear message.
func TestServe_NewerSchema(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "gongkai.db")
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	var stdout, stderr bytes.Buffer
	code := runServe(context.Background(), []string{"--db", dbPath, "--addr", "127.0.0.1:0"}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "999") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
}

func newTestLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestServe_Postgres serves from PostgreSQL when GONGKAI_TEST_POSTGRES_DSN
// is set: without a key it refuses to start, with GONGKAI_SECRET it serves.
func TestServe_Postgres(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Schema(t, "gk_serve_")
	t.Setenv("GONGKAI_DATABASE_URL", db)
	t.Setenv("GONGKAI_SECRET", "")
	t.Setenv("GONGKAI_SECRET_FILE", "")
	var stdout, stderr bytes.Buffer
	if code := runServe(ctx, []string{"--addr", "127.0.0.1:0"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "GONGKAI_SECRET") {
		t.Fatalf("without a key: exit %d\n%s", code, stderr.String())
	}
	t.Setenv("GONGKAI_SECRET", strings.Repeat("p", 32))
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := startServe(t, func(stdout, stderr io.Writer) int {
		return runServe(sctx, []string{"--addr", "127.0.0.1:0"}, stdout, stderr)
	})
	var agencies []api.Agency
	getJSON(t, s.URL+"api/v1/agencies", "", &agencies)
	if strings.Contains(s.stderr.String(), "secretpw") {
		t.Error("the log shows the DSN's password")
	}
	cancel()
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
}
