package privacy

import (
	"bytes"
	"testing"
)

// checkMasked fails when hits (from Verify of masked content) still hold a
// valid checksummed identifier.
func checkMasked(t *testing.T, hits []Hit, what string) {
	t.Helper()
	for _, h := range hits {
		if h.Kind.Checksummed() && h.Valid {
			t.Fatalf("%s: after masking, %s %q is still there (%s)", what, h.Kind, h.Text, h.Context)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"身份证号" + testID + "，电话138 1234 5678，卡号" + testCard,
		"统一社会信用代码" + testCredit + "；邮箱a.b@example.com；座机(0595)2345678",
		"３５０５２４１９９００１０１１２３８", "+86 13812345678 6222 0212 3456 7890 128", "订单号202401151234567890",
	} {
		f.Add(s, "张三")
	}
	f.Fuzz(func(t *testing.T, text, name string) {
		opts := Options{Names: []string{name}}
		hits := Scan(text, opts)
		end := 0
		for _, h := range hits {
			if h.Start < end || h.End > len(text) || text[h.Start:h.End] != h.Text {
				t.Fatalf("bad hit %+v in %q", h, text)
			}
			end = h.End
		}
		masked := Mask(text, hits)
		checkMasked(t, Scan(masked, Options{}), "Mask")
		if html := MaskHTML(text, ScanHTML(text, opts)); true {
			checkMasked(t, ScanHTML(html, Options{}), "MaskHTML")
		}
	})
}

func FuzzScanDOCX(f *testing.F) {
	f.Add([]byte(wp("申请人", testID[:9], testID[9:], "，卡号"+testCard) + wpRevised("原", "13812345678", testCredit, "。")))
	f.Add([]byte(`<w:p><w:r><w:t>&#51;50524199001011238</w:t></w:r></w:p><![CDATA[` + testCard + `]]>`))
	f.Add(buildDOCX(docxParts{Body: []string{wp(testID)}, Creator: "张三"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := data
		if !bytes.HasPrefix(data, []byte("PK")) {
			// Fuzz the XML of the body inside a well-formed package.
			doc = buildZip(map[string]string{
				"word/document.xml": xmlHead + `<w:document ` + wNS + `><w:body>` + string(data) + `</w:body></w:document>`,
				"docProps/core.xml": `<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>` + string(data) + `</dc:creator></cp:coreProperties>`,
			})
		}
		hits, err := ScanDOCX(doc, Options{Names: []string{"张三"}})
		if err != nil {
			return
		}
		masked, err := MaskDOCX(doc, hits)
		if err != nil {
			return // a corrupt member cannot be copied: refusing is right
		}
		left, err := Verify(masked, KindDOCX, Options{})
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		checkMasked(t, left, "MaskDOCX")
	})
}
