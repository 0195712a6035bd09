package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzSearch(f *testing.F) {
	f.Add("关于做好学前教育资助工作的通知<b>&</b>", "教育 低保")
	f.Add("ＧＤＰ增长COVID-19疫情", "covid疫情 教")
	for _, text := range trickyTexts {
		f.Add(text, "")
	}
	f.Fuzz(func(t *testing.T, text, q string) {
		for _, tok := range Bigrams(text) {
			if tok == "" || strings.ContainsAny(tok, " '\"*:&|!()<>") {
				t.Fatalf("bad token %q", tok)
			}
			if n := utf8.RuneCountInString(tok); n > 2 && strings.IndexFunc(tok, func(r rune) bool { return classify(r) == han }) >= 0 {
				t.Fatalf("han token longer than 2: %q", tok)
			}
		}
		if got, want := Index(text), indexRef(text); got != want {
			t.Fatalf("Index(%q) = %q, want %q", text, got, want)
		}
		Query(q)
		TSQuery(q)
		s := Snippet(text, q, 40)
		s = strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(s, "<>\"") {
			t.Fatalf("unescaped snippet %q", s)
		}
	})
}

// FuzzIndex checks that Index is the joined Bigrams, and AppendIndex of two
// texts the Index of the two on two lines.
func FuzzIndex(f *testing.F) {
	for _, text := range trickyTexts {
		f.Add(text, "教育")
	}
	f.Fuzz(func(t *testing.T, a, c string) {
		if got, want := Index(a), indexRef(a); got != want {
			t.Fatalf("Index(%q) = %q, want %q", a, got, want)
		}
		if got, want := string(AppendIndex(AppendIndex(nil, a), c)), indexRef(a+"\n"+c); got != want {
			t.Fatalf("AppendIndex(AppendIndex(nil, %q), %q) = %q, want %q", a, c, got, want)
		}
	})
}
