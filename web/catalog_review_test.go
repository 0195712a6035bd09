package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"gongkai/demo"
)

// The reviewer's queue lists what every agency sent for review, and only
// reviewers and admins see it.
func TestReviewQueue(t *testing.T) {
	fx := mustFixture(t)
	ctx := context.Background()
	clerk := mustUser(t, fx, "clerk-anxi-jyj")
	it := consoleItemFor(t, fx, "anxi-jyj")
	it, err := fx.svc.SubmitItem(ctx, clerk, it.ID, it.Version)
	if err != nil {
		t.Fatal(err)
	}
	c := fx.client(t)
	c.login("clerk-anxi-jyj", demo.ClerkPassword)
	if p := c.get("/console/review"); p.status != http.StatusForbidden {
		t.Fatalf("clerk: status %d, want 403", p.status)
	}
	rv := fx.client(t)
	rv.login("reviewer", demo.ClerkPassword)
	p := rv.get("/console/review")
	wantStatus(t, "queue", p, http.StatusOK, "待审核（送审）", "安溪县教育局", "/console/items/"+it.ID)
	sub := p.body[strings.Index(p.body, `id="queue-submitted"`):strings.Index(p.body, "已审核待发布")]
	if !strings.Contains(sub, it.ID) {
		t.Fatalf("the submitted item is not in the 送审 table:\n%s", sub)
	}
	if !strings.Contains(p.body, `href="/console/review"`) {
		t.Error("the console navigation lacks the queue for a reviewer")
	}
}
