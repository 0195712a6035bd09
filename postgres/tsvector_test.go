package postgres

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"gongkai"
	"gongkai/demo"
	"gongkai/internal/pgtest"
	"gongkai/search"
)

// sameAsServer checks, for each token string, that tsvectorOf makes what
// the server's to_tsvector('simple', …) makes when it takes the string,
// and returns how many it took.
func sameAsServer(t *testing.T, conn *pgx.Conn, texts []string) int {
	t.Helper()
	ctx := context.Background()
	took := 0
	for _, tokens := range texts {
		v, ok := tsvectorOf(tokens)
		if !ok {
			continue
		}
		took++
		var server, ours string
		if err := conn.QueryRow(ctx, `SELECT to_tsvector('simple', $1::text)::text, $2::tsvector::text`, tokens, v).Scan(&server, &ours); err != nil {
			t.Fatalf("%.80q: %v", tokens, err)
		}
		if server != ours {
			t.Errorf("tokens %.200q:\nserver %.300s\nGo     %.300s", tokens, server, ours)
		}
	}
	return took
}

func testConn(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestTSVectorLikeServer compares the tsvectors built in Go with the
// server's over the synthetic catalog's items and edge cases: repeated
// words (255 positions at most), texts past the last position (16,383),
// filter tokens, Han characters of several blocks.
func TestTSVectorLikeServer(t *testing.T) {
	conn := testConn(t)
	if ok, err := checkTSVectors(context.Background(), conn); err != nil || !ok {
		t.Fatalf("checkTSVectors = %v, %v: this server's parser differs", ok, err)
	}
	texts := catalogTokens(t, 300, 7)
	long := strings.Repeat("教育 育局 局长 ", 6000) + "最后 " + strings.Repeat("x1 ", 300)
	texts = append(texts, "", "教育", strings.Repeat("低保 ", 400), long, "abc 0123 2024 𠀀𠀁 豈 々々 龥",
		search.FilterToken(search.FilterYear, "2024")+" "+search.FilterToken(search.FilterTopic, "教育"))
	if n := sameAsServer(t, conn, texts); n != len(texts) {
		t.Errorf("tsvectorOf took %d of %d plain texts", n, len(texts))
	}
}

// TestTSVectorLeavesOthersToServer checks that words the parser may make
// into other lexemes are left to the server: numbers it splits (1e5x),
// other scripts, Han symbols that are not letters.
func TestTSVectorLeavesOthersToServer(t *testing.T) {
	for _, tokens := range []string{"1e5x", "教育 1e5", "café", "ひら", "〇", "⺀", "a-b", "ABC", "0fa12", strings.Repeat("a", 2047)} {
		if _, ok := tsvectorOf(tokens); ok {
			t.Errorf("tsvectorOf(%.40q) took it", tokens)
		}
	}
	if _, ok := tsvectorOf(strings.Repeat("教育 ", maxTokenBytes/7+1)); ok {
		t.Error("tsvectorOf took a text of more than maxTokenBytes bytes")
	}
}

// TestTSVectorRandomTexts compares with the server on the tokens of random
// texts, as search.Index makes them: texts of Han characters, ASCII
// letters and punctuation, which must all be built in Go, and texts that
// add digits, 〇 and other scripts, of which those built in Go must match.
func TestTSVectorRandomTexts(t *testing.T) {
	conn := testConn(t)
	r := rand.New(rand.NewPCG(1, 2))
	texts := func(alphabet string) []string {
		as := []rune(alphabet)
		var out []string
		for range 300 {
			rs := make([]rune, 1+r.IntN(60))
			for i := range rs {
				rs[i] = as[r.IntN(len(as))]
			}
			out = append(out, search.Index(string(rs)))
		}
		return out
	}
	plain := texts("教育局低保政府信息公开年月日々abcxyzABC ，。、-.：Ｑ")
	if took := sameAsServer(t, conn, plain); took != len(plain) {
		t.Errorf("%d of %d plain random texts built in Go", took, len(plain))
	}
	mixed := texts("教育局低保政府信息公开年月日〇々abcxyzABC0123456789 ，。、-.eéひ")
	took := sameAsServer(t, conn, mixed)
	t.Logf("%d of %d mixed random texts built in Go", took, len(mixed))
	if took == 0 {
		t.Error("no mixed random text built in Go")
	}
}

// BenchmarkTSVectorOf builds the tsvector of a synthetic catalog item's
// tokens (about 600 words).
func BenchmarkTSVectorOf(b *testing.B) {
	tokens := catalogTokens(b, 50, 3)
	b.ResetTimer()
	for i := range b.N {
		if _, ok := tsvectorOf(tokens[i%len(tokens)]); !ok {
			b.Fatal("not plain")
		}
	}
}

// TestCommonHan: commonHan takes exactly the one- and two-character words
// of U+4E00–U+9FFF, as decoding them would.
func TestCommonHan(t *testing.T) {
	for r := rune(0x3000); r <= 0xFFFF; r++ {
		in := r >= 0x4E00 && r <= 0x9FFF
		for _, w := range []string{string(r), string(r) + "政", "政" + string(r)} {
			if got, want := commonHan(w), in && utf8.ValidString(w); got != want {
				t.Fatalf("commonHan(%q) = %v, want %v", w, got, want)
			}
		}
	}
	for _, w := range []string{"", "政府信", "ab", "\xe4\xb8", "\xe4\xb8\x80\xe4", "\xe4\xb7\xbf", "\xea\x80\x80", "\xe5\x80\x41"} {
		if commonHan(w) {
			t.Errorf("commonHan(%q) = true", w)
		}
	}
}

// catalogTokens returns the search tokens (gongkai.ItemTokens) of the n
// items of a synthetic catalog of 5 agencies.
func catalogTokens(tb testing.TB, n int, seed uint64) []string {
	tb.Helper()
	var out []string
	err := demo.SyntheticCatalog(5, n, seed).EachItem(func(it *gongkai.Item) error {
		out = append(out, gongkai.ItemTokens(it))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
