package web

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai"
	"gongkai/api"
)

// The public pages (home, the list of reports, an agency's guide, rules,
// proactive list and annual report in every format) are the same for every
// anonymous visitor and change only when something is written, yet the
// report pages tally up to a million rows. pageCache keeps their complete
// responses (status 200, headers and body), keyed by method, path and
// query, and serves them while the store's change mark (AuditMark, the id
// of the newest audit entry, which every write moves in its transaction)
// is the one they were computed at.
//
// Staleness: the mark is read at most once per request and reused for
// markTTL (defaultMarkTTL, 100 ms) within this process. A write by another
// process (a second server, a batch, the CLI) or through the JSON API
// handler is therefore seen at most markTTL late; a write through this
// handler (any request that is not GET or HEAD) bumps a local generation
// that forces the next request to read the mark again, so the next page
// is recomputed at once. Entries also expire after maxAge (5 minutes) so
// that pages depending on the date (deadlines, the current year) follow
// the clock without a write.
//
// Never cached: requests with a session cookie or an Authorization header,
// anything outside the public read-only pages (/apply, /track, /console,
// /static, the rest), responses other than 200, and responses that set a
// cookie. The anonymous layout carries no per-request token (the CSRF
// field is only rendered for a signed-in user).
//
// Scopes. A page of one agency's catalog (/gongkai?agency=X…: its items,
// their counts and its name, nothing else) is kept across writes that do
// not touch that agency: with the change mark the cache reads the
// agencies' catalog marks (ItemListStore.CatalogMarks, moved by every
// write of an agency's items and of the agency), and when the mark moves
// it drops every other page but keeps the pages of the agencies whose
// catalog mark stayed put. A search within one agency (/search?…&agency=X,
// and the API's) shows only X's items, so it is scoped to X as well; the
// search page's form also lists the agencies, so it is kept only while
// the agency tree's mark (gongkai.AgencyTreeMark) stays put too. A search
// of every agency is dropped at every write: any new item may match it. Without it one publication emptied the cache
// of a province's portal, and the pages of its hundreds of agencies were
// computed again at once (p99 159 ms at 100 clients with an item
// published every few seconds: docs/bench/catalog-indexing.md). A page of
// an agency with no mark yet (no item ever written) is not scoped.
//
// Concurrent misses for the same key wait for one computation (single
// flight). The cache holds at most maxEntries responses and maxBytes of
// bodies and headers, evicting arbitrary entries when full.
type pageCache struct {
	mark func(*http.Request) (int64, error)
	// scopes returns the catalog marks per agency; nil: no page is scoped.
	scopes     func(*http.Request) (map[string]int64, error)
	markTTL    time.Duration
	maxAge     time.Duration
	maxEntries int
	maxBytes   int64
	now        func() time.Time

	gen atomic.Uint64 // bumped by every write through this handler

	markMu  sync.Mutex
	markOK  bool
	markVal cacheState
	markGen uint64
	markAt  time.Time

	mu       sync.Mutex
	version  cacheState // the state every entry is valid at
	entries  map[string]*cachedResponse
	bytes    int64
	inflight map[string]*flight

	computes atomic.Int64 // responses computed for cacheable requests (tests)
	hits     atomic.Int64
}

// defaultMarkTTL is how long a process reuses the change mark.
var defaultMarkTTL = 100 * time.Millisecond

const (
	defaultCacheEntries = 2000
	defaultCacheBytes   = 64 << 20
	defaultCacheMaxAge  = 5 * time.Minute
)

// cacheState is what the entries are valid at: the change mark, and the
// catalog marks of the agencies read after it (nil without scopes). The
// map is never changed once read.
type cacheState struct {
	mark   int64
	scopes map[string]int64
}

type cachedResponse struct {
	header http.Header
	body   []byte
	size   int64
	at     time.Time
	scope  string // the agency whose catalog alone the page shows, "" for any other page
	tree   bool   // the page also lists the agencies (AgencyTreeMark)
}

// flight is one computation of a key that other requests wait for.
type flight struct {
	mark int64
	done chan struct{}
	resp *cachedResponse // nil when the response was not cacheable
}

func newPageCache(mark func(*http.Request) (int64, error)) *pageCache {
	return &pageCache{mark: mark, markTTL: defaultMarkTTL, maxAge: defaultCacheMaxAge,
		maxEntries: defaultCacheEntries, maxBytes: defaultCacheBytes, now: time.Now,
		entries: map[string]*cachedResponse{}, inflight: map[string]*flight{}}
}

// invalidate makes the next request read the mark again (a write through
// this process).
func (c *pageCache) invalidate() { c.gen.Add(1) }

// currentMark returns the change mark, read from the store unless it was
// read less than markTTL ago with no local write since.
func (c *pageCache) currentMark(r *http.Request) (int64, error) {
	st, err := c.currentState(r)
	return st.mark, err
}

// currentState returns the change mark and, when it has moved since the
// last read, the catalog marks read after it.
func (c *pageCache) currentState(r *http.Request) (cacheState, error) {
	c.markMu.Lock()
	defer c.markMu.Unlock()
	g := c.gen.Load()
	now := c.now()
	if c.markOK && c.markGen == g && now.Sub(c.markAt) < c.markTTL {
		return c.markVal, nil
	}
	m, err := c.mark(r)
	if err != nil {
		c.markOK = false
		return cacheState{}, err
	}
	st := cacheState{mark: m, scopes: c.markVal.scopes}
	if c.scopes != nil && (!c.markOK || m != c.markVal.mark || st.scopes == nil) {
		// Every write moves the mark, so the catalog marks read after the
		// mark are at least as new as it.
		if st.scopes, err = c.scopes(r); err != nil {
			c.markOK = false
			return cacheState{}, err
		}
	}
	c.markOK, c.markVal, c.markGen, c.markAt = true, st, g, now
	return st, nil
}

// scopeOf returns the agency whose catalog alone the page of r shows
// (GET /gongkai?agency=X, a search with agency=X), or "", and whether the
// page also lists the agencies (the search page's form).
func scopeOf(r *http.Request) (agency string, tree bool) {
	switch r.URL.Path {
	case "/gongkai", api.Prefix + "/search":
		return r.URL.Query().Get("agency"), false
	case "/search":
		return r.URL.Query().Get("agency"), true
	}
	return "", false
}

// keep reports whether an entry computed at state from stays valid at
// state to: it is scoped, and the marks it depends on are the same in
// both.
func (e *cachedResponse) keep(from, to cacheState) bool {
	if e.scope == "" || from.scopes == nil || to.scopes == nil {
		return false
	}
	same := func(key string) bool {
		m, ok := to.scopes[key]
		return ok && m == from.scopes[key]
	}
	return same(e.scope) && (!e.tree || same(gongkai.AgencyTreeMark))
}

// cacheable reports whether r is an anonymous read of a public page.
func cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if r.Header.Get("Authorization") != "" {
		return false
	}
	if _, err := r.Cookie(api.SessionCookie); err == nil {
		return false
	}
	return publicPath(r.URL.Path)
}

// publicPath reports whether p is one of the cached public pages, or one
// of the JSON API's public reads (publicAPIPath).
func publicPath(p string) bool {
	switch p {
	case "/", "/reports":
		return true
	}
	if catalogPath(p) {
		return true
	}
	if rest, ok := strings.CutPrefix(p, api.Prefix+"/"); ok {
		return publicAPIPath(rest)
	}
	rest, ok := strings.CutPrefix(p, "/agencies/")
	if !ok {
		return false
	}
	parts := strings.Split(rest, "/")
	if slices.Contains(parts, "") {
		return false
	}
	switch len(parts) {
	case 2:
		return parts[1] == "guide" || parts[1] == "rules" || parts[1] == "proactive"
	case 3:
		return parts[1] == "reports"
	}
	return false
}

// serve answers r from the cache, or from next (once for concurrent
// misses of the same key) keeping a cacheable response.
func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	st, err := c.currentState(r)
	if err != nil {
		next.ServeHTTP(w, r)
		return
	}
	mark := st.mark
	key := r.Method + " " + r.URL.EscapedPath() + "?" + r.URL.RawQuery
	c.mu.Lock()
	c.advance(st)
	if e := c.entries[key]; e != nil && mark == c.version.mark && c.now().Sub(e.at) < c.maxAge {
		c.mu.Unlock()
		c.hits.Add(1)
		e.write(w)
		return
	}
	if f := c.inflight[key]; f != nil && f.mark == mark {
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-r.Context().Done():
			return
		}
		if f.resp != nil {
			c.hits.Add(1)
			f.resp.write(w)
			return
		}
		// The leader's answer was not cacheable (an error): compute ours.
		c.computes.Add(1)
		next.ServeHTTP(w, r)
		return
	}
	f := &flight{mark: mark, done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()

	rec := &recorder{header: http.Header{}}
	finished := false
	finish := func() {
		finished = true
		c.mu.Lock()
		if c.inflight[key] == f {
			delete(c.inflight, key)
		}
		if f.resp != nil {
			c.put(key, st, f.resp)
		}
		c.mu.Unlock()
		close(f.done)
	}
	defer func() {
		if !finished { // next panicked: release the waiters
			finish()
		}
	}()
	c.computes.Add(1)
	next.ServeHTTP(rec, r)
	resp := rec.response(c.now())
	if c.scopes != nil {
		resp.scope, resp.tree = scopeOf(r)
	}
	if rec.status == http.StatusOK && len(rec.header.Values("Set-Cookie")) == 0 && resp.size <= c.maxBytes {
		f.resp = resp
	}
	finish()
	rec.writeTo(w)
}

// advance moves the entries to st when its mark is past theirs: it drops
// every entry but those of an agency whose catalog mark is the same in
// both states. c.mu is held.
func (c *pageCache) advance(st cacheState) {
	if st.mark <= c.version.mark {
		return
	}
	for k, e := range c.entries {
		if e.keep(c.version, st) {
			continue
		}
		c.bytes -= e.size
		delete(c.entries, k)
	}
	c.version = st
}

// put keeps resp under key if it was computed at the current state,
// evicting arbitrary entries to stay within the bounds. c.mu is held.
func (c *pageCache) put(key string, st cacheState, resp *cachedResponse) {
	c.advance(st)
	if st.mark != c.version.mark {
		return // computed before a newer write
	}
	if old := c.entries[key]; old != nil {
		c.bytes -= old.size
		delete(c.entries, key)
	}
	for k, e := range c.entries {
		if len(c.entries) < c.maxEntries && c.bytes+resp.size <= c.maxBytes {
			break
		}
		c.bytes -= e.size
		delete(c.entries, k)
	}
	if len(c.entries) >= c.maxEntries || c.bytes+resp.size > c.maxBytes {
		return
	}
	c.entries[key] = resp
	c.bytes += resp.size
}

// len returns the number of entries and their size (tests).
func (c *pageCache) len() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}

// write sends the kept response; the security headers are already set.
func (e *cachedResponse) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = slices.Clone(v)
	}
	w.WriteHeader(http.StatusOK)
	w.Write(e.body)
}

// recorder buffers a response.
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body = append(r.body, b...)
	return len(b), nil
}

func (r *recorder) response(at time.Time) *cachedResponse {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	size := int64(len(r.body)) + 64
	for k, v := range r.header {
		size += int64(len(k))
		for _, s := range v {
			size += int64(len(s)) + 16
		}
	}
	return &cachedResponse{header: r.header, body: r.body, size: size, at: at}
}

// writeTo sends a non-200 recorded response (errors, redirects) as is.
func (r *recorder) writeTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = slices.Clone(v)
	}
	w.WriteHeader(r.status)
	w.Write(r.body)
}

// publicAPIPath reports whether the API path p (after /api/v1/) is a public
// read the cache may keep: the agency list, one agency, and an agency's
// report of a year (the figures are public, 条例第五十条). The cell
// drill-downs need a signed-in user and never reach the cache.
func publicAPIPath(p string) bool {
	parts := strings.Split(p, "/")
	if slices.Contains(parts, "") || parts[0] != "agencies" {
		return false
	}
	switch len(parts) {
	case 1, 2:
		return true
	case 4:
		return parts[2] == "reports"
	}
	return false
}
