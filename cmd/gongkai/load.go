package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

func init() {
	register(command{
		name:    "load",
		summary: "load-test a running server on loopback: latency per page group beside a static-file baseline",
		run:     runLoad,
	})
}

const loadUsage = `Usage: gongkai load [--url http://127.0.0.1:8080] [--clients 100] [--duration 30s] [--max-requests N] [--paths FILE] [--json]

Sends GET requests from --clients concurrent keep-alive clients to a running
"gongkai serve" for --duration (or until --max-requests), and prints per
group of paths: requests, errors (transport errors and non-2xx answers),
throughput, the p50/p90/p99/max latency, and the ratio of the group's p99 to
that of the "static" group measured in the same run. Each request picks a
group at random, all groups with the same weight, so the static baseline is
interleaved with the pages and sees the same load.

Only loopback servers are accepted (127.0.0.0/8, ::1, localhost): this is a
tool to measure one's own server, not to load anybody else's.

Without --paths the groups are discovered from the server:
  static          the hashed /static/…css stylesheet linked from the home page
  home            /
  report          /agencies/{id}/reports/{year}, a spread of the agencies
                  reporting their own records, years in turn
  report-json     /api/v1/agencies/{id}/reports/{year}, the same spread
  report-subtree  /agencies/{id}/reports/{year} of agencies adding up the
                  agencies below them, from the third level down (counties)
  report-top      with --top only: the same for the root and the second
                  level (a province's or a city's live report)
  lists           /reports?page=N and /agencies/{id}/proactive (own spread)
  guide           /agencies/{id}/guide, a spread of all agencies
with the agencies (and their levels) from GET /api/v1/agencies. A --paths FILE holds one
"GROUP PATH" per line (# starts a comment); it should have a "static" group
for the ratios.

Latency is the time from sending the request to reading the whole body.
Nothing here asserts a speed: the figures are for the record.

"gongkai load catalog -h" measures the catalog store instead (no server).
`

// loadConfig is the configuration of "gongkai load".
type loadConfig struct {
	URL         string
	Clients     int
	Duration    time.Duration
	MaxRequests int
	PathsFile   string
	JSON        bool
	Agencies    int    // agencies sampled for the discovered paths
	Years       string // years of the report paths, e.g. "2021-2025"
	Seed        uint64
	Top         bool // add the root's and the second level's live reports
}

// loadTarget is one path of a group.
type loadTarget struct {
	Group, Path string
}

// loadGroupResult is the outcome of one group.
type loadGroupResult struct {
	Group        string  `json:"group"`
	Paths        int     `json:"paths"`
	Requests     int     `json:"requests"`
	Errors       int     `json:"errors"`
	PerSecond    float64 `json:"requests_per_second"`
	P50          float64 `json:"p50_ms"`
	P90          float64 `json:"p90_ms"`
	P99          float64 `json:"p99_ms"`
	Max          float64 `json:"max_ms"`
	RatioStatic  float64 `json:"p99_ratio_to_static,omitempty"` // 0 without a static group
	FirstErr     string  `json:"first_error,omitempty"`
	SlowestPath  string  `json:"slowest_path,omitempty"`
	SlowestMS    float64 `json:"slowest_path_max_ms,omitempty"`
	statusCounts map[int]int
}

// loadResult is the outcome of a run.
type loadResult struct {
	URL      string            `json:"url"`
	Clients  int               `json:"clients"`
	Duration float64           `json:"duration_seconds"` // measured wall time
	Requests int               `json:"requests"`
	Errors   int               `json:"errors"`
	Groups   []loadGroupResult `json:"groups"`
	// Slowest lists the paths with the largest single latency, for profiling.
	Slowest []loadPathResult `json:"slowest_paths"`
}

// loadPathResult is the summary of one path.
type loadPathResult struct {
	Group    string  `json:"group"`
	Path     string  `json:"path"`
	Requests int     `json:"requests"`
	Mean     float64 `json:"mean_ms"`
	Max      float64 `json:"max_ms"`
}

func runLoad(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "catalog" {
		return runLoadCatalog(args[1:], stdout, stderr)
	}
	var cfg loadConfig
	fs := newFlagSet("load", stderr, loadUsage)
	fs.StringVar(&cfg.URL, "url", "http://"+DefaultAddr, "base URL of the server (loopback only)")
	fs.IntVar(&cfg.Clients, "clients", 100, "concurrent clients")
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, "how long to send requests")
	fs.IntVar(&cfg.MaxRequests, "max-requests", 1_000_000, "stop after this many requests")
	fs.StringVar(&cfg.PathsFile, "paths", "", `file of "GROUP PATH" lines (default: discovered from the server)`)
	fs.BoolVar(&cfg.JSON, "json", false, "print the result as JSON")
	fs.IntVar(&cfg.Agencies, "agencies", 60, "agencies sampled for the discovered report, list and guide paths")
	fs.StringVar(&cfg.Years, "years", "2021-2025", "years of the report paths (FROM-TO)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the path and group choices")
	fs.BoolVar(&cfg.Top, "top", false, "add a report-top group: the live reports of the root and the second level (seconds each)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 0 || cfg.Clients < 1 || cfg.Duration <= 0 || cfg.MaxRequests < 1 || cfg.Agencies < 1 {
		fs.Usage()
		return 2
	}
	base, err := loopbackURL(cfg.URL)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai load: %v\n", err)
		return 2
	}
	client := loadClient(cfg.Clients)
	ctx := context.Background()
	var targets []loadTarget
	if cfg.PathsFile != "" {
		targets, err = readLoadPaths(cfg.PathsFile)
	} else {
		targets, err = discoverLoadPaths(ctx, client, base, cfg)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gongkai load: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "gongkai load: %d paths in %d groups, %d clients, %v, at most %d requests, against %s\n",
		len(targets), len(groupNames(targets)), cfg.Clients, cfg.Duration, cfg.MaxRequests, base)
	res := runLoadTest(ctx, client, base, targets, cfg)
	if cfg.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
	} else {
		printLoadResult(stdout, res)
	}
	return 0
}

// loopbackURL parses raw and refuses any host that is not a loopback
// address or "localhost". Host names are not resolved: only the literal
// name localhost is taken on trust.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: want an http:// or https:// URL", raw)
	}
	host := u.Hostname()
	ok := strings.EqualFold(host, "localhost")
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		ok = true
	}
	if !ok {
		return nil, fmt.Errorf("--url %q: refusing to load host %q: only loopback servers (127.0.0.0/8, ::1, localhost) may be load-tested", raw, host)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// loadClient is a keep-alive client with an idle connection per client and
// no proxy (a proxy from the environment would leave loopback).
func loadClient(clients int) *http.Client {
	t := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        clients * 2,
		MaxIdleConnsPerHost: clients * 2,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{Transport: t, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// readLoadPaths reads "GROUP PATH" lines.
func readLoadPaths(name string) ([]loadTarget, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []loadTarget
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 || !strings.HasPrefix(fields[1], "/") {
			return nil, fmt.Errorf("%s:%d: want \"GROUP /path\"", name, n)
		}
		out = append(out, loadTarget{fields[0], fields[1]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no paths", name)
	}
	return out, nil
}

var (
	staticCSS = regexp.MustCompile(`/static/[A-Za-z0-9._-]+\.css`)
	lastPage  = regexp.MustCompile(`共(\d+)页`)
)

// pathStat accumulates one path's latencies.
type pathStat struct {
	n        int
	sum, max time.Duration
}

// clientTally is what one client measured; merged at the end, so the hot
// loop takes no lock.
type clientTally struct {
	lat    [][]time.Duration // per group
	errs   []int
	status []map[int]int
	first  []string
	paths  map[int]*pathStat // by target index
}

// runLoadTest sends the requests and summarizes them.
func runLoadTest(ctx context.Context, c *http.Client, base *url.URL, targets []loadTarget, cfg loadConfig) *loadResult {
	names := groupNames(targets)
	byGroup := make([][]int, len(names)) // target indexes per group
	for i, t := range targets {
		g := slices.Index(names, t.Group)
		byGroup[g] = append(byGroup[g], i)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var sent atomic.Int64
	tallies := make([]*clientTally, cfg.Clients)
	var wg sync.WaitGroup
	start := time.Now()
	for ci := range cfg.Clients {
		t := &clientTally{lat: make([][]time.Duration, len(names)), errs: make([]int, len(names)),
			status: make([]map[int]int, len(names)), first: make([]string, len(names)), paths: map[int]*pathStat{}}
		for g := range names {
			t.status[g] = map[int]int{}
		}
		tallies[ci] = t
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(ci)))
		wg.Go(func() {
			for ctx.Err() == nil && sent.Add(1) <= int64(cfg.MaxRequests) {
				g := rng.IntN(len(names))
				ti := byGroup[g][rng.IntN(len(byGroup[g]))]
				d, code, err := loadOne(ctx, c, base.String()+targets[ti].Path)
				if err != nil && ctx.Err() != nil {
					break // cut off by the deadline: not an answer
				}
				t.lat[g] = append(t.lat[g], d)
				t.status[g][code]++
				if err != nil || code/100 != 2 {
					t.errs[g]++
					if t.first[g] == "" {
						if err == nil {
							err = fmt.Errorf("status %d", code)
						}
						t.first[g] = "GET " + targets[ti].Path + ": " + err.Error()
					}
				}
				ps := t.paths[ti]
				if ps == nil {
					ps = &pathStat{}
					t.paths[ti] = ps
				}
				ps.n++
				ps.sum += d
				ps.max = max(ps.max, d)
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	return summarizeLoad(base, cfg, names, targets, byGroup, tallies, wall)
}

// loadOne sends one GET and reads the whole body.
func loadOne(ctx context.Context, c *http.Client, u string) (time.Duration, int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0, 0, err
	}
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return time.Since(t0), 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(t0), resp.StatusCode, err
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile returns the q-quantile (nearest rank) of sorted.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func summarizeLoad(base *url.URL, cfg loadConfig, names []string, targets []loadTarget, byGroup [][]int,
	tallies []*clientTally, wall time.Duration) *loadResult {
	res := &loadResult{URL: base.String(), Clients: cfg.Clients, Duration: wall.Seconds()}
	paths := map[int]*pathStat{}
	for _, t := range tallies {
		for ti, ps := range t.paths {
			m := paths[ti]
			if m == nil {
				m = &pathStat{}
				paths[ti] = m
			}
			m.n += ps.n
			m.sum += ps.sum
			m.max = max(m.max, ps.max)
		}
	}
	for g, name := range names {
		var lat []time.Duration
		gr := loadGroupResult{Group: name, Paths: len(byGroup[g]), statusCounts: map[int]int{}}
		for _, t := range tallies {
			lat = append(lat, t.lat[g]...)
			gr.Errors += t.errs[g]
			if gr.FirstErr == "" {
				gr.FirstErr = t.first[g]
			}
			for code, n := range t.status[g] {
				gr.statusCounts[code] += n
			}
		}
		slices.Sort(lat)
		gr.Requests = len(lat)
		gr.PerSecond = float64(len(lat)) / wall.Seconds()
		gr.P50, gr.P90, gr.P99 = ms(percentile(lat, .50)), ms(percentile(lat, .90)), ms(percentile(lat, .99))
		if len(lat) > 0 {
			gr.Max = ms(lat[len(lat)-1])
		}
		for _, ti := range byGroup[g] {
			if ps := paths[ti]; ps != nil && ms(ps.max) > gr.SlowestMS {
				gr.SlowestPath, gr.SlowestMS = targets[ti].Path, ms(ps.max)
			}
		}
		res.Requests += gr.Requests
		res.Errors += gr.Errors
		res.Groups = append(res.Groups, gr)
	}
	if i := slices.IndexFunc(res.Groups, func(g loadGroupResult) bool { return g.Group == "static" }); i >= 0 && res.Groups[i].P99 > 0 {
		for j := range res.Groups {
			res.Groups[j].RatioStatic = res.Groups[j].P99 / res.Groups[i].P99
		}
	}
	for ti, ps := range paths {
		res.Slowest = append(res.Slowest, loadPathResult{Group: targets[ti].Group, Path: targets[ti].Path,
			Requests: ps.n, Mean: ms(ps.sum / time.Duration(ps.n)), Max: ms(ps.max)})
	}
	slices.SortFunc(res.Slowest, func(a, b loadPathResult) int {
		if a.Mean != b.Mean {
			if a.Mean > b.Mean {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Path, b.Path)
	})
	res.Slowest = res.Slowest[:min(10, len(res.Slowest))]
	return res
}

func printLoadResult(w io.Writer, res *loadResult) {
	fmt.Fprintf(w, "%s, %d clients, %.1f s: %d requests (%.0f/s), %d errors\n\n",
		res.URL, res.Clients, res.Duration, res.Requests, float64(res.Requests)/res.Duration, res.Errors)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tpaths\trequests\terrors\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\tp99/static\t")
	for _, g := range res.Groups {
		ratio := "—"
		if g.RatioStatic > 0 {
			ratio = fmt.Sprintf("%.1f", g.RatioStatic)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.1f\t%s\t\n",
			g.Group, g.Paths, g.Requests, g.Errors, g.PerSecond, g.P50, g.P90, g.P99, g.Max, ratio)
	}
	tw.Flush()
	for _, g := range res.Groups {
		if g.Errors > 0 {
			codes := make([]string, 0, len(g.statusCounts))
			for _, c := range slices.Sorted(maps.Keys(g.statusCounts)) {
				name := strconv.Itoa(c)
				if c == 0 {
					name = "no answer"
				}
				codes = append(codes, fmt.Sprintf("%s×%d", name, g.statusCounts[c]))
			}
			fmt.Fprintf(w, "\n%s: %d errors (%s); first: %s", g.Group, g.Errors, strings.Join(codes, ", "), g.FirstErr)
		}
	}
	fmt.Fprintln(w, "\n\nslowest paths (mean):")
	for _, p := range res.Slowest {
		fmt.Fprintf(w, "  %-12s %8.1f ms mean  %8.1f ms max  %6d×  %s\n", p.Group, p.Mean, p.Max, p.Requests, p.Path)
	}
}
