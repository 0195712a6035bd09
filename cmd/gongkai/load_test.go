package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePortal answers the paths "gongkai load" discovers, like a small
// "gongkai serve" would.
func fakePortal(t *testing.T) *httptest.Server {
	t.Helper()
	m := http.NewServeMux()
	m.HandleFunc("GET /api/v1/agencies", func(w http.ResponseWriter, r *http.Request) {
		// A root, a city and a county adding up their subtrees, then 7
		// departments of the county.
		as := []map[string]any{{"id": "p", "parent_id": nil, "report_scope": "subtree"},
			{"id": "p-c", "parent_id": "p", "report_scope": "subtree"},
			{"id": "p-c-k", "parent_id": "p-c", "report_scope": "subtree"}}
		for i := range 7 {
			as = append(as, map[string]any{"id": fmt.Sprintf("p-c-k-d%d", i), "parent_id": "p-c-k", "report_scope": "own"})
		}
		json.NewEncoder(w).Encode(as)
	})
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><link rel="stylesheet" href="/static/site.0123456789.css"><body>首页</body></html>`)
	})
	m.HandleFunc("GET /static/site.0123456789.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, "body{margin:0}")
	})
	m.HandleFunc("GET /reports", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<p>第1页，共3页。</p>")
	})
	page := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>"+r.URL.Path+"</p>") }
	m.HandleFunc("GET /agencies/{id}/reports/{year}", page)
	m.HandleFunc("GET /api/v1/agencies/{id}/reports/{year}", page)
	m.HandleFunc("GET /agencies/{id}/proactive", page)
	m.HandleFunc("GET /agencies/{id}/guide", page)
	srv := httptest.NewServer(m) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func TestLoadAgainstLoopback(t *testing.T) {
	srv := fakePortal(t)
	var out, errb bytes.Buffer
	code := run([]string{"load", "--url", srv.URL, "--clients", "4", "--duration", "1s", "--top", "--json"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res loadResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := []string{"static", "home", "report", "report-json", "report-subtree", "report-top", "lists", "guide"}
	wantPaths := []int{1, 1, 7, 7, 1, 2, 7 + 3, 10}
	if len(res.Groups) != len(want) {
		t.Fatalf("groups %+v, want %v", res.Groups, want)
	}
	sum := 0
	for i, g := range res.Groups {
		if g.Group != want[i] {
			t.Errorf("group %d = %q, want %q", i, g.Group, want[i])
		}
		if g.Paths != wantPaths[i] {
			t.Errorf("%s: %d paths, want %d", g.Group, g.Paths, wantPaths[i])
		}
		if g.Requests == 0 || g.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors (%s)", g.Group, g.Requests, g.Errors, g.FirstErr)
		}
		if g.P50 > g.P90 || g.P90 > g.P99 || g.P99 > g.Max {
			t.Errorf("%s: percentiles out of order: %+v", g.Group, g)
		}
		if g.RatioStatic <= 0 {
			t.Errorf("%s: no ratio to the static baseline", g.Group)
		}
		sum += g.Requests
	}
	if sum != res.Requests || res.Errors != 0 || res.Clients != 4 {
		t.Errorf("total %d requests (%d errors), groups sum to %d", res.Requests, res.Errors, sum)
	}
	if !strings.Contains(errb.String(), "8 groups") {
		t.Errorf("stderr: %s", errb.String())
	}
}

func TestLoadMaxRequestsAndErrors(t *testing.T) {
	srv := fakePortal(t)
	paths := filepath.Join(t.TempDir(), "paths")
	os.WriteFile(paths, []byte("# the baseline\nstatic /static/site.0123456789.css\nmissing /nowhere\n"), 0o644)
	var out, errb bytes.Buffer
	code := run([]string{"load", "--url", srv.URL + "/", "--clients", "3", "--duration", "10s", "--max-requests", "200", "--paths", paths}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	for _, s := range []string{"200 requests", "p99/static", "missing: ", "404×", "GET /nowhere: status 404"} {
		if !strings.Contains(text, s) {
			t.Errorf("output lacks %q:\n%s", s, text)
		}
	}
}

func TestLoadRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"http://example.com", "http://10.0.0.1:8080", "http://127.0.0.1.nip.io/", "http://[2001:db8::1]:80", "ftp://127.0.0.1/", "http://0.0.0.0:8080"} {
		var out, errb bytes.Buffer
		if code := run([]string{"load", "--url", u, "--duration", "1s"}, &out, &errb); code != 2 {
			t.Errorf("%s: exit %d, want 2", u, code)
		}
		if !strings.Contains(errb.String(), "refusing") && !strings.Contains(errb.String(), "http://") {
			t.Errorf("%s: message %q", u, errb.String())
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080/", "http://localhost:8080", "https://LOCALHOST"} {
		if _, err := loopbackURL(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	_, err := loopbackURL("http://example.com")
	if err == nil || !strings.Contains(err.Error(), "only loopback servers") {
		t.Errorf("example.com: %v", err)
	}
}

// TestLoadPprofLoopbackOnly checks that serve's --pprof, used to profile a
// page found slow under load, listens on loopback only.
func TestLoadPprofLoopbackOnly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, addr := range []string{"0.0.0.0:6060", ":6060", "192.0.2.1:6060"} {
		if err := servePprof(ctx, addr, logger); err == nil {
			t.Errorf("%s: accepted", addr)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := servePprof(ctx, addr, logger); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("pprof: %s", resp.Status)
	}
}
