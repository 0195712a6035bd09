package storetest

import (
	"strings"
	"testing"

	"gongkai"
)

func testAgency(t *testing.T, s gongkai.Store) {
	c := ctx()
	root := &gongkai.Agency{ID: "county", Name: "某某县人民政府", Code: creditCode("11350524004131234"), ReportScope: gongkai.ScopeSubtree,
		Address: "某某县城关镇", Hours: "工作日 8:00-12:00", Phone: "0595-12345678"}
	must(t, s.CreateAgency(c, root))
	got, err := s.Agency(c, "county")
	must(t, err)
	sameJSON(t, "agency", root, got)

	for _, test := range []struct {
		name string
		a    gongkai.Agency
		code string
	}{
		{"DuplicateID", gongkai.Agency{ID: "county", Name: "x", ReportScope: gongkai.ScopeOwn}, gongkai.ECONFLICT},
		{"DuplicateCode", gongkai.Agency{ID: "other", Name: "x", Code: root.Code, ReportScope: gongkai.ScopeOwn}, gongkai.ECONFLICT},
		{"MissingParent", gongkai.Agency{ID: "edu", ParentID: "nope", Name: "x", ReportScope: gongkai.ScopeOwn}, gongkai.ENOTFOUND},
		{"NoName", gongkai.Agency{ID: "edu", Name: " ", ReportScope: gongkai.ScopeOwn}, gongkai.EINVALID},
		{"BadScope", gongkai.Agency{ID: "edu", Name: "x", ReportScope: "sum"}, gongkai.EINVALID},
		{"BadCreditCode", gongkai.Agency{ID: "edu", Name: "x", Code: badCreditCode("11350524004131234"), ReportScope: gongkai.ScopeOwn}, gongkai.EINVALID},
	} {
		t.Run(test.name, func(t *testing.T) {
			a := test.a
			wantCode(t, s.CreateAgency(c, &a), test.code)
		})
	}
	_, err = s.Agency(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)
	if n := auditCount(t, s, gongkai.EntityAgency, "county"); n != 1 {
		t.Fatalf("audit entries for county = %d, want 1 (failed writes leave none)", n)
	}

	name := "某某县人民政府办公室"
	up, err := s.UpdateAgency(c, "county", gongkai.AgencyUpdate{Name: &name})
	must(t, err)
	if up.Name != name || up.Code != root.Code {
		t.Fatalf("updated agency = %+v", up)
	}
	e := lastAudit(t, s, gongkai.EntityAgency, "county")
	if e.Action != "update" || e.Actor != Actor || !strings.Contains(string(e.Before), "某某县人民政府\"") ||
		!strings.Contains(string(e.After), name) {
		t.Fatalf("audit entry = %+v before %s after %s", e, e.Before, e.After)
	}
	_, err = s.UpdateAgency(c, "nope", gongkai.AgencyUpdate{Name: &name})
	wantCode(t, err, gongkai.ENOTFOUND)
	bad := gongkai.ReportScope("all")
	_, err = s.UpdateAgency(c, "county", gongkai.AgencyUpdate{ReportScope: &bad})
	wantCode(t, err, gongkai.EINVALID)
}

func testAgencyTree(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "edu", "county")
	MustCreateAgency(t, s, "town", "county")
	MustCreateAgency(t, s, "school", "edu")
	MustCreateAgency(t, s, "other", "")

	path, err := s.AgencyPath(c, "school")
	must(t, err)
	sameJSON(t, "path", []string{"county", "edu", "school"}, path)
	_, err = s.AgencyPath(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)

	sub, err := s.Subtree(c, "county")
	must(t, err)
	var ids []string
	for _, a := range sub {
		ids = append(ids, a.ID)
	}
	sameJSON(t, "subtree", []string{"county", "edu", "town", "school"}, ids)
	_, err = s.Subtree(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)

	for _, test := range []struct {
		name   string
		parent *string
		want   []string
	}{
		{"All", nil, []string{"county", "edu", "other", "school", "town"}},
		{"Roots", ptr(""), []string{"county", "other"}},
		{"Children", ptr("county"), []string{"edu", "town"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			as, err := s.Agencies(c, gongkai.AgencyFilter{ParentID: test.parent})
			must(t, err)
			var got []string
			for _, a := range as {
				got = append(got, a.ID)
			}
			sameJSON(t, "agencies", test.want, got)
		})
	}
	as, err := s.Agencies(c, gongkai.AgencyFilter{Offset: 1, Limit: 2})
	must(t, err)
	if len(as) != 2 || as[0].ID != "edu" {
		t.Fatalf("page = %v", as)
	}

	// Moving an agency below its own descendant would make a cycle.
	_, err = s.UpdateAgency(c, "edu", gongkai.AgencyUpdate{ParentID: ptr("school")})
	wantCode(t, err, gongkai.EINVALID)
	_, err = s.UpdateAgency(c, "edu", gongkai.AgencyUpdate{ParentID: ptr("nope")})
	wantCode(t, err, gongkai.ENOTFOUND)
	moved, err := s.UpdateAgency(c, "school", gongkai.AgencyUpdate{ParentID: ptr("town")})
	must(t, err)
	if moved.ParentID != "town" {
		t.Fatalf("moved = %+v", moved)
	}
	path, err = s.AgencyPath(c, "school")
	must(t, err)
	sameJSON(t, "path after move", []string{"county", "town", "school"}, path)
}

func ptr[T any](v T) *T { return &v }

func testUser(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "edu", "county")
	admin := &gongkai.User{ID: "u1", Login: "admin", Name: "公开办", Role: gongkai.RoleAdmin, PasswordHash: "$argon2id$secret-hash"}
	must(t, s.CreateUser(c, admin))
	clerk := &gongkai.User{ID: "u2", Login: "edu-clerk", Name: "李四", Role: gongkai.RoleClerk, AgencyID: "edu", IncludeSubtree: true}
	must(t, s.CreateUser(c, clerk))

	got, err := s.User(c, "u1")
	must(t, err)
	sameJSON(t, "user", admin, got)
	got, err = s.UserByLogin(c, "edu-clerk")
	must(t, err)
	sameJSON(t, "user by login", clerk, got)
	_, err = s.User(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)
	_, err = s.UserByLogin(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)

	for _, test := range []struct {
		name string
		u    gongkai.User
		code string
	}{
		{"DuplicateLogin", gongkai.User{ID: "u3", Login: "admin", Role: gongkai.RoleAdmin}, gongkai.ECONFLICT},
		{"DuplicateID", gongkai.User{ID: "u1", Login: "x", Role: gongkai.RoleAdmin}, gongkai.ECONFLICT},
		{"ClerkWithoutAgency", gongkai.User{ID: "u3", Login: "x", Role: gongkai.RoleClerk}, gongkai.EINVALID},
		{"ClerkOfMissingAgency", gongkai.User{ID: "u3", Login: "x", Role: gongkai.RoleClerk, AgencyID: "nope"}, gongkai.ENOTFOUND},
		{"BadRole", gongkai.User{ID: "u3", Login: "x", Role: "root"}, gongkai.EINVALID},
	} {
		t.Run(test.name, func(t *testing.T) {
			u := test.u
			wantCode(t, s.CreateUser(c, &u), test.code)
		})
	}

	us, err := s.Users(c, gongkai.UserFilter{Role: gongkai.RoleClerk})
	must(t, err)
	if len(us) != 1 || us[0].ID != "u2" {
		t.Fatalf("clerks = %v", us)
	}
	us, err = s.Users(c, gongkai.UserFilter{})
	must(t, err)
	if len(us) != 2 || us[0].Login != "admin" {
		t.Fatalf("users = %v", us)
	}

	hash := "$argon2id$new-secret-hash"
	up, err := s.UpdateUser(c, "u2", gongkai.UserUpdate{PasswordHash: &hash, Disabled: ptr(true)})
	must(t, err)
	if up.PasswordHash != hash || !up.Disabled || up.AgencyID != "edu" {
		t.Fatalf("updated user = %+v", up)
	}
	_, err = s.UpdateUser(c, "u2", gongkai.UserUpdate{Role: ptr(gongkai.RoleAdmin)})
	wantCode(t, err, gongkai.EINVALID) // an admin has no agency
	_, err = s.UpdateUser(c, "nope", gongkai.UserUpdate{Disabled: ptr(true)})
	wantCode(t, err, gongkai.ENOTFOUND)

	es, err := s.AuditEntries(c, gongkai.AuditFilter{Entity: gongkai.EntityUser})
	must(t, err)
	if len(es) != 3 {
		t.Fatalf("user audit entries = %d, want 3", len(es))
	}
	for _, e := range es {
		if strings.Contains(string(e.Before)+string(e.After), "secret-hash") {
			t.Fatalf("audit entry holds a password hash: %s %s", e.Before, e.After)
		}
	}
}

// creditCode completes 17 characters into a valid 统一社会信用代码.
func creditCode(prefix string) string {
	for _, c := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		if gongkai.ValidateAgencyCode(prefix+string(c)) == nil {
			return prefix + string(c)
		}
	}
	panic("no check character for " + prefix)
}

// badCreditCode completes 17 characters with a wrong check character.
func badCreditCode(prefix string) string {
	good := creditCode(prefix)
	if good[17] == '0' {
		return prefix + "1"
	}
	return prefix + "0"
}
