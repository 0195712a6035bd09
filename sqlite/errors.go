package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"gongkai"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// mapError turns driver errors into gongkai errors by their codes, never by
// their text: constraint violations become ECONFLICT (a key taken, a
// published report or the audit log touched) or EINVALID / ENOTFOUND (a
// check or a reference), sql.ErrNoRows ENOTFOUND. *gongkai.Error and nil
// pass unchanged; anything else stays an internal error (wrapped).
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var ge *gongkai.Error
	if errors.As(err, &ge) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &gongkai.Error{Code: gongkai.ENOTFOUND, Message: "记录不存在"}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &gongkai.Error{Code: gongkai.ECONFLICT, Message: "记录已存在"}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &gongkai.Error{Code: gongkai.ENOTFOUND, Message: "引用的记录不存在"}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &gongkai.Error{Code: gongkai.EINVALID, Message: "数据不符合约束"}
		case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
			return &gongkai.Error{Code: gongkai.ECONFLICT, Message: "记录不可修改"}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_BUSY_SNAPSHOT, sqlite3.SQLITE_LOCKED:
			return &gongkai.Error{Code: gongkai.ECONFLICT, Message: "数据库繁忙，请重试"}
		}
	}
	return fmt.Errorf("sqlite: %w", err)
}

// notFound returns the ENOTFOUND error of a missing entity.
func notFound(entity, id string) error {
	return &gongkai.Error{Code: gongkai.ENOTFOUND, Message: fmt.Sprintf("%s %s 不存在", entity, id)}
}

// noRows returns notFound(entity, id) for sql.ErrNoRows and mapError(err)
// for anything else.
func noRows(err error, entity, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(entity, id)
	}
	return mapError(err)
}
