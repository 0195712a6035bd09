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
// cookie), beside the JSON API under /api/v1/.
func homeHandler(svc *gongkai.Service, auth *api.Auth, key []byte, logger *slog.Logger) http.Handler {
	return web.New(web.Config{Service: svc, Auth: auth, Key: key, Logger: logger, Now: svc.Policy.Now, Hasher: password.Default()})
}
