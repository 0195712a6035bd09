package api

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai"
)

// SessionCookie is the name of the cookie that carries the session token.
const SessionCookie = "gongkai_session"

// MinKeyBytes is the shortest signing key NewAuth accepts.
const MinKeyBytes = 32

// DefaultSessionTTL is how long a session token is valid.
const DefaultSessionTTL = 12 * time.Hour

// Auth signs in users and verifies their tokens. Tokens are stateless:
// base64url(userID) "." expiry (Unix seconds) "." base64url(16-byte nonce)
// "." base64url(HMAC-SHA256 of the first three parts under Key). The same
// token is the value of the session cookie and the Bearer token. The user is
// loaded on every request, so a disabled account stops working at once; a
// token cannot otherwise be revoked before it expires.
type Auth struct {
	key    []byte
	hasher gongkai.PasswordHasher
	store  gongkai.UserStore
	// TTL is the lifetime of a new token (DefaultSessionTTL when zero).
	TTL time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	dummyOnce sync.Once
	dummy     string // a hash to verify against when the login is unknown
}

// NewAuth returns an Auth that signs with key (at least MinKeyBytes bytes),
// verifies passwords with h and loads users from users.
func NewAuth(key []byte, h gongkai.PasswordHasher, users gongkai.UserStore) (*Auth, error) {
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("api: signing key of %d bytes, want at least %d", len(key), MinKeyBytes)
	}
	if h == nil || users == nil {
		return nil, errors.New("api: NewAuth needs a password hasher and a user store")
	}
	return &Auth{key: append([]byte(nil), key...), hasher: h, store: users}, nil
}

func (a *Auth) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Auth) ttl() time.Duration {
	if a.TTL > 0 {
		return a.TTL
	}
	return DefaultSessionTTL
}

var b64 = base64.RawURLEncoding

func (a *Auth) sign(payload string) string {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(payload))
	return b64.EncodeToString(m.Sum(nil))
}

// Issue returns a new token for userID and its expiry.
func (a *Auth) Issue(userID string) (token string, expires time.Time) {
	nonce := make([]byte, 16)
	rand.Read(nonce) // never fails (crypto/rand)
	expires = a.now().Add(a.ttl()).Truncate(time.Second)
	payload := b64.EncodeToString([]byte(userID)) + "." + strconv.FormatInt(expires.Unix(), 10) + "." + b64.EncodeToString(nonce)
	return payload + "." + a.sign(payload), expires
}

// Verify checks a token's signature and expiry and returns its user ID.
func (a *Auth) Verify(token string) (string, error) {
	bad := gongkai.Errorf(gongkai.EUNAUTHORIZED, "登录凭据无效或已过期，请重新登录")
	parts := strings.Split(token, ".")
	if len(parts) != 4 {
		return "", bad
	}
	payload := parts[0] + "." + parts[1] + "." + parts[2]
	if !hmac.Equal([]byte(a.sign(payload)), []byte(parts[3])) {
		return "", bad
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !a.now().Before(time.Unix(exp, 0)) {
		return "", bad
	}
	id, err := b64.DecodeString(parts[0])
	if err != nil || len(id) == 0 {
		return "", bad
	}
	return string(id), nil
}

// SignIn checks a login and password and returns the user. Every failure is
// the same EUNAUTHORIZED error, and an unknown login costs a hash
// verification too, so the answer does not tell which logins exist.
func (a *Auth) SignIn(ctx context.Context, login, password string) (*gongkai.User, error) {
	u, err := a.store.UserByLogin(ctx, login)
	if gongkai.ErrorCode(err) == gongkai.ENOTFOUND {
		a.dummyOnce.Do(func() { a.dummy, _ = a.hasher.Hash("gongkai-dummy-password") })
		if a.dummy != "" {
			a.hasher.Verify(a.dummy, password)
		}
		return nil, gongkai.Errorf(gongkai.EUNAUTHORIZED, "用户名或密码错误")
	}
	if err != nil {
		return nil, err
	}
	if err := u.CheckPassword(a.hasher, password); err != nil {
		return nil, err
	}
	return u, nil
}

func hasBearer(r *http.Request) bool {
	_, ok := bearer(r)
	return ok
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// authenticate returns the user of the request, or nil for the public. A
// Bearer token that does not verify, or whose user is disabled or gone, is
// EUNAUTHORIZED; a session cookie in that state is ignored (the caller is
// the public), so that an old cookie never breaks the public pages.
func (a *Auth) authenticate(r *http.Request) (*gongkai.User, error) {
	if tok, ok := bearer(r); ok {
		u, err := a.user(r.Context(), tok)
		if err != nil {
			return nil, err
		}
		return u, nil
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	u, err := a.user(r.Context(), c.Value)
	if gongkai.ErrorCode(err) == gongkai.EUNAUTHORIZED {
		return nil, nil
	}
	return u, err
}

// user verifies tok and loads its user, refusing a disabled or deleted one.
func (a *Auth) user(ctx context.Context, tok string) (*gongkai.User, error) {
	id, err := a.Verify(tok)
	if err != nil {
		return nil, err
	}
	u, err := a.store.User(ctx, id)
	if gongkai.ErrorCode(err) == gongkai.ENOTFOUND {
		return nil, gongkai.Errorf(gongkai.EUNAUTHORIZED, "账户不存在，请重新登录")
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, gongkai.Errorf(gongkai.EUNAUTHORIZED, "账户已停用")
	}
	return u, nil
}

type userKey struct{}

// WithUser returns ctx carrying the signed-in user u; the portal
// (gongkai/web) signs in with the same sessions and uses the same key.
func WithUser(ctx context.Context, u *gongkai.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the signed-in user of the request, or nil for the public.
func UserFrom(r *http.Request) *gongkai.User {
	u, _ := r.Context().Value(userKey{}).(*gongkai.User)
	return u
}

// RequireUser returns the signed-in user or EUNAUTHORIZED.
func RequireUser(r *http.Request) (*gongkai.User, error) {
	if u := UserFrom(r); u != nil {
		return u, nil
	}
	return nil, gongkai.Errorf(gongkai.EUNAUTHORIZED, "请先登录")
}

func (s *Server) registerAuthRoutes() {
	s.handle("POST "+Prefix+"/session", s.handleSessionCreate)
	s.handle("GET "+Prefix+"/session", s.handleSessionView)
	s.handle("DELETE "+Prefix+"/session", s.handleSessionDelete)
}

// handleSessionCreate handles the "POST /api/v1/session" route: sign in with
// login and password; sets the session cookie and returns the same value as
// a Bearer token.
func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) error {
	var in SessionRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Login == "" || in.Password == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请输入用户名和密码")
	}
	u, err := s.auth.SignIn(r.Context(), in.Login, in.Password)
	if err != nil {
		return err
	}
	tok, exp := s.auth.Issue(u.ID)
	actx := gongkai.WithActor(r.Context(), "user:"+u.ID)
	if err := s.svc.Store.AppendAudit(actx, &gongkai.AuditEntry{Action: "sign_in", Entity: gongkai.EntityUser, EntityID: u.ID}); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: tok, Path: "/", Expires: exp,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	writeJSON(w, http.StatusCreated, SessionResponse{Token: tok, TokenType: "Bearer", ExpiresAt: exp.UTC(), User: userDTO(u)})
	return nil
}

// handleSessionView handles the "GET /api/v1/session" route: the signed-in
// user.
func (s *Server) handleSessionView(w http.ResponseWriter, r *http.Request) error {
	u, err := RequireUser(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, userDTO(u))
	return nil
}

// handleSessionDelete handles the "DELETE /api/v1/session" route: sign out
// by clearing the session cookie. (A Bearer token stays valid until it
// expires: tokens are stateless.)
func (s *Server) handleSessionDelete(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	w.WriteHeader(http.StatusNoContent)
	return nil
}
