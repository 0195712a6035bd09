package demo

import (
	"fmt"
	"math"
	"strings"

	"gongkai"
	"gongkai/report"
)

// Report computes the annual report of agency for year from the dataset, as
// the agency's ReportScope says: its own records (own), or those of its
// whole subtree added up (subtree). Tables 三 and 四 come from
// gongkai.Tables, table 二 from the proactive inputs. No finding is
// attached: run report.Check.
func (ds *Dataset) Report(agency string, year int) (*report.Report, error) {
	a := ds.Agency(agency)
	if a == nil {
		return nil, fmt.Errorf("demo: no agency %q", agency)
	}
	ids := []string{agency}
	if a.ReportScope == gongkai.ScopeSubtree {
		ids = ds.Subtree(agency)
	}
	return ds.ReportOf(a.Name, ids, year)
}

// ReportOf computes the report named name of the agencies ids for year: the
// sum of each agency's tables.
func (ds *Dataset) ReportOf(name string, ids []string, year int) (*report.Report, error) {
	var out *report.Report
	for _, id := range ids {
		rep, err := gongkai.Tables(id, year, ds.Requests, ds.Appeals)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = rep
		} else {
			addTable(out.Requests, rep.Requests)
			addTable(out.Appeals, rep.Appeals)
		}
	}
	if out == nil {
		return nil, fmt.Errorf("demo: report of no agency")
	}
	out.Agency = name
	in := map[string]bool{}
	for _, id := range ids {
		in[id] = true
	}
	for _, p := range ds.Proactive {
		if p.Year != year || !in[p.Agency] {
			continue
		}
		if err := AddProactive(out, p); err != nil {
			return nil, err
		}
	}
	// Decimal amounts (万元) summed in any order agree to the cent.
	t := out.Proactive
	for i, row := range t.Def.Rows {
		for j := range row.Columns {
			t.SetAt(i, j, math.Round(t.At(i, j)*1e6)/1e6)
		}
	}
	return out, nil
}

// AddProactive adds the table 二 inputs in to rep's table 二; an input key
// the report's format has no cell for is an error.
func AddProactive(rep *report.Report, in *gongkai.ProactiveInput) error {
	for k, v := range in.Values {
		row, col, ok := strings.Cut(k, ".")
		if !ok {
			return fmt.Errorf("demo: proactive input %q of %s %d: want row.column", k, in.Agency, in.Year)
		}
		if _, ok := rep.Proactive.Lookup(row, col); !ok {
			return fmt.Errorf("demo: proactive input %q of %s %d: no such cell in the %s format", k, in.Agency, in.Year, rep.Format)
		}
		rep.Proactive.Add(row, col, v)
	}
	return nil
}

func addTable(dst, src *report.Table) {
	for i, row := range dst.Def.Rows {
		for j := range row.Columns {
			dst.SetAt(i, j, dst.At(i, j)+src.At(i, j))
		}
	}
}
