package web

import (
	"fmt"

	"gongkai"
	"gongkai/report"
)

// chineseDate writes a date as 2026年3月12日 ("" for the zero date).
func chineseDate(d gongkai.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

var stateLabels = map[gongkai.State]string{
	gongkai.StateOpen:            "办理中",
	gongkai.StateClarifying:      "待申请人补正",
	gongkai.StateAwaitingFee:     "待缴纳信息处理费",
	gongkai.StateAwaitingReasons: "待申请人说明理由",
	gongkai.StateClosed:          "已办结",
}

func stateLabel(s gongkai.State) string { return label(stateLabels, s) }

var eventLabels = map[gongkai.EventKind]string{
	gongkai.EventReceived:               "收到申请",
	gongkai.EventClarificationRequested: "告知补正",
	gongkai.EventClarificationReceived:  "收到补正",
	gongkai.EventClarificationLapsed:    "逾期未补正",
	gongkai.EventConsultationStarted:    "征求意见",
	gongkai.EventConsultationEnded:      "征求意见结束",
	gongkai.EventExtended:               "延期答复",
	gongkai.EventFeeNoticed:             "发出收费通知",
	gongkai.EventFeePaid:                "缴纳信息处理费",
	gongkai.EventFeeLapsed:              "逾期未缴费",
	gongkai.EventReasonsRequested:       "要求说明理由",
	gongkai.EventReasonsAccepted:        "理由成立",
	gongkai.EventDecided:                "作出答复",
	gongkai.EventWithdrawn:              "申请人撤回申请",
	gongkai.EventReopened:               "依复议决定或判决重新答复",
}

func eventLabel(k gongkai.EventKind) string { return label(eventLabels, k) }

// outcomeLabel names a table 三 outcome with the labels of the national
// format (report/layout.go), its group first: "（三）不予公开 4.保护第三方合法权益".
func outcomeLabel(id string) string {
	def := report.LayoutOf(report.V2021).Requests
	if id == "other" {
		id = "other_misc"
	}
	row := def.Row(id)
	if row == nil {
		return id
	}
	if g := def.Group(row.Group); g != nil && g.ID != "outcomes" {
		return g.Label + " " + row.Label
	}
	return row.Label
}

var applicantTypeLabels = map[gongkai.ApplicantType]string{
	gongkai.NaturalPerson: "自然人",
	gongkai.Commercial:    "商业企业",
	gongkai.Research:      "科研机构",
	gongkai.SocialWelfare: "社会公益组织",
	gongkai.LegalService:  "法律服务机构",
	gongkai.OtherOrg:      "其他组织",
}

func applicantTypeLabel(t gongkai.ApplicantType) string { return label(applicantTypeLabels, t) }

func formatNumber(v float64) string { return report.FormatNumber(v) }

// actorLabel names who recorded a step: the applicant through the portal,
// or the user's id.
func actorLabel(by string) string {
	if by == gongkai.PublicActor {
		return "申请人（网上）"
	}
	return by
}

// label returns the Chinese label of k in m, or k itself when m has none
// (a value newer than the labels shows as it is rather than as nothing).
func label[K ~string](m map[K]string, k K) string {
	if l, ok := m[k]; ok {
		return l
	}
	return string(k)
}
