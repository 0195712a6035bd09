package web

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"gongkai"
	"gongkai/api"
)

// stubScopes are catalog marks the test moves by hand.
type stubScopes struct {
	mu    sync.Mutex
	marks map[string]int64
	err   error
	reads int
}

func (s *stubScopes) read(*http.Request) (map[string]int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	return maps.Clone(s.marks), s.err
}

func (s *stubScopes) touch(agency string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.marks[agency]++
}

// TestPageCacheScopes: a write keeps the catalog pages, and the searches,
// of the agencies it does not touch and drops every other page; a change
// of the agencies also drops the search pages, whose form lists them.
func TestPageCacheScopes(t *testing.T) {
	m := &stubMark{}
	m.v.Store(1)
	tree := gongkai.AgencyTreeMark
	sc := &stubScopes{marks: map[string]int64{"a": 1, "b": 1, tree: 1}}
	c := newPageCache(m.read)
	c.scopes = sc.read
	c.markTTL = 0
	h := &countingHandler{}
	const (
		searchA   = "/search?q=%E6%95%99%E8%82%B2&agency=a"
		searchAll = "/search?q=%E6%95%99%E8%82%B2"
		apiA      = api.Prefix + "/search?q=%E6%95%99%E8%82%B2&agency=a"
	)
	pages := []string{"/gongkai?agency=a", "/gongkai?agency=a&year=2024", "/gongkai?agency=b", "/gongkai?agency=c",
		"/gongkai", "/gongkai?year=2024", searchA, searchAll, apiA, "/reports"}
	// computed returns which pages a round of GETs computed.
	computed := func() []string {
		t.Helper()
		var out []string
		for _, p := range pages {
			before := h.calls.Load()
			if w := serveCached(c, h, "GET", p); w.Code != 200 {
				t.Fatalf("GET %s: %d", p, w.Code)
			}
			if h.calls.Load() != before {
				out = append(out, p)
			}
		}
		return out
	}
	check := func(name string, want ...string) {
		t.Helper()
		if got := computed(); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: computed %v, want %v", name, got, want)
		}
	}
	check("first round", pages...)
	check("second round")

	// A write of agency b's catalog: a's pages and searches stay; c has no
	// mark and is not scoped; the search of every agency and the other
	// pages go.
	m.v.Add(1)
	sc.touch("b")
	check("after a write of b", "/gongkai?agency=b", "/gongkai?agency=c", "/gongkai", "/gongkai?year=2024", searchAll, "/reports")
	check("again")

	// A write that touches no catalog (a request, a report): every
	// agency's catalog page and search stays.
	m.v.Add(1)
	check("after another write", "/gongkai?agency=c", "/gongkai", "/gongkai?year=2024", searchAll, "/reports")

	// Agency b renamed: its mark and the tree's move. a's catalog pages and
	// its API search stay; its search page lists the agencies and goes.
	m.v.Add(1)
	sc.touch("b")
	sc.touch(tree)
	check("after a rename of b", "/gongkai?agency=b", "/gongkai?agency=c", "/gongkai", "/gongkai?year=2024",
		searchA, searchAll, "/reports")

	// The catalog marks cannot be read: nothing is served from the cache.
	m.v.Add(1)
	sc.err = errors.New("down")
	check("marks unreadable", pages...)
	sc.err = nil
	// That write touched no catalog either: the agencies' pages kept
	// from before are still good.
	check("marks back", "/gongkai?agency=c", "/gongkai", "/gongkai?year=2024", searchAll, "/reports")
	check("and kept")
}

// scopeFixture is the demo store served with the page cache reading its
// change mark at every request, an anonymous client, and how many pages
// the cache has computed.
type scopeFixture struct {
	*cacheFixture
	ctx  context.Context
	anon *client
}

func newScopeFixture(t *testing.T) *scopeFixture {
	cf := newCacheFixture(t)
	cf.srv.cache.markTTL = 0
	return &scopeFixture{cacheFixture: cf, ctx: gongkai.WithActor(context.Background(), "test"), anon: cf.fixture().client(t)}
}

func (sf *scopeFixture) computes() int64 { return sf.srv.cache.computes.Load() }

// retitle gives the newest published item of agency the title, and
// returns it.
func (sf *scopeFixture) retitle(t *testing.T, agency, title string) *gongkai.Item {
	t.Helper()
	_, items, err := sf.db.ItemPage(sf.ctx, gongkai.ItemFilter{Agency: agency, Status: gongkai.ItemPublished, Limit: 1})
	if err != nil || len(items) == 0 {
		t.Fatalf("a published item of %s: %v, %v", agency, items, err)
	}
	items[0].Title = title
	if err := sf.db.UpdateItem(sf.ctx, items[0]); err != nil {
		t.Fatal(err)
	}
	return items[0]
}

// TestPageCacheScopesServer: on the real store, publishing an item of one
// agency keeps another agency's catalog page and shows the new item on
// its own.
func TestPageCacheScopesServer(t *testing.T) {
	sf := newScopeFixture(t)
	own, other := "/gongkai?agency=anxi-jyj", "/gongkai?agency=anxi-mzj"
	for _, p := range []string{own, other, own, other} {
		if a := sf.anon.get(p); a.status != 200 {
			t.Fatalf("GET %s: %d", p, a.status)
		}
	}
	it := sf.retitle(t, "anxi-jyj", "关于调整学生资助标准的通知（更正）")
	base := sf.computes()
	if a := sf.anon.get(other); a.status != 200 || sf.computes() != base {
		t.Fatalf("another agency's page after the write: %d, computed %d", a.status, sf.computes()-base)
	}
	if a := sf.anon.get(own); a.status != 200 || sf.computes() != base+1 || !strings.Contains(a.body, it.Title) {
		t.Fatalf("own page after the write: %d, computed %d, new title shown %v", a.status, sf.computes()-base, strings.Contains(a.body, it.Title))
	}
}

// TestSearchScopesServer: on the real store, a search within one agency
// is kept across a write of another agency's items, is computed again
// when its own agency publishes (the new title is found at once), and
// when an agency is renamed (the form lists the new name).
func TestSearchScopesServer(t *testing.T) {
	sf := newScopeFixture(t)
	search := "/search?q=" + url.QueryEscape("通知") + "&agency=anxi-jyj"
	get := func(name string, computed int64, want string) {
		t.Helper()
		base := sf.computes()
		a := sf.anon.get(search)
		if a.status != 200 || sf.computes()-base != computed || !strings.Contains(a.body, want) {
			t.Fatalf("%s: %d, computed %d (want %d), %q shown: %v", name, a.status, sf.computes()-base, computed, want,
				strings.Contains(a.body, want))
		}
	}
	get("first", 1, "站内检索")
	get("second", 0, "站内检索")
	sf.retitle(t, "anxi-mzj", "关于调整低保标准的通知（更正）")
	get("after a write of another agency", 0, "站内检索")
	sf.retitle(t, "anxi-jyj", "关于调整学生资助标准的通知（更正）")
	get("after a write of its own agency", 1, "关于调整学生资助标准的通知（更正）")
	name := "安溪县民政局（改名）"
	if _, err := sf.db.UpdateAgency(sf.ctx, "anxi-mzj", gongkai.AgencyUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	get("after another agency's rename", 1, name)
}
