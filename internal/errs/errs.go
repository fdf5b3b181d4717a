// Package errs defines the application error codes that every layer shares,
// so that HTTP status codes and CLI messages are mapped from them in one place.
package errs

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers; it is stable and safe to show.
type Code string

// The codes the application uses. Anything else is Internal.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	Unavailable  Code = "unavailable"
	Internal     Code = "internal"
)

// Error is an application error whose message is meant for the user.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an application error with a formatted, user-facing message.
func Errorf(code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of the first application error in err's chain,
// Internal for any other non-nil error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }
