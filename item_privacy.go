package gongkai

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"gongkai/privacy"
)

// PDFText extracts the text of a PDF for the privacy scan. gongkai's own
// code cannot read the text of every PDF (fonts with Chinese encodings), so
// the extraction is a hook: the server uses pdftotext when it is installed.
// Without one, a PDF attachment is an "unscanned" hit the reviewer must
// look at and accept, or replace.
type PDFText func(data []byte) (string, error)

// Media types of the attachments the privacy scan reads and masks.
const (
	MediaPDF  = "application/pdf"
	MediaDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	MediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// The scannedDoc.att of the two texts of an item that are not attachments.
const (
	docBody  = -1
	docTitle = -2
)

// scannedDoc is one document of an item as the privacy scan read it: the
// title, the body or an attachment.
type scannedDoc struct {
	att   int             // index in Item.Attachments, or docBody, docTitle
	kind  privacy.DocKind // "" when the format cannot be masked (PDF, images)
	data  []byte
	where string
	hits  []privacy.Hit
}

// place returns where a hit of d is, as the reviewer reads it (an
// attachment's hits name their part: 批注, 工作表…), and its key.
func (d scannedDoc) place(h privacy.Hit) (where, key string) {
	where = d.where
	if h.Context != "" && d.att >= 0 {
		where += h.Context
	}
	return where, privacyKey(where, h.Kind, h.Text)
}

// privacyKey identifies a hit across scans without holding the personal
// data itself: the same text of the same kind in the same place has the
// same key.
func privacyKey(where string, k privacy.Kind, text string) string {
	sum := sha256.Sum256([]byte(where + "\x00" + string(k) + "\x00" + text))
	return hex.EncodeToString(sum[:8])
}

// privacyOptions returns the scan options for an agency's items: the names
// of the applicants of its requests, the people the system knows.
func (s *Service) privacyOptions(ctx context.Context, st Store, agencyID string) (privacy.Options, error) {
	reqs, err := st.Requests(ctx, RequestFilter{Agencies: []string{agencyID}})
	if err != nil {
		return privacy.Options{}, err
	}
	seen := map[string]bool{}
	var names []string
	for _, r := range reqs {
		if r.Applicant.ID == "" || seen[r.Applicant.ID] {
			continue
		}
		seen[r.Applicant.ID] = true
		a, err := st.Applicant(ctx, r.Applicant.ID)
		if err != nil {
			if ErrorCode(err) == ENOTFOUND {
				continue
			}
			return privacy.Options{}, err
		}
		// An organisation's name is public; a person's is not (条例第十五条).
		if a.Type == NaturalPerson {
			names = append(names, a.Name)
		}
	}
	return privacy.Options{Names: names}, nil
}

// scanItem reads the body and every attachment of it from st and scans them.
func (s *Service) scanItem(ctx context.Context, st Store, it *Item) ([]scannedDoc, error) {
	opts, err := s.privacyOptions(ctx, st, it.Agency)
	if err != nil {
		return nil, err
	}
	docs := []scannedDoc{
		{att: docTitle, kind: privacy.KindText, data: []byte(it.Title), where: "标题", hits: privacy.Scan(it.Title, opts)},
		{att: docBody, kind: privacy.KindHTML, data: []byte(it.Body), where: "正文", hits: privacy.ScanHTML(it.Body, opts)},
	}
	for i, a := range it.Attachments {
		f, err := st.ItemFile(ctx, a.SHA256)
		if err != nil {
			return nil, fmt.Errorf("attachment %d of item %s: %w", i+1, it.ID, err)
		}
		d := scannedDoc{att: i, data: f.Data, where: "附件《" + a.Name + "》"}
		switch a.MediaType {
		case MediaDOCX:
			d.kind = privacy.KindDOCX
			d.hits, err = privacy.ScanDOCX(f.Data, opts)
		case MediaXLSX:
			d.kind = privacy.KindXLSX
			d.hits, err = privacy.ScanXLSX(f.Data, opts)
		case MediaPDF:
			d.hits, err = s.scanPDF(f.Data, opts)
		default: // images: nothing reads the text of a picture here
			d.hits = []privacy.Hit{{Kind: privacy.Unscanned, Text: a.Name, Context: "图片（无法自动识别，须人工查看）"}}
		}
		if err != nil {
			// A file the scanner cannot read cannot be cleared: say so.
			return nil, Errorf(EINVALID, "附件《%s》无法读取，不能进行个人信息检查：%v", a.Name, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func (s *Service) scanPDF(data []byte, opts privacy.Options) ([]privacy.Hit, error) {
	if s.PDFText == nil {
		return []privacy.Hit{{Kind: privacy.Unscanned, Text: "PDF", Context: "PDF（本机无法提取文字，须人工查看）"}}, nil
	}
	text, err := s.PDFText(data)
	if err != nil {
		return nil, err
	}
	hits := privacy.Scan(text, opts)
	for i := range hits {
		hits[i].Context = "PDF文字"
	}
	if strings.TrimSpace(text) == "" {
		// A scanned PDF (pictures of pages) has no text to check.
		hits = append(hits, privacy.Hit{Kind: privacy.Unscanned, Text: "PDF", Context: "PDF无文字层（扫描件），须人工查看"})
	}
	return hits, nil
}

// privacyHits turns the scan into the review's list: one PrivacyHit per
// distinct key, marked accepted when the item records it as accepted.
func privacyHits(it *Item, docs []scannedDoc) []PrivacyHit {
	accepted := map[string]string{}
	for _, a := range it.PrivacyAccepted {
		accepted[a.Key] = a.AcceptedBy
	}
	var out []PrivacyHit
	seen := map[string]bool{}
	for _, d := range docs {
		for _, h := range d.hits {
			where, key := d.place(h)
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, PrivacyHit{Key: key, Where: where, Kind: string(h.Kind), Text: h.Text,
				Valid: h.Valid, Maskable: d.kind != "" && h.Kind != privacy.Unscanned, AcceptedBy: accepted[key]})
		}
	}
	return out
}

// maskDocs masks, in each document, the hits whose key is in keys, and
// returns the new title and body and the attachments replaced (index →
// bytes).
func maskDocs(docs []scannedDoc, keys map[string]bool) (title, body string, files map[int][]byte, err error) {
	files = map[int][]byte{}
	for _, d := range docs {
		var sel []privacy.Hit
		for _, h := range d.hits {
			if _, key := d.place(h); keys[key] && h.Kind != privacy.Unscanned {
				sel = append(sel, h)
			}
		}
		switch d.att {
		case docTitle:
			title = privacy.Mask(string(d.data), sel)
			continue
		case docBody:
			body = privacy.MaskHTML(string(d.data), sel)
			continue
		}
		if len(sel) == 0 {
			continue
		}
		var out []byte
		switch d.kind {
		case privacy.KindDOCX:
			out, err = privacy.MaskDOCX(d.data, sel)
		case privacy.KindXLSX:
			out, err = privacy.MaskXLSX(d.data, sel)
		default:
			return "", "", nil, Errorf(EINVALID, "%s的个人信息无法自动遮盖：请上传处理后的文件替换，或由审核人确认可以公开", d.where)
		}
		if err != nil {
			return "", "", nil, fmt.Errorf("mask %s: %w", d.where, err)
		}
		files[d.att] = out
	}
	return title, body, files, nil
}
