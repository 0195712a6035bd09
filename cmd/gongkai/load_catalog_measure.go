package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"gongkai"
	"gongkai/demo"
)

// catalogQueries is the search mix of "gongkai load catalog", by class:
// common words (in 10–99% of the synthetic items), a topic's words (4–6%),
// place names (about 0.01%) and two-word queries.
var catalogQueries = []struct{ class, q string }{
	{"common", "教育"}, {"common", "低保"}, {"common", "预算"}, {"common", "公开"}, {"common", "通知"}, {"common", "管理"},
	{"topic", "营养餐"}, {"topic", "棚户区"}, {"topic", "河长制"}, {"topic", "特种设备"}, {"topic", "森林防火"}, {"topic", "危险化学品"},
	{"rare", "龙泉村"}, {"rare", "青石村"}, {"rare", "金山社区"}, {"rare", "安宁街道"},
	{"two-word", "教育 资助"}, {"two-word", "低保 救助"}, {"two-word", "预算 决算"}, {"two-word", "学前教育 幼儿园"}, {"two-word", "环境 监测"},
}

// latencies collects durations by group.
type latencies struct {
	mu sync.Mutex
	m  map[string][]time.Duration
}

func (l *latencies) add(group string, d time.Duration) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string][]time.Duration{}
	}
	l.m[group] = append(l.m[group], d)
	l.mu.Unlock()
}

// print writes one line per group: count, p50, p95, p99, max (ms), and
// the ratio of the p99 to that of the group base ("" for none).
func (l *latencies) print(w io.Writer, groups []string, base string, wall time.Duration) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tn\tp50 ms\tp95 ms\tp99 ms\tmax ms\tp99/base\t")
	var baseP99 time.Duration
	if s := slices.Sorted(slices.Values(l.m[base])); len(s) > 0 {
		baseP99 = percentile(s, 0.99)
	}
	for _, g := range groups {
		s := slices.Sorted(slices.Values(l.m[g]))
		if len(s) == 0 {
			continue
		}
		ratio := ""
		if baseP99 > 0 {
			ratio = fmt.Sprintf("%.1f", float64(percentile(s, 0.99))/float64(baseP99))
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t\n", g, len(s), ms(percentile(s, 0.5)), ms(percentile(s, 0.95)),
			ms(percentile(s, 0.99)), ms(s[len(s)-1]), ratio)
	}
	tw.Flush()
	if wall > 0 {
		n := 0
		for _, s := range l.m {
			n += len(s)
		}
		fmt.Fprintf(w, "%d calls in %.1f s: %.0f/s\n", n, wall.Seconds(), float64(n)/wall.Seconds())
	}
}

// catalogSearch runs the query mix, one client.
func catalogSearch(ctx context.Context, db *benchDB, g *demo.CatalogGenerator, cfg catalogBenchConfig, w io.Writer) error {
	agencies := g.Agencies()
	var lat latencies
	slowest := map[string]time.Duration{}
	totals := map[string]int{}
	for round := 0; round <= cfg.Rounds; round++ {
		for qi, cq := range catalogQueries {
			for f := range 4 {
				sq := gongkai.SearchQuery{Q: cq.q, Limit: 20}
				kind := "no filter"
				if f&1 != 0 {
					sq.Agency = agencies[(qi+round)%len(agencies)].ID
					kind = "agency"
				}
				if f&2 != 0 {
					sq.Year = demo.CatalogFirstYear + (qi+round)%(demo.CatalogLastYear-demo.CatalogFirstYear+1)
					kind = map[bool]string{false: "year", true: "agency+year"}[f&1 != 0]
				}
				t0 := time.Now()
				total, _, err := db.st.SearchItems(ctx, sq)
				d := time.Since(t0)
				if err != nil {
					return fmt.Errorf("search %+v: %w", sq, err)
				}
				if round == 0 { // warm-up
					if f == 0 {
						totals[cq.q] = total
					}
					continue
				}
				lat.add("all", d)
				lat.add(cq.class, d)
				lat.add(kind, d)
				key := cq.q + " / " + kind
				slowest[key] = max(slowest[key], d)
			}
		}
	}
	fmt.Fprintf(w, "\nsearch: SearchItems, first page of 20 with the total, one client, %d rounds of %d queries × 4 filters (load average %s)\n", cfg.Rounds, len(catalogQueries), loadAverage())
	lat.print(w, []string{"all", "common", "topic", "rare", "two-word", "no filter", "agency", "year", "agency+year"}, "", 0)
	fmt.Fprint(w, "matches (no filter):")
	for _, cq := range catalogQueries {
		fmt.Fprintf(w, " %s %d;", cq.q, totals[cq.q])
	}
	fmt.Fprintln(w)
	keys := make([]string, 0, len(slowest))
	for k := range slowest {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return slowest[keys[i]] > slowest[keys[j]] })
	fmt.Fprint(w, "slowest:")
	for _, k := range keys[:min(6, len(keys))] {
		fmt.Fprintf(w, " %s %.1f ms;", k, ms(slowest[k]))
	}
	fmt.Fprintln(w)
	// The baseline: the same word found by a scan of the stored text.
	for range 2 {
		t0 := time.Now()
		if err := db.raw(ctx, `SELECT count(*) FROM items WHERE status = 'published' AND body LIKE '%低保%'`); err != nil {
			return err
		}
		fmt.Fprintf(w, "baseline: LIKE '%%低保%%' scan of the items (count only): %.1f ms\n", ms(time.Since(t0)))
	}
	return nil
}

// catalogPages runs the reads of the catalog page from cfg.Clients
// goroutines: the portal's ItemPage and ItemCounts (gongkai.ItemListStore)
// and ItemStore.Items, with Item(id) interleaved as the baseline.
func catalogPages(ctx context.Context, st gongkai.Store, g *demo.CatalogGenerator, cfg catalogBenchConfig, w io.Writer) error {
	agencies := g.Agencies()
	list, _ := st.(gongkai.ItemListStore) // the portal's reads, when the store has them
	var lat latencies
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, cfg.Clients)
	t0 := time.Now()
	for c := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 42))
			for ctx.Err() == nil {
				var group string
				var err error
				s := time.Now()
				op := r.IntN(5)
				if op == 0 {
					group = "item by id (baseline)"
					_, err = st.Item(ctx, fmt.Sprintf("it-%07d", 1+r.IntN(max(1, g.Items()))))
				} else {
					f := gongkai.ItemFilter{Agency: agencies[r.IntN(len(agencies))].ID, Status: gongkai.ItemPublished, Limit: 20}
					if r.IntN(10) < 7 {
						f.Year = demo.CatalogFirstYear + r.IntN(demo.CatalogLastYear-demo.CatalogFirstYear+1)
					}
					if r.IntN(10) < 3 {
						f.Article20Item = 1 + r.IntN(15)
					}
					page := "page 1"
					switch p := r.IntN(10); {
					case p < 6:
					case p < 9:
						page, f.Offset = "pages 2-5", 20*(1+r.IntN(4))
					default:
						page, f.Offset = "pages 6-50", 20*(5+r.IntN(45))
					}
					switch {
					case op <= 2 && list != nil: // the portal's list: newest first, with the total
						group = "ItemPage " + page
						_, _, err = list.ItemPage(ctx, f)
					case op == 3 && list != nil: // the portal's facets
						group = "ItemCounts (facets)"
						_, err = list.ItemCounts(ctx, f)
					default: // ItemStore.Items, by ID
						group = "Items " + page
						_, err = st.Items(ctx, f)
					}
				}
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					errs <- err
					return
				}
				d := time.Since(s)
				lat.add(group, d)
				if strings.HasPrefix(group, "ItemPage") {
					lat.add("ItemPage all", d)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return fmt.Errorf("catalog page: %w", err)
	}
	fmt.Fprintf(w, "\ncatalog page: filter {Agency, Year (70%%), Article20Item (30%%), published, Limit 20, Offset}; ItemPage (2/5 of calls), ItemCounts (1/5), Items (1/5), Item by id (1/5); %d clients for %s (load average %s)\n", cfg.Clients, cfg.Duration, loadAverage())
	lat.print(w, []string{"ItemPage all", "ItemPage page 1", "ItemPage pages 2-5", "ItemPage pages 6-50", "ItemCounts (facets)",
		"Items page 1", "Items pages 2-5", "Items pages 6-50", "item by id (baseline)"}, "item by id (baseline)", time.Since(t0))
	return nil
}

// loadAverage returns the 1-minute load average of the machine ("?" when
// unknown), printed beside each figure: the machine may be shared.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
