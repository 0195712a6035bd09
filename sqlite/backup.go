package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gongkai"
	"gongkai/migrate"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Backup writes a consistent copy of the database to dst with VACUUM INTO,
// on a connection of its own: it reads one snapshot while the store keeps
// serving reads and writes. dst must not exist; the copy is written to a
// temporary file beside it, synced, and renamed into place.
func (db *DB) Backup(ctx context.Context, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return gongkai.Errorf(gongkai.ECONFLICT, "backup file %s exists already", dst)
	}
	tmp := dst + ".tmp-" + fmt.Sprint(time.Now().UnixNano())
	conn, err := sql.Open("sqlite", DSN(db.path))
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(dst))
}

// CheckFile checks that path is a sound gongkai database this binary can
// use: PRAGMA integrity_check answers ok, and it has a schema version no
// newer than the binary's. It returns the schema version.
func CheckFile(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	conn, err := sql.Open("sqlite", fileURI(path, "mode=ro&_pragma=busy_timeout(5000)"))
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return 0, fmt.Errorf("%s is not a SQLite database: %w", path, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return 0, err
		}
		problems = append(problems, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("%s is not a SQLite database: %w", path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return 0, fmt.Errorf("%s fails the integrity check: %s", path, strings.Join(problems, "; "))
	}
	var v int
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil || v == 0 {
		return 0, fmt.Errorf("%s is not a gongkai database (no schema version)", path)
	}
	ms, err := Migrations()
	if err != nil {
		return 0, err
	}
	return v, migrate.Check(v, migrate.Latest(ms))
}

// InUse reports whether another connection has the database at path open:
// leaving WAL mode needs every other connection closed, so a refusal with
// SQLITE_BUSY means someone uses it. A missing file is not in use. When no
// one uses it, the check leaves the file in rollback-journal mode; Open puts
// it back in WAL mode.
func InUse(ctx context.Context, path string) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	conn, err := sql.Open("sqlite", fileURI(path, "_pragma=busy_timeout(0)"))
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var mode string
	err = conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return !strings.EqualFold(mode, "delete"), nil
}

// Restore replaces the database at dst with the backup src after checking
// it (CheckFile). It refuses while another process has dst open, unless
// force is set. An existing dst is kept beside it as dst.before-restore-<time>,
// whose name is returned.
func Restore(ctx context.Context, src, dst string, force bool) (saved string, err error) {
	if _, err := CheckFile(ctx, src); err != nil {
		return "", err
	}
	busy, err := InUse(ctx, dst)
	if err != nil {
		return "", err
	}
	if busy && !force {
		return "", gongkai.Errorf(gongkai.ECONFLICT, "database %s is in use (is gongkai serve running?); stop it or use --force", dst)
	}
	tmp := dst + ".restore-tmp"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if _, err := os.Stat(dst); err == nil {
		saved = dst + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(dst, saved); err != nil {
			os.Remove(tmp)
			return "", err
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return saved, err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return saved, err
	}
	return saved, syncDir(filepath.Dir(dst))
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
