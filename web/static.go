package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// staticFile is an embedded asset with its content-hash name.
type staticFile struct {
	body  []byte
	ctype string
}

var (
	staticByHashed = map[string]staticFile{} // site.1a2b3c4d5e.css → file
	staticHashed   = map[string]string{}     // site.css → site.1a2b3c4d5e.css
)

func init() {
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext
		staticHashed[e.Name()] = hashed
		staticByHashed[hashed] = staticFile{body: b, ctype: mime.TypeByExtension(ext)}
	}
}

// staticURL returns the content-hash URL of an embedded asset.
func staticURL(name string) string {
	h, ok := staticHashed[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + h
}

// serveStatic serves "GET /static/{file}": an embedded asset by its
// content-hash name, cached for a year (the name changes with the content).
func serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := staticByHashed[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
}
