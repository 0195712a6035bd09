package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"gongkai"
	"gongkai/search"
)

// The search column holds to_tsvector('simple', tokens) of an item's index
// tokens (gongkai.ItemTokens). Parsing them on the server was a quarter of
// all the CPU of a bulk load (perf, 100,000 synthetic items: the text
// parser and the sort in to_tsvector_byid). The tokens are already words,
// so for the tokens whose parsing is known the tsvector is built here and
// sent in binary, which the server stores as received (tsvectorrecv sorts
// nothing when the lexemes come sorted). Any other row is left to the
// server, so the column holds exactly what to_tsvector makes either way,
// and the queries (to_tsquery over search.TSQuery) find the same items.

// Limits of a tsvector (PostgreSQL's ts_type.h and to_tsany.c).
const (
	maxEntryPos   = 1<<14 - 1 // MAXENTRYPOS - 1: the last position; later tokens share it
	maxNumPos     = 255       // MAXNUMPOS - 1: positions kept per lexeme
	maxLexeme     = 2046      // the parser drops a word of MAXSTRLEN (2047) bytes or more
	maxTokenBytes = 1 << 19   // bytes of tokens well under MAXSTRPOS (1 MB): larger rows go to the server
)

// plainToken reports whether the text parser makes token, one word of
// search.Index's output, into one lexeme equal to it: Han characters that
// are letters (not 〇 or the radicals, which a locale may not count as
// letters), or ASCII lower-case letters and digits that do not start with
// a digit (a number such as 1e5x is split by the parser into 1e5 and x),
// or only digits, or a search.FilterToken. Other words — other scripts,
// mixed numbers — are left to the server.
func plainToken(t string) bool {
	if t == "" || len(t) > maxLexeme {
		return false
	}
	c := t[0]
	switch {
	case c >= utf8.RuneSelf:
		if commonHan(t) {
			return true
		}
		for _, r := range t {
			if r >= 0x4E00 && r <= 0x9FFF { // CJK Unified Ideographs: Han letters
				continue
			}
			if !unicode.Is(unicode.Han, r) || !unicode.IsLetter(r) {
				return false
			}
		}
		return true
	case c >= 'a' && c <= 'z':
		return asciiRun(t, true)
	case c >= '0' && c <= '9':
		return asciiRun(t, false) || search.IsFilterToken(t)
	}
	return false
}

// commonHan reports, from its bytes, whether t is one or two characters
// of the CJK Unified Ideographs block (U+4E00–U+9FFF, UTF-8 E4 B8 80 to
// E9 BF BF): a Han bigram or unigram, nearly every word of the catalog.
func commonHan(t string) bool {
	if len(t) != 3 && len(t) != 6 {
		return false
	}
	for i := 0; i < len(t); i += 3 {
		c0, c1, c2 := t[i], t[i+1], t[i+2]
		if c1&0xC0 != 0x80 || c2&0xC0 != 0x80 || !(c0 >= 0xE5 && c0 <= 0xE9 || c0 == 0xE4 && c1 >= 0xB8) {
			return false
		}
	}
	return true
}

// asciiRun reports whether t is ASCII lower-case letters and digits
// (letters true) or digits only.
func asciiRun(t string, letters bool) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= '0' && c <= '9' || letters && c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// tsvectorOf returns the tsvector to_tsvector('simple', tokens) makes of
// tokens (words separated by single spaces), and false when a word is not
// a plainToken, so that the server must parse them. As to_tsvector: the
// n-th word is at position n (positions past the last, 16,383, share it),
// a lexeme keeps its first 255 positions, the lexemes are sorted bytewise
// (tsCompareString) and every position has weight D.
func tsvectorOf(tokens string) (pgtype.TSVector, bool) {
	if len(tokens) > maxTokenBytes {
		return pgtype.TSVector{}, false
	}
	words := make([]string, 0, strings.Count(tokens, " ")+1) // in the order of the text: the n-th at position n+1
	for rest := tokens; rest != ""; {
		t := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			t, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if t == "" {
			continue
		}
		if !plainToken(t) || len(words) == maxWords {
			return pgtype.TSVector{}, false
		}
		words = append(words, t)
	}
	order := sortWords(words)
	v := pgtype.TSVector{Valid: true, Lexemes: make([]pgtype.TSVectorLexeme, 0, len(words))}
	all := make([]pgtype.TSVectorPosition, 0, len(words)) // one array for every lexeme's positions
	for i, k := range order {
		text, pos := words[k], uint16(min(k+1, maxEntryPos))
		if i > 0 && text == words[order[i-1]] {
			l := &v.Lexemes[len(v.Lexemes)-1]
			last := l.Positions[len(l.Positions)-1].Position
			if len(l.Positions) < maxNumPos && last != maxEntryPos && last != pos {
				all = append(all, pgtype.TSVectorPosition{Position: pos, Weight: pgtype.TSVectorWeightD})
				l.Positions = all[len(all)-len(l.Positions)-1 : len(all) : len(all)]
			}
			continue
		}
		all = append(all, pgtype.TSVectorPosition{Position: pos, Weight: pgtype.TSVectorWeightD})
		v.Lexemes = append(v.Lexemes, pgtype.TSVectorLexeme{Word: text, Positions: all[len(all)-1 : len(all) : len(all)]})
	}
	return v, true
}

// maxWords is the most words tsvectorOf takes (sortWords numbers them in
// 16 bits); a longer text is left to the server.
const maxWords = 1 << 16

// sortWords returns the indexes of words in the order of the tsvector:
// the words as tsCompareString orders lexemes (bytewise, the shorter
// first), and of one word its positions in order. It sorts numbers, the
// first 6 bytes of a word (every Han bigram, zero-padded: a word holds no
// zero byte) above its index, and sorts again by the whole text only the
// runs of equal numbers that hold a longer word. Sorting the words as
// strings was 60% of tsvectorOf's time (BenchmarkTSVectorOf: 77 → 38 µs
// an item).
func sortWords(words []string) []int {
	keys := make([]uint64, len(words))
	for i, t := range words {
		var k uint64
		for j := range 6 {
			k <<= 8
			if j < len(t) {
				k |= uint64(t[j])
			}
		}
		keys[i] = k<<16 | uint64(i)
	}
	slices.Sort(keys)
	for i := 0; i < len(keys); {
		j := i + 1
		long := len(words[keys[i]&0xffff]) > 6
		for j < len(keys) && keys[j]>>16 == keys[i]>>16 {
			long = long || len(words[keys[j]&0xffff]) > 6
			j++
		}
		if long {
			slices.SortFunc(keys[i:j], func(a, b uint64) int {
				return cmp.Or(strings.Compare(words[a&0xffff], words[b&0xffff]), cmp.Compare(a&0xffff, b&0xffff))
			})
		}
		i = j
	}
	order := make([]int, len(keys))
	for i, k := range keys {
		order[i] = int(k & 0xffff)
	}
	return order
}

// searchValues returns the values of the two parameters that set the
// search column as COALESCE($v::tsvector, to_tsvector('simple', $t::text)):
// the tsvector built here, or the tokens for the server to parse; both
// NULL for an item that is not published (not indexed).
func (db *DB) searchValues(it *gongkai.Item) (vec, text any) {
	if it.Status != gongkai.ItemPublished {
		return nil, nil
	}
	return db.searchOf(gongkai.ItemTokens(it))
}

// searchOf is searchValues of an item's tokens.
func (db *DB) searchOf(tokens string) (vec, text any) {
	if db.tsvectors {
		if v, ok := tsvectorOf(tokens); ok {
			return v, nil
		}
	}
	return nil, tokens
}

// tsvectorProbe is the words checkTSVectors has the server parse: Han
// characters of the common block and of extensions A and B, ASCII words,
// numbers and a filter token.
const tsvectorProbe = "政府 府信 息 々々 㐀㐁 𠀀𠀁 豈 龥 abc x9 2024 0123 "

// checkTSVectors reports whether this server's to_tsvector makes of a
// sample of plain tokens what tsvectorOf makes of them. A server whose
// locale parses Han characters otherwise gets every tsvector from its
// own parser.
func checkTSVectors(ctx context.Context, q querier) (bool, error) {
	probe := tsvectorProbe + search.FilterToken(search.FilterAgency, "probe")
	v, ok := tsvectorOf(probe)
	if !ok {
		return false, fmt.Errorf("postgres: the tsvector probe has a word tsvectorOf does not take")
	}
	var same bool
	err := q.QueryRow(ctx, `SELECT to_tsvector('simple', $1::text) = $2::tsvector`, probe, v).Scan(&same)
	return same, err
}
