// Package web serves gongkai's HTML: the public portal (the 政府信息公开
// column: 指南, 制度, 主动公开, 年报, 依申请公开 with tracking) and the clerk's
// console under /console. Handlers parse a request, call gongkai.Service
// (which holds every rule, authorization included) and render embedded
// html/template pages; nothing here decides what the law allows.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"gongkai"
	"gongkai/api"
	"gongkai/internal/httpx"
)

// Config is what New needs.
type Config struct {
	Service *gongkai.Service
	Store   gongkai.Store
	Policy  *gongkai.Policy
	// Auth signs in staff and verifies the session cookie (the JSON API's
	// gongkai_session, so one sign-in serves both).
	Auth *api.Auth
	// Key is the server's signing key (the one Auth signs with): it derives
	// the CSRF tokens and the private tracking links.
	Key    []byte
	Logger *slog.Logger
	// Now is the clock (time.Now when nil); dates are taken in China
	// Standard Time.
	Now func() time.Time
	// SecureCookies marks the session cookie Secure even when the request
	// came without TLS (a TLS-terminating proxy in front); it is Secure
	// anyway on a TLS connection.
	SecureCookies bool
	// Hasher hashes the passwords admins set on the users page (nil: the
	// page cannot create accounts or set passwords).
	Hasher gongkai.PasswordHasher
	// LoginRate and ApplyRate limit sign-in attempts and public submissions
	// per client address (defaults: 10 and 5 per minute, bursts of the same).
	LoginRate, ApplyRate Rate
	// API, when set, is the JSON API handler (gongkai/api), served under
	// /api/v1/ with its own headers and limits; its public reads share the
	// page cache (see publicAPIPath) and its writes invalidate it at once.
	API http.Handler
}

// handlerFunc is the signature of every handler: it writes a successful
// answer itself and returns an error for wrap to render.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Server is the HTML front end. Create it with New.
type Server struct {
	svc    *gongkai.Service
	store  gongkai.Store
	policy *gongkai.Policy
	auth   *api.Auth
	hasher gongkai.PasswordHasher
	secure bool
	key    []byte
	logger *slog.Logger
	now    func() time.Time
	mux    *http.ServeMux
	cop    *http.CrossOriginProtection
	login  *limiter
	apply  *limiter
	// routes lists the patterns registered with handle, in order.
	routes []string
	// cache keeps the anonymous public pages (see pageCache).
	cache *pageCache
	// names keeps the agencies' names at the page cache's mark.
	names nameCache
	// api is the JSON API served under /api/v1/ (Config.API), or nil.
	api http.Handler
}

// cst is China Standard Time: every date the portal shows or records.
var cst = time.FixedZone("CST", 8*3600)

// MaxBody is the largest request body accepted (forms); uploads have
// MaxUpload.
const (
	MaxBody   = 256 << 10
	MaxUpload = 4 << 20
)

// New returns the HTML handler for "/" (the API stays under /api/v1).
func New(cfg Config) http.Handler { return newServer(cfg) }

func newServer(cfg Config) *Server {
	checkPages()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Policy == nil {
		cfg.Policy = cfg.Service.Policy
	}
	if cfg.Store == nil {
		cfg.Store = cfg.Service.Store
	}
	if len(cfg.Key) < 32 {
		panic("web: Config.Key must hold at least 32 bytes")
	}
	if cfg.LoginRate.Per == 0 {
		cfg.LoginRate = Rate{N: 10, Per: time.Minute}
	}
	if cfg.ApplyRate.Per == 0 {
		cfg.ApplyRate = Rate{N: 5, Per: time.Minute}
	}
	s := &Server{svc: cfg.Service, store: cfg.Store, policy: cfg.Policy, auth: cfg.Auth, hasher: cfg.Hasher, secure: cfg.SecureCookies, key: cfg.Key,
		logger: cfg.Logger, now: cfg.Now, mux: http.NewServeMux(), cop: http.NewCrossOriginProtection(),
		login: newLimiter(cfg.LoginRate), apply: newLimiter(cfg.ApplyRate)}
	s.cache = newPageCache(func(r *http.Request) (int64, error) { return s.store.AuditMark(r.Context()) })
	s.cache.scopes = func(r *http.Request) (map[string]int64, error) { return s.store.CatalogMarks(r.Context()) }
	s.api = cfg.API
	s.mux.HandleFunc("GET /static/{file}", serveStatic)
	s.registerPortalRoutes()
	s.registerCatalogRoutes()
	s.registerReportRoutes()
	s.registerApplyRoutes()
	s.registerSessionRoutes()
	s.registerConsoleRoutes()
	s.registerRequestRoutes()
	s.registerLetterRoutes()
	s.registerAppealRoutes()
	s.registerProactiveInputRoutes()
	s.registerWorkspaceRoutes()
	s.registerCatalogConsoleRoutes()
	s.registerAdminRoutes()
	s.handle("/", func(w http.ResponseWriter, r *http.Request) error {
		return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	})
	return s
}

// today returns the current date in China.
func (s *Server) today() gongkai.Date { return gongkai.DateOf(s.now().In(cst)) }

// ServeHTTP implements http.Handler: security headers, the body limit and
// the cross-origin check on unsafe methods, then the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.api != nil && strings.HasPrefix(r.URL.Path, api.Prefix+"/") {
		switch {
		case cacheable(r):
			s.cache.serve(w, r, s.api)
		case r.Method == http.MethodGet || r.Method == http.MethodHead:
			s.api.ServeHTTP(w, r)
		default:
			s.api.ServeHTTP(w, r)
			s.cache.invalidate()
		}
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	if r.TLS != nil || s.secure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	if err := s.cop.Check(r); err != nil {
		s.renderError(w, r, gongkai.Errorf(gongkai.EFORBIDDEN, "跨站请求被拒绝，请从本站页面提交"))
		return
	}
	limit := int64(MaxBody)
	if strings.HasSuffix(r.URL.Path, "/import") {
		limit = MaxUpload
	}
	if isAttachmentUpload(r) {
		limit = MaxAttachment
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	start := time.Now()
	sw := &httpx.StatusWriter{ResponseWriter: w}
	switch {
	case cacheable(r):
		s.cache.serve(sw, r, s.mux)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		s.mux.ServeHTTP(sw, r)
	default:
		// A write through this process: the next public page reads the
		// change mark again instead of reusing it.
		s.mux.ServeHTTP(sw, r)
		s.cache.invalidate()
	}
	// The path only: a tracking link's token is in the query.
	s.logger.Info("web", "method", r.Method, "path", r.URL.Path, "status", sw.Status, "took", time.Since(start))
}

// handle registers h for pattern and records the route.
func (s *Server) handle(pattern string, h handlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, s.wrap(h))
}

// wrap turns a handlerFunc into an http.Handler: the user of the session
// is put in the context, and a returned error is rendered as a Chinese
// error page with the status of its code (sign-in for EUNAUTHORIZED on
// the console).
func (s *Server) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withSession(r)
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

// status maps an application error code to an HTTP status.
func status(err error) int {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return http.StatusRequestEntityTooLarge
	}
	switch gongkai.ErrorCode(err) {
	case gongkai.EINVALID:
		return http.StatusBadRequest
	case gongkai.ENOTFOUND:
		return http.StatusNotFound
	case gongkai.ECONFLICT:
		return http.StatusConflict
	case gongkai.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case gongkai.EFORBIDDEN:
		return http.StatusForbidden
	case "rate":
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code == http.StatusUnauthorized && strings.HasPrefix(r.URL.Path, "/console") && r.Method == http.MethodGet {
		http.Redirect(w, r, "/console/login?next="+urlQuery(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	msg := gongkai.ErrorMessage(err)
	switch code {
	case http.StatusInternalServerError:
		s.logger.Error("web", "method", r.Method, "path", r.URL.Path, "err", err.Error())
		msg = "内部错误，请稍后再试"
	case http.StatusRequestEntityTooLarge:
		msg = "提交的内容过大"
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "60")
	}
	s.render(w, r, code, "error", &ErrorPage{Status: code, Message: msg})
}
