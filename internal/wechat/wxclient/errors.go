package wxclient

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/fanbase/fanbase/internal/errs"
)

// Error is an answer of WeChat's API with errcode != 0, or a request this
// package refused locally with the errcode WeChat would have given (Local).
// Callers match on Code (errmsg strings vary and carry rid:/hint: suffixes).
type Error struct {
	Code  int    // WeChat errcode, e.g. CodeOutOfWindow
	Msg   string // errmsg as WeChat sent it (redacted)
	Path  string // API path, e.g. /cgi-bin/message/custom/send
	Local bool   // refused before calling WeChat
}

// Error renders the code with its English and Chinese meaning, for logs and operators.
func (e *Error) Error() string {
	zh, en := Describe(e.Code)
	where := "wechat " + e.Path
	if e.Local {
		where += " (refused locally 本地拒绝)"
	}
	return fmt.Sprintf("%s: errcode %d, %s (%s): %s", where, e.Code, en, zh, Redact(e.Msg))
}

// Unwrap exposes the application error code (errs.CodeOf) that the API and
// UI layers map to HTTP statuses, so they need not know WeChat's codes.
func (e *Error) Unwrap() error {
	return &errs.Error{Code: appCode(e.Code), Message: e.Error()}
}

// IsCode reports whether err carries a WeChat *Error with one of codes.
func IsCode(err error, codes ...int) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, c := range codes {
		if e.Code == c {
			return true
		}
	}
	return false
}

// IsTokenError reports whether WeChat rejected the access_token itself
// (invalid, not latest, or expired): the call was not processed and may be
// retried with a fresh token.
func IsTokenError(err error) bool {
	return IsCode(err, CodeInvalidCredential, CodeInvalidToken, CodeTokenExpired)
}

// refuse builds a local refusal carrying the errcode WeChat would answer.
func refuse(code int, path, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...), Path: path, Local: true}
}

var secretParam = regexp.MustCompile(`(?i)((?:access_token|secret)=)[^&\s"']*|("(?:access_token|secret)"\s*:\s*")[^"]*`)

// Redact hides access_token= and secret= query values (and the same JSON
// fields) in s, so that error texts built from URLs or bodies can be logged.
func Redact(s string) string {
	return secretParam.ReplaceAllString(s, "${1}${2}REDACTED")
}
