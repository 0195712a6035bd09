package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"gongkai"
)

// PutItemFile implements gongkai.ItemFileStore. The bytes are
// content-addressed, so a second put of the same file changes nothing and
// is not audited; the item that refers to the file is.
func (db *Store) PutItemFile(ctx context.Context, f *gongkai.ItemFile) error {
	sum := sha256.Sum256(f.Data)
	switch {
	case len(f.Data) == 0:
		return gongkai.Errorf(gongkai.EINVALID, "附件为空")
	case f.SHA256 != hex.EncodeToString(sum[:]):
		return gongkai.Errorf(gongkai.EINVALID, "附件的 SHA-256 摘要与内容不符")
	case !gongkai.AttachmentTypes[f.MediaType]:
		return gongkai.Errorf(gongkai.EINVALID, "附件类型 %q 不受支持（PDF、DOCX、XLSX、图片）", f.MediaType)
	}
	return db.write(ctx, func(t *Store, _ string) error {
		_, err := t.q().Exec(ctx, `INSERT INTO item_files (sha256, media_type, size, data) VALUES ($1, $2, $3, $4)
			ON CONFLICT (sha256) DO NOTHING`, f.SHA256, f.MediaType, int64(len(f.Data)), f.Data)
		return db.mapError(err)
	})
}

// ItemFile implements gongkai.ItemFileStore.
func (db *Store) ItemFile(ctx context.Context, digest string) (*gongkai.ItemFile, error) {
	f := gongkai.ItemFile{SHA256: digest}
	err := db.q().QueryRow(ctx, `SELECT media_type, data FROM item_files WHERE sha256 = $1`, digest).Scan(&f.MediaType, &f.Data)
	if err != nil {
		return nil, db.noRows(err, "附件", digest)
	}
	return &f, nil
}
