// Package api serves the JSON API of gongkai under /api/v1: the agency
// tree, the annual reports computed live from the records, the requests and
// their events, and review and litigation cases. It parses HTTP requests,
// calls gongkai.Service (which holds every rule, authorization included) and
// renders its answers; application error codes become HTTP statuses here
// and nowhere else. The contract is the embedded OpenAPI document served at
// /api/v1/openapi.json.
package api

import (
	"context"
	"errors"
	"gongkai/internal/httpx"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"gongkai"
)

// Prefix is the path every route of the API starts with.
const Prefix = "/api/v1"

// handlerFunc is the signature of every handler: it writes a successful
// answer itself and returns an error for the wrapper to render.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Server is the JSON API. Create it with New.
type Server struct {
	svc    *gongkai.Service
	auth   *Auth
	logger *slog.Logger
	mux    *http.ServeMux
	cop    *http.CrossOriginProtection
	// routes lists the patterns registered with handle, in order, for the
	// OpenAPI golden test.
	routes []string
}

// New returns the API handler serving /api/v1/… over svc. auth verifies
// passwords and signs the session tokens; logger receives one line per
// request and the details of internal errors (never personal data).
func New(svc *gongkai.Service, auth *Auth, logger *slog.Logger) http.Handler {
	return newServer(svc, auth, logger)
}

func newServer(svc *gongkai.Service, auth *Auth, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{svc: svc, auth: auth, logger: logger, mux: http.NewServeMux(), cop: http.NewCrossOriginProtection()}
	s.registerDocRoutes()
	s.registerAuthRoutes()
	s.registerAgencyRoutes()
	s.registerReportRoutes()
	s.registerRequestRoutes()
	s.registerAppealRoutes()
	s.registerSearchRoutes()
	s.mux.Handle(Prefix+"/", s.wrap(Prefix+"/", s.handleNoRoute))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// handle registers h for pattern ("METHOD /api/v1/…") and records the route.
func (s *Server) handle(pattern string, h handlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, s.wrap(pattern, h))
}

// wrap turns a handlerFunc into an http.Handler: it authenticates the
// caller (Bearer token or session cookie), applies the cross-origin check to
// unsafe requests a browser could forge (those without a Bearer token),
// limits the body, runs h, renders its error as {"code","message"} and logs
// one line. The log carries the route pattern, never the query or the body.
func (s *Server) wrap(pattern string, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &httpx.StatusWriter{ResponseWriter: w}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		err := s.serve(sw, r, h)
		if err != nil {
			s.writeError(sw, r, pattern, err)
		}
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "api",
			slog.String("method", r.Method), slog.String("route", pattern),
			slog.Int("status", sw.Status), slog.Duration("took", time.Since(start)))
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, h handlerFunc) error {
	unsafe := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
	if unsafe && !hasBearer(r) {
		// A browser sends the cookie by itself; refuse cross-origin writes.
		if err := s.cop.Check(r); err != nil {
			return &httpError{status: http.StatusForbidden, code: gongkai.EFORBIDDEN, message: "拒绝跨站请求"}
		}
	}
	u, err := s.auth.authenticate(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	return h(w, r.WithContext(WithUser(r.Context(), u)))
}

// MaxBodyBytes is the largest request body the API reads (1 MiB).
const MaxBodyBytes = 1 << 20

// httpError is an error that exists only in HTTP (a body too large, a wrong
// content type, an unknown route); it carries its own status.
type httpError struct {
	status  int
	code    string
	message string
}

func (e *httpError) Error() string { return e.message }

// statusOf maps the application error codes to HTTP statuses.
var statusOf = map[string]int{
	gongkai.EINVALID:      http.StatusBadRequest,
	gongkai.EUNAUTHORIZED: http.StatusUnauthorized,
	gongkai.EFORBIDDEN:    http.StatusForbidden,
	gongkai.ENOTFOUND:     http.StatusNotFound,
	gongkai.ECONFLICT:     http.StatusConflict,
}

// errorStatus returns the status, code and user-safe message of err.
// Anything that is not an application or HTTP error is 500 "内部错误".
func errorStatus(err error) (status int, code, message, rule string) {
	var he *httpError
	if errors.As(err, &he) {
		return he.status, he.code, he.message, ""
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, "too_large", "请求体超过1 MiB", ""
	}
	code = gongkai.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		return http.StatusInternalServerError, gongkai.EINTERNAL, "内部错误", ""
	}
	var ge *gongkai.Error
	if errors.As(err, &ge) {
		rule = ge.Rule
	}
	return status, code, gongkai.ErrorMessage(err), rule
}

// writeError renders err as {"code","message"} and logs internal errors with
// their detail (which the client never sees).
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, pattern string, err error) {
	status, code, msg, rule := errorStatus(err)
	if status == http.StatusInternalServerError {
		s.logger.LogAttrs(r.Context(), slog.LevelError, "internal error",
			slog.String("method", r.Method), slog.String("route", pattern), slog.String("err", err.Error()))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gongkai"`)
	}
	writeJSON(w, status, ErrorResponse{Code: code, Message: msg, Rule: rule})
}

// handleNoRoute handles every path under /api/v1/ that no route matches:
// 405 with Allow when the path exists for other methods, 404 otherwise.
func (s *Server) handleNoRoute(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(context.Background())
		probe.Method = m
		if _, p := s.mux.Handler(probe); p != "" && p != Prefix+"/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return &httpError{status: http.StatusMethodNotAllowed, code: "method_not_allowed", message: "该路径不支持" + r.Method + "方法"}
	}
	return &httpError{status: http.StatusNotFound, code: gongkai.ENOTFOUND, message: "没有这个接口：" + r.URL.Path}
}
