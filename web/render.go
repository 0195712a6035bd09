package web

import (
	"bytes"
	"embed"
	"fmt"
	"gongkai/api"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"gongkai"
)

//go:embed templates
var templateFS embed.FS

// Base is what every page carries for the layout.
type Base struct {
	Title string
	User  *gongkai.User // nil for the public
	CSRF  string        // the session's CSRF token for console forms
	// Console selects the console's navigation instead of the portal's.
	Console bool
	Flash   string
}

func (b *Base) base() *Base { return b }

// page is implemented by every page struct through its embedded Base.
type page interface{ base() *Base }

// pages maps each template in templates/pages to a sample of its page
// struct: New panics when a page file is missing here, and the template
// test executes each with a filled struct.
var pages = map[string]page{}

// register records the page struct of a page template.
func register(name string, sample page) { pages[name] = sample }

var templates = parseTemplates()

var funcs = template.FuncMap{
	"static":        staticURL,
	"date":          func(d gongkai.Date) string { return chineseDate(d) },
	"state":         stateLabel,
	"event":         eventLabel,
	"outcome":       outcomeLabel,
	"appType":       applicantTypeLabel,
	"num":           formatNumber,
	"add":           func(a, b int) int { return a + b },
	"pathEsc":       url.PathEscape,
	"queryEsc":      url.QueryEscape,
	"letterFor":     letterFor,
	"actor":         actorLabel,
	"appealKind":    func(k gongkai.AppealKind) string { return appealKinds[k] },
	"appealOutcome": func(o gongkai.AppealOutcome) string { return appealOutcomes[o] },
}

func parseTemplates() map[string]*template.Template {
	shared := template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html", "templates/partials/*.html"))
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		t := template.Must(template.Must(shared.Clone()).ParseFS(templateFS, f))
		out[name] = t
	}
	return out
}

// checkPages panics when a page template has no registered page struct or
// a registered page has no template.
func checkPages() {
	for name := range templates {
		if _, ok := pages[name]; !ok {
			panic("web: page template " + name + ".html is not registered")
		}
	}
	for name := range pages {
		if _, ok := templates[name]; !ok {
			panic("web: page " + name + " has no template")
		}
	}
}

// executePage renders the named page into a buffer.
func executePage(name string, p page) ([]byte, error) {
	t, ok := templates[name]
	if !ok {
		return nil, fmt.Errorf("web: no page template %q", name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		return nil, fmt.Errorf("web: page %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// render writes the named page with status, filling the Base from the
// request's session.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, p page) {
	b := p.base()
	if u := api.UserFrom(r); u != nil {
		b.User = u
		b.CSRF = s.csrfToken(r)
		if strings.HasPrefix(r.URL.Path, "/console") {
			b.Console = true
		}
	}
	if ok := r.URL.Query().Get("ok"); b.Flash == "" && flashes[ok] {
		b.Flash = ok
	}
	body, err := executePage(name, p)
	if err != nil {
		s.logger.Error("render", "page", name, "err", err.Error())
		http.Error(w, "内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if b.User != nil || r.URL.Path == "/apply" || strings.HasPrefix(r.URL.Path, "/track/") {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(code)
	w.Write(body)
}

func urlQuery(s string) string { return url.QueryEscape(s) }

// flashes are the confirmations a redirect may show (?ok=…): only these, so
// that a crafted link cannot put its own words on the site.
var flashes = map[string]bool{"已更新": true, "已保存": true, "已登记": true, "已审结": true, "补正内容已提交": true, "检查通过": true, "已发布": true}

func init() {
	for k := range eventLabels {
		flashes["已记录："+eventLabel(k)] = true
	}
}

// seeOther redirects after a successful POST.
func seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
