package api

import (
	"net/http"
	"net/url"
	"strconv"

	"gongkai"
)

// The public catalog over JSON: the search of the published items and one
// item. What is public is decided by gongkai.Service
// (service_catalog_public.go).

// SearchResponse is the answer of GET /api/v1/search.
type SearchResponse struct {
	// Total is the number of matches, counted up to
	// gongkai.MaxSearchTotal; TotalExact is false when there are more.
	Total      int         `json:"total"`
	TotalExact bool        `json:"total_exact"`
	Hits       []SearchHit `json:"hits"`
}

// SearchHit is one published item found.
type SearchHit struct {
	IndexNo     string `json:"index_no"`
	Title       string `json:"title"`
	Agency      string `json:"agency"` // the agency's id
	AgencyName  string `json:"agency_name"`
	PublishedOn string `json:"published_on"` // YYYY-MM-DD
	// Snippet is HTML: text around the first match, escaped, the matches
	// in <mark>.
	Snippet string `json:"snippet"`
}

// Item is a published (or withdrawn) item of the catalog.
type Item struct {
	ID             string       `json:"id"`
	IndexNo        string       `json:"index_no"`
	Title          string       `json:"title"`
	DocNo          string       `json:"doc_no"`
	Agency         string       `json:"agency"`
	AgencyName     string       `json:"agency_name"`
	Issuer         string       `json:"issuer"`
	WrittenOn      string       `json:"written_on"`
	PublishedOn    string       `json:"published_on"`
	Topic          []string     `json:"topic"`
	Article20Item  int          `json:"article20_item"`
	Normative      *Normative   `json:"normative"`
	Status         string       `json:"status"` // published, withdrawn or amended
	Body           string       `json:"body"`   // sanitized HTML; empty unless published
	Attachments    []Attachment `json:"attachments"`
	WithdrawnOn    string       `json:"withdrawn_on,omitempty"`
	WithdrawalNote string       `json:"withdrawal_note,omitempty"`
}

// Normative is the 有效性 of a 规范性文件.
type Normative struct {
	Validity    string `json:"validity"` // valid, expired, repealed
	EffectiveOn string `json:"effective_on,omitempty"`
	ExpiresOn   string `json:"expires_on,omitempty"`
	ExpiredOn   string `json:"expired_on,omitempty"`
	RepealedOn  string `json:"repealed_on,omitempty"`
}

// Attachment is a file of a published item with its download address on
// the portal.
type Attachment struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	URL       string `json:"url"`
}

func (s *Server) registerSearchRoutes() {
	s.handle("GET "+Prefix+"/search", s.handleSearch)
	s.handle("GET "+Prefix+"/items/{id}", s.handleItemView)
}

// queryInt parses an optional positive integer of the query; 0 when absent.
func queryInt(v url.Values, name string) (int, error) {
	raw := v.Get(name)
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "参数 %s 应为正整数，而不是 %q", name, raw)
	}
	return n, nil
}

// handleSearch handles the "GET /api/v1/search?q=&agency=&year=&topic=&page=&limit="
// route: the published items matching q (two characters at least) and the
// filters, newest first. limit is 1–50 (20 by default), page 1-based.
// Public.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	for k := range v {
		switch k {
		case "q", "agency", "year", "topic", "page", "limit":
		default:
			return gongkai.Errorf(gongkai.EINVALID, "未知的参数 %s", k)
		}
	}
	year, err := queryInt(v, "year")
	if err != nil {
		return err
	}
	page, err := queryInt(v, "page")
	if err != nil {
		return err
	}
	limit, err := queryInt(v, "limit")
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = gongkai.PublicPageSize
	}
	page = max(page, 1) // the Service refuses an offset at or past MaxSearchOffset
	total, hits, err := s.svc.SearchItems(r.Context(), gongkai.SearchQuery{Q: v.Get("q"), Agency: v.Get("agency"),
		Year: year, Topic: v.Get("topic"), Limit: limit, Offset: (page - 1) * limit})
	if err != nil {
		return err
	}
	out := SearchResponse{Hits: make([]SearchHit, len(hits))}
	out.Total, out.TotalExact = gongkai.SearchTotal(total)
	names := map[string]string{}
	for i, h := range hits {
		out.Hits[i] = SearchHit{IndexNo: h.IndexNo, Title: h.Title, Agency: h.Agency, AgencyName: s.agencyName(r, names, h.Agency),
			PublishedOn: h.PublishedOn.String(), Snippet: h.Snippet}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// agencyName returns an agency's name, the ID when it is gone.
func (s *Server) agencyName(r *http.Request, names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	n := id
	if a, err := s.svc.Store.Agency(r.Context(), id); err == nil {
		n = a.Name
	}
	names[id] = n
	return n
}

// handleItemView handles the "GET /api/v1/items/{id}" route: a published
// item by its id, or a withdrawn one with its note and no content. A draft
// or an item in review is 404 like a missing one. Public.
func (s *Server) handleItemView(w http.ResponseWriter, r *http.Request) error {
	it, err := s.svc.PublicItem(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := Item{ID: it.ID, IndexNo: it.IndexNo, Title: it.Title, DocNo: it.DocNo, Agency: it.Agency,
		AgencyName: s.agencyName(r, map[string]string{}, it.Agency), Issuer: it.Issuer,
		WrittenOn: it.WrittenOn.String(), PublishedOn: it.PublishedOn.String(), Topic: []string{},
		Article20Item: it.Article20Item, Status: string(it.Status), Body: it.Body, Attachments: []Attachment{},
		WithdrawnOn: it.WithdrawnOn.String(), WithdrawalNote: it.WithdrawalNote}
	for _, t := range it.Topic {
		if t != "" {
			out.Topic = append(out.Topic, t)
		}
	}
	if n := it.Normative; n != nil {
		out.Normative = &Normative{Validity: string(n.Validity), EffectiveOn: n.EffectiveOn.String(),
			ExpiresOn: n.ExpiresOn.String(), ExpiredOn: n.ExpiredOn.String(), RepealedOn: n.RepealedOn.String()}
	}
	for _, a := range it.Attachments {
		out.Attachments = append(out.Attachments, Attachment{Name: a.Name, MediaType: a.MediaType, SHA256: a.SHA256, Size: a.Size,
			URL: "/gongkai/items/" + url.PathEscape(it.ID) + "/files/" + a.SHA256})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
