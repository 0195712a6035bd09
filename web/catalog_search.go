package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"gongkai"
)

// SearchPage is /search: the published items matching the words and the
// filters, with highlighted snippets.
type SearchPage struct {
	Base
	Q, Topic string
	Agency   string
	Year     int
	Agencies []AgencyOption
	Years    []int
	Searched bool   // a query or a filter was given
	Problem  string // why the query could not run (too short, …)
	Total    int
	// TotalMore is set when there are more than Total
	// (gongkai.MaxSearchTotal) matches.
	TotalMore bool
	Hits      []SearchRow
	First     int // the number of the first hit shown: 21 on page 2
	Pager     Pager
}

// AgencyOption is an agency of the search form's list.
type AgencyOption struct {
	ID, Name string
	Depth    int
	Selected bool
}

// SearchRow is one hit.
type SearchRow struct {
	Href, Title, IndexNo, AgencyName string
	PublishedOn                      gongkai.Date
	// Snippet is search.Snippet's HTML: the text escaped, the matches in
	// <mark>.
	Snippet template.HTML
}

// handleSearch handles the "GET /search?q=&agency=&year=&topic=&page="
// route. Two characters are enough (教育, 低保); a shorter query, a bad
// filter or a page past the limit is explained on the page (status 400)
// instead of a result.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	p := &SearchPage{Base: Base{Title: "站内检索"}, Q: v.Get("q"), Topic: v.Get("topic"), Agency: v.Get("agency")}
	for y := s.today().Year; y >= FirstReportYear-5; y-- {
		p.Years = append(p.Years, y)
	}
	if err := s.searchAgencies(r, p); err != nil {
		return err
	}
	year, yerr := intParam(v, "year", 2200)
	// The pages reach the hits the total counts (MaxSearchOffset), no
	// further: past them the page says how to narrow the search.
	lastPage := gongkai.MaxSearchOffset / gongkai.PublicPageSize
	page, perr := pageParam(v, lastPage, fmt.Sprintf("只能查看前%d条结果，请加检索词或筛选条件缩小范围", gongkai.MaxSearchOffset))
	p.Year, page = year, max(page, 1)
	p.Searched = p.Q != "" || p.Agency != "" || p.Topic != "" || v.Get("year") != ""
	if !p.Searched {
		s.render(w, r, http.StatusOK, "search", p)
		return nil
	}
	err := cmp.Or(yerr, perr)
	if err == nil {
		q := gongkai.SearchQuery{Q: p.Q, Agency: p.Agency, Year: p.Year, Topic: p.Topic,
			Limit: gongkai.PublicPageSize, Offset: (page - 1) * gongkai.PublicPageSize}
		var hits []gongkai.SearchHit
		p.First = q.Offset + 1
		p.Total, hits, err = s.svc.SearchItems(r.Context(), q)
		var exact bool
		p.Total, exact = gongkai.SearchTotal(p.Total)
		p.TotalMore = !exact
		for _, h := range hits {
			p.Hits = append(p.Hits, SearchRow{Href: itemURL(h.ItemID), Title: h.Title, IndexNo: h.IndexNo,
				AgencyName: s.agencyName(r, h.Agency), PublishedOn: h.PublishedOn, Snippet: template.HTML(h.Snippet)})
		}
	}
	if err != nil {
		if gongkai.ErrorCode(err) != gongkai.EINVALID {
			return err
		}
		p.Problem = gongkai.ErrorMessage(err)
		s.render(w, r, http.StatusBadRequest, "search", p)
		return nil
	}
	p.Pager = pager(page, min(p.Total, lastPage*gongkai.PublicPageSize), gongkai.PublicPageSize, func(n int) string {
		q := url.Values{}
		for _, k := range []string{"q", "agency", "year", "topic"} {
			if v.Get(k) != "" {
				q.Set(k, v.Get(k))
			}
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		return "/search?" + q.Encode()
	})
	s.render(w, r, http.StatusOK, "search", p)
	return nil
}

// searchAgencies fills the form's agency list: the top two levels of the
// tree, as the home page lists them (a province has thousands), and the
// selected agency when it is deeper.
func (s *Server) searchAgencies(r *http.Request, p *SearchPage) error {
	top := ""
	roots, err := s.store.Agencies(r.Context(), gongkai.AgencyFilter{ParentID: &top})
	if err != nil {
		return err
	}
	found := p.Agency == ""
	add := func(a *gongkai.Agency, depth int) {
		sel := a.ID == p.Agency
		found = found || sel
		p.Agencies = append(p.Agencies, AgencyOption{ID: a.ID, Name: a.Name, Depth: depth, Selected: sel})
	}
	for _, a := range roots {
		add(a, 0)
		kids, err := s.store.Agencies(r.Context(), gongkai.AgencyFilter{ParentID: &a.ID})
		if err != nil {
			return err
		}
		for _, k := range kids {
			add(k, 1)
		}
	}
	if !found {
		a, err := s.store.Agency(r.Context(), p.Agency)
		if err != nil {
			if gongkai.ErrorCode(err) == gongkai.ENOTFOUND {
				return gongkai.Errorf(gongkai.EINVALID, "没有这个机关：%s", p.Agency)
			}
			return err
		}
		add(a, 0)
	}
	return nil
}
