// Package migrate applies the numbered SQL migrations that gongkai/sqlite
// and gongkai/postgres embed (migrations/NNNN_name.sql, the same numbers in
// both dialects), each in its own transaction, recording them in the table
// schema_migrations(version, applied_at). A database whose schema is newer
// than the binary is refused.
package migrate

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"gongkai"
)

// Migration is one numbered SQL file.
type Migration struct {
	Version int    // the number before the first "_": 0001_init.sql is 1
	Name    string // the file name
	SQL     string
}

// Load reads the *.sql files of fsys's root, ordered by version. Every file
// must be named NNNN_name.sql with a distinct positive number.
func Load(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, name := range names {
		v, err := Number(name)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s have the same number %d", prev, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// Number returns the version number of a migration file name.
func Number(name string) (int, error) {
	base := path.Base(name)
	num, _, ok := strings.Cut(base, "_")
	v, err := strconv.Atoi(num)
	if !ok || err != nil || v <= 0 || !strings.HasSuffix(base, ".sql") {
		return 0, fmt.Errorf("migration file %q: want NNNN_name.sql", name)
	}
	return v, nil
}

// Latest returns the highest version of ms (0 for none).
func Latest(ms []Migration) int {
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// Target is a database the migrations are applied to.
type Target interface {
	// Version creates schema_migrations when missing and returns the
	// highest version recorded in it (0 for a new database).
	Version(ctx context.Context) (int, error)
	// Apply runs m.SQL and records m.Version in one transaction. It does
	// nothing when m.Version is recorded already (another process was first).
	Apply(ctx context.Context, m Migration) error
}

// Check returns an error when a database at version dbVersion cannot be used
// by a binary whose migrations end at binVersion.
func Check(dbVersion, binVersion int) error {
	if dbVersion > binVersion {
		return &gongkai.Error{Code: gongkai.ECONFLICT, Message: fmt.Sprintf(
			"database schema version %d is newer than this gongkai (%d); upgrade gongkai", dbVersion, binVersion)}
	}
	return nil
}

// Up applies the migrations of ms newer than the database's version, in
// order, and returns the versions it applied. It refuses a database newer
// than ms.
func Up(ctx context.Context, t Target, ms []Migration) ([]int, error) {
	cur, err := t.Version(ctx)
	if err != nil {
		return nil, fmt.Errorf("read schema version: %w", err)
	}
	if err := Check(cur, Latest(ms)); err != nil {
		return nil, err
	}
	var applied []int
	for _, m := range ms {
		if m.Version <= cur {
			continue
		}
		if err := t.Apply(ctx, m); err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// Pending reports whether the database at dbVersion lacks some of ms.
func Pending(dbVersion int, ms []Migration) bool { return dbVersion < Latest(ms) }
