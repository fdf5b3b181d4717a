package wechat

import (
	"errors"
	"fmt"
)

// Errors a caller can tell apart with errors.Is. Every error Parse and
// ParseReply return also matches ErrMalformed, so the gateway needs one check
// to answer 400 and store nothing (architecture invariant 7).
var (
	ErrMalformed = errors.New("malformed XML")
	ErrEmpty     = errors.New("empty body")
	ErrEncoding  = errors.New("body is not valid UTF-8")
	ErrDoctype   = errors.New("DOCTYPE or ENTITY declarations are not allowed")
	ErrTooDeep   = fmt.Errorf("elements nested deeper than %d levels", maxDepth)
	ErrRoot      = errors.New(`root element is not <xml>`)
	ErrTrailing  = errors.New("data after the root element")
	ErrMissing   = errors.New("required element missing")
	ErrValue     = errors.New("element value is invalid")
)

// ErrInvalidReply is matched by every error Reply.Validate returns.
var ErrInvalidReply = errors.New("invalid reply")

// xmlError is a refusal of outside XML: one kind (a sentinel above), a
// detail for the log, and the decoder's own error when there is one.
type xmlError struct {
	kind   error
	detail string
	cause  error
}

func (e *xmlError) Error() string {
	msg := "wechat: " + e.kind.Error()
	if e.detail != "" {
		msg += ": " + e.detail
	}
	if e.cause != nil {
		msg += ": " + e.cause.Error()
	}
	return msg
}

// Unwrap exposes the kind, ErrMalformed and the cause to errors.Is / As.
func (e *xmlError) Unwrap() []error {
	errs := []error{e.kind, ErrMalformed}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}

func refuse(kind error, format string, args ...any) error {
	return &xmlError{kind: kind, detail: fmt.Sprintf(format, args...)}
}

func refuseCause(kind error, cause error, format string, args ...any) error {
	return &xmlError{kind: kind, detail: fmt.Sprintf(format, args...), cause: cause}
}

// replyError builds a Validate error in English and Chinese.
func replyError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidReply, fmt.Sprintf(format, args...))
}
