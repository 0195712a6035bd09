package gongkai_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"gongkai"
)

func TestMaskPersonalData(t *testing.T) {
	for _, test := range []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"Name", gongkai.MaskName, "张三丰", "张**"},
		{"NameOne", gongkai.MaskName, "李", "李"},
		{"NameEmpty", gongkai.MaskName, "", ""},
		{"IDNumber", gongkai.MaskIDNumber, "110101199003071234", "1101**********1234"},
		{"IDNumberShort", gongkai.MaskIDNumber, "12345", "*****"},
		{"Phone", gongkai.MaskPhone, "13812345678", "138****5678"},
	} {
		t.Run(test.name, func(t *testing.T) {
			if got := test.fn(test.in); got != test.want {
				t.Fatalf("got %q, want %q", got, test.want)
			}
		})
	}
}

func TestAuditJSON(t *testing.T) {
	a := &gongkai.ApplicantRecord{ID: "ap-1", Type: gongkai.NaturalPerson, Name: "张三丰", IDNumber: "110101199003071234", Phone: "13812345678"}
	r := &gongkai.Request{ID: "R1", Applicant: gongkai.Applicant{ID: "ap-1", Name: "张三丰", Type: gongkai.NaturalPerson}}
	u := &gongkai.User{ID: "u1", PasswordHash: "$argon2id$secret"}
	rep := &gongkai.AnnualReport{Agency: "a", Year: 2024, Body: []byte(`{"x":1}`)}
	for _, test := range []struct {
		name   string
		v      any
		absent []string
		has    []string
	}{
		{"Applicant", a, []string{"张三丰", "110101199003071234", "13812345678"}, []string{"张**", "138****5678"}},
		{"Request", r, []string{"张三丰"}, []string{"张**", "R1"}},
		{"User", u, []string{"secret"}, []string{"(set)"}},
		{"Report", rep, []string{`{"x":1}`}, []string{"sha256:"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			got := string(gongkai.AuditJSON(test.v))
			for _, s := range test.absent {
				if strings.Contains(got, s) {
					t.Fatalf("%s holds %q", got, s)
				}
			}
			for _, s := range test.has {
				if !strings.Contains(got, s) {
					t.Fatalf("%s lacks %q", got, s)
				}
			}
		})
	}
	if a.Name != "张三丰" || r.Applicant.Name != "张三丰" || u.PasswordHash == "(set)" {
		t.Fatal("AuditJSON changed its argument")
	}
	if gongkai.AuditJSON(nil) != nil || gongkai.AuditJSON((*gongkai.User)(nil)) != nil {
		t.Fatal("AuditJSON(nil) is not nil")
	}
}

func TestRequireActor(t *testing.T) {
	if _, err := gongkai.RequireActor(context.Background()); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Fatalf("RequireActor without actor = %v", err)
	}
	a, err := gongkai.RequireActor(gongkai.WithActor(context.Background(), "u1"))
	if a != "u1" || err != nil {
		t.Fatalf("RequireActor = %q, %v", a, err)
	}
}

// TestAuditJSONItem: an item is written to the audit log as its own JSON,
// nothing masked (sqlstore.CreateItems reuses the item's JSON as the
// audit entry's).
func TestAuditJSONItem(t *testing.T) {
	it := &gongkai.Item{ID: "x", Title: "关于做好低保工作的通知", Agency: "a", Body: "<p>联系电话13800138000</p>",
		DraftedBy: "clerk", Review: gongkai.Review{Reviewer: "r", SecrecyReviewed: true}}
	want, err := json.Marshal(it)
	if err != nil {
		t.Fatal(err)
	}
	if got := gongkai.AuditJSON(it); string(got) != string(want) {
		t.Fatalf("AuditJSON(item) = %s, want %s", got, want)
	}
}
