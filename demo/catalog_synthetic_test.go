package demo

import (
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai"
)

func TestSyntheticCatalog(t *testing.T) {
	g := SyntheticCatalog(50, 3000, 1)
	if len(g.Agencies()) != 50 {
		t.Fatalf("%d agencies, want 50", len(g.Agencies()))
	}
	nos := map[string]bool{}
	agencies, years, a20 := map[string]bool{}, map[int]bool{}, map[int]bool{}
	with := map[string]int{}
	words := []string{"工作", "教育", "低保", "预算", "村"}
	var first string
	err := g.EachItem(func(it *gongkai.Item) error {
		if err := it.Validate(); err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		if nos[it.IndexNo] {
			t.Fatalf("index number %s twice", it.IndexNo)
		}
		nos[it.IndexNo] = true
		if n := utf8.RuneCountInString(gongkai.PlainText(it.Body)); n < 300 || n > 900 {
			t.Errorf("%s: body of %d characters", it.ID, n)
		}
		if first == "" {
			first = it.Title + it.Body
		}
		agencies[it.Agency], years[it.PublishedOn.Year], a20[it.Article20Item] = true, true, true
		text := gongkai.ItemText(it)
		for _, w := range words {
			if strings.Contains(text, w) {
				with[w]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(nos) != 3000 || len(agencies) < 45 || len(years) != 7 || len(a20) != 15 {
		t.Errorf("%d items, %d agencies, %d years, %d article-20 items", len(nos), len(agencies), len(years), len(a20))
	}
	// The skew: common words in most items, topic words in a few percent.
	if with["工作"] < 1500 || with["教育"] < 60 || with["教育"] > 1200 || with["低保"] < 15 || with["低保"] > 450 {
		t.Errorf("selectivity off: %v", with)
	}
	t.Logf("items of 3000 containing: %v", with)
	// Deterministic for a seed.
	var again string
	SyntheticCatalog(50, 1, 1).EachItem(func(it *gongkai.Item) error { again = it.Title + it.Body; return nil })
	if again != first {
		t.Error("not deterministic")
	}
}
