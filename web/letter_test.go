package web

import (
	"archive/zip"
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"gongkai"
)

// Each step's letter, and the 答复告知书 of every outcome with its legal
// basis and the remedies; the DOCX is a package Word can open.
func TestLetters(t *testing.T) {
	fx := mustFixture(t)
	s := fx.srv
	agency := &gongkai.Agency{ID: "edu", Name: "示例县教育局"}
	parent := &gongkai.Agency{ID: "county", Name: "示例县人民政府"}
	d := func(s string) gongkai.Date { return gongkai.MustParseDate(s) }
	base := func() *gongkai.Request {
		return &gongkai.Request{ID: "L1", Agency: "edu", Subject: "2026年预算", Applicant: gongkai.Applicant{ID: "a", Type: gongkai.NaturalPerson},
			Events: []gongkai.Event{{Kind: gongkai.EventReceived, Channel: gongkai.ChannelInPerson, ArrivedOn: d("2026-11-02"), On: d("2026-11-02")}}}
	}
	fee150, _ := gongkai.QuoteFee(gongkai.FeePerPage, 150, 0)
	steps := []struct {
		e    gongkai.Event
		name string
		want []string
	}{
		{gongkai.Event{}, "受理回执", []string{"20个工作日内予以答复", "2026年11月30日"}},
		{gongkai.Event{Kind: gongkai.EventClarificationRequested, On: d("2026-11-03"), Days: 10, Note: "请说明年度"}, "补正告知书", []string{"一次性告知", "请说明年度", "2026年11月17日", "视为放弃申请"}},
		{gongkai.Event{Kind: gongkai.EventConsultationStarted, On: d("2026-11-03"), Party: gongkai.ThirdParty, Ref: "某某公司"}, "征求第三方意见书", []string{"某某公司：", "第三十二条", "15个工作日"}},
		{gongkai.Event{Kind: gongkai.EventConsultationStarted, On: d("2026-11-03"), Party: gongkai.OtherAgency, Ref: "示例县财政局"}, "征求意见函", []string{"第三十四条", "视为同意公开"}},
		{gongkai.Event{Kind: gongkai.EventExtended, On: d("2026-11-20"), Days: 15, Approver: "主任", NoticeOn: d("2026-11-20")}, "延期答复告知书", []string{"延长15个工作日", "第三十三条第一款"}},
		{gongkai.Event{Kind: gongkai.EventFeeNoticed, On: d("2026-11-04"), FeeMethod: gongkai.FeePerPage, Units: 150, Amount: fee150}, "收费通知", []string{"国办函〔2020〕109号", "共150页", strconv.Itoa(fee150) + "元", "20个工作日内"}},
	}
	for _, st := range steps {
		r := base()
		if st.e.Kind != "" {
			if err := s.policy.Record(r, st.e); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		l, err := s.buildLetter(r, len(r.Events)-1, agency, parent, "张测试")
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		text := strings.Join(l.Paragraphs, "\n")
		to := "张测试："
		if st.e.Ref != "" {
			to = st.e.Ref + "：" // a consultation is addressed to the consulted party
		}
		if l.Name != st.name || !strings.HasPrefix(text, to) {
			t.Errorf("letter %q, want %q to 张测试:\n%s", l.Name, st.name, text)
		}
		if st.e.Ref != "" && strings.Contains(text, "张测试") {
			t.Errorf("%s shows the applicant's name to the consulted party", st.name)
		}
		for _, w := range st.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", st.name, w, text)
			}
		}
	}
	for _, o := range outcomeOptions() {
		r := base()
		e := gongkai.Event{Kind: gongkai.EventDecided, On: d("2026-11-10"), Outcome: o.Value, Article: decisionArticles[o.Value], Withheld: []string{"第三方个人信息"}}
		switch o.Value {
		case "unavailable_unclear":
			s.policy.Record(r, gongkai.Event{Kind: gongkai.EventClarificationRequested, On: d("2026-11-03"), Days: 5})
			s.policy.Record(r, gongkai.Event{Kind: gongkai.EventClarificationReceived, On: d("2026-11-04")})
		case "declined_excessive":
			s.policy.Record(r, gongkai.Event{Kind: gongkai.EventReasonsRequested, On: d("2026-11-03"), Days: 5})
		}
		if err := s.policy.Record(r, e); err != nil {
			t.Fatalf("%s: %v", o.Value, err)
		}
		l, err := s.buildLetter(r, len(r.Events)-1, agency, parent, "")
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(l.Paragraphs, "\n")
		for _, w := range []string{decisionReasons[o.Value], decisionArticles[o.Value], "60日内向示例县人民政府申请行政复议", "6个月内", "申请人："} {
			if !strings.Contains(text, w) {
				t.Errorf("答复告知书 of %s lacks %q:\n%s", o.Value, w, text)
			}
		}
		if l.Date != "2026年11月10日" {
			t.Errorf("dated %q", l.Date)
		}
	}
	var b bytes.Buffer
	if err := writeLetterZip(&b, &Letter{Name: "受理回执", Agency: "示例县教育局", Number: "L1-1", Paragraphs: []string{"张测试：", "正文<&>"}, Date: "2026年11月2日"}); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ := io.ReadAll(rc)
			if !strings.Contains(string(doc), "正文&lt;&amp;&gt;") || !strings.Contains(string(doc), `w:w="11906"`) {
				t.Errorf("document.xml: %s", doc)
			}
		}
	}
}
