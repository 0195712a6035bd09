package main

import (
	"bytes"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"gongkai"
)

// homeTemplate is the start page until the public portal replaces it: the
// API, and the annual reports of the top-level agencies.
var homeTemplate = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政府信息公开 · gongkai</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.7}code{background:#f3f3f3;padding:0 .2em}</style>
</head>
<body>
<h1>政府信息公开</h1>
<p>本系统提供政府信息公开申请办理、行政复议与行政诉讼登记，以及由办理记录实时生成的政府信息公开工作年度报告。</p>
<h2>政府信息公开工作年度报告（JSON）</h2>
{{if .Agencies}}<ul>
{{range .Agencies}}<li>{{.Name}}：{{$id := .ID}}{{range $.Years}}<a href="/api/v1/agencies/{{$id}}/reports/{{.}}?scope=subtree">{{.}}年</a> {{end}}</li>
{{end}}</ul>{{else}}<p>尚未建立行政机关。运行 <code>gongkai serve --demo</code> 可载入安溪县演示数据。</p>{{end}}
<h2>接口</h2>
<ul>
<li><a href="/api/v1/openapi.json">OpenAPI 接口说明</a>（<code>/api/v1/openapi.json</code>）</li>
<li><a href="/api/v1/agencies">行政机关列表</a>（<code>/api/v1/agencies</code>）</li>
</ul>
</body>
</html>
`))

type homePage struct {
	Agencies []*gongkai.Agency // the roots of the agency tree
	Years    []int
}

// homeHandler serves "GET /": a minimal Chinese start page linking to the
// API and to the reports of the top-level agencies (for the demo, 安溪县人民政府
// 2020). The public portal replaces it later.
func homeHandler(svc *gongkai.Service, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		all, err := svc.Agencies(r.Context())
		if err != nil {
			logger.Error("home page", "err", err.Error())
			http.Error(w, "内部错误", http.StatusInternalServerError)
			return
		}
		p := homePage{}
		for _, a := range all {
			if a.ParentID == "" {
				p.Agencies = append(p.Agencies, a)
			}
		}
		for y := 2020; y < time.Now().Year(); y++ {
			p.Years = append(p.Years, y)
		}
		var b bytes.Buffer
		if err := homeTemplate.Execute(&b, p); err != nil {
			logger.Error("home page", "err", err.Error())
			http.Error(w, "内部错误", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b.Bytes())
	})
}
