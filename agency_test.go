package gongkai_test

import (
	"testing"

	"gongkai"
)

func TestValidateAgencyCode(t *testing.T) {
	for _, test := range []struct {
		code string
		ok   bool
	}{
		{"", true},
		{"91350100M000100Y43", true}, // GB 32100 example
		{"91350100M000100Y44", false},
		{"00413123X", true},
		{"00413123x", false},
		{"1234", false},
	} {
		t.Run(test.code, func(t *testing.T) {
			if err := gongkai.ValidateAgencyCode(test.code); (err == nil) != test.ok {
				t.Fatalf("ValidateAgencyCode(%q) = %v", test.code, err)
			}
		})
	}
}

func TestAgencyValidate(t *testing.T) {
	for _, test := range []struct {
		name string
		a    gongkai.Agency
		code string
	}{
		{"OK", gongkai.Agency{ID: "a", Name: "某某县教育局", ReportScope: gongkai.ScopeOwn}, ""},
		{"NoID", gongkai.Agency{Name: "x", ReportScope: gongkai.ScopeOwn}, gongkai.EINVALID},
		{"OwnParent", gongkai.Agency{ID: "a", ParentID: "a", Name: "x", ReportScope: gongkai.ScopeOwn}, gongkai.EINVALID},
		{"NoScope", gongkai.Agency{ID: "a", Name: "x"}, gongkai.EINVALID},
	} {
		t.Run(test.name, func(t *testing.T) {
			if got := gongkai.ErrorCode(test.a.Validate()); got != test.code {
				t.Fatalf("code = %q, want %q", got, test.code)
			}
		})
	}
}

func TestUserCovers(t *testing.T) {
	path := []string{"county", "edu", "school"}
	for _, test := range []struct {
		name      string
		u         gongkai.User
		covers    bool
		applicant bool
	}{
		{"Admin", gongkai.User{Role: gongkai.RoleAdmin}, true, false},
		{"ClerkOfAgency", gongkai.User{Role: gongkai.RoleClerk, AgencyID: "school"}, true, true},
		{"ClerkAbove", gongkai.User{Role: gongkai.RoleClerk, AgencyID: "edu"}, false, false},
		{"ClerkAboveWithSubtree", gongkai.User{Role: gongkai.RoleClerk, AgencyID: "edu", IncludeSubtree: true}, true, true},
		{"ClerkElsewhere", gongkai.User{Role: gongkai.RoleClerk, AgencyID: "town", IncludeSubtree: true}, false, false},
		{"Reviewer", gongkai.User{Role: gongkai.RoleReviewer, AgencyID: "school"}, false, false},
		{"Disabled", gongkai.User{Role: gongkai.RoleAdmin, Disabled: true}, false, false},
	} {
		t.Run(test.name, func(t *testing.T) {
			if got := test.u.Covers(path); got != test.covers {
				t.Fatalf("Covers = %v", got)
			}
			if got := test.u.CanSeeApplicant(path); got != test.applicant {
				t.Fatalf("CanSeeApplicant = %v", got)
			}
		})
	}
}

func TestReportTransition(t *testing.T) {
	d, c, p := gongkai.ReportDraft, gongkai.ReportChecked, gongkai.ReportPublished
	for _, test := range []struct {
		from, to gongkai.ReportStatus
		code     string
	}{
		{d, c, ""}, {c, p, ""}, {c, d, ""},
		{d, p, gongkai.EINVALID}, {d, d, gongkai.EINVALID}, {d, "gone", gongkai.EINVALID},
		{p, d, gongkai.ECONFLICT}, {p, p, gongkai.ECONFLICT},
	} {
		t.Run(string(test.from)+"-"+string(test.to), func(t *testing.T) {
			if got := gongkai.ErrorCode(gongkai.ReportTransition(test.from, test.to)); got != test.code {
				t.Fatalf("code = %q, want %q", got, test.code)
			}
		})
	}
}

func TestRequestProgress(t *testing.T) {
	d := gongkai.MustParseDate
	p := gongkai.RequestProgress{}.Advance(gongkai.Event{Kind: gongkai.EventReceived, On: d("2024-01-02")})
	if !p.Open || p.ReceivedOn != d("2024-01-02") {
		t.Fatalf("after receipt %+v", p)
	}
	p = p.Advance(gongkai.Event{Kind: gongkai.EventDecided, On: d("2024-01-20")})
	p = p.Advance(gongkai.Event{Kind: gongkai.EventReopened, On: d("2024-05-01")})
	if !p.Open || p.ClosedOn != d("2024-01-20") {
		t.Fatalf("after reopening %+v", p)
	}
	p = p.Advance(gongkai.Event{Kind: gongkai.EventDecided, On: d("2024-05-20")})
	if p.Open || p.ClosedOn != d("2024-01-20") {
		t.Fatalf("after the second decision %+v (the first closure counts)", p)
	}
}

func TestProgressDelta(t *testing.T) {
	d := gongkai.MustParseDate
	for _, test := range []struct {
		name             string
		events           []gongkai.Event
		received, closed string
		open, changed    bool
	}{
		{"Note", []gongkai.Event{{Kind: gongkai.EventExtended, On: d("2024-01-05")}}, "", "", false, false},
		{"Receipt", []gongkai.Event{{Kind: gongkai.EventReceived, On: d("2024-01-02")}}, "2024-01-02", "", true, true},
		{"Decision", []gongkai.Event{{Kind: gongkai.EventDecided, On: d("2024-01-20")}}, "", "2024-01-20", false, true},
		{"Lapse", []gongkai.Event{{Kind: gongkai.EventFeeLapsed, On: d("2024-02-20")}}, "", "2024-02-20", false, true},
		{"Reopened", []gongkai.Event{{Kind: gongkai.EventReopened, On: d("2024-05-01")}}, "", "", true, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			received, closed, open, changed := gongkai.ProgressDelta(test.events...)
			if received.String() != test.received || closed.String() != test.closed || open != test.open || changed != test.changed {
				t.Fatalf("ProgressDelta = %s %s %v %v", received, closed, open, changed)
			}
		})
	}
}
