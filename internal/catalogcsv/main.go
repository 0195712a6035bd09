// Command catalogcsv writes a synthetic old site's catalog export, in the
// columns gongkai catalog import reads, for measuring the import: the
// items of demo.SyntheticCatalog(1, N, 3), their bodies as plain text.
//
//	go run ./internal/catalogcsv 20000 > catalog.csv
//	gongkai catalog import --db … --agency ID catalog.csv
package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"

	"gongkai"
	"gongkai/demo"
)

func main() {
	n, err := 0, error(nil)
	if len(os.Args) == 2 {
		n, err = strconv.Atoi(os.Args[1])
	}
	if n <= 0 || err != nil {
		fmt.Fprintln(os.Stderr, "usage: catalogcsv ITEMS > FILE.csv")
		os.Exit(2)
	}
	if err := write(os.Stdout, n); err != nil {
		fmt.Fprintln(os.Stderr, "catalogcsv:", err)
		os.Exit(1)
	}
}

// write writes the header and n rows to out.
func write(out io.Writer, n int) error {
	w := csv.NewWriter(out)
	if err := w.Write([]string{"索引号", "标题", "成文日期", "发布日期", "主题分类", "条例第二十条事项", "正文"}); err != nil {
		return err
	}
	err := demo.SyntheticCatalog(1, n, 3).EachItem(func(it *gongkai.Item) error {
		return w.Write([]string{it.IndexNo, it.Title, it.WrittenOn.String(), it.PublishedOn.String(),
			it.Topic[0] + "/" + it.Topic[1], strconv.Itoa(it.Article20Item), gongkai.PlainText(it.Body)})
	})
	if err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}
