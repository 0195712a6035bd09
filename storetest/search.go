package storetest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"gongkai"
	"gongkai/search"
)

// searchWords are the words the reference test builds its items and
// queries from: two-character words, longer ones, and words that share
// characters (教育 / 宗教 / 育才), so that a bigram across words would show.
var searchWords = []string{"教育", "低保", "宗教", "育才", "学前教育", "社会保障", "资助", "公开", "政府信息公开", "标准", "2024", "GDP"}

// testSearchReference stores a generated catalog and checks every search
// against a reference computed here from search.Bigrams: the published
// items whose tokens hold the query's tokens in a row. Both backends must
// give exactly the reference, so they give the same results.
func testSearchReference(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "edu", "county")
	seps := []string{"", "，", " ", "<br>", "<b>", "</b>"}
	var items []*gongkai.Item
	for i := range 60 {
		var title, body strings.Builder
		for k := range 3 {
			title.WriteString(searchWords[(i*7+k*5)%len(searchWords)])
			body.WriteString(searchWords[(i*11+k*3+1)%len(searchWords)] + seps[(i+k)%len(seps)])
		}
		agency := []string{"county", "edu"}[i%2]
		status, published, no := gongkai.ItemDraft, "", ""
		if i%3 != 0 {
			// Dates over two years, so that a page read in date order
			// crosses months and a year, and a year's filter has a range.
			status, published, no = gongkai.ItemPublished, fmt.Sprintf("%d-%02d-%02d", 2023+i%2, 1+i*5%12, 1+i%28), fmt.Sprintf("000014349/2024-%05d", i+1)
		}
		it := Item(fmt.Sprintf("S%02d", i), agency, status, published, no, title.String(), "<p>"+body.String()+"</p>")
		if i%4 == 1 {
			it.Topic = [2]string{"社会保障", "低保"}
		}
		must(t, s.CreateItem(c, it))
		items = append(items, it)
	}
	found, partial := 0, 0
	// Every search twice: counted as far as gongkai.MaxSearchTotal, and
	// with the count stopping at 2, which takes the way of a common word
	// (the page found by walking the items by date) on most queries.
	capper, _ := s.(interface{ SetSearchCap(int) })
	for _, limit := range []int{0, 2} {
		if limit > 0 {
			if capper == nil {
				t.Fatal("the store cannot lower its search count (SetSearchCap)")
			}
			capper.SetSearchCap(limit)
			defer capper.SetSearchCap(0)
		}
		for _, q := range append(searchWords, "教育 公开", "育才 GDP", "学前 资助") {
			for _, f := range []struct {
				agency string
				year   int
				topic  string
			}{{"", 0, ""}, {"edu", 0, ""}, {"", 2024, ""}, {"county", 2023, ""}, {"", 0, "低保"}, {"edu", 0, "教育"}} {
				want := referenceSearch(items, q, f.agency, f.year, f.topic)
				found += len(want)
				if len(want) > 0 && len(want) < 20 {
					partial++
				}
				wantTotal := len(want)
				if limit > 0 && wantTotal > limit {
					wantTotal = limit + 1
				}
				total, hits, err := s.SearchItems(c, gongkai.SearchQuery{Q: q, Agency: f.agency, Year: f.year, Topic: f.topic, Limit: 5, Offset: 1})
				must(t, err)
				var got []string
				for _, h := range hits {
					got = append(got, h.ItemID)
					if !strings.Contains(h.Snippet, "<mark>") {
						t.Errorf("%q: snippet of %s without a mark: %s", q, h.ItemID, h.Snippet)
					}
				}
				page := want[min(1, len(want)):min(6, len(want))]
				if total != wantTotal || !slices.Equal(got, page) {
					t.Errorf("search %q %+v (count to %d): total %d, hits %v; want %d, %v", q, f, limit, total, got, wantTotal, page)
				}
			}
		}
	}
	if found == 0 || partial < 5 {
		t.Fatalf("the generated catalog does not test much: %d hits, %d selective searches", found, partial)
	}
}

// referenceSearch returns the IDs of the published items of agency ("" for
// any), year (0 for any) and topic (either level; "" for any) in which
// every word of q occurs as a run of consecutive tokens, newest first (then
// the one stored later first), as SearchItems orders them.
func referenceSearch(items []*gongkai.Item, q, agency string, year int, topic string) []string {
	var found []*gongkai.Item
	for _, it := range items {
		if it.Status != gongkai.ItemPublished || agency != "" && it.Agency != agency || year != 0 && gongkai.ItemYear(it) != year ||
			topic != "" && it.Topic[0] != topic && it.Topic[1] != topic {
			continue
		}
		toks := search.Bigrams(gongkai.ItemText(it))
		all := true
		for _, w := range strings.Fields(q) {
			if !containsRun(toks, search.Bigrams(w)) {
				all = false
			}
		}
		if all {
			found = append(found, it)
		}
	}
	// items are in the order they were stored: of one day, the later first.
	slices.Reverse(found)
	sort.SliceStable(found, func(i, j int) bool { return found[j].PublishedOn.Before(found[i].PublishedOn) })
	out := make([]string, len(found))
	for i, it := range found {
		out[i] = it.ID
	}
	return out
}

func containsRun(toks, run []string) bool {
	for i := 0; i+len(run) <= len(toks); i++ {
		if slices.Equal(toks[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// testReindex re-indexes a catalog (as Migrate does after migration 9) and
// finds the same items, filters included.
func testReindex(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "edu", "county")
	for i := range 6 {
		status, published, no := gongkai.ItemDraft, "", ""
		if i%2 == 0 {
			status, published, no = gongkai.ItemPublished, fmt.Sprintf("%d-05-01", 2023+i/2%2), fmt.Sprintf("000014349/2024-%05d", i+1)
		}
		must(t, s.CreateItem(c, Item(fmt.Sprintf("R%d", i), []string{"county", "edu"}[i%3%2], status, published, no, "学前教育资助", "<p>低保</p>")))
	}
	r, ok := s.(interface {
		ReindexItems(context.Context) (int, error)
	})
	if !ok {
		t.Fatal("the store cannot re-index its catalog")
	}
	n, err := r.ReindexItems(c)
	if err != nil || n != 3 {
		t.Fatalf("ReindexItems = %d, %v; want the 3 published items", n, err)
	}
	for _, q := range []gongkai.SearchQuery{{Q: "低保"}, {Q: "教育", Agency: "county"}, {Q: "资助", Year: 2024}} {
		total, hits, err := s.SearchItems(c, q)
		var got []string
		for _, h := range hits {
			got = append(got, h.ItemID)
		}
		sort.Strings(got)
		want := map[string][]string{"低保": {"R0", "R2", "R4"}, "教育": {"R0", "R2"}, "资助": {"R2"}}[q.Q]
		if err != nil || total != len(want) || !slices.Equal(got, want) {
			t.Errorf("after re-indexing, %+v: %d %v %v; want %v", q, total, got, err, want)
		}
	}
}
