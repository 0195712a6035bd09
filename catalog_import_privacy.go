package gongkai

import (
	"fmt"
	"strings"

	"gongkai/privacy"
)

// Personal data in an imported row. The import publishes its rows, so the
// rule of PublishItem holds for it too: personal data is not published
// without a reviewer's decision (条例第十五条). A row whose title or text
// holds an identity number, a bank card number, a mobile number, an e-mail
// address is refused — unless the import holds such rows back (Hold): they
// are then stored 送审 (submitted) for a reviewer to clear in the console
// and publish, keeping their 索引号. Landline numbers and 统一社会信用代码
// are most often an office's and an organisation's, which the old site
// published on purpose; they are reported (Warnings) but not held.

// personalKinds are the kinds that refuse or hold a row.
var personalKinds = map[privacy.Kind]bool{
	privacy.IDCard: true, privacy.IDCard15: true, privacy.BankCard: true,
	privacy.Mobile: true, privacy.Email: true, privacy.Name: true,
}

// rowKinds returns the kinds of personal data in an item's title and body,
// split into those that hold the row and the others, without the data.
func rowKinds(it *Item) (personal, other []string) {
	seen := map[privacy.Kind]bool{}
	hits := append(privacy.Scan(it.Title, privacy.Options{}), privacy.ScanHTML(it.Body, privacy.Options{})...)
	for _, h := range hits {
		if seen[h.Kind] {
			continue
		}
		seen[h.Kind] = true
		if personalKinds[h.Kind] {
			personal = append(personal, PrivacyKindChinese(string(h.Kind)))
		} else {
			other = append(other, PrivacyKindChinese(string(h.Kind)))
		}
	}
	return personal, other
}

// checkPersonalData refuses or holds row r when it holds personal data,
// and notes the other kinds found.
func (ci *CatalogImport) checkPersonalData(r *ImportRow) *ImportError {
	personal, other := rowKinds(r.Item)
	if len(other) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("check %s (published as on the old site)", strings.Join(other, ", ")))
	}
	if len(personal) == 0 {
		return nil
	}
	if !ci.Hold {
		return &ImportError{r.Row, "正文", fmt.Sprintf("holds personal data (%s): mask it in the file, or import with --hold so that a reviewer clears it in the console before it is published (条例第十五条)",
			strings.Join(personal, ", "))}
	}
	it := r.Item
	it.Status, it.PublishedOn, it.DraftedBy, it.Review = ItemSubmitted, Date{}, ImportReviewer, Review{}
	r.Held = personal
	return nil
}
