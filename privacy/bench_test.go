package privacy

import (
	"strings"
	"testing"
)

func BenchmarkScan(b *testing.B) {
	line := "申请人张三，身份证号" + testID + "，电话138 1234 5678，邮箱zhang@example.com，订单号202401151234567890，金额1234.56元。\n"
	text := strings.Repeat(line, 5000) // about 0.7 MB, 25,000 hits
	opts := Options{Names: []string{"张三", "李四"}}
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		Scan(text, opts)
	}
}

func BenchmarkScanDOCX(b *testing.B) {
	var body []string
	for i := 0; i < 2000; i++ {
		body = append(body, wp("申请人张三，身份证号", testID[:9], testID[9:], "，电话13812345678。"))
	}
	doc := buildDOCX(docxParts{Body: body, Creator: "张三"})
	opts := Options{Names: []string{"张三"}}
	b.SetBytes(int64(len(doc)))
	for i := 0; i < b.N; i++ {
		hits, _ := ScanDOCX(doc, opts)
		if _, err := MaskDOCX(doc, hits); err != nil {
			b.Fatal(err)
		}
	}
}
