package storetest

import (
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
			status, published, no = gongkai.ItemPublished, fmt.Sprintf("%d-03-%02d", 2023+i%2, 1+i%28), fmt.Sprintf("000014349/2024-%05d", i+1)
		}
		it := Item(fmt.Sprintf("S%02d", i), agency, status, published, no, title.String(), "<p>"+body.String()+"</p>")
		must(t, s.CreateItem(c, it))
		items = append(items, it)
	}
	found, partial := 0, 0
	for _, q := range append(searchWords, "教育 公开", "育才 GDP", "学前 资助") {
		for _, agency := range []string{"", "edu"} {
			want := referenceSearch(items, q, agency)
			found += len(want)
			if len(want) > 0 && len(want) < 20 {
				partial++
			}
			total, hits, err := s.SearchItems(c, gongkai.SearchQuery{Q: q, Agency: agency})
			must(t, err)
			var got []string
			for _, h := range hits {
				got = append(got, h.ItemID)
				if !strings.Contains(h.Snippet, "<mark>") {
					t.Errorf("%q: snippet of %s without a mark: %s", q, h.ItemID, h.Snippet)
				}
			}
			sort.Strings(got)
			if total != len(want) || !slices.Equal(got, want) {
				t.Errorf("search %q agency %q: total %d, hits %v; want %v", q, agency, total, got, want)
			}
		}
	}
	if found == 0 || partial < 5 {
		t.Fatalf("the generated catalog does not test much: %d hits, %d selective searches", found, partial)
	}
}

// referenceSearch returns the IDs of the published items of agency ("" for
// any) in which every word of q occurs as a run of consecutive tokens.
func referenceSearch(items []*gongkai.Item, q, agency string) []string {
	var out []string
	for _, it := range items {
		if it.Status != gongkai.ItemPublished || agency != "" && it.Agency != agency {
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
			out = append(out, it.ID)
		}
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
