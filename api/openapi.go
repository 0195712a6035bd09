package api

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the OpenAPI 3.1 document of the API, served at
// /api/v1/openapi.json. A golden test keeps it true to the routes.
//
//go:embed openapi.json
var OpenAPI []byte

func (s *Server) registerDocRoutes() {
	s.handle("GET "+Prefix+"/openapi.json", s.handleOpenAPI)
}

// handleOpenAPI handles the "GET /api/v1/openapi.json" route: the embedded
// OpenAPI document.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(OpenAPI)
	return nil
}
