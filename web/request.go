package web

import (
	"gongkai/api"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
)

// RequestPage is a request in the console: its facts, timeline, deadline,
// the letters, and a form for each step the statute allows now.
type RequestPage struct {
	Base
	Request   *gongkai.Request
	Agency    string
	Applicant *gongkai.ApplicantRecord // nil unless the user may see it
	Status    *gongkai.Status
	Due       *gongkai.Due
	Version   int
	Timeline  []TimelineEntry
	Actions   []ActionView
	Appeals   []*gongkai.Appeal
	Error     string
	Today     string // YYYY-MM-DD, the default date of the forms
	Outcomes  []Option
	Articles  map[string]string
}

// TimelineEntry is one event with its letter, if it has one.
type TimelineEntry struct {
	Index  int
	Event  gongkai.Event
	Letter string // the letter's name, "" for none
}

// ActionView is one allowed step.
type ActionView struct {
	Kind  gongkai.EventKind
	Label string
	Ref   string
}

func init() {
	req := &gongkai.Request{ID: "R1", Agency: "anxi", Subject: "预算", Events: []gongkai.Event{{Kind: gongkai.EventReceived}}}
	register("request", &RequestPage{Request: req, Agency: "安溪县人民政府", Applicant: &gongkai.ApplicantRecord{Name: "张三"},
		Status: &gongkai.Status{State: gongkai.StateOpen, Flags: []gongkai.Flag{{Message: "迟"}}}, Due: &gongkai.Due{Trace: []string{"x"}},
		Timeline: []TimelineEntry{{0, req.Events[0], "受理回执"}}, Appeals: []*gongkai.Appeal{{ID: "A1", Kind: gongkai.AppealReview}},
		Actions: actionViews([]gongkai.Action{{Kind: gongkai.EventDecided}, {Kind: gongkai.EventConsultationEnded, Ref: "c"},
			{Kind: gongkai.EventClarificationRequested}, {Kind: gongkai.EventExtended}, {Kind: gongkai.EventFeeNoticed},
			{Kind: gongkai.EventConsultationStarted}, {Kind: gongkai.EventReasonsAccepted}, {Kind: gongkai.EventWithdrawn}}),
		Outcomes: outcomeOptions(), Articles: decisionArticles})
}

func (s *Server) registerRequestRoutes() {
	s.handle("GET /console/requests/{id}", s.handleRequest)
	s.handle("POST /console/requests/{id}/events", s.handleEvent)
}

func actionViews(as []gongkai.Action) []ActionView {
	out := make([]ActionView, len(as))
	for i, a := range as {
		out[i] = ActionView{Kind: a.Kind, Label: eventLabel(a.Kind), Ref: a.Ref}
	}
	return out
}

// outcomeOptions lists the outcomes a decision may carry (the lapses are
// their own events), labelled from the national format.
func outcomeOptions() []Option {
	var out []Option
	for _, o := range gongkai.Outcomes {
		if o == "other_no_clarification" || o == "other_unpaid_fee" {
			continue
		}
		out = append(out, Option{o, outcomeLabel(o)})
	}
	return out
}

// requestPage loads a request for u (authorization in Service.Request).
func (s *Server) requestPage(r *http.Request, u *gongkai.User, id string) (*RequestPage, error) {
	req, ap, err := s.svc.Request(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	st, err := s.policy.Status(req)
	if err != nil {
		return nil, err
	}
	p := &RequestPage{Base: Base{Title: "申请 " + req.ID}, Request: req, Applicant: ap, Status: st, Version: len(req.Events),
		Today: s.today().String(), Outcomes: outcomeOptions(), Articles: decisionArticles}
	if a, err := s.store.Agency(r.Context(), req.Agency); err == nil {
		p.Agency = a.Name
	}
	if d, err := s.policy.Due(req); err == nil && st.State != gongkai.StateClosed {
		p.Due = &d
	}
	for i, e := range req.Events {
		te := TimelineEntry{Index: i, Event: e}
		if l := letterOf(req, i); l != nil {
			te.Letter = l.Name
		}
		p.Timeline = append(p.Timeline, te)
	}
	acts, err := s.policy.Actions(req, s.today())
	if err != nil {
		return nil, err
	}
	p.Actions = actionViews(acts)
	if p.Appeals, err = s.store.Appeals(r.Context(), gongkai.AppealFilter{RequestID: req.ID}); err != nil {
		return nil, err
	}
	return p, nil
}

// handleRequest handles the "GET /console/requests/{id}" route.
func (s *Server) handleRequest(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := s.requestPage(r, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "request", p)
	return nil
}

// parseEvent reads an action form into an event.
func parseEvent(r *http.Request) (gongkai.Event, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	bad := func(msg string) (gongkai.Event, error) {
		return gongkai.Event{}, gongkai.Errorf(gongkai.EINVALID, "%s", msg)
	}
	e := gongkai.Event{Kind: gongkai.EventKind(v("kind")), Note: v("note"), Ref: v("ref"), Approver: v("approver"),
		Outcome: v("outcome"), Article: v("article"), Party: gongkai.ConsultParty(v("party")), FeeMethod: gongkai.FeeMethod(v("fee_method"))}
	date := func(k string) (gongkai.Date, bool) {
		if v(k) == "" {
			return gongkai.Date{}, true
		}
		d, err := gongkai.ParseDate(v(k))
		return d, err == nil
	}
	var ok bool
	if e.On, ok = date("on"); !ok || e.On.IsZero() {
		return bad("请填写正确的日期")
	}
	if e.NoticeOn, ok = date("notice_on"); !ok {
		return bad("告知日期不正确")
	}
	if e.DueOn, ok = date("due_on"); !ok {
		return bad("期限日期不正确")
	}
	num := func(k string) (int, bool) {
		if v(k) == "" {
			return 0, true
		}
		n, err := strconv.Atoi(v(k))
		return n, err == nil && n >= 0
	}
	for k, dst := range map[string]*int{"days": &e.Days, "units": &e.Units, "prior_items": &e.PriorItems, "amount": &e.Amount} {
		if *dst, ok = num(k); !ok {
			return bad("请填写正确的数字")
		}
	}
	for _, line := range strings.Split(r.PostFormValue("withheld"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			e.Withheld = append(e.Withheld, line)
		}
	}
	if e.Kind == gongkai.EventFeeNoticed && v("amount") == "" {
		// The schedule of 国办函〔2020〕109号 gives the amount (gongkai.QuoteFee).
		e.Amount, _ = gongkai.QuoteFee(e.FeeMethod, e.Units, e.PriorItems)
	}
	if e.Kind == gongkai.EventDecided && e.Article == "" {
		e.Article = decisionArticles[e.Outcome]
	}
	return e, nil
}

// handleEvent handles the "POST /console/requests/{id}/events" route: one
// step, checked by Service.RecordEvent against the statute and the version
// the clerk saw (a conflict asks to reload).
func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	version, err := strconv.Atoi(r.PostFormValue("expected_version"))
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "表单缺少版本号，请刷新页面")
	}
	e, err := parseEvent(r)
	if err == nil {
		_, err = s.svc.RecordEvent(r.Context(), u, id, version, e)
	}
	if code := gongkai.ErrorCode(err); code == gongkai.EINVALID || code == gongkai.ECONFLICT {
		p, perr := s.requestPage(r, u, id)
		if perr != nil {
			return perr
		}
		p.Error = gongkai.ErrorMessage(err)
		if code == gongkai.ECONFLICT {
			p.Error = "该申请已被他人更新，请刷新页面查看最新情况后重新操作。"
		} else if re, ok := err.(*gongkai.Error); ok && re.Rule != "" {
			p.Error = ruleHint(re.Rule) + "（" + re.Rule + "：" + re.Message + "）"
		}
		s.render(w, r, status(err), "request", p)
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/console/requests/"+id+"?ok="+urlQuery("已记录："+eventLabel(e.Kind)))
}

// ruleHints says in Chinese what a rule of the statute requires, for the
// message of a refused step (the domain's own message follows it).
var ruleHints = map[string]string{
	"条例第三十条":                "补正须自收到申请之日起7个工作日内一次性告知，并给予申请人合理的补正期限；视为放弃申请须在补正期限届满之后记录。",
	"条例第三十一条":               "收到申请之日依提交渠道确定。",
	"条例第三十二条":               "征求意见须写明被征求意见方（名称不能与本申请已有的征求意见重复），结束征求意见须对应尚在进行的征求。",
	"条例第三十三条":               "延期答复只能一次、不超过20个工作日，并须在答复期限内经机构负责人批准并告知申请人；答复须在申请处于办理中时作出。",
	"条例第三十五条":               "要求说明理由须给予申请人期限；因无正当理由大量反复申请而不予处理，须先要求说明理由。",
	"条例第三十六条":               "答复须写明所依据的条款。",
	"条例第三十七条":               "部分公开须写明不予公开部分及其理由。",
	"国办函〔2020〕109号":         "信息处理费须按《政府信息公开信息处理费管理办法》的标准计算，在答复期限内发出收费通知；申请人自收到通知次日起20个工作日内缴费。",
	"event.future":          "日期不能晚于今天。",
	"event.order":           "日期不能早于上一步骤的日期。",
	"event.date":            "请填写日期。",
	"request.closed":        "该申请已办结，不能再办理其他步骤。",
	"annual-report.outcome": "办理结果须为年度报告表三中的一项；逾期不补正、逾期不缴费由相应步骤记录。",
}

// ruleHint returns the hint of a rule, or a general one.
func ruleHint(rule string) string {
	if h, ok := ruleHints[rule]; ok {
		return "该操作不符合规定：" + h
	}
	return "该操作不符合规定。"
}
