package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai"
)

// UsersPage lists the staff accounts (admins only).
type UsersPage struct {
	Base
	Users []*gongkai.User
	Names map[string]string // agency names
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
	register("users", &UsersPage{Users: []*gongkai.User{{ID: "u1", Login: "admin", Name: "管理员", Role: gongkai.RoleAdmin}}, Names: map[string]string{}})
	register("agencies", &AgenciesPage{Agencies: []AgencyNode{{sampleAgency(), 0}}, Error: "x"})
	register("audit", &AuditPage{Entries: []*gongkai.AuditEntry{{ID: 1, Actor: "public", Action: "create", Entity: "request", EntityID: "R1", At: time.Unix(0, 0)}}, Next: 1})
}

func (s *Server) registerAdminRoutes() {
	s.handle("GET /console/admin/users", s.handleUsers)
	s.handle("POST /console/admin/users/{id}", s.handleUserUpdate)
	s.handle("GET /console/admin/agencies", s.handleAgencies)
	s.handle("POST /console/admin/agencies/{id}", s.handleAgencyUpdate)
	s.handle("GET /console/admin/audit", s.handleAudit)
}

// handleUsers handles the "GET /console/admin/users" route.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireAdmin(r); err != nil {
		return err
	}
	us, err := s.store.Users(r.Context(), gongkai.UserFilter{})
	if err != nil {
		return err
	}
	names, err := s.agencyNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users", &UsersPage{Base: Base{Title: "用户"}, Users: us, Names: names})
	return nil
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
	disabled := r.PostFormValue("disabled") == "1"
	if id == u.ID && disabled {
		return gongkai.Errorf(gongkai.EINVALID, "不能停用自己的账户")
	}
	if _, err := s.store.UpdateUser(gongkai.WithActor(r.Context(), "user:"+u.ID), id, gongkai.UserUpdate{Disabled: &disabled}); err != nil {
		return err
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
	if gongkai.ErrorCode(err) == gongkai.EINVALID || gongkai.ErrorCode(err) == gongkai.ECONFLICT {
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
