package main

import (
	"bytes"
	"testing"
	"time"

	"gongkai"
)

// TestWrite: the export is one that gongkai catalog import takes whole.
func TestWrite(t *testing.T) {
	var b bytes.Buffer
	if err := write(&b, 300); err != nil {
		t.Fatal(err)
	}
	rows, err := gongkai.ReadCatalogCSV(&b)
	if err != nil {
		t.Fatal(err)
	}
	ci := &gongkai.CatalogImport{Agency: &gongkai.Agency{ID: "a", Name: "演示机关", Code: "000000001"}, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	items, ignored, errs := ci.Parse(rows)
	if len(errs) > 0 || len(ignored) > 0 || len(items) != 300 {
		t.Fatalf("%d items, ignored %v, errors %v", len(items), ignored, errs)
	}
	if it := items[0].Item; it.Title == "" || it.Body == "" || it.Topic[1] == "" || it.Article20Item == 0 {
		t.Errorf("first item %+v", it)
	}
}
