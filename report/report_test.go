package report

import (
	"bytes"
	"os"
	"testing"
)

func mustReadFixture(tb testing.TB, name string) *Report {
	tb.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := DecodeJSON(data)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return r
}

// The seed (安溪县 2020) says 未经复议直接起诉 总计 5 while every outcome is 0:
// exactly that one error, and no other error.
func TestCheck_Seed(t *testing.T) {
	r := mustReadFixture(t, "anxi-2020.json")
	fs := Check(r, nil)
	var errs []Finding
	for _, f := range fs {
		if f.Severity == Error {
			errs = append(errs, f)
		}
	}
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1: %+v", len(errs), errs)
	}
	e := errs[0]
	if e.Rule != "appeals.group_sum" || e.Table != "四" || e.Row != "suit_direct" {
		t.Errorf("error = %+v, want appeals.group_sum on 四/suit_direct", e)
	}
	if want := "行政诉讼（未经复议直接起诉）总计 5 ≠ 0+0+0+0"; e.Message != want {
		t.Errorf("message = %q, want %q", e.Message, want)
	}
	if len(fs) != 1 {
		t.Errorf("got %d findings in all, want 1 (the narrative fact agrees): %+v", len(fs), fs)
	}
}

func TestJSON_RoundTrip(t *testing.T) {
	for _, name := range []string{"anxi-2020.json"} {
		r := mustReadFixture(t, name)
		r.Findings = Check(r, nil)
		var b bytes.Buffer
		if err := EncodeJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		r2, err := DecodeJSON(b.Bytes())
		if err != nil {
			t.Fatalf("decoding our own output: %v\n%s", err, b.String())
		}
		var b2 bytes.Buffer
		if err := EncodeJSON(&b2, r2); err != nil {
			t.Fatal(err)
		}
		if b.String() != b2.String() {
			t.Errorf("round trip changed the document:\n%s\n---\n%s", b.String(), b2.String())
		}
	}
}

func TestCheck_Example(t *testing.T) {
	data, err := os.ReadFile("../examples/example-2024.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	if fs := Check(r, nil); len(fs) != 0 {
		t.Errorf("the shipped example should be consistent, got %+v", fs)
	}
}

// A page cut short: the missing rows are 0 with value.missing, and the
// sums they break are not reported again as errors.
func TestRecheck_MissingRowsAreNotErrorsAgain(t *testing.T) {
	r := mustReadFixture(t, "anxi-2020.json")
	r.Facts = nil
	r.Appeals.Set("suit_direct", "total", 0)
	for _, row := range []string{"total_handled", "carried_forward"} {
		for _, c := range r.Requests.Def.Rows[0].Columns {
			r.Requests.Set(row, c.ID, 0)
		}
		r.Findings = append(r.Findings, Finding{Rule: "value.missing", Severity: Uncertain, Table: "三", Row: row})
	}
	Recheck(r, nil)
	for _, f := range r.Findings {
		if f.Severity == Error {
			t.Errorf("error restating a missing row: %+v", f)
		}
	}
	if n := CountSeverity(r.Findings, Uncertain); n != 2 {
		t.Errorf("%d uncertain findings, want the 2 value.missing", n)
	}
	// Without the value.missing findings the same zeros are errors.
	r.Findings = nil
	Recheck(r, nil)
	if !HasErrors(r.Findings) {
		t.Error("zeros without value.missing must be errors")
	}
}
