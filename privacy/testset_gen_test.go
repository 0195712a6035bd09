package privacy

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// label is one planted string of the labelled set. Kind "none" marks a
// near-miss that must not be found.
type label struct {
	File  string `json:"file"`
	Kind  Kind   `json:"kind"`
	Text  string `json:"text"`
	Valid bool   `json:"valid"`
	Place string `json:"place"`
}

// testSet is the generated set: files by name, the labels, and the names
// known to the system for each file (planted ones and decoys).
type testSet struct {
	files  map[string][]byte
	labels []label
	names  map[string][]string
}

var (
	regions   = []string{"350524", "110105", "440305", "510104", "320102", "350102"}
	surnames  = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "欧阳", "司马"}
	givens    = []string{"伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"}
	fillers   = []string{"根据《中华人民共和国政府信息公开条例》第三十三条的规定，现将有关情况告知如下。", "本机关于2024年10月8日收到您的政府信息公开申请。", "经检索，您申请公开的信息属于主动公开范围。", "如对本答复不服，可以自收到本告知书之日起60日内依法申请行政复议。", "全县共有学前教育资助对象1286人，发放资助金额192.9万元。", "附件：1.资助名单 2.资金分配表", "某某县人民政府办公室 2024年10月15日"}
	domains   = []string{"example.com", "163.com", "qq.com", "example.gov.cn", "126.com"}
	areaCodes = []string{"0595", "010", "021", "0591", "0755", "028"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func genID(r *rand.Rand, valid bool) string {
	body := fmt.Sprintf("%s%04d%02d%02d%s", pick(r, regions), 1940+r.IntN(66), 1+r.IntN(12), 1+r.IntN(28), digits(r, 3))
	c, _ := IDCheck(body)
	if !valid {
		c = "10X98765432"[(strings.IndexByte("10X98765432", c)+1+r.IntN(10))%11]
	}
	return body + string(c)
}

func genCredit(r *rand.Rand) string {
	b := []byte(pick(r, []string{"91", "11", "12", "52", "92"}) + pick(r, regions))
	for len(b) < 17 {
		b = append(b, creditAlphabet[r.IntN(len(creditAlphabet))])
	}
	c, _ := CreditCheck(string(b))
	return string(b) + string(c)
}

func genCard(r *rand.Rand) string {
	n := pick(r, []int{16, 19})
	body := pick(r, []string{"622202", "621700", "622848", "436742", "552599"}) + digits(r, n-7)
	for d := byte('0'); d <= '9'; d++ {
		if Luhn(body + string(d)) {
			return body + string(d)
		}
	}
	panic("unreachable")
}

func genMobile(r *rand.Rand) string {
	m := "1" + string(byte('3'+r.IntN(7))) + digits(r, 9)
	switch r.IntN(4) {
	case 1:
		return m[:3] + " " + m[3:7] + " " + m[7:]
	case 2:
		return m[:3] + "-" + m[3:7] + "-" + m[7:]
	case 3:
		return "+86 " + m
	}
	return m
}

func genLandline(r *rand.Rand) string {
	a := pick(r, areaCodes)
	n := 8
	if len(a) == 4 && r.IntN(2) == 0 {
		n = 7
	}
	return a + "-" + string(byte('2'+r.IntN(7))) + digits(r, n-1)
}

func genName(r *rand.Rand) string {
	return pick(r, surnames) + pick(r, givens) + pick(r, []string{"", pick(r, givens)})
}

func genEmail(r *rand.Rand) string {
	return pick(r, []string{"zhang", "li.na", "wangwei", "gk_2024", "chen-j"}) + digits(r, r.IntN(4)) + "@" + pick(r, domains)
}

// nearMiss returns a string that must not be found.
func nearMiss(r *rand.Rand) (string, string) {
	switch r.IntN(10) {
	case 0:
		return "订单号" + "2024" + digits(r, 14), "order number"
	case 1:
		return "流水号6" + digits(r, 15+r.IntN(4)), "serial number starting 6"
	case 2:
		return pick(r, []string{"2024-01-15", "2024年1月15日", "20240115", "2024.01.15"}), "date"
	case 3:
		return pick(r, []string{"某政办〔2024〕12号", "国办函〔2020〕109号"}), "文号"
	case 4:
		return "000014349/2024-" + digits(r, 5), "索引号 (organisation code)"
	case 5:
		return digits(r, 3) + "4567.89元", "amount"
	case 6:
		return "12" + digits(r, 9), "11 digits starting 12"
	case 7:
		return pick(r, regions) + "19901301" + digits(r, 4), "18 digits with an impossible date"
	case 8:
		return genID(r, true) + digits(r, 2), "id number inside a longer run"
	default:
		return "邮编" + digits(r, 6) + "，座机分机" + digits(r, 4), "postcode"
	}
}

// plant returns one identifier to plant with its label.
func plant(r *rand.Rand) (Kind, string, bool) {
	switch r.IntN(9) {
	case 0, 1:
		return IDCard, genID(r, true), true
	case 2:
		if r.IntN(2) == 0 {
			return IDCard, genID(r, false), false
		}
		return IDCard15, pick(r, regions) + fmt.Sprintf("%02d%02d%02d", 40+r.IntN(50), 1+r.IntN(12), 1+r.IntN(28)) + digits(r, 3), false
	case 3:
		return CreditCode, genCredit(r), true
	case 4:
		return BankCard, genCard(r), true
	case 5:
		return Mobile, genMobile(r), false
	case 6:
		return Landline, genLandline(r), false
	default:
		return Email, genEmail(r), false
	}
}

// The places identifiers are planted in, per format.
var places = map[string][]string{
	"txt":  {"正文"},
	"html": {"正文", "正文（拆在标签中）", "链接"},
	"docx": {"正文", "正文（拆在多个文字块中）", "页眉", "页脚", "批注", "脚注", "修订·插入", "修订·删除", "自定义属性"},
	"xlsx": {"可见工作表", "隐藏工作表", "深度隐藏工作表", "内联字符串", "数值单元格", "批注"},
}

// generate builds the labelled set. It is deterministic: the same seed
// gives the same bytes.
func generate() testSet {
	r := rand.New(rand.NewPCG(2024, 1015))
	ts := testSet{files: map[string][]byte{}, names: map[string][]string{}}
	exts := []string{"txt", "html", "docx", "xlsx"}
	for i := 0; i < 48; i++ {
		ext := exts[i%4]
		file := fmt.Sprintf("%03d.%s", i, ext)
		applicant, decoy := genName(r), genName(r)
		for strings.Contains(applicant, decoy) || strings.Contains(decoy, applicant) {
			decoy = genName(r)
		}
		ts.names[file] = []string{applicant, decoy}
		var doc docxParts
		doc.Custom = map[string]string{}
		var text, html []string
		sheets := []xlsxSheet{{Name: "公开名单"}, {Name: "原始数据", State: "hidden"}, {Name: "备注", State: "veryHidden"}}
		lab := func(k Kind, t string, v bool, place string) {
			ts.labels = append(ts.labels, label{File: file, Kind: k, Text: t, Valid: v, Place: place})
		}
		// The applicant's name in the body, and in the properties of files.
		lead := "申请人" + applicant + "："
		lab(Name, applicant, false, "正文")
		switch ext {
		case "txt":
			text = append(text, lead)
		case "html":
			html = append(html, "<p>"+lead+"</p>")
		case "docx":
			doc.Body = append(doc.Body, wp(lead))
			doc.Creator = applicant
			lab(Name, applicant, false, "文档属性")
		case "xlsx":
			sheets[0].Rows = append(sheets[0].Rows, []string{lead})
		}
		n := 6 + r.IntN(5)
		for k := 0; k < n+5; k++ {
			kind, id, valid := plant(r)
			place := pick(r, places[ext])
			if k >= n { // near-misses
				kind, valid = "none", false
				id, place = nearMiss(r)
			}
			if kind == Email && ext == "docx" && r.IntN(3) == 0 {
				place = "链接目标"
			}
			if place == "数值单元格" && !allDigits(id) {
				place = "可见工作表"
			}
			lab(kind, id, valid, place)
			sentence := pick(r, fillers)
			pre, post := "联系方式：", "。"
			switch ext {
			case "txt":
				text = append(text, sentence+pre+id+post)
			case "html":
				switch place {
				case "正文（拆在标签中）":
					cut := len(id) / 2
					html = append(html, "<p>"+esc(sentence+pre)+"<b>"+esc(id[:cut])+"</b>"+esc(id[cut:]+post)+"</p>")
				case "链接":
					html = append(html, `<p><a title="`+escapeText(id, true)+`" href="/x">`+esc(sentence)+`</a></p>`)
				default:
					html = append(html, "<p>"+esc(sentence+pre+id+post)+"</p>")
				}
			case "docx":
				line := wp(sentence + pre + id + post)
				switch place {
				case "正文（拆在多个文字块中）":
					cut := len(id) / 2
					doc.Body = append(doc.Body, wp(sentence+pre, id[:cut], id[cut:], post))
				case "页眉":
					doc.Header = append(doc.Header, line)
				case "页脚":
					doc.Footer = append(doc.Footer, line)
				case "批注":
					doc.Comments = append(doc.Comments, line)
				case "脚注":
					doc.Footnotes = append(doc.Footnotes, line)
				case "修订·插入":
					doc.Body = append(doc.Body, wpRevised(sentence+"更正为", "（原文）", id, post))
				case "修订·删除":
					doc.Body = append(doc.Body, wpRevised(sentence+pre, id, "（已删除）", post))
				case "自定义属性":
					doc.Custom[fmt.Sprintf("备注%d", k)] = id
				case "链接目标":
					if doc.Hyperlink == "" {
						doc.Hyperlink = "mailto:" + id
					} else {
						doc.Body = append(doc.Body, line)
					}
				default:
					doc.Body = append(doc.Body, line)
				}
			case "xlsx":
				switch place {
				case "隐藏工作表":
					sheets[1].Rows = append(sheets[1].Rows, []string{sentence, id})
				case "深度隐藏工作表":
					sheets[2].Rows = append(sheets[2].Rows, []string{id})
				case "内联字符串":
					sheets[0].Rows = append(sheets[0].Rows, []string{"@" + pre + id})
				case "数值单元格":
					sheets[1].Rows = append(sheets[1].Rows, []string{"=" + id})
				case "批注":
					if sheets[0].Comment == "" {
						sheets[0].Comment = pre + id
					} else {
						sheets[0].Rows = append(sheets[0].Rows, []string{pre + id})
					}
				default:
					sheets[0].Rows = append(sheets[0].Rows, []string{sentence + pre + id + post})
				}
			}
		}
		switch ext {
		case "txt":
			ts.files[file] = []byte(strings.Join(text, "\n") + "\n")
		case "html":
			ts.files[file] = []byte(strings.Join(html, "\n") + "\n")
		case "docx":
			doc.Title = "政府信息公开申请答复告知书"
			ts.files[file] = buildDOCX(doc)
		case "xlsx":
			ts.files[file] = buildXLSX(sheets, applicant)
			lab(Name, applicant, false, "文档属性")
		}
	}
	return ts
}
