package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gongkai"
)

func TestAuth_Session(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		res := fx.do(req{method: "POST", path: "/api/v1/session", body: SessionRequest{Login: "edu", Password: testPassword}}).must(t, 201)
		var s SessionResponse
		res.decode(t, &s)
		if s.Token == "" || s.TokenType != "Bearer" || s.User.ID != "u-edu" || s.User.AgencyID != "edu" || !s.ExpiresAt.After(testNow) {
			t.Errorf("session: %+v", s)
		}
		c := sessionCookie(t, res)
		if c.Value != s.Token || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
			t.Errorf("cookie: %+v", c)
		}
		// The cookie and the token both authenticate.
		var u User
		fx.do(req{method: "GET", path: "/api/v1/session", cookie: c}).must(t, 200).decode(t, &u)
		if u.Login != "edu" {
			t.Errorf("user by cookie: %+v", u)
		}
		fx.do(req{method: "GET", path: "/api/v1/requests/R-EDU", header: map[string]string{"Authorization": "Bearer " + s.Token}}).must(t, 200)
		// The sign-in is audited.
		es, err := fx.db.AuditEntries(t.Context(), gongkai.AuditFilter{Entity: gongkai.EntityUser, EntityID: "u-edu"})
		if err != nil || len(es) == 0 || es[len(es)-1].Action != "sign_in" {
			t.Errorf("audit: %+v %v", es, err)
		}
		// Sign-out clears the cookie.
		res = fx.do(req{method: "DELETE", path: "/api/v1/session", cookie: c}).must(t, 204)
		if c := sessionCookie(t, res); c.Value != "" || c.MaxAge >= 0 {
			t.Errorf("sign-out cookie: %+v", c)
		}
	})
}

func sessionCookie(t *testing.T, res response) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == SessionCookie {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", SessionCookie, res.header)
	return nil
}

func TestAuth_SecureCookieOverTLS(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	r := httptest.NewRequest("POST", "https://gongkai.example/api/v1/session", strings.NewReader(`{"login":"edu","password":"`+testPassword+`"}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	fx.srv.ServeHTTP(w, r)
	c := sessionCookie(t, response{status: w.Code, header: w.Result().Header})
	if !c.Secure {
		t.Errorf("cookie over TLS not Secure: %+v", c)
	}
}

func TestAuth_Failures(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	// Wrong password, unknown login and disabled account look the same.
	var msgs []string
	for _, in := range []SessionRequest{{"edu", "wrong-password"}, {"nobody", testPassword}, {"gone", testPassword}} {
		e := fx.do(req{method: "POST", path: "/api/v1/session", body: in}).must(t, 401).errorBody(t)
		msgs = append(msgs, e.Message)
	}
	if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
		t.Errorf("messages differ: %q", msgs)
	}
	fx.do(req{method: "POST", path: "/api/v1/session", body: SessionRequest{Login: "edu"}}).must(t, 400).errorBody(t)

	valid := fx.tokens["edu"]
	expired := func() string {
		a, _ := NewAuth(fx.auth.key, fx.auth.hasher, fx.db)
		a.Now = func() time.Time { return testNow.Add(-DefaultSessionTTL - time.Minute) }
		tok, _ := a.Issue("u-edu")
		return tok
	}()
	other, _ := NewAuth([]byte(strings.Repeat("x", 32)), fx.auth.hasher, fx.db)
	foreign, _ := other.Issue("u-edu")
	parts := strings.Split(valid, ".")
	forged := b64.EncodeToString([]byte("u-admin")) + "." + parts[1] + "." + parts[2] + "." + parts[3]
	for name, tok := range map[string]string{
		"expired":  expired,
		"foreign":  foreign,
		"forged":   forged,
		"garbage":  "abc",
		"disabled": fx.tokens["gone"],
	} {
		t.Run(name, func(t *testing.T) {
			h := map[string]string{"Authorization": "Bearer " + tok}
			fx.do(req{method: "GET", path: "/api/v1/session", header: h}).must(t, 401).errorBody(t)
			// A bad Bearer token is refused even where the public may read.
			fx.do(req{method: "GET", path: "/api/v1/agencies", header: h}).must(t, 401).errorBody(t)
			// A bad cookie is ignored: the caller is the public.
			c := &http.Cookie{Name: SessionCookie, Value: tok}
			fx.do(req{method: "GET", path: "/api/v1/agencies", cookie: c}).must(t, 200)
			fx.do(req{method: "GET", path: "/api/v1/requests/R-EDU", cookie: c}).must(t, 401).errorBody(t)
		})
	}
	// A user disabled after signing in is refused on the next request.
	ctx := gongkai.WithActor(t.Context(), "test")
	yes := true
	if _, err := fx.db.UpdateUser(ctx, "u-town", gongkai.UserUpdate{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	fx.do(req{method: "GET", path: "/api/v1/requests/R-TOWN", as: "town"}).must(t, 401).errorBody(t)

	if _, err := NewAuth([]byte("short"), fx.auth.hasher, fx.db); err == nil {
		t.Error("NewAuth accepted a short key")
	}
}

// TestAuth_CrossOrigin: a browser's cross-site write with the session
// cookie is refused; the same with a Bearer token (which a browser never
// adds by itself) and a same-origin write pass.
func TestAuth_CrossOrigin(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	c := &http.Cookie{Name: SessionCookie, Value: fx.tokens["town"]}
	body := CreateAppeal{RequestID: "R-TOWN", Kind: "review", FiledOn: gongkai.MustParseDate("2025-06-02")}
	cross := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	e := fx.do(req{method: "POST", path: "/api/v1/appeals", cookie: c, body: body, header: cross}).must(t, 403).errorBody(t)
	if e.Code != gongkai.EFORBIDDEN {
		t.Errorf("code %q", e.Code)
	}
	fx.do(req{method: "POST", path: "/api/v1/session", body: SessionRequest{Login: "town", Password: testPassword}, header: cross}).must(t, 403)
	fx.do(req{method: "POST", path: "/api/v1/appeals", cookie: c, body: body, header: map[string]string{"Sec-Fetch-Site": "same-origin"}}).must(t, 201)
	fx.do(req{method: "POST", path: "/api/v1/appeals", as: "town", body: body, header: cross}).must(t, 201)
	// Reads are not affected.
	fx.do(req{method: "GET", path: "/api/v1/requests/R-TOWN", cookie: c, header: cross}).must(t, 200)
}
