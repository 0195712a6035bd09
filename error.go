package gongkai

import (
	"errors"
	"fmt"
)

// Application error codes. The HTTP layer maps them to status codes; nothing
// below it knows about HTTP.
const (
	ECONFLICT     = "conflict"     // the state changed under the caller (optimistic locking)
	EINTERNAL     = "internal"     // anything not an *Error: never shown to users
	EINVALID      = "invalid"      // bad input, or an event the law does not allow now
	ENOTFOUND     = "not_found"    // no such record (or not visible to the caller)
	EUNAUTHORIZED = "unauthorized" // not signed in
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed
)

// Error is an application error: a code from the list above and a message
// that is safe to show to the user who caused it (Simplified Chinese for
// users of the UI, English for the CLI is chosen by the caller).
type Error struct {
	Code    string
	Message string
	// Rule names the statutory rule or consistency rule behind the error,
	// e.g. "条例第三十三条", when there is one.
	Rule string
}

func (e *Error) Error() string {
	if e.Rule != "" {
		return fmt.Sprintf("%s (%s)", e.Message, e.Rule)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
// It returns "" for a nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: the message of its
// *Error, or "内部错误" for anything else, so internal details never reach users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "内部错误"
}
