package main

import (
	"log/slog"
	"net/http"

	"gongkai"
	"gongkai/api"
	"gongkai/password"
	"gongkai/web"
)

// homeHandler serves "/": the public portal and the clerk's console
// (gongkai/web), signing in with the API's sessions (the same key and
// cookie), and the JSON API under /api/v1/, whose public reads share the
// portal's page cache.
func homeHandler(svc *gongkai.Service, auth *api.Auth, key []byte, logger *slog.Logger) http.Handler {
	return web.New(web.Config{Service: svc, Auth: auth, Key: key, Logger: logger, Now: svc.Policy.Now, Hasher: password.Default(),
		API: api.New(svc, auth, logger)})
}
