package demo

import (
	"testing"

	"gongkai"
	"gongkai/report"
)

func TestSyntheticSmall(t *testing.T) {
	const nAgencies, nRequests = 200, 20000
	g := Synthetic(nAgencies, nRequests, 7)
	ags := g.Agencies()
	if len(ags) != nAgencies {
		t.Fatalf("%d agencies, want %d", len(ags), nAgencies)
	}
	ids, codes := map[string]bool{}, map[string]bool{}
	roots := 0
	for _, a := range ags {
		if err := a.Validate(); err != nil {
			t.Error(err)
		}
		switch {
		case a.ParentID == "":
			roots++
		case !ids[a.ParentID]:
			t.Errorf("agency %s: parent %s missing or after it", a.ID, a.ParentID)
		}
		if ids[a.ID] || codes[a.Code] {
			t.Errorf("agency %s: id or code %s repeated", a.ID, a.Code)
		}
		ids[a.ID], codes[a.Code] = true, true
	}
	if roots != 1 {
		t.Errorf("%d roots, want 1", roots)
	}
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar()}
	n, nAppeals := 0, 0
	reqIDs := map[string]bool{}
	years := map[int]int{}
	outcomes := map[string]int{}
	kinds := map[gongkai.AppealKind]int{}
	ds := &Dataset{Agencies: ags}
	err := g.EachRequest(func(r *gongkai.Request, a *gongkai.ApplicantRecord, appeals []*gongkai.Appeal) error {
		n++
		ds.Requests = append(ds.Requests, r)
		ds.Appeals = append(ds.Appeals, appeals...)
		if reqIDs[r.ID] || !ids[r.Agency] {
			t.Errorf("request %s: repeated id or unknown agency %s", r.ID, r.Agency)
		}
		reqIDs[r.ID] = true
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		if err := a.Validate(); err != nil || a.ID != r.Applicant.ID || a.ID != gongkai.ApplicantKey(a.IDNumber) {
			t.Errorf("request %s: applicant %+v: %v", r.ID, a, err)
		}
		years[r.ReceivedOn().Year]++
		st, err := p.Status(r)
		if err != nil {
			t.Error(err)
			return nil
		}
		if st.State != gongkai.StateClosed || len(st.Flags) > 0 {
			t.Errorf("request %s: %s, flags %+v", r.ID, st.State, st.Flags)
		}
		_, o, _ := r.FirstClosure()
		outcomes[o]++
		for _, ap := range appeals {
			nAppeals++
			kinds[ap.Kind]++
			if err := ap.Validate(r); err != nil {
				t.Error(err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != nRequests {
		t.Errorf("%d requests, want %d", n, nRequests)
	}
	if nAppeals < nRequests/200 || nAppeals > nRequests/50 {
		t.Errorf("%d appeals for %d requests, want about 1%%", nAppeals, nRequests)
	}
	for y := SyntheticFirstYear; y <= SyntheticLastYear; y++ {
		if years[y] < nRequests/10 {
			t.Errorf("%d requests received in %d", years[y], y)
		}
	}
	g.EachProactive(func(in *gongkai.ProactiveInput) error { ds.Proactive = append(ds.Proactive, in); return nil })
	// Every agency's reports, and the province's, pass the rules year on year.
	for _, a := range ags {
		var prev *report.Report
		for y := SyntheticFirstYear; y <= SyntheticLastYear; y++ {
			rep, err := ds.Report(a.ID, y)
			if err != nil {
				t.Fatal(err)
			}
			if fs := report.Check(rep, prev); len(fs) > 0 {
				t.Errorf("%s %d: %+v", a.ID, y, fs)
			}
			prev = rep
		}
	}
	if len(kinds) != 3 {
		t.Errorf("appeal kinds %v: want all three", kinds)
	}
	if len(outcomes) < 15 {
		t.Errorf("outcomes %v: want most rows of table 三", outcomes)
	}
}

func TestSyntheticProactive(t *testing.T) {
	g := Synthetic(300, 0, 5)
	n := 0
	prev := map[string]float64{}
	err := g.EachProactive(func(in *gongkai.ProactiveInput) error {
		n++
		if err := in.Validate(); err != nil {
			t.Error(err)
		}
		v := in.Values
		if in.Year > SyntheticFirstYear && prev[in.Agency]+v["normative_docs.issued"]-v["normative_docs.repealed"] != v["normative_docs.in_force"] {
			t.Errorf("%s %d: in_force does not carry on", in.Agency, in.Year)
		}
		prev[in.Agency] = v["normative_docs.in_force"]
		return nil
	})
	if err != nil || n != 300*5 {
		t.Errorf("%d inputs, %v", n, err)
	}
}

func TestSyntheticSizes(t *testing.T) {
	for _, n := range []int{1, 2, 5, 17, 1000, 5000} {
		ags := Synthetic(n, 0, 1).Agencies()
		if len(ags) != n {
			t.Errorf("Synthetic(%d): %d agencies", n, len(ags))
		}
	}
}

func TestSyntheticDeterministic(t *testing.T) {
	collect := func() []string {
		var out []string
		Synthetic(50, 500, 42).EachRequest(func(r *gongkai.Request, a *gongkai.ApplicantRecord, aps []*gongkai.Appeal) error {
			out = append(out, r.ID+r.Agency+a.ID+r.Events[len(r.Events)-1].On.String()+r.Events[len(r.Events)-1].Outcome)
			return nil
		})
		return out
	}
	a, b := collect(), collect()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("request %d differs between runs", i)
		}
	}
}

func BenchmarkSynthetic(b *testing.B) {
	g := Synthetic(5000, b.N, 1)
	b.ReportAllocs()
	b.ResetTimer()
	events := 0
	g.EachRequest(func(r *gongkai.Request, _ *gongkai.ApplicantRecord, _ []*gongkai.Appeal) error {
		events += len(r.Events)
		return nil
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
}
