package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/report"
)

func TestReportParse(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	md := filepath.Join(dir, "b.md")
	bad := filepath.Join(dir, "c.txt")
	text := "某某县人民政府2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n规章 |\n1 |\n2 |\n3 |\n"
	os.WriteFile(good, []byte(text), 0o644)
	os.WriteFile(md, []byte("# 某某局2023年政府信息公开工作年度报告\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 4 | 5 | 6 |\n"), 0o644)
	os.WriteFile(bad, []byte("not a report at all"), 0o644)

	var out, errb bytes.Buffer
	if code := reportParse([]string{good}, &out, &errb); code != 0 {
		t.Fatalf("one file: exit %d, stderr %s", code, errb.String())
	}
	r, err := report.DecodeJSON(out.Bytes())
	if err != nil {
		t.Fatalf("one file: not one JSON document: %v", err)
	}
	if r.Proactive.Get("rules", "total") != 3 || r.Year != 2020 {
		t.Errorf("read %v, year %d", r.Proactive.Get("rules", "total"), r.Year)
	}

	out.Reset()
	errb.Reset()
	code := reportParse([]string{good, bad, md, "--year", "2023"}, &out, &errb)
	if code != 2 {
		t.Errorf("with an unreadable file: exit %d, want 2", code)
	}
	if !strings.Contains(errb.String(), bad) || !strings.Contains(errb.String(), "no annual-report tables") {
		t.Errorf("stderr does not name the bad file and why: %s", errb.String())
	}
	var docs []*report.Report
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		d, err := report.DecodeJSON(sc.Bytes())
		if err != nil {
			t.Fatalf("line %d is not a document: %v", len(docs)+1, err)
		}
		docs = append(docs, d)
	}
	if len(docs) != 2 || docs[0].Proactive.Get("rules", "total") != 3 || docs[1].Proactive.Get("rules", "in_force") != 6 {
		t.Fatalf("want the two readable documents in input order, got %d", len(docs))
	}
	if docs[0].Year != 2023 {
		t.Errorf("--year not applied: %d", docs[0].Year)
	}

	// check and render read what parse reads.
	out.Reset()
	if code := reportCheck([]string{md}, &out, &errb); code == 2 {
		t.Errorf("report check cannot read Markdown: %s", errb.String())
	}
}

func TestReportBatch(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# 某某局2022年政府信息公开工作年度报告\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 4 | 5 | 6 |\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("# 某某局2023年政府信息公开工作年度报告\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 1 | 0 | 9 |\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.txt"), []byte("nothing"), 0o644)
	for _, ext := range []string{".jsonl", ".csv", ".xlsx"} {
		out := filepath.Join(t.TempDir(), "out"+ext)
		var so, se bytes.Buffer
		if code := reportBatch([]string{"-o", out, dir}, &so, &se); code != 0 {
			t.Fatalf("%s: exit %d: %s", ext, code, se.String())
		}
		data, err := os.ReadFile(out)
		if err != nil || len(data) == 0 {
			t.Fatalf("%s: no output: %v", ext, err)
		}
		if ext == ".jsonl" {
			s := string(data)
			if strings.Count(s, `"type":"report"`) != 3 || !strings.Contains(s, "cross_year.in_force") || !strings.Contains(s, "no annual-report tables") {
				t.Errorf("jsonl: want 3 reports, a cross_year.in_force finding (6+1-0 ≠ 9) and the unreadable file:\n%s", s)
			}
		}
	}
}
