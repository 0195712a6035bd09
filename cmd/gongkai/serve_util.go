package main

import (
	"crypto/rand"
	"net/url"

	"gongkai/postgres"
)

// randRead fills b with random bytes (crypto/rand never fails).
func randRead(b []byte) { rand.Read(b) }

// redactDSN returns spec fit for a log: a PostgreSQL URL without its
// password; a file path as it is.
func redactDSN(spec string) string {
	if !postgres.IsDSN(spec) {
		return spec
	}
	u, err := url.Parse(spec)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
