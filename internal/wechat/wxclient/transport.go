package wxclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxAnswer bounds what we read from WeChat; the largest answers we expect
// (follower lists of 10,000 openids) are a few hundred KB.
const maxAnswer = 8 << 20

// netError is a transport failure (no answer from WeChat). Its text is
// redacted; the wrapped error keeps context.Canceled and friends visible.
type netError struct {
	msg string
	err error
}

func (e *netError) Error() string { return e.msg }
func (e *netError) Unwrap() error { return e.err }

func transportError(path string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = Redact(ue.URL)
	}
	return &netError{msg: fmt.Sprintf("wechat %s: %s (微信接口请求失败)", path, Redact(err.Error())), err: err}
}

func (a *Account) baseURL() string {
	if b := a.cred.Load().BaseURL; b != "" {
		return strings.TrimRight(b, "/")
	}
	return a.c.opts.BaseURL
}

// roundTrip sends one HTTP request with a JSON body (or none) and reads the
// whole answer.
func (a *Account) roundTrip(ctx context.Context, method, path string, q url.Values, body []byte) (int, []byte, error) {
	return a.roundTripAs(ctx, method, path, q, body, "")
}

// roundTripAs is roundTrip with the body's content type; "" means JSON.
func (a *Account) roundTripAs(ctx context.Context, method, path string, q url.Values, body []byte, contentType string) (int, []byte, error) {
	if contentType == "" {
		contentType = "application/json; charset=utf-8"
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.baseURL()+path+"?"+q.Encode(), rd)
	if err != nil {
		return 0, nil, transportError(path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := a.c.opts.HTTP.Do(req)
	if err != nil {
		return 0, nil, transportError(path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return 0, nil, transportError(path, err)
	}
	if len(data) > maxAnswer {
		return 0, nil, fmt.Errorf("wechat %s: answer larger than %d bytes (微信返回内容过大)", path, maxAnswer)
	}
	return resp.StatusCode, data, nil
}

// decodeResult interprets an answer: HTTP status, then errcode/errmsg, then
// out. WeChat signals errors as HTTP 200 with errcode != 0.
func decodeResult(path string, status int, data []byte, out any) error {
	if status != http.StatusOK {
		return fmt.Errorf("wechat %s: HTTP %d: %s (微信接口返回异常状态)", path, status, snippet(data))
	}
	var head struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("wechat %s: answer is not JSON (HTTP %d, %s) (微信返回内容不是 JSON): %w", path, status, snippet(data), err)
	}
	if head.ErrCode != 0 {
		if out != nil {
			_ = json.Unmarshal(data, out) // some refusals carry data: 45065 names the first send's msg_id
		}
		return &Error{Code: head.ErrCode, Msg: Redact(head.ErrMsg), Path: path}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("wechat %s: decode answer (解析微信返回内容失败): %w", path, err)
	}
	return nil
}

// snippet quotes the start of an answer for an error message, redacted.
func snippet(data []byte) string {
	const n = 200
	s := string(data)
	if len(s) > n {
		s = s[:n] + "…"
	}
	return fmt.Sprintf("%q", Redact(strings.ToValidUTF8(s, "?")))
}
