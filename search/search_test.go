package search

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
)

func TestBigrams(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"TwoChars", "教育", "教育"},
		{"Dibao", "低保", "低保"},
		{"Phrase", "政府信息公开", "政府 府信 信息 息公 公开"},
		{"Single", "县", "县"},
		{"Punctuation", "教育、低保。医疗", "教育 低保 医疗"},
		{"PunctuationSplitsRun", "教，育", "教 育"},
		{"Mixed", "2024年COVID-19疫情防控GDP增长", "2024 年 covid 19 疫情 情防 防控 gdp 增长"},
		{"FullWidth", "２０２４年ＧＤＰ", "2024 年 gdp"},
		{"Spaces", "  政府　公开  ", "政府 公开"},
		{"Email", "gk@example.gov.cn", "gk example gov cn"},
		{"Empty", "，。！", ""},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if got := Index(test.in); got != test.want {
				t.Errorf("Index(%q) = %q, want %q", test.in, got, test.want)
			}
		})
	}
}

func TestQuery(t *testing.T) {
	tests := []struct{ in, fts, ts string }{
		{"教育", `"教育"`, `'教育'`},
		{"教育 低保", `"教育" AND "低保"`, `'教育' & '低保'`},
		{"政府信息公开", `"政府 府信 信息 息公 公开"`, `'政府' <-> '府信' <-> '信息' <-> '息公' <-> '公开'`},
		{"COVID疫情，防控", `"covid 疫情" AND "防控"`, `'covid' <-> '疫情' & '防控'`},
		{"教", `"教"*`, `'教':*`},
		{"ＧＤＰ", `"gdp"`, `'gdp'`},
		{`"'`, ``, ``},
	}
	for _, test := range tests {
		if got := Query(test.in); got != test.fts {
			t.Errorf("Query(%q) = %s, want %s", test.in, got, test.fts)
		}
		if got := TSQuery(test.in); got != test.ts {
			t.Errorf("TSQuery(%q) = %s, want %s", test.in, got, test.ts)
		}
	}
}

// matches emulates an FTS5 / tsquery match of q against the index of text:
// each query word's tokens must appear at consecutive positions.
func matches(text, q string) bool {
	idx := Bigrams(text)
	for _, ps := range queryWords(q) {
		var toks []string
		for _, p := range ps {
			toks = append(toks, p.tokens()...)
		}
		found := false
		for i := 0; i+len(toks) <= len(idx) && !found; i++ {
			found = true
			for k, tok := range toks {
				if single(ps) {
					found = strings.HasPrefix(idx[i], tok)
				} else if idx[i+k] != tok {
					found = false
					break
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func TestMatch(t *testing.T) {
	tests := []struct {
		text, q string
		want    bool
	}{
		{"关于做好2024年秋季学期学前教育资助工作的通知", "教育", true},
		{"城乡居民最低生活保障（低保）对象名单", "低保", true},
		{"本机关全年共收到政府信息公开申请", "政府信息公开", true},
		{"政府公开信息目录，有政府和信息公开二词", "政府信息公开", false},
		{"教，育", "教育", false},   // not across punctuation
		{"宗教 育才", "教育", false}, // not across a space
		{"2024年教育经费", "2024 教育", true},
		{"２０２４年ＧＤＰ增长", "gdp 2024", true},
		{"育儿补贴", "教育", false},
		{"关于COVID-19疫情防控", "covid", true},
		{"关于COVIDX疫情防控", "covid", false},
		{"教育局", "教", true},
	}
	for _, test := range tests {
		if got := matches(test.text, test.q); got != test.want {
			t.Errorf("match(%q, %q) = %v, want %v (index %q)", test.text, test.q, got, test.want, Index(test.text))
		}
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct {
		text, q string
		width   int
		want    string
	}{
		{"关于做好学前教育资助工作的通知", "教育", 40, "关于做好学前<mark>教育</mark>资助工作的通知"},
		{"<b>低保</b> & 教育", "低保 教育", 40, "&lt;b&gt;<mark>低保</mark>&lt;/b&gt; &amp; <mark>教育</mark>"},
		{"一二三四五六七八九十教育一二三四五六七八九十", "教育", 10, "…八九十<mark>教育</mark>一二三四五…"},
		{"教，育", "教育", 10, "教，育"},
		{"Ｇｄｐ增长", "gdp", 10, "<mark>Ｇｄｐ</mark>增长"},
		// Not cut inside a number or a word: "…023年" would be another year.
		{"关于安溪县2023年上半年教育资助资金发放情况", "教育", 17, "…年上半年<mark>教育</mark>资助资金发放情况"},
		{"安溪县2023年上半年教育资助", "教育", 10, "…年上半年<mark>教育</mark>资助"},
		{"安溪县2023年上半年教育资助", "教育", 12, "…2023年上半年<mark>教育</mark>资助"},
		{"教育资助资金12345678发放", "教育", 8, "<mark>教育</mark>资助资金…"},
		{"教育ab", "教育", 3, "<mark>教育</mark>…"},
		{"12345教育", "教育", 4, "…<mark>教育</mark>"},
	}
	for _, test := range tests {
		if got := Snippet(test.text, test.q, test.width); got != test.want {
			t.Errorf("Snippet(%q, %q) = %q, want %q", test.text, test.q, got, test.want)
		}
	}
}

func BenchmarkBigrams(b *testing.B) {
	text := strings.Repeat("本机关全年共收到政府信息公开申请120件，其中自然人申请98件；关于做好2024年秋季学期学前教育资助工作的通知。", 50)
	n := len(Bigrams(text))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Bigrams(text)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func TestFilterToken(t *testing.T) {
	a, b := FilterToken(FilterAgency, "anxi-jyj"), FilterToken(FilterAgency, "anxi-gaj")
	if a == b || len(a) != 19 || a != FilterToken(FilterAgency, "anxi-jyj") || FilterToken(FilterYear, "anxi-jyj") == a {
		t.Fatalf("tokens %q %q", a, b)
	}
	// The index keeps it one token, and no query of words produces it.
	if got := Bigrams(a); len(got) != 1 || got[0] != a {
		t.Fatalf("Bigrams(%q) = %q", a, got)
	}
	if got := Query("教育", a); got != `"教育" AND "`+a+`"` {
		t.Fatalf("Query = %q", got)
	}
	if got := TSQuery("学前教育", a); got != "'学前' <-> '前教' <-> '教育' & '"+a+"'" {
		t.Fatalf("TSQuery = %q", got)
	}
	if Query("，", a) != "" || TSQuery("", a) != "" {
		t.Fatal("filters alone make a query")
	}
}

// TestFilterTokenSameAsFNV compares FilterToken with its former form.
func TestFilterTokenSameAsFNV(t *testing.T) {
	for _, kind := range []byte{FilterAgency, FilterYear, FilterTopic, 0, 0xe9} {
		for _, v := range append([]string{"anxi-jyj", "2024", "教育", "学前教育"}, trickyTexts...) {
			h := fnv.New64a()
			h.Write([]byte(v))
			if got, want := FilterToken(kind, v), fmt.Sprintf("0f%c%016x", kind, h.Sum64()); got != want {
				t.Errorf("FilterToken(%q, %q) = %q, want %q", kind, v, got, want)
			}
		}
	}
}

func TestIsFilterToken(t *testing.T) {
	for _, kind := range []byte{FilterAgency, FilterYear, FilterTopic} {
		for _, v := range []string{"", "county", "2024", "教育"} {
			if tok := FilterToken(kind, v); !IsFilterToken(tok) {
				t.Errorf("IsFilterToken(%q) = false", tok)
			}
		}
	}
	for _, tok := range []string{"", "0fa", "0fA0123456789abcdef", "0fa0123456789abcdeg", "1fa0123456789abcdef", "0fa0123456789abcdef0", "教育"} {
		if IsFilterToken(tok) {
			t.Errorf("IsFilterToken(%q) = true", tok)
		}
	}
}
