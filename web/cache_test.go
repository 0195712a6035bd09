package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai"
	"gongkai/api"
	"gongkai/demo"
	"gongkai/internal/sqlitetest"
	"gongkai/password"
	"gongkai/sqlite"
)

// stubMark is a change mark the test moves by hand.
type stubMark struct {
	v     atomic.Int64
	reads atomic.Int64
}

func (m *stubMark) read(*http.Request) (int64, error) { m.reads.Add(1); return m.v.Load(), nil }

// countingHandler answers "page <path> <n>" and counts its calls.
type countingHandler struct {
	calls atomic.Int64
	delay time.Duration
	fn    func(w http.ResponseWriter, r *http.Request) // overrides the answer
}

func (h *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := h.calls.Add(1)
	time.Sleep(h.delay)
	if h.fn != nil {
		h.fn(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintf(w, "page %s %d", r.URL.RequestURI(), n)
}

func serveCached(c *pageCache, h http.Handler, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	c.serve(w, httptest.NewRequest(method, target, nil), h)
	return w
}

func TestPageCacheHitAndInvalidation(t *testing.T) {
	m := &stubMark{}
	c := newPageCache(m.read)
	c.markTTL = 0
	h := &countingHandler{}
	a := serveCached(c, h, "GET", "/reports?page=2")
	b := serveCached(c, h, "GET", "/reports?page=2")
	if h.calls.Load() != 1 || a.Body.String() != b.Body.String() || b.Code != 200 || b.Header().Get("Content-Type") != "text/plain" {
		t.Fatalf("second GET: calls %d, %d %q vs %q", h.calls.Load(), b.Code, b.Body, a.Body)
	}
	serveCached(c, h, "GET", "/reports?page=3")  // another query: another key
	serveCached(c, h, "HEAD", "/reports?page=2") // another method: another key
	if h.calls.Load() != 3 {
		t.Fatalf("calls = %d, want 3", h.calls.Load())
	}
	m.v.Add(1) // a write
	if w := serveCached(c, h, "GET", "/reports?page=2"); h.calls.Load() != 4 || w.Body.String() == a.Body.String() {
		t.Fatalf("after a write: calls %d, body %q", h.calls.Load(), w.Body)
	}
}

// TestPageCacheMarkTTL: the mark is reused for markTTL, and a local write
// (invalidate) makes the next request read it again.
func TestPageCacheMarkTTL(t *testing.T) {
	m := &stubMark{}
	c := newPageCache(m.read)
	c.markTTL = time.Hour
	h := &countingHandler{}
	serveCached(c, h, "GET", "/")
	serveCached(c, h, "GET", "/")
	if m.reads.Load() != 1 || h.calls.Load() != 1 {
		t.Fatalf("mark reads %d, calls %d; want 1, 1", m.reads.Load(), h.calls.Load())
	}
	m.v.Add(1)
	serveCached(c, h, "GET", "/") // stale within the TTL (another process's write)
	if h.calls.Load() != 1 {
		t.Fatalf("calls = %d within the mark TTL, want 1", h.calls.Load())
	}
	c.invalidate() // a write through this process
	serveCached(c, h, "GET", "/")
	if m.reads.Load() != 2 || h.calls.Load() != 2 {
		t.Fatalf("after invalidate: mark reads %d, calls %d; want 2, 2", m.reads.Load(), h.calls.Load())
	}
}

func TestPageCacheNotCached(t *testing.T) {
	m := &stubMark{}
	c := newPageCache(m.read)
	for name, fn := range map[string]func(w http.ResponseWriter, r *http.Request){
		"404": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusNotFound) },
		"500": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusInternalServerError) },
		"303": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/x", http.StatusSeeOther) },
		"cookie": func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
			io.WriteString(w, "ok")
		},
	} {
		h := &countingHandler{fn: fn}
		first := serveCached(c, h, "GET", "/agencies/a/guide")
		second := serveCached(c, h, "GET", "/agencies/a/guide")
		if h.calls.Load() != 2 {
			t.Errorf("%s: calls = %d, want 2 (not cached)", name, h.calls.Load())
		}
		if first.Code != second.Code || first.Body.String() != second.Body.String() {
			t.Errorf("%s: answers differ: %d %q, %d %q", name, first.Code, first.Body, second.Code, second.Body)
		}
		if name == "cookie" && first.Header().Get("Set-Cookie") == "" {
			t.Errorf("cookie: Set-Cookie lost")
		}
		if name == "404" && first.Code != 404 {
			t.Errorf("404: status %d", first.Code)
		}
	}
	if n, _ := c.len(); n != 0 {
		t.Fatalf("%d entries kept, want 0", n)
	}
}

func TestCacheable(t *testing.T) {
	for target, want := range map[string]bool{
		"/": true, "/reports": true, "/reports?page=3": true,
		"/agencies/a/guide": true, "/agencies/a/rules": true, "/agencies/a/proactive": true,
		"/agencies/a/reports/2025": true, "/agencies/a/reports/2025.json": true,
		"/agencies/a/reports/2025.docx": true, "/agencies/a/reports/2025.xlsx": true,
		"/apply": false, "/apply/anxi-jyj": false, "/track": false, "/track?t=x": false,
		"/console": false, "/console/inbox": false, "/static/site.css": false, "/agency": false,
		"/agencies//guide": false, "/agencies/a/guide/": false, "/agencies/a/reports/": false,
		"/agencies/a/other": false, "/agencies/a/reports/2025/x": false,
		"/api/v1/agencies": true, "/api/v1/agencies/a": true, "/api/v1/agencies/a/reports/2025": true,
		"/api/v1/agencies/a/reports/2025?scope=subtree":         true,
		"/api/v1/agencies/a/reports/2025/cells/三/granted/total": false, "/api/v1/agencies/a/requests": false,
		"/api/v1/requests/R1": false, "/api/v1/session": false, "/api/v1/openapi.json": false, "/api/v1/agencies/": false,
	} {
		r := httptest.NewRequest("GET", target, nil)
		if got := cacheable(r); got != want {
			t.Errorf("cacheable(GET %s) = %v, want %v", target, got, want)
		}
	}
	r := httptest.NewRequest("HEAD", "/", nil)
	if !cacheable(r) {
		t.Errorf("HEAD / not cacheable")
	}
	r = httptest.NewRequest("POST", "/", nil)
	if cacheable(r) {
		t.Errorf("POST / cacheable")
	}
	r = httptest.NewRequest("GET", "/", nil)
	r.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: "x"})
	if cacheable(r) {
		t.Errorf("GET / with a session cookie cacheable")
	}
	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer x")
	if cacheable(r) {
		t.Errorf("GET / with a bearer token cacheable")
	}
}

// TestPageCacheSingleFlight: 50 concurrent misses for one key compute the
// page once.
func TestPageCacheSingleFlight(t *testing.T) {
	m := &stubMark{}
	c := newPageCache(m.read)
	h := &countingHandler{delay: 100 * time.Millisecond}
	var wg sync.WaitGroup
	bodies := make([]string, 50)
	for i := range bodies {
		wg.Go(func() { bodies[i] = serveCached(c, h, "GET", "/agencies/a/reports/2025").Body.String() })
	}
	wg.Wait()
	if h.calls.Load() != 1 {
		t.Fatalf("calls = %d, want 1", h.calls.Load())
	}
	for i, b := range bodies {
		if b != bodies[0] || b == "" {
			t.Fatalf("body %d = %q, want %q", i, b, bodies[0])
		}
	}
}

// TestPageCacheBounds: the cache never holds more than its entries or
// bytes.
func TestPageCacheBounds(t *testing.T) {
	m := &stubMark{}
	c := newPageCache(m.read)
	c.maxEntries = 10
	c.maxBytes = 4000
	big := strings.Repeat("x", 1000)
	h := &countingHandler{fn: func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("big") != "" {
			io.WriteString(w, big)
			return
		}
		io.WriteString(w, "small")
	}}
	for i := range 200 {
		q := fmt.Sprintf("/reports?page=%d", i)
		if i%3 == 0 {
			q += "&big=1"
		}
		serveCached(c, h, "GET", q)
		if n, size := c.len(); n > c.maxEntries || size > c.maxBytes {
			t.Fatalf("after %d pages: %d entries, %d bytes; bounds %d, %d", i+1, n, size, c.maxEntries, c.maxBytes)
		}
	}
	// A response larger than the whole cache is served, not kept.
	c = newPageCache(m.read)
	c.maxBytes = 500
	if w := serveCached(c, h, "GET", "/reports?big=2"); w.Body.String() != big {
		t.Fatalf("big page not served")
	}
	if n, size := c.len(); n != 0 || size != 0 {
		t.Fatalf("%d entries, %d bytes kept, want none", n, size)
	}
}

// cacheFixture is a server of its own over the Anxi demo, so that counting
// the cache's computations is not disturbed by the other tests.
type cacheFixture struct {
	path string
	db   *sqlite.DB
	svc  *gongkai.Service
	srv  *Server
	ts   *httptest.Server
}

func newCacheFixture(t *testing.T) *cacheFixture {
	t.Helper()
	ctx := gongkai.WithActor(context.Background(), "test")
	db, path := sqlitetest.Open(t)
	h := password.Fast()
	if err := demo.LoadWith(ctx, db, demo.Anxi(), demo.Options{Hasher: h}); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return testNow }
	svc := gongkai.NewService(db, &gongkai.Policy{Calendar: gongkai.DefaultCalendar(), Now: now})
	key := bytes.Repeat([]byte("k"), 32)
	auth, err := api.NewAuth(key, h, db)
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(Config{Service: svc, Auth: auth, Key: key, Now: now, Hasher: h,
		LoginRate: Rate{N: 1000, Per: time.Minute}, ApplyRate: Rate{N: 1000, Per: time.Minute}})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &cacheFixture{path: path, db: db, svc: svc, srv: srv, ts: ts}
}

func (cf *cacheFixture) fixture() *fixture {
	return &fixture{db: cf.db, svc: cf.svc, srv: cf.srv, ts: cf.ts}
}

// TestPageCacheServer: the real pages are cached, and writes through the
// store, through a second store on the same file and through the site
// invalidate them.
func TestPageCacheServer(t *testing.T) {
	cf := newCacheFixture(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	anon := cf.fixture().client(t)
	pages := []string{"/", "/reports", "/agencies/anxi-jyj/guide", "/agencies/anxi-jyj/rules",
		"/agencies/anxi-jyj/proactive", "/agencies/anxi-jyj/reports/2025", "/agencies/anxi-jyj/reports/2025.json"}
	computes := func() int64 { return cf.srv.cache.computes.Load() }
	first := map[string]string{}
	for _, p := range pages {
		a := anon.get(p)
		if a.status != 200 {
			t.Fatalf("GET %s: %d", p, a.status)
		}
		first[p] = a.body
	}
	base := computes()
	for _, p := range pages {
		if a := anon.get(p); a.status != 200 || a.body != first[p] || a.header.Get("Content-Security-Policy") == "" {
			t.Fatalf("GET %s again: %d, same body %v, CSP %q", p, a.status, a.body == first[p], a.header.Get("Content-Security-Policy"))
		}
	}
	if computes() != base {
		t.Fatalf("second round computed %d pages, want 0", computes()-base)
	}

	// A write through the service/store (not through the site): seen after
	// the mark's TTL.
	cf.srv.cache.markTTL = 0
	in := &gongkai.ProactiveInput{Agency: "anxi-jyj", Year: 2025, Values: map[string]float64{"licensing.decisions": 4321}}
	if old, err := cf.db.ProactiveInput(ctx, "anxi-jyj", 2025); err == nil {
		in.Version = old.Version
	}
	if err := cf.db.PutProactiveInput(ctx, in); err != nil {
		t.Fatal(err)
	}
	base = computes()
	anon.get("/agencies/anxi-jyj/reports/2025")
	if computes() != base+1 {
		t.Fatalf("after PutProactiveInput: %d computations, want 1", computes()-base)
	}

	// A write by a second store on the same file: seen within the TTL.
	cf.srv.cache.markTTL = defaultMarkTTL
	anon.get("/agencies/anxi-jyj/guide")
	other, err := sqlite.Open(ctx, cf.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	in.Values["licensing.decisions"] = 1234
	if err := other.PutProactiveInput(ctx, in); err != nil {
		t.Fatal(err)
	}
	time.Sleep(defaultMarkTTL + 20*time.Millisecond)
	base = computes()
	anon.get("/agencies/anxi-jyj/guide")
	if computes() != base+1 {
		t.Fatalf("after a write by another store: %d computations, want 1", computes()-base)
	}

	// A signed-in clerk never gets the cached page, and the cached page
	// never carries the clerk's session.
	cf.srv.cache.markTTL = time.Hour // no mark reads from here on: only local writes invalidate
	anon.get("/")
	clerk := cf.fixture().client(t)
	clerk.login("clerk-anxi-jyj", demo.ClerkPassword) // a POST: bumps the generation
	base = computes()
	for range 2 {
		if a := clerk.get("/"); a.status != 200 || !strings.Contains(a.body, "/console/logout") {
			t.Fatalf("clerk's home: %d, logout form %v", a.status, strings.Contains(a.body, "/console/logout"))
		}
	}
	if computes() != base {
		t.Fatalf("a signed-in GET went through the cache")
	}
	if a := anon.get("/"); strings.Contains(a.body, "/console/logout") || strings.Contains(a.body, "csrf") {
		t.Fatalf("anonymous home carries a session's form")
	}

	// A write through the site invalidates at once, even within the TTL.
	anon.get("/agencies/anxi-jyj/proactive")
	base = computes()
	anon.get("/agencies/anxi-jyj/proactive")
	if computes() != base {
		t.Fatalf("not cached before the write")
	}
	clerk.post("/console/logout", nil) // any POST through the site
	anon.get("/agencies/anxi-jyj/proactive")
	// The logout wrote no audit entry, so the mark is unchanged and the
	// page still valid: the generation only forces reading the mark.
	if computes() != base {
		t.Fatalf("a POST that wrote nothing invalidated the page")
	}
	if err := cf.db.PutProactiveInput(ctx, in); err != nil { // a write...
		t.Fatal(err)
	}
	cf.srv.cache.invalidate() // ...as a POST through the site would report it
	anon.get("/agencies/anxi-jyj/proactive")
	if computes() != base+1 {
		t.Fatalf("after a local write: %d computations, want 1", computes()-base)
	}

	// /apply is never cached.
	base = computes()
	for range 3 {
		if a := anon.get("/apply"); a.status >= 500 {
			t.Fatalf("/apply: %d", a.status)
		}
	}
	if computes() != base {
		t.Fatalf("/apply went through the cache")
	}
	if n, _ := cf.srv.cache.len(); n == 0 {
		t.Fatalf("no entries kept")
	}
}

// TestPageCacheAPI: the JSON API mounted through Config.API shares the
// cache for its public reads, and a write through it invalidates at once.
func TestPageCacheAPI(t *testing.T) {
	cf := newCacheFixture(t)
	h := &countingHandler{}
	n := 0
	h.fn = func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost { // a write through the API moves the store's mark
			n++
			in := &gongkai.ProactiveInput{Agency: "anxi-jyj", Year: 2010 + n, Values: map[string]float64{}}
			if err := cf.db.PutProactiveInput(gongkai.WithActor(r.Context(), "test"), in); err != nil {
				t.Error(err)
			}
			w.WriteHeader(http.StatusCreated)
			return
		}
		fmt.Fprintf(w, "api %s", r.URL.RequestURI())
	}
	srv := newServer(Config{Service: cf.srv.svc, Auth: cf.srv.auth, Key: cf.srv.key, Now: cf.srv.now, API: h,
		LoginRate: Rate{N: 1000, Per: time.Minute}, ApplyRate: Rate{N: 1000, Per: time.Minute}})
	srv.cache.markTTL = time.Hour // only local writes invalidate here
	get := func(target string) string {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		return w.Body.String()
	}
	a := get("/api/v1/agencies/anxi/reports/2020?scope=subtree")
	if b := get("/api/v1/agencies/anxi/reports/2020?scope=subtree"); b != a || h.calls.Load() != 1 {
		t.Fatalf("second read: %d calls, same body %v", h.calls.Load(), a == b)
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("POST", "/api/v1/requests", strings.NewReader("{}")))
	calls := h.calls.Load()
	get("/api/v1/agencies/anxi/reports/2020?scope=subtree")
	if h.calls.Load() != calls+1 {
		t.Errorf("after a write through the API the report was not recomputed")
	}
	req := httptest.NewRequest("GET", "/api/v1/agencies", nil)
	req.Header.Set("Authorization", "Bearer x")
	calls = h.calls.Load()
	srv.ServeHTTP(httptest.NewRecorder(), req)
	srv.ServeHTTP(httptest.NewRecorder(), req)
	if h.calls.Load() != calls+2 {
		t.Errorf("a signed-in API read came from the cache")
	}
}
