package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gongkai"
	"gongkai/storetest"
)

// catalog adds storetest.MustCreateCatalog to the fixture: the education
// bureau's items, a draft and a withdrawn item, the township's 低保 item.
func (fx *fixture) catalog(t *testing.T) *storetest.Catalog {
	t.Helper()
	return storetest.MustCreateCatalog(t, fx.db, "edu", "town")
}

func TestSearch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		cat := fx.catalog(t)
		search := func(query string) SearchResponse {
			t.Helper()
			res := fx.do(req{method: "GET", path: "/api/v1/search?" + query}).must(t, 200)
			// Exactly the documented keys: the total and hits, and
			// total_exact (gongkai.MaxSearchTotal).
			var raw map[string]json.RawMessage
			res.decode(t, &raw)
			if len(raw) != 3 || raw["total"] == nil || raw["hits"] == nil || string(raw["total_exact"]) != "true" {
				t.Fatalf("keys of %s", res.body)
			}
			var hits []map[string]any
			if err := json.Unmarshal(raw["hits"], &hits); err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				var keys []string
				for k := range h {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				if want := []string{"agency", "agency_name", "index_no", "published_on", "snippet", "title"}; !reflect.DeepEqual(keys, want) {
					t.Fatalf("hit keys %v, want %v", keys, want)
				}
			}
			var out SearchResponse
			dec := json.NewDecoder(bytes.NewReader(res.body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		got := search("q=" + url.QueryEscape("教育"))
		if got.Total != 1 || len(got.Hits) != 1 {
			t.Fatalf("教育: %+v", got)
		}
		if h := got.Hits[0]; h.IndexNo != cat.EduIndexNo || h.Agency != "edu" || h.AgencyName != "示例县教育局" ||
			h.PublishedOn != "2025-03-01" || !strings.Contains(h.Snippet, "<mark>教育</mark>") || h.Title != "关于做好2025年学前教育资助工作的通知" {
			t.Errorf("hit %+v", h)
		}
		if got := search("q=" + url.QueryEscape("低保")); got.Total != 1 || got.Hits[0].Agency != "town" {
			t.Errorf("低保: %+v", got)
		}
		if got := search("q=" + url.QueryEscape("低保") + "&agency=edu"); got.Total != 0 || got.Hits == nil {
			t.Errorf("低保 in edu: %+v (hits must be [], not null)", got)
		}
		if got := search("year=2025&agency=edu"); got.Total != 2 {
			t.Errorf("2025 of edu: %+v", got)
		}
		if got := search("topic=" + url.QueryEscape("社会救助")); got.Total != 1 {
			t.Errorf("topic: %+v", got)
		}
		if got := search("limit=2&page=2"); got.Total != 3 || len(got.Hits) != 1 || got.Hits[0].PublishedOn != "2024-06-01" {
			t.Errorf("page 2: %+v", got)
		}
		// The draft is never found, whatever the words.
		if got := search("q=" + url.QueryEscape("草稿")); got.Total != 0 {
			t.Errorf("draft found: %+v", got)
		}
		for _, bad := range []string{"q=" + url.QueryEscape("教"), "year=abc", "year=99", "page=0", "limit=51", "limit=-1",
			"page=100000", "page=51", "limit=50&page=21", "sort=date", "q=" + strings.Repeat("x", 101)} {
			res := fx.do(req{method: "GET", path: "/api/v1/search?" + bad}).must(t, 400)
			if e := res.errorBody(t); e.Code != gongkai.EINVALID {
				t.Errorf("%s: code %q", bad, e.Code)
			}
		}
	})
}

func TestItemView(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		cat := fx.catalog(t)
		var it Item
		fx.do(req{method: "GET", path: "/api/v1/items/" + cat.Edu}).must(t, 200).decode(t, &it)
		if it.IndexNo != cat.EduIndexNo || it.Status != "published" || it.DocNo != "示教〔2025〕3号" || it.WrittenOn != "2025-02-20" ||
			strings.Contains(it.Body, "script") || !strings.Contains(it.Body, "<b>学前教育</b>") || len(it.Attachments) != 1 ||
			it.Attachments[0].SHA256 != cat.MaskedSHA || it.Attachments[0].URL != fmt.Sprintf("/gongkai/items/%s/files/%s", cat.Edu, cat.MaskedSHA) ||
			it.Normative != nil || !reflect.DeepEqual(it.Topic, []string{"教育", "学前教育"}) || it.Article20Item != 11 {
			t.Errorf("item %+v", it)
		}
		fx.do(req{method: "GET", path: "/api/v1/items/" + cat.Dibao}).must(t, 200).decode(t, &it)
		if it.Normative == nil || it.Normative.Validity != "repealed" || it.Normative.RepealedOn != "2025-07-01" {
			t.Errorf("normative %+v", it.Normative)
		}
		var gone Item
		fx.do(req{method: "GET", path: "/api/v1/items/" + cat.Withdrawn}).must(t, 200).decode(t, &gone)
		if gone.Status != "withdrawn" || gone.Body != "" || len(gone.Attachments) != 0 || gone.WithdrawnOn != "2024-06-01" || gone.WithdrawalNote == "" {
			t.Errorf("withdrawn %+v", gone)
		}
		for _, id := range []string{cat.Draft, "nope"} {
			if e := fx.do(req{method: "GET", path: "/api/v1/items/" + id}).must(t, 404).errorBody(t); e.Code != gongkai.ENOTFOUND {
				t.Errorf("%s: %q", id, e.Code)
			}
		}
	})
}
