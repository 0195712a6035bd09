package reader

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decodeGB18030 decodes GB18030 (and so GBK and GB2312, its subsets:
// decoding a page declared gb2312 as GB2312 would lose the characters
// only GBK and GB18030 have).
func decodeGB18030(data []byte) string {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(out)
}

func decodeUTF16(data []byte) string {
	out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(out)
}

var charsetRE = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)`)

// decodeHTML returns an HTML page as UTF-8. The declared charset is used
// when the bytes agree with it; a page declared UTF-8 that is not valid
// UTF-8, or declared GBK that is valid UTF-8 (a wrong declaration, common
// on saved pages), is decoded by what the bytes are.
func decodeHTML(data []byte) string {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return string(data[3:])
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return decodeUTF16(data)
	}
	h := data
	if len(h) > 8192 {
		h = h[:8192]
	}
	declared := ""
	if m := charsetRE.FindSubmatch(h); m != nil {
		declared = strings.ToLower(string(m[1]))
	}
	valid := utf8.Valid(data)
	switch declared {
	case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312":
		if valid && !isASCII(data) {
			return string(data)
		}
		return decodeGB18030(data)
	}
	if valid {
		return string(data)
	}
	return decodeGB18030(data)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
