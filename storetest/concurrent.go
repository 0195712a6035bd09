package storetest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"gongkai"
)

// testConcurrentUpdates: writers that change the same record from the same
// version at once: exactly one succeeds, the others get ECONFLICT, and the
// audit log has one entry per success.
func testConcurrentUpdates(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateRequest(t, s, "R1", "county", "2024-03-01", 1)
	must(t, s.CreateAppeal(c, &gongkai.Appeal{ID: "A1", RequestID: "R1", Kind: gongkai.AppealReview, FiledOn: d("2024-04-20")}))
	r := &gongkai.AnnualReport{Agency: "county", Year: 2024, Body: json.RawMessage(body)}
	must(t, s.CreateAnnualReport(c, r))
	must(t, s.CreateItem(c, Item("I1", "county", gongkai.ItemApproved, "", "000014349/2024-00001", "通知", "<p>正文</p>")))

	const writers = 6
	for _, test := range []struct {
		name   string
		write  func(i int) error
		entity string
		id     string
		before int // audit entries before
	}{
		{"ProactiveInputCreate", func(i int) error {
			return s.PutProactiveInput(c, &gongkai.ProactiveInput{Agency: "county", Year: 2024, Values: map[string]float64{"licensing.decisions": float64(i)}})
		}, gongkai.EntityProactiveInput, "county/2024", 0},
		{"ProactiveInputUpdate", func(i int) error {
			return s.PutProactiveInput(c, &gongkai.ProactiveInput{Agency: "county", Year: 2024, Version: 1, Values: map[string]float64{"licensing.decisions": float64(i)}})
		}, gongkai.EntityProactiveInput, "county/2024", 1},
		{"AnnualReportUpdate", func(i int) error {
			return s.UpdateAnnualReport(c, &gongkai.AnnualReport{Agency: "county", Year: 2024, Revision: 1, Version: 1,
				Body: json.RawMessage(fmt.Sprintf(`{"writer":%d}`, i))})
		}, gongkai.EntityAnnualReport, "county/2024/1", 1},
		{"AnnualReportCheck", func(i int) error {
			_, err := s.SetAnnualReportStatus(c, "county", 2024, 1, 2, gongkai.ReportChecked)
			return err
		}, gongkai.EntityAnnualReport, "county/2024/1", 2},
		{"ItemPublish", func(i int) error {
			it := Item("I1", "county", gongkai.ItemPublished, "2024-02-01", "000014349/2024-00001", fmt.Sprintf("通知%d", i), "<p>正文</p>")
			it.Version = 1
			return s.UpdateItem(c, it)
		}, gongkai.EntityItem, "I1", 1},
		{"AppealClose", func(i int) error {
			_, err := s.CloseAppeal(c, "A1", d("2024-06-01"), gongkai.AppealUpheld)
			return err
		}, gongkai.EntityAppeal, "A1", 1},
	} {
		t.Run(test.name, func(t *testing.T) {
			errs := make([]error, writers)
			var wg sync.WaitGroup
			for i := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = test.write(i)
				}()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch gongkai.ErrorCode(err) {
				case "":
					ok++
				case gongkai.ECONFLICT:
				default:
					t.Fatalf("concurrent write: %v", err)
				}
			}
			if ok != 1 {
				t.Fatalf("%d of %d concurrent writes succeeded, want 1", ok, writers)
			}
			if n := auditCount(t, s, test.entity, test.id); n != test.before+1 {
				t.Fatalf("audit entries = %d, want %d", n, test.before+1)
			}
		})
	}
	// The published item is in the search index once.
	if total, _, err := s.SearchItems(c, gongkai.SearchQuery{Q: "正文"}); err != nil || total != 1 {
		t.Fatalf("search after the concurrent publishing: %d, %v; want 1 hit", total, err)
	}
}
