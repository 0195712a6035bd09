package search_test

import (
	"strings"
	"testing"

	"gongkai"
	"gongkai/demo"
	"gongkai/search"
)

// TestIndexDemoItems compares Index with its reference, the joined
// Bigrams, over the titles and texts of the demo catalog (serve --demo)
// and of a synthetic one.
func TestIndexDemoItems(t *testing.T) {
	check := func(it *gongkai.Item) {
		for _, text := range []string{it.Title, it.Body, gongkai.ItemText(it)} {
			if got, want := search.Index(text), strings.Join(search.Bigrams(text), " "); got != want {
				t.Fatalf("item %s: Index(%q) = %q, want %q", it.ID, text, got, want)
			}
		}
	}
	for _, it := range demo.Anxi().Items {
		check(it)
	}
	n := 2000
	if testing.Short() {
		n = 200
	}
	if err := demo.SyntheticCatalog(20, n, 7).EachItem(func(it *gongkai.Item) error { check(it); return nil }); err != nil {
		t.Fatal(err)
	}
}
