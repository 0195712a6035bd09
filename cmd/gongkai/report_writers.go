package main

import (
	"gongkai/render"
	"gongkai/xlsx"
)

func init() {
	writers["html"] = render.HTML
	writers["md"] = render.Markdown
	writers["text"] = render.Text
	writers["docx"] = render.DOCX
	writers["xlsx"] = xlsx.Write
	for ext, kind := range map[string]string{".html": "html", ".htm": "html", ".md": "md", ".txt": "text", ".docx": "docx", ".xlsx": "xlsx"} {
		extensions[ext] = kind
	}
}
