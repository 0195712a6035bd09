package search

import (
	"strings"
	"testing"
	"unicode"
)

// indexRef is what Index returned before its single-pass form: the
// reference it must match byte for byte, as stored indexes depend on it.
func indexRef(text string) string { return strings.Join(Bigrams(text), " ") }

// trickyTexts are strings at the edges of the tokenizer.
var trickyTexts = []string{
	"",
	" ",
	"县",
	"，县，",
	"「县」(市)《区》",
	"教育、低保。医疗",
	"ＡＢＣ　ｄｅｆ　０１２３４５６７８９",
	"Ｇｄｐ增长，ＣＯＶＩＤ－１９疫情",
	"！＂＃＄％＆＇（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～",
	"\uff00\uff5f\uff60\uffe5\uff61", // just outside the folded full-width forms
	"COVID-19疫情",
	"2024年COVID-19疫情防控GDP增长",
	"政府　信息　公开",
	"ひらがなカタカナ漢字ｶﾀｶﾅ",
	"한국어 문서 政府",
	"Emoji 😀 教育😀低保🇨🇳 ❤️",
	"e\u0301cole café naïve 教\u0301育",
	"\xff\xfe教育\xe4\xb8低保\xe4\xb8\xad\x80文",
	"\xe4\xb8",
	"教\xe4",
	"\ufffd教\ufffd育\ufffd",
	"\U00020000\U00020001\U00020002 㐀㐁㐂 \U0002A700",
	"\U00020000教\U00020001",
	"〇々〆〻 一〇二",
	"ÉCOLE ÀÉÎÕÜ Straße STRASSE",
	"İstanbul ISPARTA ı İ",
	"ΣΊΣΥΦΟΣ σοφος ΟΔΟΣ",
	"ǅǈǋ ǲ Ⱥ Ⱦ K Å",
	"١٢٣ ४५६ 一二三 ①②③ Ⅻ ⅻ",
	"\t\n\r\v\f\u0085\u00a0\u1680\u2000\u2028\u3000",
	"a\u3000b\u3000教\u3000育",
	"单 字 之 间",
	"a.b.c,1;2",
	"ABC教DEF育GHI",
	"gk@example.gov.cn",
	"0fa0123456789abcdef",
	"\u00ad\u200b\u200d教\u200d育\ufeff",
	"\u2e80\u2e81\u2f00\u2fd5\u31c0\u3190\u3197",
	"\U0002B81D\U0002CEA1\U00030000\U00031350\U0003134A",
	"\U000F0000\U0010FFFF\ufdd0",
}

func TestIndexSameAsBigrams(t *testing.T) {
	texts := append([]string(nil), trickyTexts...)
	for _, test := range []string{"教育", "政府信息公开", "教，育", "  政府　公开  ", "，。！", "２０２４年ＧＤＰ"} {
		texts = append(texts, test, test+test, "x"+test+"9")
	}
	for _, text := range texts {
		if got, want := Index(text), indexRef(text); got != want {
			t.Errorf("Index(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestIndexEveryRune compares Index with its reference for every rune,
// alone and in runs and mixes that exercise the class changes: every rune
// of the planes 0–3 (the Han ones among them) and 14, and a sample of the
// unassigned and private-use others.
func TestIndexEveryRune(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r > 0x3FFFF && r>>16 != 14 && r%251 != 0 {
			continue
		}
		b.Reset()
		b.WriteRune(r)
		s := b.String()
		for _, text := range []string{s, s + s + "教" + s + "育" + s + "a" + s + "B" + s + "1"} {
			if got, want := Index(text), indexRef(text); got != want {
				t.Fatalf("Index(%q) = %q, want %q", text, got, want)
			}
		}
	}
}

// TestFastRanges checks what AppendIndex assumes of its fast ranges.
func TestFastRanges(t *testing.T) {
	for r := rune(hanFastLo); r <= hanFastHi; r++ {
		if fold(r) != r || classify(r) != han {
			t.Fatalf("%U: fold %U, class %d", r, fold(r), classify(r))
		}
	}
	for r := rune(0); r < 0x80; r++ {
		if want := classify(fold(r)); asciiClass[r] != want {
			t.Fatalf("%U: class %d, want %d", r, asciiClass[r], want)
		}
	}
}

func TestAppendIndex(t *testing.T) {
	for _, a := range trickyTexts {
		for _, c := range []string{"", "教育", "县", "ＡＢ", "\xe4"} {
			if got, want := string(AppendIndex(AppendIndex(nil, a), c)), indexRef(a+"\n"+c); got != want {
				t.Errorf("AppendIndex(AppendIndex(nil, %q), %q) = %q, want %q", a, c, got, want)
			}
		}
	}
}

// benchText is catalog-like text of about 600 characters.
var benchText = "演示省03市教育局关于做好2024年秋季学期学前教育资助工作的通知\n" +
	strings.Repeat("根据《中华人民共和国政府信息公开条例》（国务院令第711号）规定，本机关全年共收到政府信息公开申请120件，"+
		"其中自然人申请98件；对家庭经济困难幼儿、孤儿和残疾儿童予以资助，资助标准为每生每年1000元（ＧＤＰ增长6.5%）。", 5)

func BenchmarkIndex(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Index(benchText)
	}
}

// BenchmarkIndexRef measures the reference, the former Index.
func BenchmarkIndexRef(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		indexRef(benchText)
	}
}
