package web

import "gongkai"

var appealKinds = map[gongkai.AppealKind]string{
	gongkai.AppealReview:          "行政复议",
	gongkai.AppealSuitDirect:      "行政诉讼（未经复议直接起诉）",
	gongkai.AppealSuitAfterReview: "行政诉讼（复议后起诉）",
}

var appealOutcomes = map[gongkai.AppealOutcome]string{
	gongkai.AppealUpheld:    "结果维持",
	gongkai.AppealCorrected: "结果纠正",
	gongkai.AppealOther:     "其他结果",
	gongkai.AppealPending:   "尚未审结",
	"":                      "尚未审结",
}

func (s *Server) registerAppealRoutes()         {}
func (s *Server) registerProactiveInputRoutes() {}
func (s *Server) registerWorkspaceRoutes()      {}
func (s *Server) registerAdminRoutes()          {}
