package web

import (
	"bytes"
	"embed"
	"fmt"
	"gongkai/api"
	"net/http"
	"strconv"
	"strings"
	"text/template"

	"gongkai"
)

//go:embed letters/*.txt
var letterFS embed.FS

// letterTemplates are the letter bodies, one paragraph per line.
var letterTemplates = template.Must(template.New("").ParseFS(letterFS, "letters/*.txt"))

// letterSpec says which letter an event produces.
type letterSpec struct {
	Name     string // 受理回执, 补正告知书, …
	Template string // letters/*.txt
	// ToApplicant: the applicant receives it (listed on the tracking page).
	ToApplicant bool
}

// letterOf returns the letter of the i-th event of req, or nil. The
// 答复告知书 is chosen by the coded outcome of the closing event, so the
// letter and the statistics of table 三 cannot disagree.
func letterOf(req *gongkai.Request, i int) *letterSpec {
	e := &req.Events[i]
	switch e.Kind {
	case gongkai.EventReceived:
		return &letterSpec{"受理回执", "received.txt", true}
	case gongkai.EventClarificationRequested:
		return &letterSpec{"补正告知书", "clarification.txt", true}
	case gongkai.EventConsultationStarted:
		if e.Party == gongkai.OtherAgency {
			return &letterSpec{"征求意见函", "consultation.txt", false}
		}
		return &letterSpec{"征求第三方意见书", "consultation.txt", false}
	case gongkai.EventExtended:
		return &letterSpec{"延期答复告知书", "extension.txt", true}
	case gongkai.EventFeeNoticed:
		return &letterSpec{"收费通知", "fee.txt", true}
	case gongkai.EventDecided, gongkai.EventClarificationLapsed, gongkai.EventFeeLapsed:
		return &letterSpec{"政府信息公开申请答复告知书", "decision.txt", true}
	}
	return nil
}

// letterFor names the applicant's letter of an event kind ("" for none),
// for the tracking page.
func letterFor(k gongkai.EventKind) string {
	l := letterOf(&gongkai.Request{Events: []gongkai.Event{{Kind: k, Party: gongkai.ThirdParty}}}, 0)
	if l == nil || !l.ToApplicant {
		return ""
	}
	return l.Name
}

// decisionArticles is the usual legal basis of each outcome, filled in
// when the clerk leaves it empty.
var decisionArticles = map[string]string{
	"granted":                    "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
	"partly_granted":             "《中华人民共和国政府信息公开条例》第三十七条",
	"withheld_state_secret":      "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
	"withheld_law_forbidden":     "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
	"withheld_security":          "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
	"withheld_third_party":       "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
	"withheld_internal":          "《中华人民共和国政府信息公开条例》第十六条第一款",
	"withheld_process":           "《中华人民共和国政府信息公开条例》第十六条第二款",
	"withheld_enforcement_file":  "《中华人民共和国政府信息公开条例》第十六条第二款",
	"withheld_query":             "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
	"unavailable_not_held":       "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
	"unavailable_needs_creation": "《中华人民共和国政府信息公开条例》第三十八条",
	"unavailable_unclear":        "《中华人民共和国政府信息公开条例》第三十条、第三十六条第（六）项",
	"declined_petition":          "《中华人民共和国政府信息公开条例》第三十九条第一款",
	"declined_duplicate":         "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
	"declined_publication":       "《中华人民共和国政府信息公开条例》第三十九条第二款",
	"declined_excessive":         "《中华人民共和国政府信息公开条例》第三十五条",
	"declined_confirmation":      "《中华人民共和国政府信息公开条例》第三十九条第二款",
	"other_no_clarification":     "《中华人民共和国政府信息公开条例》第三十条",
	"other_unpaid_fee":           "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
	"other_misc":                 "《中华人民共和国政府信息公开条例》",
}

// decisionReasons is the operative sentence of the 答复告知书 of each
// outcome (table 三 row).
var decisionReasons = map[string]string{
	"granted":                    "您申请获取的政府信息属于公开范围，本机关予以公开，现将该信息提供给您（或告知获取该信息的方式、途径和时间）。",
	"partly_granted":             "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的部分，并说明不予公开部分的理由。",
	"withheld_state_secret":      "您申请获取的政府信息属于国家秘密，依法不予公开。",
	"withheld_law_forbidden":     "您申请获取的政府信息属于法律、行政法规禁止公开的信息，依法不予公开。",
	"withheld_security":          "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。",
	"withheld_third_party":       "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，第三方不同意公开，依法不予公开。",
	"withheld_internal":          "您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，可以不予公开。",
	"withheld_process":           "您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，可以不予公开。",
	"withheld_enforcement_file":  "您申请获取的政府信息属于行政执法案卷信息，可以不予公开。",
	"withheld_query":             "您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请按照有关规定办理。",
	"unavailable_not_held":       "经检索，本机关未制作或者获取您申请的政府信息，该政府信息不存在。",
	"unavailable_needs_creation": "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。",
	"unavailable_unclear":        "经补正后，您的申请内容仍不明确，本机关无法提供。",
	"declined_petition":          "您以政府信息公开申请的形式进行信访、投诉、举报等活动，请按照有关法律、行政法规的规定办理，本机关不作为政府信息公开申请处理。",
	"declined_duplicate":         "您就同一政府信息向本机关重复申请公开，本机关已经作出答复，不再重复处理。",
	"declined_publication":       "您申请获取的是公开出版物，请通过公开渠道获取，本机关不作为政府信息公开申请处理。",
	"declined_excessive":         "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，理由不合理，本机关不予处理。",
	"declined_confirmation":      "您要求本机关确认或者重新出具已获取的信息，本机关不作为政府信息公开申请处理。",
	"other_no_clarification":     "本机关已告知您对申请作出补正，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
	"other_unpaid_fee":           "本机关已向您发出收费通知，您逾期未缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
	"other_misc":                 "本机关对您的申请作如下处理。",
}

// Letter is a letter ready to print or save as DOCX.
type Letter struct {
	Name       string
	Agency     string
	Number     string   // 文书编号
	Paragraphs []string // the first is the addressee
	Date       string   // 2026年3月12日
}

// letterData is what the letter bodies see.
type letterData struct {
	Applicant, ID, Subject, ReceivedOn, DueOn, TermOn, Note, Ref, Article, Reason, ReviewOrgan, FeeBasis string
	Days, Amount                                                                                         int
	Withheld                                                                                             []string
	Agency2                                                                                              bool
}

// buildLetter writes the letter of event i of req. applicant is the
// addressee's name ("" for 申请人); parent names the review organ.
func (s *Server) buildLetter(req *gongkai.Request, i int, agency *gongkai.Agency, parent *gongkai.Agency, applicant string) (*Letter, error) {
	spec := letterOf(req, i)
	if spec == nil {
		return nil, gongkai.Errorf(gongkai.ENOTFOUND, "该步骤没有文书")
	}
	e := req.Events[i]
	d := letterData{Applicant: applicant, ID: req.ID, Subject: req.Subject, ReceivedOn: chineseDate(req.ReceivedOn()),
		Note: e.Note, Ref: e.Ref, Days: e.Days, Amount: e.Amount, Withheld: e.Withheld, Agency2: e.Party == gongkai.OtherAgency}
	if d.Applicant == "" {
		d.Applicant = "申请人"
	}
	d.ReviewOrgan = "上一级人民政府"
	if parent != nil {
		d.ReviewOrgan = parent.Name
	}
	// The status just after this event gives its terms and deadline.
	upto := *req
	upto.Events = req.Events[:i+1]
	st, err := s.policy.Status(&upto)
	if err != nil {
		return nil, err
	}
	if due, err := s.policy.Due(&upto); err == nil {
		d.DueOn = chineseDate(due.Date)
	}
	switch e.Kind {
	case gongkai.EventClarificationRequested:
		d.TermOn = chineseDate(st.ClarificationDueOn)
	case gongkai.EventFeeNoticed:
		d.TermOn = chineseDate(st.FeeDueOn)
		if e.FeeMethod == gongkai.FeePerPage {
			d.FeeBasis = fmt.Sprintf("按量收费，共%d页", e.Units)
		} else {
			d.FeeBasis = fmt.Sprintf("按件收费，本月此前已申请%d件", e.PriorItems)
		}
	case gongkai.EventDecided, gongkai.EventClarificationLapsed, gongkai.EventFeeLapsed:
		d.Reason = decisionReasons[st.Outcome]
		d.Article = st.Article
		if d.Article == "" || st.Outcome == "other_no_clarification" || st.Outcome == "other_unpaid_fee" {
			d.Article = decisionArticles[st.Outcome]
		}
		if !strings.Contains(d.Article, "《") {
			d.Article = "《中华人民共和国政府信息公开条例》" + strings.TrimPrefix(d.Article, "条例")
		}
	}
	var b bytes.Buffer
	if err := letterTemplates.ExecuteTemplate(&b, spec.Template, d); err != nil {
		return nil, err
	}
	l := &Letter{Name: spec.Name, Agency: agency.Name, Number: req.ID + "-" + strconv.Itoa(i+1), Date: chineseDate(e.On)}
	for _, line := range strings.Split(b.String(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			l.Paragraphs = append(l.Paragraphs, line)
		}
	}
	return l, nil
}

// LetterPage is a letter's A4 print view.
type LetterPage struct {
	Base
	Letter   *Letter
	DOCX     string // the download link, "" for none
	Back     string
	BackText string
}

func init() {
	register("letter", &LetterPage{Letter: &Letter{Name: "受理回执", Agency: "安溪县教育局", Number: "R1-1", Paragraphs: []string{"申请人：", "正文"}, Date: "2026年1月5日"}, DOCX: "/x.docx", Back: "/", BackText: "返回"})
}

func (s *Server) registerLetterRoutes() {
	s.handle("GET /console/requests/{id}/letters/{file}", s.handleConsoleLetter)
	s.handle("GET /track/{id}/letters/{n}", s.handlePublicLetter)
}

// letterIndex parses "3" or "3.docx".
func letterIndex(file string, n int) (int, string, error) {
	num, ext, _ := strings.Cut(file, ".")
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 || i >= n || (ext != "" && ext != "docx") {
		return 0, "", gongkai.Errorf(gongkai.ENOTFOUND, "文书不存在")
	}
	return i, ext, nil
}

// handleConsoleLetter handles the "GET /console/requests/{id}/letters/{n}"
// route (print view) and ".../{n}.docx" (Word download).
func (s *Server) handleConsoleLetter(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	req, ap, err := s.svc.Request(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	i, ext, err := letterIndex(r.PathValue("file"), len(req.Events))
	if err != nil {
		return err
	}
	name := ""
	if ap != nil {
		name = ap.Name
	}
	l, err := s.letterFor(r, req, i, name)
	if err != nil {
		return err
	}
	if ext == "docx" {
		return writeLetterDOCX(w, l)
	}
	s.renderLetter(w, r, &LetterPage{Base: Base{Title: l.Name}, Letter: l, DOCX: r.URL.Path + ".docx",
		Back: "/console/requests/" + req.ID, BackText: "返回申请"})
	return nil
}

func (s *Server) letterFor(r *http.Request, req *gongkai.Request, i int, applicant string) (*Letter, error) {
	ag, err := s.store.Agency(r.Context(), req.Agency)
	if err != nil {
		return nil, err
	}
	var parent *gongkai.Agency
	if ag.ParentID != "" {
		parent, _ = s.store.Agency(r.Context(), ag.ParentID)
	}
	return s.buildLetter(req, i, ag, parent, applicant)
}

// handlePublicLetter handles the "GET /track/{id}/letters/{n}?t=TOKEN"
// route: a letter sent to the applicant, addressed to 申请人 (no personal
// data on the page).
func (s *Server) handlePublicLetter(w http.ResponseWriter, r *http.Request) error {
	id, tok := r.PathValue("id"), r.URL.Query().Get("t")
	if _, err := s.trackStatus(r, id, tok); err != nil {
		return err
	}
	req, err := s.store.Request(r.Context(), id)
	if err != nil {
		return err
	}
	i, ext, err := letterIndex(r.PathValue("n"), len(req.Events))
	if err != nil || ext != "" || letterOf(req, i) == nil || !letterOf(req, i).ToApplicant {
		return gongkai.Errorf(gongkai.ENOTFOUND, "文书不存在")
	}
	l, err := s.letterFor(r, req, i, "")
	if err != nil {
		return err
	}
	s.renderLetter(w, r, &LetterPage{Base: Base{Title: l.Name}, Letter: l, Back: s.trackURL(id), BackText: "返回办理进度"})
	return nil
}

func (s *Server) renderLetter(w http.ResponseWriter, r *http.Request, p *LetterPage) {
	s.render(w, r, http.StatusOK, "letter", p)
}
