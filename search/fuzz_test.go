package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzSearch(f *testing.F) {
	f.Add("关于做好学前教育资助工作的通知<b>&</b>", "教育 低保")
	f.Add("ＧＤＰ增长COVID-19疫情", "covid疫情 教")
	f.Fuzz(func(t *testing.T, text, q string) {
		for _, tok := range Bigrams(text) {
			if tok == "" || strings.ContainsAny(tok, " '\"*:&|!()<>") {
				t.Fatalf("bad token %q", tok)
			}
			if n := utf8.RuneCountInString(tok); n > 2 && strings.IndexFunc(tok, func(r rune) bool { return classify(r) == han }) >= 0 {
				t.Fatalf("han token longer than 2: %q", tok)
			}
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
