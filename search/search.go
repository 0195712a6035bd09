// Package search turns Chinese (and mixed) text into the tokens gongkai
// stores in SQLite FTS5 and PostgreSQL tsvector columns, and builds the
// matching queries and result snippets. Chinese is indexed as overlapping
// character bigrams computed here in Go, so both backends index exactly the
// same tokens and a two-character word such as 教育 or 低保 always matches;
// see docs/search.md for why.
package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// class is what a rune is to the tokenizer.
type class uint8

const (
	sep  class = iota // punctuation, spaces, symbols: ends every token
	han               // a Han character: part of a bigram run
	word              // a letter or digit of another script: part of a word
)

// fold maps full-width ASCII variants (Ａ, ０, …) to ASCII and the
// ideographic space to a space, and lower-cases.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFF01 - 0x21
	case r == 0x3000:
		r = ' '
	}
	return unicode.ToLower(r)
}

func classify(r rune) class {
	switch {
	case unicode.Is(unicode.Han, r):
		return han
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return word
	}
	return sep
}

// piece is a maximal run of one class in the folded text.
type piece struct {
	class      class
	runes      []rune
	start, end int // rune offsets in the original text
}

// pieces splits text into Han runs and words, dropping separators.
func pieces(text string) []piece {
	var out []piece
	var cur *piece
	i := 0
	for _, r := range text {
		r = fold(r)
		c := classify(r)
		if cur != nil && c != cur.class {
			out = append(out, *cur)
			cur = nil
		}
		if c != sep {
			if cur == nil {
				cur = &piece{class: c, start: i}
			}
			cur.runes = append(cur.runes, r)
			cur.end = i + 1
		}
		i++
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// tokens returns the tokens of one piece: the overlapping bigrams of a Han
// run (the character itself for a run of one), or the word.
func (p piece) tokens() []string {
	if p.class == word || len(p.runes) == 1 {
		return []string{string(p.runes)}
	}
	out := make([]string, 0, len(p.runes)-1)
	for i := 0; i+1 < len(p.runes); i++ {
		out = append(out, string(p.runes[i:i+2]))
	}
	return out
}

// Bigrams returns the index tokens of text in order: overlapping
// two-character pieces over each run of Han characters (a run of one
// character is kept as a unigram), words and numbers of other scripts
// lower-cased as whole tokens (full-width forms folded to ASCII first), and
// no punctuation. A bigram never spans punctuation, a space or a change of
// script. Index (index.go) computes the same tokens in one pass; this is
// its reference (TestIndexSameAsBigrams).
func Bigrams(text string) []string {
	var out []string
	for _, p := range pieces(text) {
		out = append(out, p.tokens()...)
	}
	return out
}

// queryWords splits a query into its words (on spaces and punctuation) and
// returns the token lists of each; a word that mixes scripts (COVID疫情)
// keeps all its pieces in one phrase.
func queryWords(q string) [][]piece {
	var out [][]piece
	for _, f := range strings.FieldsFunc(q, func(r rune) bool { return classify(fold(r)) == sep }) {
		if ps := pieces(f); len(ps) > 0 {
			out = append(out, ps)
		}
	}
	return out
}

// single reports whether a word is one Han character, which is matched as
// a prefix (it only appears as the first half of a bigram, or alone).
func single(ps []piece) bool { return len(ps) == 1 && ps[0].class == han && len(ps[0].runes) == 1 }

// Query returns the FTS5 MATCH expression for the user's query q and the
// FilterTokens that must be there too: each word
// becomes a phrase of its tokens ("政府 府信 信息 息公 公开" matches the
// tokens at consecutive positions, i.e. the word itself), and the phrases
// are joined with AND. A single Han character becomes a prefix query (教*),
// which finds it at the start of a bigram or alone but not as the last
// character of a run. It returns "" for a query without any token.
func Query(q string, filters ...string) string {
	var parts []string
	for _, ps := range queryWords(q) {
		if single(ps) {
			parts = append(parts, `"`+string(ps[0].runes)+`"*`)
			continue
		}
		var toks []string
		for _, p := range ps {
			toks = append(toks, p.tokens()...)
		}
		parts = append(parts, `"`+strings.Join(toks, " ")+`"`)
	}
	if len(parts) == 0 {
		return ""
	}
	for _, f := range filters {
		parts = append(parts, `"`+f+`"`)
	}
	return strings.Join(parts, " AND ")
}

// TSQuery returns the expression for PostgreSQL's to_tsquery('simple', …)
// for the query q and the FilterTokens that must be there too:
// the tokens of each word joined by <-> (followed by), the words by &. A
// single Han character becomes a prefix ('教':*). It returns "" for a query
// without any token.
func TSQuery(q string, filters ...string) string {
	var parts []string
	for _, ps := range queryWords(q) {
		if single(ps) {
			parts = append(parts, "'"+string(ps[0].runes)+"':*")
			continue
		}
		var toks []string
		for _, p := range ps {
			for _, t := range p.tokens() {
				toks = append(toks, "'"+t+"'")
			}
		}
		// <-> binds tighter than & in tsquery: no parentheses needed.
		parts = append(parts, strings.Join(toks, " <-> "))
	}
	if len(parts) == 0 {
		return ""
	}
	for _, f := range filters {
		parts = append(parts, "'"+f+"'")
	}
	return strings.Join(parts, " & ")
}

// Snippet returns about width characters of the plain text text around the
// first match of q, HTML-escaped, with every match of a query word wrapped
// in <mark>…</mark>, and "…" where text was cut. A word matches where its
// characters appear contiguously (after folding width and case), as the
// phrase query does; words of other scripts must not be part of a longer
// word. Text is not cut inside a number or a Latin word (the snippet is
// that much shorter). Without a match it returns the start of the text.
func Snippet(text, q string, width int) string {
	rs := []rune(text)
	norm := make([]rune, len(rs))
	for i, r := range rs {
		norm[i] = fold(r)
	}
	marked := make([]bool, len(rs))
	first := -1
	for _, ps := range queryWords(q) {
		for _, p := range ps {
			n := len(p.runes)
			for i := 0; i+n <= len(norm); i++ {
				if !equalRunes(norm[i:i+n], p.runes) {
					continue
				}
				if p.class == word && (i > 0 && classify(norm[i-1]) == word || i+n < len(norm) && classify(norm[i+n]) == word) {
					continue
				}
				for k := i; k < i+n; k++ {
					marked[k] = true
				}
				if first < 0 || i < first {
					first = i
				}
			}
		}
	}
	if width <= 0 {
		width = 120
	}
	lo := 0
	if first > width/3 {
		lo = first - width/3
	}
	hi := min(lo+width, len(rs))
	if hi-lo < width {
		lo = max(0, hi-width)
	}
	// Cut between words, not inside a number or a Latin word: "…023年"
	// would read as another year. Never past the first match.
	for lo > 0 && lo < first && classify(norm[lo-1]) == word && classify(norm[lo]) == word {
		lo++
	}
	for hi < len(rs) && hi-1 > max(first, lo) && classify(norm[hi-1]) == word && classify(norm[hi]) == word {
		hi--
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	for i := lo; i < hi; i++ {
		if marked[i] && (i == lo || !marked[i-1]) {
			b.WriteString("<mark>")
		}
		b.WriteString(html.EscapeString(string(rs[i])))
		if marked[i] && (i+1 == hi || !marked[i+1]) {
			b.WriteString("</mark>")
		}
	}
	if hi < len(rs) {
		b.WriteString("…")
	}
	return b.String()
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Filter kinds for FilterToken.
const (
	FilterAgency = 'a'
	FilterYear   = 'y'
	FilterTopic  = 't'
)

// FilterToken returns the token that stands in the index for a filter
// value (the agency, the year, a level of the 主题分类): "0f", the kind, and
// 16 hex digits of the FNV-1a hash of the value. Stored with an item's
// words, it lets the full-text index itself answer "教育 in this agency's
// items of 2024" by intersecting its lists, on FTS5 and on PostgreSQL
// alike, instead of checking every match of a common word against the
// items' columns. It is letters and digits only, so that unicode61 and
// PostgreSQL's parser keep it one token; no word of a query is split into
// it, and only a query of exactly these 19 characters would match it.
func FilterToken(kind byte, value string) string {
	return string(AppendFilterToken(make([]byte, 0, 19), kind, value))
}

// IsFilterToken reports whether t has the form of a FilterToken: "0f", a
// lower-case kind letter, 16 hex digits.
func IsFilterToken(t string) bool {
	if len(t) != 19 || t[:2] != "0f" || t[2] < 'a' || t[2] > 'z' {
		return false
	}
	for i := 3; i < len(t); i++ {
		if c := t[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// AppendFilterToken appends the FilterToken of kind and value to dst and
// returns the extended buffer.
func AppendFilterToken(dst []byte, kind byte, value string) []byte {
	// FNV-1a, 64 bits (hash/fnv), without its allocation.
	h := uint64(14695981039346656037)
	for i := 0; i < len(value); i++ {
		h ^= uint64(value[i])
		h *= 1099511628211
	}
	dst = append(dst, '0', 'f')
	dst = utf8.AppendRune(dst, rune(kind))
	for shift := 60; shift >= 0; shift -= 4 {
		dst = append(dst, "0123456789abcdef"[h>>shift&0xF])
	}
	return dst
}
