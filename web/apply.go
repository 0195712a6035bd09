package web

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai"
)

// ApplyForm is the application form of 条例第二十九条 as submitted.
type ApplyForm struct {
	Agency     string
	Type       string // applicant type (table 三 column)
	Name       string // 姓名或者名称
	IDType     string // 身份证明类型
	IDNumber   string
	Phone      string
	Email      string
	Address    string
	Subject    string // 所需信息的名称、文号或者特征性描述
	Form       string // 信息的形式要求：纸质 / 电子
	Delivery   string // 获取方式：邮寄 / 电子邮件 / 自行领取
	Commitment bool   // 申请人确认所填信息真实
}

// ApplyPage is the online application form.
type ApplyPage struct {
	Base
	Agencies []AgencyNode
	Form     ApplyForm
	Errors   map[string]string // field → message
	Types    []Option
	IDTypes  []Option
	Forms    []Option
	Delivers []Option
}

// Option is a choice of a select or radio group.
type Option struct{ Value, Label string }

// ReceiptPage confirms a submission: the receipt number and the private
// tracking link.
type ReceiptPage struct {
	Base
	ID       string
	TrackURL string
	Agency   string
	Received gongkai.Date
}

// TrackPage is the private tracking page of a request.
type TrackPage struct {
	Base
	Status *gongkai.PublicRequestStatus
	Token  string
	Error  string
}

var (
	applicantTypes = []Option{{"natural_person", "公民（自然人）"}, {"commercial", "商业企业"}, {"research", "科研机构"},
		{"social_welfare", "社会公益组织"}, {"legal_service", "法律服务机构"}, {"other_org", "其他组织"}}
	idTypes       = []Option{{"id_card", "居民身份证"}, {"passport", "护照"}, {"other_person", "其他有效身份证件"}, {"credit_code", "统一社会信用代码证书"}}
	infoForms     = []Option{{"paper", "纸质"}, {"electronic", "电子文本"}}
	deliveryModes = []Option{{"post", "邮寄"}, {"email", "电子邮件"}, {"pickup", "当面领取"}, {"online", "网上查看"}}
)

// LookupPage recovers a lost tracking link from the receipt number and
// the identity number the request was filed with.
type LookupPage struct {
	Base
	ID    string
	Error string
}

func init() {
	register("lookup", &LookupPage{ID: "YS1", Error: "回执编号或证件号码不正确"})
	register("apply", &ApplyPage{Agencies: []AgencyNode{{sampleAgency(), 0}}, Errors: map[string]string{"name": "请填写姓名或者名称"},
		Types: applicantTypes, IDTypes: idTypes, Forms: infoForms, Delivers: deliveryModes})
	register("receipt", &ReceiptPage{ID: "YS20251231ABCDEF", TrackURL: "/track/x?t=y", Agency: "安溪县教育局", Received: gongkai.NewDate(2025, 12, 31)})
	register("track", &TrackPage{Token: "t", Status: &gongkai.PublicRequestStatus{ID: "YS1", AgencyName: "安溪县教育局", State: gongkai.StateClarifying,
		Due: &gongkai.Due{Trace: []string{"收到申请"}}, Steps: []gongkai.PublicStep{{Kind: gongkai.EventReceived}, {Kind: gongkai.EventDecided, Outcome: "granted", Article: "第三十六条"}}}})
}

func (s *Server) registerApplyRoutes() {
	s.handle("GET /apply", s.handleApplyForm)
	s.handle("POST /apply", s.handleApply)
	s.handle("GET /track", s.handleLookupForm)
	s.handle("POST /track", s.handleLookup)
	s.handle("GET /track/{id}", s.handleTrack)
	s.handle("POST /track/{id}/clarification", s.handleClarification)
}

func (s *Server) applyPage(r *http.Request, f ApplyForm, errs map[string]string) (*ApplyPage, error) {
	tree, err := s.agencyTree(r)
	if err != nil {
		return nil, err
	}
	return &ApplyPage{Base: Base{Title: "政府信息公开申请"}, Agencies: tree, Form: f, Errors: errs,
		Types: applicantTypes, IDTypes: idTypes, Forms: infoForms, Delivers: deliveryModes}, nil
}

// handleApplyForm handles the "GET /apply" route.
func (s *Server) handleApplyForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.applyPage(r, ApplyForm{Agency: r.URL.Query().Get("agency"), Type: "natural_person", IDType: "id_card", Form: "electronic", Delivery: "email"}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "apply", p)
	return nil
}

var (
	mobileRE   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineRE = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}$`)
	emailRE    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	creditRE   = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{18}$`)
)

func oneOf(v string, opts []Option) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

func labelOf(v string, opts []Option) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// validIDCard checks a 居民身份证号码 with its GB 11643 check digit.
func validIDCard(id string) bool {
	if len(id) != 18 {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
		sum += int(id[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11] == id[17]
}

// validate checks the form and returns Chinese messages by field.
func (f *ApplyForm) validate() map[string]string {
	e := map[string]string{}
	rc := utf8.RuneCountInString
	if f.Agency == "" {
		e["agency"] = "请选择受理机关"
	}
	if !oneOf(f.Type, applicantTypes) {
		e["type"] = "请选择申请人类型"
	}
	switch {
	case f.Name == "":
		e["name"] = "请填写姓名或者名称"
	case rc(f.Name) > 100:
		e["name"] = "姓名或者名称不能超过100个字"
	}
	switch {
	case !oneOf(f.IDType, idTypes):
		e["id_type"] = "请选择身份证明类型"
	case f.IDNumber == "":
		e["id_number"] = "请填写证件号码"
	case f.IDType == "id_card" && !validIDCard(f.IDNumber):
		e["id_number"] = "居民身份证号码格式不正确（应为18位，末位校验码须正确）"
	case f.IDType == "credit_code" && !creditRE.MatchString(f.IDNumber):
		e["id_number"] = "统一社会信用代码应为18位数字或大写字母"
	case rc(f.IDNumber) > 40:
		e["id_number"] = "证件号码过长"
	}
	if f.Type != "natural_person" && f.IDType != "credit_code" && e["id_type"] == "" {
		e["id_type"] = "法人或者其他组织请选择统一社会信用代码证书"
	}
	switch {
	case f.Phone == "" && f.Email == "":
		e["phone"] = "请至少填写联系电话或者电子邮箱中的一项"
	case f.Phone != "" && !mobileRE.MatchString(f.Phone) && !landlineRE.MatchString(f.Phone):
		e["phone"] = "联系电话格式不正确（手机号11位，固定电话如0595-12345678）"
	}
	if f.Email != "" && !emailRE.MatchString(f.Email) {
		e["email"] = "电子邮箱格式不正确"
	}
	if f.Delivery == "post" && f.Address == "" {
		e["address"] = "选择邮寄的，请填写通信地址"
	}
	if f.Delivery == "email" && f.Email == "" {
		e["email"] = "选择电子邮件获取的，请填写电子邮箱"
	}
	switch {
	case rc(f.Subject) < 5:
		e["subject"] = "请填写所需政府信息的名称、文号或者便于查询的其他特征性描述（不少于5个字）"
	case rc(f.Subject) > 2000:
		e["subject"] = "描述不能超过2000个字"
	}
	if !oneOf(f.Form, infoForms) {
		e["form"] = "请选择信息的形式要求"
	}
	if !oneOf(f.Delivery, deliveryModes) {
		e["delivery"] = "请选择获取信息的方式"
	}
	if !f.Commitment {
		e["commitment"] = "请确认所填信息真实有效"
	}
	return e
}

// newRequestID returns a receipt number: YS, the date, 8 random hex digits.
func newRequestID(d gongkai.Date) string {
	b := make([]byte, 4)
	rand.Read(b)
	return "YS" + strconv.Itoa(d.Year*10000+int(d.Month)*100+d.Day) + strings.ToUpper(hex.EncodeToString(b))
}

// handleApply handles the "POST /apply" route: validate, store the request
// through Service.SubmitRequest (rate-limited per address) and show the
// receipt with the private tracking link.
func (s *Server) handleApply(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := ApplyForm{Agency: v("agency"), Type: v("type"), Name: v("name"), IDType: v("id_type"), IDNumber: strings.ToUpper(v("id_number")),
		Phone: v("phone"), Email: v("email"), Address: v("address"), Subject: v("subject"), Form: v("form"),
		Delivery: v("delivery"), Commitment: r.PostFormValue("commitment") == "yes"}
	errs := f.validate()
	var ag *gongkai.Agency
	if f.Agency != "" {
		var err error
		if ag, err = s.store.Agency(r.Context(), f.Agency); err != nil {
			errs["agency"] = "请选择受理机关"
		}
	}
	if len(errs) > 0 {
		p, err := s.applyPage(r, f, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "apply", p)
		return nil
	}
	if !s.apply.allow(clientIP(r)) {
		return errRate
	}
	today := s.today()
	req := &gongkai.Request{ID: newRequestID(today), Agency: ag.ID, Subject: f.Subject}
	ap := &gongkai.ApplicantRecord{ID: gongkai.ApplicantKey(f.IDNumber), Type: gongkai.ApplicantType(f.Type), Name: f.Name,
		IDNumber: f.IDNumber, Phone: f.Phone, Email: f.Email, Address: f.Address}
	note := "身份证明：" + labelOf(f.IDType, idTypes) + "；信息形式：" + labelOf(f.Form, infoForms) + "；获取方式：" + labelOf(f.Delivery, deliveryModes)
	ev := gongkai.Event{Kind: gongkai.EventReceived, Channel: gongkai.ChannelOnline, ArrivedOn: today, ConfirmedOn: today, Note: note}
	if err := s.svc.SubmitRequest(r.Context(), req, ap, ev); err != nil {
		return err
	}
	s.render(w, r, http.StatusCreated, "receipt", &ReceiptPage{Base: Base{Title: "申请已提交"}, ID: req.ID,
		TrackURL: s.trackURL(req.ID), Agency: ag.Name, Received: today})
	return nil
}

// trackStatus checks the tracking token and returns the public status.
// A wrong token is ENOTFOUND, like a wrong number.
func (s *Server) trackStatus(r *http.Request, id, token string) (*gongkai.PublicRequestStatus, error) {
	if !hmac.Equal([]byte(s.trackToken(id)), []byte(token)) {
		return nil, gongkai.Errorf(gongkai.ENOTFOUND, "未找到该申请，请核对查询链接")
	}
	st, err := s.svc.PublicStatus(r.Context(), id)
	if gongkai.ErrorCode(err) == gongkai.ENOTFOUND {
		return nil, gongkai.Errorf(gongkai.ENOTFOUND, "未找到该申请，请核对查询链接")
	}
	return st, err
}

// handleTrack handles the "GET /track/{id}?t=TOKEN" route: the stage, the
// reply deadline with its explanation and the letters sent.
func (s *Server) handleTrack(w http.ResponseWriter, r *http.Request) error {
	id, tok := r.PathValue("id"), r.URL.Query().Get("t")
	st, err := s.trackStatus(r, id, tok)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "track", &TrackPage{Base: Base{Title: "申请办理进度"}, Status: st, Token: tok})
	return nil
}

// handleClarification handles the "POST /track/{id}/clarification" route:
// the applicant's 补正 (条例第三十条), received today.
func (s *Server) handleClarification(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, tok := r.PathValue("id"), r.PostFormValue("t")
	st, err := s.trackStatus(r, id, tok)
	if err != nil {
		return err
	}
	if !s.apply.allow(clientIP(r)) {
		return errRate
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	err = s.svc.SupplyClarification(r.Context(), id, version, s.today(), r.PostFormValue("text"))
	if code := gongkai.ErrorCode(err); code == gongkai.EINVALID || code == gongkai.ECONFLICT {
		s.render(w, r, status(err), "track", &TrackPage{Base: Base{Title: "申请办理进度"}, Status: st, Token: tok, Error: gongkai.ErrorMessage(err)})
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, s.trackURL(id)+"&ok="+urlQuery("补正内容已提交"))
}

// handleLookupForm handles the "GET /track" route.
func (s *Server) handleLookupForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "lookup", &LookupPage{Base: Base{Title: "查询办理进度"}})
	return nil
}

// handleLookup handles the "POST /track" route: with the receipt number
// and the identity number (Service.CheckApplicant), it redirects to the
// private tracking link. Rate-limited per address like the form.
func (s *Server) handleLookup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if !s.apply.allow(clientIP(r)) {
		return errRate
	}
	id := strings.TrimSpace(r.PostFormValue("id"))
	err := s.svc.CheckApplicant(r.Context(), id, strings.TrimSpace(r.PostFormValue("id_number")))
	if gongkai.ErrorCode(err) == gongkai.ENOTFOUND {
		s.render(w, r, http.StatusNotFound, "lookup", &LookupPage{Base: Base{Title: "查询办理进度"}, ID: id, Error: gongkai.ErrorMessage(err)})
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, s.trackURL(id))
}
