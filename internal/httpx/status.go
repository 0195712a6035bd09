// Package httpx holds the small HTTP helpers the JSON API and the portal
// share.
package httpx

import "net/http"

// StatusWriter remembers the status written, for the request log.
type StatusWriter struct {
	http.ResponseWriter
	Status int
}

// WriteHeader records code and writes it.
func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and writes b.
func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
