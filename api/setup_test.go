package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/pgtest"
	"gongkai/internal/sqlitetest"
	"gongkai/password"
	"gongkai/postgres"
)

// testNow is the fixed "today" of the API tests.
var testNow = time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC)

const testPassword = "correct-horse-battery"

// fixture is an API over a real store with a small jurisdiction: the county
// (subtree report), its education bureau and a township; an admin, one
// clerk per agency, a disabled clerk; a request of each agency and a case
// about the township's.
type fixture struct {
	t      *testing.T
	db     gongkai.Store
	svc    *gongkai.Service
	auth   *Auth
	srv    *Server
	logs   *bytes.Buffer
	tokens map[string]string // by login
}

// backend opens an empty, migrated store.
type backend func(t *testing.T) gongkai.Store

// backends returns SQLite always and PostgreSQL when
// GONGKAI_TEST_POSTGRES_DSN is set (skipped with a message otherwise,
// failed when GONGKAI_TEST_POSTGRES_REQUIRED=1).
func backends() map[string]backend {
	return map[string]backend{"sqlite": mustOpenSQLite, "postgres": mustOpenPostgres}
}

// forEachBackend runs f as a subtest over every backend.
func forEachBackend(t *testing.T, f func(t *testing.T, fx *fixture)) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) { f(t, mustFixture(t, open)) })
	}
}

func mustOpenSQLite(t *testing.T) gongkai.Store {
	t.Helper()
	db, _ := sqlitetest.Open(t)
	return db
}

func mustOpenPostgres(t *testing.T) gongkai.Store {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.Schema(t, "gk_api_"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func mustFixture(t *testing.T, open backend) *fixture {
	t.Helper()
	ctx := gongkai.WithActor(context.Background(), "test")
	db := open(t)
	h := password.Fast()
	for _, a := range []*gongkai.Agency{
		{ID: "county", Name: "示例县人民政府", Code: "000000001", ReportScope: gongkai.ScopeSubtree},
		{ID: "edu", ParentID: "county", Name: "示例县教育局", Code: "000000002", ReportScope: gongkai.ScopeOwn},
		{ID: "town", ParentID: "county", Name: "示例县某某镇人民政府", Code: "000000003", ReportScope: gongkai.ScopeOwn},
	} {
		if err := db.CreateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	users := []*gongkai.User{
		{ID: "u-admin", Login: "admin", Name: "管理员", Role: gongkai.RoleAdmin},
		{ID: "u-edu", Login: "edu", Name: "教育局经办人", Role: gongkai.RoleClerk, AgencyID: "edu"},
		{ID: "u-town", Login: "town", Name: "镇经办人", Role: gongkai.RoleClerk, AgencyID: "town"},
		{ID: "u-county", Login: "county", Name: "县经办人", Role: gongkai.RoleClerk, AgencyID: "county"},
		{ID: "u-gone", Login: "gone", Name: "已停用", Role: gongkai.RoleClerk, AgencyID: "edu", Disabled: true},
	}
	for _, u := range users {
		if err := u.SetPassword(h, testPassword); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar(), Now: func() time.Time { return testNow }}
	svc := gongkai.NewService(db, p)
	key := bytes.Repeat([]byte("k"), 32)
	auth, err := NewAuth(key, h, db)
	if err != nil {
		t.Fatal(err)
	}
	auth.Now = func() time.Time { return testNow }
	logs := &bytes.Buffer{}
	fx := &fixture{t: t, db: db, svc: svc, auth: auth, logs: logs, tokens: map[string]string{},
		srv: newServer(svc, auth, slog.New(slog.NewTextHandler(logs, nil)))}
	for _, u := range users {
		fx.tokens[u.Login], _ = auth.Issue(u.ID)
	}
	// One request per agency, the township's decided and appealed.
	mk := func(id, agency, login string, events ...gongkai.Event) {
		r := &gongkai.Request{ID: id, Agency: agency, Subject: "2025年财政预算"}
		ap := &gongkai.ApplicantRecord{ID: "ap-" + id, Type: gongkai.NaturalPerson, Name: "测试申请人", IDNumber: "11010519491231002X", Phone: "13800000000"}
		u, _ := db.UserByLogin(ctx, login)
		if err := svc.CreateRequest(ctx, u, r, ap, events...); err != nil {
			t.Fatal(err)
		}
	}
	rcv := func(on string) gongkai.Event {
		return gongkai.Event{Kind: gongkai.EventReceived, Channel: gongkai.ChannelInPerson, ArrivedOn: gongkai.MustParseDate(on)}
	}
	mk("R-EDU", "edu", "edu", rcv("2025-03-03"))
	mk("R-TOWN", "town", "town", rcv("2025-04-01"),
		gongkai.Event{Kind: gongkai.EventDecided, On: gongkai.MustParseDate("2025-04-10"), Outcome: "granted", Article: "条例第三十六条第（二）项"})
	tu, _ := db.UserByLogin(ctx, "town")
	if err := svc.CreateAppeal(ctx, tu, &gongkai.Appeal{ID: "A-TOWN", RequestID: "R-TOWN", Kind: gongkai.AppealReview, FiledOn: gongkai.MustParseDate("2025-05-06")}); err != nil {
		t.Fatal(err)
	}
	return fx
}

// response is a recorded answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// errorBody decodes an error answer, failing unless it is exactly
// {"code","message"} (and optionally "rule").
func (r response) errorBody(t *testing.T) ErrorResponse {
	t.Helper()
	var e ErrorResponse
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Code == "" || e.Message == "" {
		t.Fatalf("error body %s: %v", r.body, err)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error content type %q", ct)
	}
	return e
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// req describes one call: who (login, "" for the public) and what.
type req struct {
	method, path string
	as           string // login whose Bearer token is sent
	body         any    // marshalled to JSON unless a string
	header       map[string]string
	cookie       *http.Cookie
}

func (fx *fixture) do(q req) response {
	fx.t.Helper()
	var body io.Reader
	switch b := q.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			fx.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	r := httptest.NewRequest(q.method, q.path, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if q.as != "" {
		tok, ok := fx.tokens[q.as]
		if !ok {
			fx.t.Fatalf("no token for %q", q.as)
		}
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	if q.cookie != nil {
		r.AddCookie(q.cookie)
	}
	w := httptest.NewRecorder()
	fx.srv.ServeHTTP(w, r)
	return response{status: w.Code, header: w.Result().Header, body: w.Body.Bytes()}
}

// must fails unless the answer has the wanted status.
func (r response) must(t *testing.T, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}
