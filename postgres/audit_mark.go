package postgres

import "context"

// markWindow is how many of the newest audit ids AuditMark counts.
const markWindow = 1024

// AuditMark implements gongkai.AuditLog. PostgreSQL hands out the ids of
// the audit entries when they are inserted, not when their transactions
// commit: a write that took id 100 may commit after one that took 101, and
// the newest id would not move at its commit, so a page cached in between
// (web's page cache), which lacks that write, would be kept. The mark is
// therefore the newest id and the number of entries among the markWindow
// ids up to it, as newest<<11 | count: it grows with every commit whose
// entries are among the markWindow newest ids when it commits — every
// write but one held open while more than a thousand others commit, which
// a cache still drops at its own age limit.
func (db *DB) AuditMark(ctx context.Context) (int64, error) {
	var newest, n int64
	err := db.q().QueryRow(ctx, `SELECT m.id, (SELECT count(*) FROM audit_log a WHERE a.id > m.id - $1 AND a.id <= m.id)
		FROM (SELECT COALESCE(max(id), 0) AS id FROM audit_log) m`, markWindow).Scan(&newest, &n)
	if err != nil {
		return 0, mapError(err)
	}
	return newest<<11 | n, nil
}
