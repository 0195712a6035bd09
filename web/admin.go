package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai"
)

// UsersPage lists the staff accounts (admins only), with the forms to
// create one and to set a password.
type UsersPage struct {
	Base
	Users     []*gongkai.User
	Names     map[string]string // agency names
	Agencies  []AgencyNode
	CanCreate bool // a password hasher is configured
	Error     string
}

// AgenciesPage lists the agencies with their 公开指南 contact data (admins
// only), each editable.
type AgenciesPage struct {
	Base
	Agencies []AgencyNode
	Error    string
}

// AuditPage is the audit log, newest first (admins only). It shows who did
// what to which record, never the records' content (applicants' data).
type AuditPage struct {
	Base
	Entries []*gongkai.AuditEntry
	Next    int64 // the AfterID of the next page, 0 for none
}

func init() {
	register("users", &UsersPage{Users: []*gongkai.User{{ID: "u1", Login: "admin", Name: "管理员", Role: gongkai.RoleAdmin}}, Names: map[string]string{},
		Agencies: []AgencyNode{{sampleAgency(), 0}}, CanCreate: true, Error: "x"})
	register("agencies", &AgenciesPage{Agencies: []AgencyNode{{sampleAgency(), 0}}, Error: "x"})
	register("audit", &AuditPage{Entries: []*gongkai.AuditEntry{{ID: 1, Actor: "public", Action: "create", Entity: "request", EntityID: "R1", At: time.Unix(0, 0)}}, Next: 1})
}

func (s *Server) registerAdminRoutes() {
	s.handle("GET /console/admin/users", s.handleUsers)
	s.handle("POST /console/admin/users", s.handleUserCreate)
	s.handle("POST /console/admin/users/{id}", s.handleUserUpdate)
	s.handle("GET /console/admin/agencies", s.handleAgencies)
	s.handle("POST /console/admin/agencies", s.handleAgencyCreate)
	s.handle("POST /console/admin/agencies/{id}", s.handleAgencyUpdate)
	s.handle("GET /console/admin/audit", s.handleAudit)
}

func (s *Server) usersPage(r *http.Request) (*UsersPage, error) {
	us, err := s.store.Users(r.Context(), gongkai.UserFilter{})
	if err != nil {
		return nil, err
	}
	names, err := s.agencyNames(r)
	if err != nil {
		return nil, err
	}
	tree, err := s.agencyTree(r)
	if err != nil {
		return nil, err
	}
	return &UsersPage{Base: Base{Title: "用户"}, Users: us, Names: names, Agencies: tree, CanCreate: s.hasher != nil}, nil
}

// handleUsers handles the "GET /console/admin/users" route.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	p, err := s.usersPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users", p)
	return nil
}

// usersFail re-renders a page with an EINVALID or ECONFLICT message.
func (s *Server) usersFail(w http.ResponseWriter, r *http.Request, err error) error {
	if c := gongkai.ErrorCode(err); c != gongkai.EINVALID && c != gongkai.ECONFLICT && c != gongkai.ENOTFOUND {
		return err
	}
	p, perr := s.usersPage(r)
	if perr != nil {
		return perr
	}
	p.Error = gongkai.ErrorMessage(err)
	s.render(w, r, status(err), "users", p)
	return nil
}

// handleUserCreate handles the "POST /console/admin/users" route: a new
// account with its initial password (at least gongkai.MinPasswordLength
// characters).
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	admin, err := s.checkForm(r)
	if err != nil {
		return err
	}
	if s.hasher == nil {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "未配置密码服务，不能在此创建用户")
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	u := &gongkai.User{ID: "u-" + v("login"), Login: v("login"), Name: v("name"), Role: gongkai.Role(v("role")),
		AgencyID: v("agency"), IncludeSubtree: r.PostFormValue("subtree") == "1"}
	if u.Role == gongkai.RoleAdmin {
		u.AgencyID, u.IncludeSubtree = "", false
	}
	if err := u.Validate(); err != nil {
		return s.usersFail(w, r, err)
	}
	if err := u.SetPassword(s.hasher, r.PostFormValue("password")); err != nil {
		return s.usersFail(w, r, err)
	}
	if err := s.store.CreateUser(gongkai.WithActor(r.Context(), "user:"+admin.ID), u); err != nil {
		return s.usersFail(w, r, err)
	}
	return seeOther(w, r, "/console/admin/users?ok="+urlQuery("已保存"))
}

// handleUserUpdate handles the "POST /console/admin/users/{id}" route:
// enable or disable an account (an admin cannot disable themself).
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	var up gongkai.UserUpdate
	if pw := r.PostFormValue("password"); pw != "" {
		if s.hasher == nil {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "未配置密码服务，不能在此设置密码")
		}
		var tmp gongkai.User
		if err := tmp.SetPassword(s.hasher, pw); err != nil {
			return s.usersFail(w, r, err)
		}
		up.PasswordHash = &tmp.PasswordHash
	} else {
		disabled := r.PostFormValue("disabled") == "1"
		if id == u.ID && disabled {
			return s.usersFail(w, r, gongkai.Errorf(gongkai.EINVALID, "不能停用自己的账户"))
		}
		up.Disabled = &disabled
	}
	if _, err := s.store.UpdateUser(gongkai.WithActor(r.Context(), "user:"+u.ID), id, up); err != nil {
		return s.usersFail(w, r, err)
	}
	return seeOther(w, r, "/console/admin/users?ok="+urlQuery("已更新"))
}

// handleAgencies handles the "GET /console/admin/agencies" route.
func (s *Server) handleAgencies(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	tree, err := s.agencyTree(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "agencies", &AgenciesPage{Base: Base{Title: "机关"}, Agencies: tree})
	return nil
}

// handleAgencyUpdate handles the "POST /console/admin/agencies/{id}" route:
// the contact data of the 公开指南.
func (s *Server) handleAgencyUpdate(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	f := func(k string) *string { v := strings.TrimSpace(r.PostFormValue(k)); return &v }
	up := gongkai.AgencyUpdate{Name: f("name"), Address: f("address"), Hours: f("hours"), Phone: f("phone"), Fax: f("fax"), Email: f("email"), Postal: f("postal")}
	_, err = s.store.UpdateAgency(gongkai.WithActor(r.Context(), "user:"+u.ID), r.PathValue("id"), up)
	return s.agencySaved(w, r, err, gongkai.EINVALID, gongkai.ECONFLICT)
}

// handleAgencyCreate handles the "POST /console/admin/agencies" route: a
// new agency under a parent.
func (s *Server) handleAgencyCreate(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	a := &gongkai.Agency{ID: v("id"), ParentID: v("parent"), Name: v("name"), Code: v("code"), ReportScope: gongkai.ReportScope(v("scope")),
		Address: v("address"), Hours: v("hours"), Phone: v("phone"), Email: v("email")}
	err = s.store.CreateAgency(gongkai.WithActor(r.Context(), "user:"+u.ID), a)
	return s.agencySaved(w, r, err, gongkai.EINVALID, gongkai.ECONFLICT, gongkai.ENOTFOUND)
}

// agencySaved answers a save on the agencies page: back to the page with
// the message for an error of one of the shown codes, the error itself for
// any other, and to the list with "已保存" when err is nil.
func (s *Server) agencySaved(w http.ResponseWriter, r *http.Request, err error, shown ...string) error {
	if err != nil && slices.Contains(shown, gongkai.ErrorCode(err)) {
		tree, terr := s.agencyTree(r)
		if terr != nil {
			return terr
		}
		s.render(w, r, status(err), "agencies", &AgenciesPage{Base: Base{Title: "机关"}, Agencies: tree, Error: gongkai.ErrorMessage(err)})
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/console/admin/agencies?ok="+urlQuery("已保存"))
}

// handleAudit handles the "GET /console/admin/audit?after=ID" route: 200
// entries a page, from the oldest after ID.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	const page = 200
	es, err := s.store.AuditEntries(r.Context(), gongkai.AuditFilter{AfterID: after, Limit: page})
	if err != nil {
		return err
	}
	p := &AuditPage{Base: Base{Title: "审计日志"}, Entries: es}
	if len(es) == page {
		p.Next = es[len(es)-1].ID
	}
	s.render(w, r, http.StatusOK, "audit", p)
	return nil
}
