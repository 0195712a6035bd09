package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"strings"

	"gongkai"
	"gongkai/report"
)

// Chart colours (contrast ≥ 4.5:1 on white for the text).
const (
	colorA = "#a61b1b"
	colorB = "#1f5fa8"
	colorT = "#1a1a1a"
	colorG = "#c9c9c9"
)

// outcomeBar is one category of the outcome chart.
type outcomeBar struct {
	Label string
	N     float64
}

// outcomes sums table 三's total column by outcome category: the rows
// directly under 三、本年度办理结果 and each of its sub-groups, labelled as
// the national format labels them.
func outcomes(rep *report.Report) []outcomeBar {
	def := rep.Requests.Def
	var out []outcomeBar
	idx := map[string]int{}
	for _, row := range def.Rows {
		if row.ID == "total_handled" || row.Group == "" {
			continue
		}
		label := row.Label
		if row.Group != "outcomes" {
			g := def.Group(row.Group)
			if g == nil || g.Parent != "outcomes" {
				continue
			}
			label = g.Label
		}
		i, ok := idx[label]
		if !ok {
			i = len(out)
			idx[label] = i
			out = append(out, outcomeBar{Label: shortLabel(label)})
		}
		out[i].N += rep.Requests.Get(row.ID, "total")
	}
	return out
}

// shortLabel drops the parenthesised remark of a label: （二）部分公开（区分处理的…） → （二）部分公开.
func shortLabel(s string) string {
	if i := strings.Index(s[3:], "（"); i >= 0 {
		return s[:3+i]
	}
	return s
}

// outcomeChart draws the outcome distribution as horizontal bars.
func outcomeChart(rep *report.Report) template.HTML {
	bars := outcomes(rep)
	var top float64
	for _, b := range bars {
		top = max(top, b.N)
	}
	const w, left, rowH, barMax = 520, 150, 30, 310
	h := len(bars)*rowH + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="oc-t"><title id="oc-t">%d年办理结果分布</title>`, w, h, rep.Year)
	for i, bar := range bars {
		y := 10 + i*rowH
		bw := 0.0
		if top > 0 {
			bw = bar.N / top * barMax
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="end" fill="%s">%s</text>`, left-8, y+19, colorT, html.EscapeString(bar.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="20" fill="%s"/>`, left, y+4, bw, colorA)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13" fill="%s">%s件</text>`, float64(left)+bw+6, y+19, colorT, report.FormatNumber(bar.N))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// trendPoint is one year of the trend chart.
type trendPoint struct {
	Year               int
	Received, Answered float64
}

// trend returns the requests received (一、本年新收) and answered (（七）总计)
// of every year from FirstReportYear to the last complete year (or year,
// when later), counted live. Both figures are in table 三, so only the
// request tallies are read: a whole ComputedReport per year (tables 二 and
// 四, the year before for the cross-year rules, every rule) made a report
// page seven reports' worth of queries.
func (s *Server) trend(ctx context.Context, agencyID string, year int) ([]trendPoint, error) {
	a, err := s.store.Agency(ctx, agencyID)
	if err != nil {
		return nil, err
	}
	ids, err := s.scopeIDs(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []trendPoint
	for y := min(FirstReportYear, year); y <= max(year, s.today().Year-1); y++ {
		rows, err := s.store.RequestTally(ctx, ids, y)
		if err != nil {
			return nil, err
		}
		rep, err := gongkai.TallyTables(y, rows, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, trendPoint{y, rep.Requests.Get("new_received", "total"), rep.Requests.Get("total_handled", "total")})
	}
	return out, nil
}

// scopeIDs returns the agencies whose records the reports of a count: a
// alone, or a and every agency below it (its ReportScope).
func (s *Server) scopeIDs(ctx context.Context, a *gongkai.Agency) ([]string, error) {
	if a.ReportScope != gongkai.ScopeSubtree {
		return []string{a.ID}, nil
	}
	sub, err := s.store.Subtree(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(sub))
	for i, b := range sub {
		ids[i] = b.ID
	}
	return ids, nil
}

// trendChart draws received and answered requests by year as two lines.
func trendChart(pts []trendPoint) template.HTML {
	const w, h, left, right, top, bottom = 520, 260, 44, 20, 36, 32
	var maxV float64 = 1
	for _, p := range pts {
		maxV = max(maxV, p.Received, p.Answered)
	}
	x := func(i int) float64 {
		if len(pts) < 2 {
			return float64(left+w-right) / 2
		}
		return left + float64(i)*float64(w-left-right)/float64(len(pts)-1)
	}
	y := func(v float64) float64 { return float64(h-bottom) - v/maxV*float64(h-top-bottom) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="tr-t"><title id="tr-t">历年收到和办结申请数量</title>`, w, h)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`, left, h-bottom, w-right, h-bottom, colorG)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="%s">%s</text>`, left-6, top+4, colorT, report.FormatNumber(maxV))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="%s">0</text>`, left-6, h-bottom+4, colorT)
	series := []struct {
		name, color string
		v           func(trendPoint) float64
	}{
		{"新收申请", colorA, func(p trendPoint) float64 { return p.Received }},
		{"办结申请", colorB, func(p trendPoint) float64 { return p.Answered }},
	}
	for k, se := range series {
		fmt.Fprintf(&b, `<rect x="%d" y="8" width="14" height="4" fill="%s"/><text x="%d" y="14" font-size="13" fill="%s">%s</text>`, left+k*120, se.color, left+k*120+18, colorT, se.name)
		var path []string
		for i, p := range pts {
			path = append(path, fmt.Sprintf("%.1f,%.1f", x(i), y(se.v(p))))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.Join(path, " "), se.color)
		for i, p := range pts {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%d年%s%s件</title></circle>`, x(i), y(se.v(p)), se.color, p.Year, se.name, report.FormatNumber(se.v(p)))
		}
	}
	for i, p := range pts {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle" fill="%s">%d</text>`, x(i), h-bottom+18, colorT, p.Year)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
