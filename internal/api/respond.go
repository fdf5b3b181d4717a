package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
)

// methodError is a known path called with a method it does not serve; the
// one HTTP-only failure that has no application code.
type methodError struct{}

func (methodError) Error() string {
	return "method not allowed on this endpoint, see the Allow header (不支持此请求方法)"
}

var errMethod error = methodError{}

// errorBody is the JSON of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError answers err as JSON with the status of its code. Internal
// errors are logged and their text hidden from the caller.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errMethod) {
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{errorDetail{"method_not_allowed", err.Error()}})
		return
	}
	code := errs.CodeOf(err)
	status := errs.HTTPStatus(code)
	if status == http.StatusInternalServerError { // unknown codes are internal too
		code = errs.Internal
	}
	msg := err.Error()
	var appErr *errs.Error
	if errors.As(err, &appErr) {
		msg = appErr.Message
	}
	if code == errs.Internal {
		a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "error", err.Error())
		msg = "internal error, see the server log (服务器内部错误，请查看日志)"
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="fanbase"`)
	}
	writeJSON(w, status, errorBody{errorDetail{string(code), msg}})
}

// writeJSON answers v as JSON, without HTML escaping (messages are Chinese
// text and URLs, read by programs).
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"encode response"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// maxBody bounds a JSON request body; rule files have their own, larger limit.
const maxBody = 1 << 20

// decodeJSON reads a JSON request body into v, refusing unknown fields so a
// misspelt field is an error, not silently ignored.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "json") {
		return errs.Errorf(errs.Invalid, "send a JSON body with Content-Type: application/json (请求体须为 JSON)")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errs.Errorf(errs.Invalid, "request body is empty, want JSON (请求体为空)")
		}
		return errs.Errorf(errs.Invalid, "request body is not valid JSON: %s (请求体不是有效的 JSON)",
			strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// errInvalid is a 400 with a message written for the caller.
func errInvalid(msg string) error { return errs.Errorf(errs.Invalid, "%s", msg) }
