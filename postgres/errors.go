package postgres

import (
	"errors"
	"fmt"

	"gongkai"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL error codes (SQLSTATE) the store maps.
const (
	uniqueViolation       = "23505"
	foreignKeyViolation   = "23503"
	checkViolation        = "23514"
	notNullViolation      = "23502"
	integrityViolation    = "23000" // raised by gongkai_immutable()
	serializationFailure  = "40001"
	deadlockDetected      = "40P01"
	lockNotAvailable      = "55P03"
	invalidTextRepresent  = "22P02"
	stringDataRightTrunc  = "22001"
	numericValueOutOfRang = "22003"
)

// mapError turns driver errors into gongkai errors by their SQLSTATE codes,
// never by their text: a key taken or an immutable row touched is
// ECONFLICT, a broken reference ENOTFOUND, a check EINVALID,
// pgx.ErrNoRows ENOTFOUND. *gongkai.Error and nil pass unchanged; anything
// else stays an internal error (wrapped).
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var ge *gongkai.Error
	if errors.As(err, &ge) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return &gongkai.Error{Code: gongkai.ENOTFOUND, Message: "记录不存在"}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case uniqueViolation:
			return &gongkai.Error{Code: gongkai.ECONFLICT, Message: "记录已存在"}
		case foreignKeyViolation:
			return &gongkai.Error{Code: gongkai.ENOTFOUND, Message: "引用的记录不存在"}
		case checkViolation, notNullViolation, invalidTextRepresent, stringDataRightTrunc, numericValueOutOfRang:
			return &gongkai.Error{Code: gongkai.EINVALID, Message: "数据不符合约束"}
		case integrityViolation:
			return &gongkai.Error{Code: gongkai.ECONFLICT, Message: "记录不可修改"}
		case serializationFailure, deadlockDetected, lockNotAvailable:
			return &gongkai.Error{Code: gongkai.ECONFLICT, Message: "数据库繁忙，请重试"}
		}
	}
	return fmt.Errorf("postgres: %w", err)
}
