package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"gongkai"
	"gongkai/api"
)

// withSession returns r with the user of its session cookie in the
// context. A cookie that does not verify, or whose user is disabled or
// gone, is ignored: the caller is the public.
func (s *Server) withSession(r *http.Request) *http.Request {
	c, err := r.Cookie(api.SessionCookie)
	if err != nil || c.Value == "" || s.auth == nil {
		return r
	}
	id, err := s.auth.Verify(c.Value)
	if err != nil {
		return r
	}
	u, err := s.store.User(r.Context(), id)
	if err != nil || u.Disabled {
		return r
	}
	return r.WithContext(api.WithUser(r.Context(), u))
}

// requireAdmin returns the signed-in admin, EFORBIDDEN for other staff.
func requireAdmin(r *http.Request) (*gongkai.User, error) {
	u, err := api.RequireUser(r)
	if err != nil {
		return nil, err
	}
	if u.Role != gongkai.RoleAdmin {
		return nil, gongkai.Errorf(gongkai.EFORBIDDEN, "仅公开办管理员可以访问")
	}
	return u, nil
}

// mac returns the base64url HMAC-SHA256 of purpose and value under the key.
func (s *Server) mac(purpose, value string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose + "\x00" + value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// csrfToken is the session's CSRF token: an HMAC of the session cookie, so
// it changes with every sign-in and needs no storage.
func (s *Server) csrfToken(r *http.Request) string {
	c, err := r.Cookie(api.SessionCookie)
	if err != nil {
		return ""
	}
	return s.mac("csrf", c.Value)
}

// checkForm parses a console form and checks its CSRF token (defence in
// depth beside the cross-origin check of every unsafe request). It returns
// the signed-in user.
func (s *Server) checkForm(r *http.Request) (*gongkai.User, error) {
	u, err := api.RequireUser(r)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(MaxUpload)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return nil, formError(err)
	}
	want := s.csrfToken(r)
	if want == "" || !hmac.Equal([]byte(want), []byte(r.PostFormValue("csrf"))) {
		return nil, gongkai.Errorf(gongkai.EFORBIDDEN, "表单已过期，请刷新页面后重新提交")
	}
	return u, nil
}

// trackToken is the secret of a request's private tracking link.
func (s *Server) trackToken(id string) string { return s.mac("track", id) }

// trackURL is the private tracking link of a request.
func (s *Server) trackURL(id string) string {
	return "/track/" + id + "?t=" + s.trackToken(id)
}

// LoginPage is the console's sign-in form.
type LoginPage struct {
	Base
	Login string
	Next  string
	Error string
}

func init() {
	register("login", &LoginPage{Login: "admin", Next: "/console", Error: "用户名或密码错误"})
}

func (s *Server) registerSessionRoutes() {
	s.handle("GET /console/login", s.handleLoginForm)
	s.handle("POST /console/login", s.handleLogin)
	s.handle("POST /console/logout", s.handleLogout)
}

// safeNext keeps a redirect after sign-in on this site's console.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/console") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/console"
	}
	return next
}

// handleLoginForm handles the "GET /console/login" route.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "login", &LoginPage{Base: Base{Title: "工作人员登录"}, Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

// handleLogin handles the "POST /console/login" route: rate-limited per
// address; every failure says only 用户名或密码错误.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if !s.login.allow(clientIP(r)) {
		return errRate
	}
	if err := parseForm(r); err != nil {
		return err
	}
	login, pw := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	p := &LoginPage{Base: Base{Title: "工作人员登录"}, Login: login, Next: next}
	if login == "" || pw == "" {
		p.Error = "请输入用户名和密码"
		s.render(w, r, http.StatusBadRequest, "login", p)
		return nil
	}
	u, err := s.auth.SignIn(r.Context(), login, pw)
	if gongkai.ErrorCode(err) == gongkai.EUNAUTHORIZED {
		p.Error = "用户名或密码错误"
		s.render(w, r, http.StatusUnauthorized, "login", p)
		return nil
	}
	if err != nil {
		return err
	}
	tok, exp := s.auth.Issue(u.ID)
	actx := gongkai.WithActor(r.Context(), "user:"+u.ID)
	if err := s.store.AppendAudit(actx, &gongkai.AuditEntry{Action: "sign_in", Entity: gongkai.EntityUser, EntityID: u.ID}); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: api.SessionCookie, Value: tok, Path: "/", Expires: exp,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure})
	return seeOther(w, r, next)
}

// handleLogout handles the "POST /console/logout" route.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.checkForm(r); err != nil && gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: api.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure})
	return seeOther(w, r, "/")
}

// parseForm parses a urlencoded form; see formError.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	return nil
}

// formError keeps a body over the limit (413, see status) and makes any
// other parse failure EINVALID.
func formError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return err
	}
	return gongkai.Errorf(gongkai.EINVALID, "表单无法读取")
}
