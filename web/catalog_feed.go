package web

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
)

// The machine-readable side of the catalog: an Atom 1.0 feed per agency
// (RFC 4287) and the sitemaps (sitemaps.org protocol 0.9). Both need
// absolute URLs, which are built from the request (scheme and Host), so
// neither goes through the page cache: a forged Host header would otherwise
// be kept and served to everyone.

// FeedEntries is how many items an agency's feed carries, the newest first.
const FeedEntries = 50

// Sitemap sizes: the protocol allows 50,000 URLs a file, and /sitemap.xml is
// always an index of smaller files, so no count of items or agencies
// overflows it. An items file holds at most gongkai.MaxPublicLimit items; an
// agencies file sitemapAgencies agencies with their guide, rules, proactive
// and report pages (under 50,000 URLs for any number of report years the
// portal lists before 2040).
const (
	sitemapItems    = gongkai.MaxPublicLimit
	sitemapAgencies = 1000
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Link      atomLink `xml:"link"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Summary   string   `xml:"summary,omitempty"`
}

// baseURL returns the scheme and host the request reached, e.g.
// https://gk.example.gov.cn.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || s.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// uuidURN returns a name-based (version 5, RFC 9562) UUID URN for name in the
// URL namespace: an Atom id that stays the same whatever host serves the
// feed.
func uuidURN(name string) string {
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.Sum(append(ns, name...))
	u := h[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return "urn:uuid:" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// dayStart is midnight CST of d, as an RFC 3339 time.
func dayStart(d gongkai.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, cst).Format(time.RFC3339)
}

// summary returns the first 200 characters of an item's text.
func summary(it *gongkai.Item) string {
	t := gongkai.PlainText(it.Body)
	if utf8.RuneCountInString(t) <= 200 {
		return t
	}
	return string([]rune(t)[:200]) + "…"
}

// handleFeed handles the "GET /agencies/{id}/feed.atom" route: the
// agency's FeedEntries latest published items as an Atom 1.0 feed.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Agency(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	_, items, err := s.svc.PublicItems(r.Context(), gongkai.ItemFilter{Agency: a.ID, Limit: FeedEntries})
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	f := atomFeed{ID: uuidURN("gongkai:agency-feed:" + a.ID), Title: a.Name + " · 法定主动公开内容", Author: atomPerson{Name: a.Name},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + "/agencies/" + a.ID + "/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/gongkai?agency=" + a.ID},
		},
		// With no item yet: the day the 条例 as revised took effect.
		Updated: "2019-05-15T00:00:00+08:00"}
	var newest time.Time
	for _, it := range items {
		f.Entries = append(f.Entries, atomEntry{ID: uuidURN("gongkai:item:" + it.ID), Title: it.Title,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: base + itemURL(it.ID)},
			Updated: it.UpdatedAt.In(cst).Format(time.RFC3339), Published: dayStart(it.PublishedOn), Summary: summary(it)})
		if it.UpdatedAt.After(newest) {
			newest = it.UpdatedAt
		}
	}
	if !newest.IsZero() {
		f.Updated = newest.In(cst).Format(time.RFC3339)
	}
	return writeXML(w, r, "application/atom+xml; charset=utf-8", f)
}

// writeXML writes v as an XML document.
func writeXML(w http.ResponseWriter, r *http.Request, ctype string, v any) error {
	b, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write([]byte(xml.Header))
		w.Write(b)
	}
	return nil
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// handleSitemapIndex handles the "GET /sitemap.xml" route: the index of the
// agencies files and the items files.
func (s *Server) handleSitemapIndex(w http.ResponseWriter, r *http.Request) error {
	agencies, err := s.svc.Agencies(r.Context())
	if err != nil {
		return err
	}
	total, _, err := s.svc.PublicItemList(r.Context(), gongkai.ItemFilter{Limit: 1})
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	var x sitemapIndex
	for n := 1; n == 1 || (n-1)*sitemapAgencies < len(agencies); n++ {
		x.Sitemaps = append(x.Sitemaps, sitemapLoc{Loc: base + "/sitemaps/agencies-" + strconv.Itoa(n) + ".xml"})
	}
	for n := 1; (n-1)*sitemapItems < total; n++ {
		x.Sitemaps = append(x.Sitemaps, sitemapLoc{Loc: base + "/sitemaps/items-" + strconv.Itoa(n) + ".xml"})
	}
	return writeXML(w, r, "application/xml; charset=utf-8", x)
}

// handleSitemap handles the "GET /sitemaps/{name}" route: agencies-N.xml
// (the portal's pages, then every agency's guide, rules, proactive list and
// yearly reports) and items-N.xml (published items, newest first).
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) error {
	kind, n, ok := parseSitemapName(r.PathValue("name"))
	if !ok {
		return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	base := s.baseURL(r)
	var set urlSet
	switch kind {
	case "agencies":
		agencies, err := s.svc.Agencies(r.Context())
		if err != nil {
			return err
		}
		from := (n - 1) * sitemapAgencies
		if from >= len(agencies) && n > 1 {
			return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
		}
		if n == 1 {
			for _, p := range []string{"/", "/gongkai", "/reports"} {
				set.URLs = append(set.URLs, sitemapLoc{Loc: base + p})
			}
		}
		for _, a := range agencies[from:min(from+sitemapAgencies, len(agencies))] {
			for _, p := range []string{"guide", "rules", "proactive"} {
				set.URLs = append(set.URLs, sitemapLoc{Loc: base + "/agencies/" + a.ID + "/" + p})
			}
			for _, y := range s.reportYears() {
				set.URLs = append(set.URLs, sitemapLoc{Loc: base + "/agencies/" + a.ID + "/reports/" + strconv.Itoa(y)})
			}
		}
	case "items":
		total, items, err := s.svc.PublicItemList(r.Context(), gongkai.ItemFilter{Limit: sitemapItems, Offset: (n - 1) * sitemapItems})
		if err != nil {
			return err
		}
		if len(items) == 0 && total > 0 || n > 1 && len(items) == 0 {
			return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
		}
		for _, it := range items {
			set.URLs = append(set.URLs, sitemapLoc{Loc: base + itemURL(it.ID), LastMod: it.UpdatedAt.UTC().Format("2006-01-02")})
		}
	}
	return writeXML(w, r, "application/xml; charset=utf-8", set)
}

// parseSitemapName splits "items-3.xml" into "items" and 3.
func parseSitemapName(name string) (string, int, bool) {
	stem, ok := strings.CutSuffix(name, ".xml")
	if !ok {
		return "", 0, false
	}
	kind, num, ok := strings.Cut(stem, "-")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 || fmt.Sprint(n) != num || (kind != "items" && kind != "agencies") {
		return "", 0, false
	}
	return kind, n, true
}
