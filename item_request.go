package gongkai

import (
	"context"
	"html"
)

// ItemFromRequest starts a catalog item from an answered request whose
// information was disclosed (予以公开 or 部分公开): 条例第四十四条 lets the
// agency bring information that several applicants asked for, and that can
// be disclosed, into its proactive disclosure. This is how the public part
// of an answered request becomes public and searchable: what was asked
// (the subject) and the answer, never who asked. The draft goes through
// the same review and privacy check as any item — the applicant's name is
// among the names the scan looks for.
func (s *Service) ItemFromRequest(ctx context.Context, u *User, requestID string) (*Item, error) {
	r, err := s.Store.Request(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorize(ctx, u, r.Agency); err != nil {
		return nil, err
	}
	on, outcome, ok := r.FirstClosure()
	if !ok || (outcome != "granted" && outcome != "partly_granted") {
		return nil, itemInvalid("条例第四十四条", "只有已答复予以公开或部分公开的申请，其信息可以纳入主动公开")
	}
	ag, err := s.Store.Agency(ctx, r.Agency)
	if err != nil {
		return nil, err
	}
	answer := "予以公开"
	if outcome == "partly_granted" {
		answer = "部分公开（区分处理）"
	}
	it := &Item{
		Agency: r.Agency, Title: r.Subject, Issuer: ag.Name, WrittenOn: on,
		Topic: [2]string{"政务公开", "依申请公开"}, Article20Item: 15, Attribute: AttrProactive,
		FromRequest: r.ID,
		Body: "<p>" + html.EscapeString("申请公开的信息："+r.Subject) + "</p><p>" +
			html.EscapeString("答复："+answer+"，"+on.Chinese()+"作出答复。") + "</p>" +
			"<p>依据《中华人民共和国政府信息公开条例》第四十四条，该信息纳入主动公开范围。</p>",
	}
	if err := s.CreateItem(ctx, u, it); err != nil {
		return nil, err
	}
	return it, nil
}
