package report_test

import (
	"math/rand/v2"
	"testing"

	"gongkai/report"
	"gongkai/report/reporttest"
)

// Random consistent reports of both formats pass every rule, and changing
// any single cell of tables 三 or 四 is caught by at least one error rule:
// every cell there takes part in some rule, so the rule set is complete.
func TestRules_CompleteForTables3And4(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, year := range []int{2019, 2020, 2021, 2024} {
		for n := 0; n < 50; n++ {
			r := reporttest.Consistent(rng, year, report.VersionForYear(year))
			if fs := report.Check(r, nil); len(fs) != 0 {
				t.Fatalf("consistent %d report has findings: %+v", year, fs)
			}
			for _, tab := range []*report.Table{r.Requests, r.Appeals} {
				for _, row := range tab.Def.Rows {
					for _, c := range row.Columns {
						old := tab.Get(row.ID, c.ID)
						delta := float64(1 + rng.IntN(5))
						if rng.IntN(2) == 0 && old >= delta {
							delta = -delta
						}
						tab.Set(row.ID, c.ID, old+delta)
						if !report.HasErrors(report.Check(r, nil)) {
							t.Errorf("%d: changing 表%s %s.%s from %v to %v is not caught", year, tab.Def.ID, row.ID, c.ID, old, old+delta)
						}
						tab.Set(row.ID, c.ID, old)
					}
				}
			}
		}
	}
}

// Table 二 has no arithmetic inside one report; its only rules are the sign
// of counts and the cross-year ones. A change to a cell those rules read is
// caught, given the year before.
func TestRules_Table2CrossYear(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, start := range []int{2019, 2022} {
		for n := 0; n < 50; n++ {
			prev := reporttest.Consistent(rng, start, report.VersionForYear(start))
			r := reporttest.Successor(rng, prev)
			if fs := report.Check(r, prev); len(fs) != 0 {
				t.Fatalf("successor of %d has findings: %+v", start, fs)
			}
			var cells [][2]string
			if r.Format == report.V2021 {
				for _, id := range []string{"rules", "normative_docs"} {
					cells = append(cells, [2]string{id, "issued"}, [2]string{id, "repealed"}, [2]string{id, "in_force"})
				}
			} else {
				for _, row := range r.Proactive.Def.Rows {
					if row.ColumnIndex("prior_items") >= 0 {
						cells = append(cells, [2]string{row.ID, "prior_items"})
					}
				}
			}
			for _, c := range cells {
				old := r.Proactive.Get(c[0], c[1])
				r.Proactive.Set(c[0], c[1], old+1)
				if !hasRule(report.Check(r, prev), "cross_year.in_force", "cross_year.items") {
					t.Errorf("%d: changing 表二 %s.%s is not caught", r.Year, c[0], c[1])
				}
				r.Proactive.Set(c[0], c[1], old)
			}
			// and carried_over against last year's carried_forward
			r.Requests.Add("carried_over", "natural_person", 1)
			if !hasRule(report.Check(r, prev), "cross_year.carry") {
				t.Errorf("%d: cross_year.carry not found", r.Year)
			}
			r.Requests.Add("carried_over", "natural_person", -1)
			// A negative count anywhere in 表二 (except 2019 本年增/减) is an error.
			for _, row := range r.Proactive.Def.Rows {
				for _, col := range row.Columns {
					if col.Kind == report.SignedCount {
						continue
					}
					old := r.Proactive.Get(row.ID, col.ID)
					r.Proactive.Set(row.ID, col.ID, -1)
					if !hasRule(report.Check(r, nil), "value.negative") {
						t.Errorf("negative 表二 %s.%s not caught", row.ID, col.ID)
					}
					r.Proactive.Set(row.ID, col.ID, old)
				}
			}
		}
	}
}

func hasRule(fs []report.Finding, ids ...string) bool {
	for _, f := range fs {
		for _, id := range ids {
			if f.Rule == id {
				return true
			}
		}
	}
	return false
}
