package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai"
	"gongkai/api"
	"gongkai/demo"
	"gongkai/password"
	"gongkai/sqlite"
)

// testNow is the fixed "today" of the tests: Wednesday 2026-11-25, 10:00 CST.
var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, cst)

// fixture is the web front end over a SQLite store holding the Anxi demo.
type fixture struct {
	db  *sqlite.DB
	ds  *demo.Dataset
	svc *gongkai.Service
	srv *Server
	ts  *httptest.Server
}

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  error
	fixDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fix != nil {
		fix.ts.Close()
		fix.db.Close()
	}
	if fixDir != "" {
		os.RemoveAll(fixDir)
	}
	os.Exit(code)
}

// mustFixture returns the shared fixture, loading the demo once. Tests that
// write create their own requests, so they do not disturb each other.
func mustFixture(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() { fix, fixErr = newFixture() })
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

func newFixture() (*fixture, error) {
	ctx := gongkai.WithActor(context.Background(), "test")
	dir, err := os.MkdirTemp("", "gongkai-web-")
	if err != nil {
		return nil, err
	}
	fixDir = dir
	db, err := sqlite.Open(ctx, filepath.Join(dir, "gk.db"))
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	ds := demo.Anxi()
	h := password.Fast()
	if err := demo.LoadWith(ctx, db, ds, demo.Options{Hasher: h}); err != nil {
		return nil, err
	}
	now := func() time.Time { return testNow }
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar(), Now: now}
	svc := gongkai.NewService(db, p)
	key := bytes.Repeat([]byte("k"), 32)
	auth, err := api.NewAuth(key, h, db)
	if err != nil {
		return nil, err
	}
	// auth keeps the real clock: the cookie jar expires cookies by it.
	srv := newServer(Config{Service: svc, Auth: auth, Key: key, Now: now, Hasher: h,
		LoginRate: Rate{N: 1000, Per: time.Minute}, ApplyRate: Rate{N: 1000, Per: time.Minute}})
	if err := seedInbox(ctx, svc, db); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(api.Prefix+"/", api.New(svc, auth, nil))
	mux.Handle("/", srv)
	return &fixture{db: db, ds: ds, svc: svc, srv: srv, ts: httptest.NewServer(mux)}, nil
}

// client is a browser-like HTTP client with its own cookies that does not
// follow redirects.
type client struct {
	t  testing.TB
	fx *fixture
	c  *http.Client
}

func (fx *fixture) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, fx: fx, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) answer {
	c.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(b)}
}

func (c *client) get(path string) answer {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.fx.ts.URL+path, nil)
	return c.do(req)
}

// post submits a form from the site itself (Origin set, as a browser does).
func (c *client) post(path string, form url.Values) answer {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.fx.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.fx.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// login signs in and returns the session's CSRF token.
func (c *client) login(login, pw string) string {
	c.t.Helper()
	p := c.post("/console/login", url.Values{"login": {login}, "password": {pw}})
	if p.status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d\n%s", login, p.status, p.body)
	}
	return c.csrf()
}

// csrf returns the CSRF token of the current session.
func (c *client) csrf() string {
	u, _ := url.Parse(c.fx.ts.URL)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == api.SessionCookie {
			return c.fx.srv.mac("csrf", ck.Value)
		}
	}
	return ""
}

// seedInbox gives the education bureau two open requests filed in person:
// one overdue, one due within 3 days of testNow.
func seedInbox(ctx context.Context, svc *gongkai.Service, db *sqlite.DB) error {
	u, err := db.UserByLogin(ctx, "clerk-anxi-jyj")
	if err != nil {
		return err
	}
	today := gongkai.DateOf(testNow)
	soon := today
	for d := today.AddDays(-20); d.After(today.AddDays(-45)); d = d.AddDays(-1) {
		due, err := svc.Policy.Explain(d, gongkai.ReplyDays)
		if err == nil && due.Date.Sub(today) >= 1 && due.Date.Sub(today) <= 3 {
			if ok, _ := svc.Policy.Calendar.IsWorkingDay(d); ok {
				soon = d
				break
			}
		}
	}
	for i, on := range []gongkai.Date{gongkai.NewDate(2026, 9, 1), soon} {
		id := fmt.Sprintf("SEED-%d", i+1)
		r := &gongkai.Request{ID: id, Agency: "anxi-jyj", Subject: "2026年秋季学期学校食堂食品安全检查结果"}
		ap := &gongkai.ApplicantRecord{ID: "ap-" + id, Type: gongkai.NaturalPerson, Name: "夏测试", IDNumber: "11010519491231002X", Phone: "13800000000"}
		ev := gongkai.Event{Kind: gongkai.EventReceived, Channel: gongkai.ChannelInPerson, ArrivedOn: on}
		if err := svc.CreateRequest(ctx, u, r, ap, ev); err != nil {
			return err
		}
	}
	return nil
}
