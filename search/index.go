package search

import "unicode/utf8"

// Index returns the tokens of text joined by spaces: the value to store in
// an FTS5 column using the unicode61 tokenizer, or to pass to PostgreSQL's
// to_tsvector('simple', …). Both split it on the spaces and nowhere else.
// It is strings.Join(Bigrams(text), " "), computed in one pass.
func Index(text string) string {
	return string(AppendIndex(make([]byte, 0, IndexSize(text)), text))
}

// IndexSize returns a size of buffer that holds the Index of text in
// nearly every case: a Han run of 3-byte runes gives 7 bytes for every 3
// read, other text less.
func IndexSize(text string) int { return len(text)/3*7 + 8 }

// Fast ranges of the tokenizer: every rune of the CJK Unified Ideographs
// block is Han and has no case (TestFastRanges checks it), and the
// full-width forms fold to ASCII.
const (
	hanFastLo = 0x4E00
	hanFastHi = 0x9FFF
	fullLo    = 0xFF01
	fullHi    = 0xFF5E
)

// asciiClass classifies the ASCII bytes as fold and classify do.
var asciiClass = func() (t [utf8.RuneSelf]class) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = word, word
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = word
	}
	return t
}()

// AppendIndex appends the tokens of text to dst as Index returns them,
// with a space before the first one when dst is not empty, and returns the
// extended buffer. Appending the tokens of a and then those of b to an
// empty buffer gives Index(a + "\n" + b).
//
// It is the single-pass form of Bigrams: the same folding (fold) and
// classes (classify) of the runes that range over text yields (U+FFFD for
// each invalid byte), a Han run written as its bigrams while it is read
// (the first rune alone, the second completing the first bigram, every
// further one as a space, the previous rune and itself), a word as its
// folded runes.
func AppendIndex(dst []byte, text string) []byte {
	space := len(dst) > 0 // a token was written: the next needs a space
	cur := sep            // the class of the current piece
	n := 0                // the number of runes of the current Han run
	var prev, enc [utf8.UTFMax]byte
	var prevLen, encLen int // the previous Han rune of the run, the current, UTF-8
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if asciiClass[c] == sep {
				cur = sep
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if cur != word {
				if space {
					dst = append(dst, ' ')
				}
				space, cur = true, word
			}
			dst = append(dst, c)
			continue
		}
		var r rune
		size := 3
		if c >= 0xE4 && c <= 0xE9 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// U+4000 to U+9FFF, decoded here.
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		var cl class
		switch {
		case r >= hanFastLo && r <= hanFastHi:
			// Unchanged by fold, and 3 bytes long.
			cl, encLen = han, 3
			enc[0], enc[1], enc[2] = c, text[i+1], text[i+2]
		case r >= fullLo && r <= fullHi:
			r -= fullLo - 0x21 // now ASCII: fold lower-cases it
			cl = asciiClass[r]
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		default:
			r = fold(r)
			cl = classify(r)
			if cl == han {
				encLen = utf8.EncodeRune(enc[:], r)
			}
		}
		i += size
		switch cl {
		case sep:
			cur = sep
		case word:
			if cur != word {
				if space {
					dst = append(dst, ' ')
				}
				space, cur = true, word
			}
			dst = utf8.AppendRune(dst, r)
		case han:
			if cur != han {
				if space {
					dst = append(dst, ' ')
				}
				space, cur, n = true, han, 0
			} else if n > 1 {
				dst = append(dst, ' ')
				dst = appendEnc(dst, &prev, prevLen)
			}
			dst = appendEnc(dst, &enc, encLen)
			prev, prevLen = enc, encLen
			n++
		}
	}
	return dst
}

// appendEnc appends the n bytes of e, the UTF-8 of a rune.
func appendEnc(dst []byte, e *[utf8.UTFMax]byte, n int) []byte {
	if n == 3 {
		return append(dst, e[0], e[1], e[2])
	}
	return append(dst, e[:n]...)
}
