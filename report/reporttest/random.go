// Package reporttest makes annual reports for tests: random reports that
// pass every consistency rule, in either format version.
package reporttest

import (
	"math"
	"math/rand/v2"

	"gongkai/report"
)

// Consistent returns a random report of the given year and version that
// passes every rule of report.Check. Most cells are small or zero, as in real
// reports; some are large.
func Consistent(rng *rand.Rand, year int, v report.Version) *report.Report {
	r := report.New(year, v)
	r.Agency = "测试县人民政府"
	fillProactive(rng, r.Proactive)
	fillRequests(rng, r.Requests)
	fillAppeals(rng, r.Appeals)
	return r
}

// count returns a plausible count: often 0, usually small, sometimes large.
func count(rng *rand.Rand) float64 {
	switch p := rng.IntN(10); {
	case p < 4:
		return 0
	case p < 8:
		return float64(rng.IntN(20))
	case p < 9:
		return float64(rng.IntN(1000))
	default:
		return float64(rng.IntN(400000))
	}
}

func fillProactive(rng *rand.Rand, t *report.Table) {
	for _, row := range t.Def.Rows {
		for _, c := range row.Columns {
			var v float64
			switch c.Kind {
			case report.Count:
				v = count(rng)
			case report.SignedCount:
				v = count(rng)
				if rng.IntN(3) == 0 { // a decrease never exceeds what there was
					v = -math.Min(v, t.Get(row.ID, "prior_items"))
				}
			case report.Amount:
				v = math.Round(rng.Float64()*1e6) / 100 // two decimals
			}
			t.Set(row.ID, c.ID, v)
		}
	}
}

func fillRequests(rng *rand.Rand, t *report.Table) {
	cols := t.Def.Rows[0].Columns
	outcomes := report.OutcomeRows(versionOf(t))
	for _, c := range cols[:len(cols)-1] {
		active := c.ID == "natural_person" || rng.IntN(3) == 0
		var handled float64
		for _, o := range outcomes {
			var v float64
			if active && rng.IntN(3) == 0 {
				v = float64(rng.IntN(30))
			}
			t.Set(o, c.ID, v)
			handled += v
		}
		t.Set("total_handled", c.ID, handled)
		var over, forward float64
		if active {
			over, forward = float64(rng.IntN(5)), float64(rng.IntN(5))
		}
		if handled+forward-over < 0 {
			forward = over - handled
		}
		t.Set("carried_over", c.ID, over)
		t.Set("carried_forward", c.ID, forward)
		t.Set("new_received", c.ID, handled+forward-over)
	}
	sumRows(t)
}

// sumRows sets the total column of table 三 to the sum of the others.
func sumRows(t *report.Table) {
	cols := t.Def.Rows[0].Columns
	for _, row := range t.Def.Rows {
		var sum float64
		for _, c := range cols[:len(cols)-1] {
			sum += t.Get(row.ID, c.ID)
		}
		t.Set(row.ID, "total", sum)
	}
}

func versionOf(t *report.Table) report.Version {
	if t.Def.Row("other") != nil {
		return report.V2019
	}
	return report.V2021
}

func fillAppeals(rng *rand.Rand, t *report.Table) {
	for _, row := range t.Def.Rows {
		var sum float64
		for _, c := range row.Columns[:4] {
			v := float64(0)
			if rng.IntN(3) == 0 {
				v = float64(rng.IntN(8))
			}
			t.Set(row.ID, c.ID, v)
			sum += v
		}
		t.Set(row.ID, "total", sum)
	}
}

// Successor returns a random consistent report for the year after prev, of
// the version that year requires, whose cross-year figures continue prev's:
// carried_over equals prev's carried_forward, and where both years share a
// version, 2021 in_force and 2019 prior_items follow from prev.
func Successor(rng *rand.Rand, prev *report.Report) *report.Report {
	year := prev.Year + 1
	v := report.VersionForYear(year)
	r := Consistent(rng, year, v)
	r.Agency = prev.Agency
	t := r.Requests
	cols := t.Def.Rows[0].Columns
	for _, c := range cols[:len(cols)-1] {
		delta := prev.Requests.Get("carried_forward", c.ID) - t.Get("carried_over", c.ID)
		t.Set("carried_over", c.ID, t.Get("carried_over", c.ID)+delta)
		t.Set("new_received", c.ID, t.Get("new_received", c.ID)-delta)
		if t.Get("new_received", c.ID) < 0 { // keep it legal: more handled instead
			short := -t.Get("new_received", c.ID)
			t.Set("new_received", c.ID, 0)
			t.Add("carried_forward", c.ID, short)
		}
	}
	sumRows(t)
	if v == report.V2021 && prev.Format == report.V2021 {
		for _, id := range []string{"rules", "normative_docs"} {
			in := prev.Proactive.Get(id, "in_force") + r.Proactive.Get(id, "issued") - r.Proactive.Get(id, "repealed")
			if in < 0 {
				r.Proactive.Set(id, "repealed", r.Proactive.Get(id, "repealed")+in)
				in = 0
			}
			r.Proactive.Set(id, "in_force", in)
		}
	}
	if v == report.V2019 && prev.Format == report.V2019 {
		for _, row := range r.Proactive.Def.Rows {
			if row.ColumnIndex("prior_items") >= 0 {
				r.Proactive.Set(row.ID, "prior_items", prev.Proactive.Get(row.ID, "prior_items")+prev.Proactive.Get(row.ID, "change"))
			}
		}
	}
	return r
}
