package web

import (
	"context"
	"strings"
	"testing"

	"gongkai"
)

func TestNameCache(t *testing.T) {
	var c nameCache
	if _, ok := c.get(0, "a"); ok {
		t.Fatal("empty cache has a name")
	}
	c.put(5, "a", "甲")
	if n, ok := c.get(5, "a"); !ok || n != "甲" {
		t.Fatalf("get(5, a) = %q, %v", n, ok)
	}
	if _, ok := c.get(6, "a"); ok {
		t.Fatal("a name kept at mark 5 served at mark 6")
	}
	c.put(4, "b", "乙") // read before the cache moved on: dropped
	if _, ok := c.get(5, "b"); ok {
		t.Fatal("a name read at an older mark was kept")
	}
	c.put(6, "b", "乙") // a later mark starts over
	if _, ok := c.get(6, "a"); ok {
		t.Fatal("names of mark 5 survived mark 6")
	}
	if n, ok := c.get(6, "b"); !ok || n != "乙" {
		t.Fatalf("get(6, b) = %q, %v", n, ok)
	}
}

// TestCatalogAgencyRenamed: the catalog page shows an agency's new name
// once it is renamed, although its names are kept between pages.
func TestCatalogAgencyRenamed(t *testing.T) {
	cf := newCacheFixture(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	anon := cf.fixture().client(t)
	cf.srv.cache.markTTL = 0
	a := anon.get("/gongkai?agency=anxi-jyj")
	if a.status != 200 || !strings.Contains(a.body, "安溪县教育局") {
		t.Fatalf("catalog page: %d, name shown %v", a.status, strings.Contains(a.body, "安溪县教育局"))
	}
	name := "安溪县教育和体育局"
	if _, err := cf.db.UpdateAgency(ctx, "anxi-jyj", gongkai.AgencyUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/gongkai?agency=anxi-jyj", "/gongkai?agency=anxi-jyj&page=2"} {
		if a := anon.get(p); a.status != 200 || !strings.Contains(a.body, name) {
			t.Fatalf("GET %s after the rename: %d, new name shown %v", p, a.status, strings.Contains(a.body, name))
		}
	}
}
