package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"gongkai"
)

const mediaPDF = "application/pdf"

func itemFile(data string) *gongkai.ItemFile {
	sum := sha256.Sum256([]byte(data))
	return &gongkai.ItemFile{SHA256: hex.EncodeToString(sum[:]), MediaType: mediaPDF, Data: []byte(data)}
}

func testItemFile(t *testing.T, s gongkai.Store) {
	c := ctx()
	f := itemFile("%PDF-1.4 附件内容\x00\xff")
	if err := s.PutItemFile(c, f); err != nil {
		t.Fatal(err)
	}
	// The same bytes again: nothing changes, no error.
	if err := s.PutItemFile(c, itemFile(string(f.Data))); err != nil {
		t.Fatalf("second put: %v", err)
	}
	got, err := s.ItemFile(c, f.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Data, f.Data) || got.MediaType != mediaPDF || got.SHA256 != f.SHA256 {
		t.Fatalf("ItemFile = %q %s, want the bytes put", got.Data, got.MediaType)
	}
	if _, err := s.ItemFile(c, itemFile("other").SHA256); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		t.Fatalf("missing file: %v, want ENOTFOUND", err)
	}
	bad := itemFile("x")
	bad.Data = []byte("y")
	if err := s.PutItemFile(c, bad); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Fatalf("wrong digest: %v, want EINVALID", err)
	}
	exe := itemFile("MZ")
	exe.MediaType = "application/x-msdownload"
	if err := s.PutItemFile(c, exe); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Fatalf("unsupported type: %v, want EINVALID", err)
	}
	// A put rolled back with its transaction leaves nothing.
	g := itemFile("rolled back")
	_ = s.WithTx(c, func(tx gongkai.Store) error {
		if err := tx.PutItemFile(c, g); err != nil {
			t.Fatal(err)
		}
		return gongkai.Errorf(gongkai.ECONFLICT, "roll back")
	})
	if _, err := s.ItemFile(c, g.SHA256); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		t.Fatalf("after rollback: %v, want ENOTFOUND", err)
	}
}
