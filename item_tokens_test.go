package gongkai_test

import (
	"strconv"
	"strings"
	"testing"

	"gongkai"
	"gongkai/demo"
	"gongkai/search"
)

// itemTokensRef is what ItemTokens returned before it was built in one
// buffer: the reference it must match byte for byte.
func itemTokensRef(it *gongkai.Item) string {
	toks := strings.Join(search.Bigrams(gongkai.ItemText(it)), " ")
	var fs []string
	if it.Agency != "" {
		fs = append(fs, search.FilterToken(search.FilterAgency, it.Agency))
	}
	if y := gongkai.ItemYear(it); y != 0 {
		fs = append(fs, search.FilterToken(search.FilterYear, strconv.Itoa(y)))
	}
	for _, t := range it.Topic {
		if t != "" {
			fs = append(fs, search.FilterToken(search.FilterTopic, t))
		}
	}
	for _, f := range fs {
		toks += " " + f
	}
	return toks
}

func TestItemTokensSameAsRef(t *testing.T) {
	check := func(it *gongkai.Item) {
		if got, want := gongkai.ItemTokens(it), itemTokensRef(it); got != want {
			t.Fatalf("item %s: ItemTokens = %q, want %q", it.ID, got, want)
		}
	}
	for _, it := range demo.Anxi().Items {
		check(it)
	}
	if err := demo.SyntheticCatalog(20, 500, 11).EachItem(func(it *gongkai.Item) error { check(it); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"", " ", "<p></p>", "<p> 教育 </p>\u3000低保 ", "&amp;&lt;p&gt;教&#32;育", "&am<b>p;教",
		"教\xe4<p>\xb8\xad</p>育", "a\u00a0b\u2028c\u0085d", "<p>ＡＢＣ\u3000ÉCOLE</p><br>县<td>乡</td>"} {
		for _, title := range []string{"", "县", "教育\xe4", "  "} {
			check(&gongkai.Item{Title: title, Body: body, Agency: "a", Topic: [2]string{"教育", ""}})
			check(&gongkai.Item{Title: title, Body: body})
		}
	}
}

func FuzzItemTokens(f *testing.F) {
	f.Add("城乡低保", "<p>学前<b>教育</b></p>&amp; 低保\u3000", "anxi-jyj")
	f.Fuzz(func(t *testing.T, title, body, agency string) {
		it := &gongkai.Item{Title: title, Body: body, Agency: agency, Topic: [2]string{agency, title}}
		if got, want := gongkai.ItemTokens(it), itemTokensRef(it); got != want {
			t.Fatalf("ItemTokens(%q, %q) = %q, want %q", title, body, got, want)
		}
	})
}

// benchItem is one item of the synthetic catalog.
func benchItem(b *testing.B) *gongkai.Item {
	var it *gongkai.Item
	demo.SyntheticCatalog(5, 3, 1).EachItem(func(i *gongkai.Item) error { it = i; return nil })
	b.SetBytes(int64(len(it.Title) + len(it.Body)))
	return it
}

func BenchmarkItemTokens(b *testing.B) {
	it := benchItem(b)
	for b.Loop() {
		gongkai.ItemTokens(it)
	}
}

// BenchmarkItemTokensRef measures the reference, the former ItemTokens.
func BenchmarkItemTokensRef(b *testing.B) {
	it := benchItem(b)
	for b.Loop() {
		itemTokensRef(it)
	}
}
