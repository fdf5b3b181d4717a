package simulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// WeChat errcodes the simulator answers with (protocol.md §8).
const (
	ErrSystem          = -1
	ErrInvalidCred     = 40001
	ErrGrantType       = 40002
	ErrInvalidOpenID   = 40003
	ErrInvalidMediaID  = 40007
	ErrInvalidMsgType  = 40008
	ErrInvalidAppID    = 40013
	ErrOpenIDListSize  = 40032
	ErrInvalidSecret   = 40125
	ErrTokenMissing    = 41001
	ErrAppIDMissing    = 41002
	ErrSecretMissing   = 41004
	ErrTokenExpired    = 42001
	ErrRequireGET      = 43001
	ErrRequirePOST     = 43002
	ErrEmptyBody       = 44002
	ErrEmptyNews       = 44003
	ErrEmptyContent    = 44004
	ErrEmptyList       = 44005
	ErrArticleLimit    = 45008
	ErrDailyQuota      = 45009
	ErrOutOfWindow     = 45015
	ErrOverCount       = 45047
	ErrDataFormat      = 47001
	ErrAPIUnauthorized = 48001
)

// errmsgs are WeChat's messages for each errcode; WeChat appends " rid: …".
var errmsgs = map[int]string{
	ErrSystem:          "system error",
	ErrInvalidCred:     "invalid credential, access_token is invalid or not latest",
	ErrGrantType:       "invalid grant_type",
	ErrInvalidOpenID:   "invalid openid",
	ErrInvalidMediaID:  "invalid media_id",
	ErrInvalidMsgType:  "invalid message type",
	ErrInvalidAppID:    "invalid appid",
	ErrOpenIDListSize:  "invalid openid list size",
	ErrInvalidSecret:   "invalid appsecret",
	ErrTokenMissing:    "access_token missing",
	ErrAppIDMissing:    "appid missing",
	ErrSecretMissing:   "appsecret missing",
	ErrTokenExpired:    "access_token expired",
	ErrRequireGET:      "require GET method",
	ErrRequirePOST:     "require POST method",
	ErrEmptyBody:       "empty post data",
	ErrEmptyNews:       "empty news data",
	ErrEmptyContent:    "empty content",
	ErrEmptyList:       "empty list size",
	ErrArticleLimit:    "article size out of limit",
	ErrDailyQuota:      "reach max api daily quota limit",
	ErrOutOfWindow:     "response out of time limit or subscription is canceled",
	ErrOverCount:       "out of response count limit",
	ErrDataFormat:      "data format error",
	ErrAPIUnauthorized: "api unauthorized",
}

// apiError is one errcode answer.
type apiError struct {
	Code int    `json:"errcode"`
	Msg  string `json:"errmsg"`
}

// errorBody renders WeChat's error JSON with a fresh rid; hint, when not
// empty, goes before the rid like WeChat's own hints.
func errorBody(code int, hint string) apiError {
	msg := errmsgs[code]
	if hint != "" {
		msg += ", hint: " + hint
	}
	return apiError{Code: code, Msg: msg + " rid: " + newRID()}
}

// newRID returns a request id shaped like WeChat's (8-8-8 hex digits).
func newRID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:16] + "-" + h[16:]
}

// writeJSON answers with WeChat's content type; WeChat sends errors with
// HTTP 200 too.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// okBody is the success answer of calls that return nothing else.
var okBody = apiError{Code: 0, Msg: "ok"}
