package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// discoverLoadPaths builds the default groups from the server's agencies,
// home page and report list.
func discoverLoadPaths(ctx context.Context, c *http.Client, base *url.URL, cfg loadConfig) ([]loadTarget, error) {
	get := func(p string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", base.String()+p, nil)
		if err != nil {
			return nil, err
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode/100 != 2 {
			err = fmt.Errorf("GET %s: %s", p, resp.Status)
		}
		return b, err
	}
	var agencies []struct {
		ID     string  `json:"id"`
		Parent *string `json:"parent_id"`
		Scope  string  `json:"report_scope"`
	}
	b, err := get("/api/v1/agencies")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &agencies); err != nil {
		return nil, fmt.Errorf("GET /api/v1/agencies: %v", err)
	}
	if len(agencies) == 0 {
		return nil, errors.New("the server has no agencies")
	}
	parent := map[string]string{}
	for _, a := range agencies {
		if a.Parent != nil {
			parent[a.ID] = *a.Parent
		}
	}
	depth := func(id string) int {
		d := 0
		for p, ok := parent[id]; ok && d < 100; p, ok = parent[p] {
			d++
		}
		return d
	}
	// own: agencies reporting their own records; subtree: those adding up
	// the agencies below them, from the third level down (counties); top:
	// the root and the second level, whose live reports add up a province
	// or a city and take seconds each.
	var all, own, subtree, top []string
	for _, a := range agencies {
		all = append(all, a.ID)
		switch {
		case a.Scope != "subtree":
			own = append(own, a.ID)
		case depth(a.ID) >= 2:
			subtree = append(subtree, a.ID)
		default:
			top = append(top, a.ID)
		}
	}
	home, err := get("/")
	if err != nil {
		return nil, err
	}
	css := staticCSS.Find(home)
	if css == nil {
		return nil, errors.New("GET /: no /static/….css stylesheet linked from the home page")
	}
	from, to, err := parseYears(cfg.Years)
	if err != nil {
		return nil, err
	}
	pages := (len(agencies) + 99) / 100
	if b, err := get("/reports"); err == nil {
		if m := lastPage.FindSubmatch(b); m != nil {
			pages, _ = strconv.Atoi(string(m[1]))
		}
	}
	out := []loadTarget{{"static", string(css)}, {"home", "/"}}
	add := func(group, format string, ids []string, years bool) {
		for i, id := range spread(ids, cfg.Agencies) {
			p := fmt.Sprintf(format, url.PathEscape(id))
			if years {
				p += strconv.Itoa(from + i%(to-from+1))
			}
			out = append(out, loadTarget{group, p})
		}
	}
	add("report", "/agencies/%s/reports/", own, true)
	add("report-json", "/api/v1/agencies/%s/reports/", own, true)
	add("report-subtree", "/agencies/%s/reports/", subtree, true)
	if cfg.Top {
		add("report-top", "/agencies/%s/reports/", top, true)
	}
	add("lists", "/agencies/%s/proactive", own, false)
	add("guide", "/agencies/%s/guide", all, false)
	for i := 0; i < min(pages, cfg.Agencies); i++ {
		out = append(out, loadTarget{"lists", fmt.Sprintf("/reports?page=%d", 1+i*pages/min(pages, cfg.Agencies))})
	}
	return out, nil
}

// spread returns n of ids, evenly spaced (ids are in tree order, so the
// spread runs across the jurisdiction).
func spread(ids []string, n int) []string {
	if len(ids) <= n {
		return ids
	}
	out := make([]string, n)
	for i := range out {
		out[i] = ids[i*len(ids)/n]
	}
	return out
}

// parseYears parses "2021-2025" or "2025".
func parseYears(s string) (int, int, error) {
	a, b, found := strings.Cut(s, "-")
	from, err1 := strconv.Atoi(a)
	to, err2 := from, error(nil)
	if found {
		to, err2 = strconv.Atoi(b)
	}
	if err1 != nil || err2 != nil || to < from {
		return 0, 0, fmt.Errorf("--years %q: want FROM-TO", s)
	}
	return from, to, nil
}

func groupNames(ts []loadTarget) []string {
	var names []string
	for _, t := range ts {
		if !slices.Contains(names, t.Group) {
			names = append(names, t.Group)
		}
	}
	return names
}
