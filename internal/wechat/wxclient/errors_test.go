package wxclient

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestIsCode(t *testing.T) {
	wx := &Error{Code: CodeOutOfWindow, Msg: "m", Path: sendPath}
	tests := []struct {
		name  string
		err   error
		codes []int
		want  bool
	}{
		{"match", wx, []int{CodeOutOfWindow}, true},
		{"one of", wx, []int{CodeKfQuota, CodeOutOfWindow}, true},
		{"wrapped", fmt.Errorf("send reply: %w", wx), []int{CodeOutOfWindow}, true},
		{"other code", wx, []int{CodeKfQuota}, false},
		{"no codes", wx, nil, false},
		{"plain error", errors.New("45015"), []int{CodeOutOfWindow}, false},
		{"nil", nil, []int{CodeOutOfWindow}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsCode(tt.err, tt.codes...); got != tt.want {
				t.Fatalf("IsCode = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIsTokenError(t *testing.T) {
	for code, want := range map[int]bool{40001: true, 40014: true, 42001: true, 41001: false, 45015: false, -1: false} {
		if got := IsTokenError(&Error{Code: code}); got != want {
			t.Errorf("IsTokenError(%d) = %v, want %v", code, got, want)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		code   int
		zh, en string
	}{
		{CodeOutOfWindow, "超出客服消息回复时限", "outside the reply window"},
		{CodeKfQuota, "客服消息条数", "count over limit"},
		{CodeSystemBusy, "系统繁忙", "system busy"},
		{40020, "菜单按钮", "menu button"},
		{99999, "未知错误", "unknown error"},
	}
	for _, tt := range tests {
		zh, en := Describe(tt.code)
		if !strings.Contains(zh, tt.zh) || !strings.Contains(en, tt.en) {
			t.Errorf("Describe(%d) = %q, %q; want %q, %q", tt.code, zh, en, tt.zh, tt.en)
		}
	}
}

func TestDescribeCoversEveryConstant(t *testing.T) {
	for code, m := range meanings {
		if m.zh == "" || m.en == "" || m.app == "" {
			t.Errorf("code %d has an incomplete meaning %+v", code, m)
		}
	}
}

func TestErrorMapsToAppCodes(t *testing.T) {
	tests := map[int]errs.Code{
		CodeInvalidCredential: errs.Unauthorized,
		CodeOutOfWindow:       errs.Forbidden,
		CodeDailyQuota:        errs.Unavailable,
		CodeNoSuchUser:        errs.NotFound,
		CodeTooManyArticles:   errs.Invalid,
		CodeDuplicateTagName:  errs.Conflict,
		40020:                 errs.Invalid,
		12345:                 errs.Internal,
	}
	for code, want := range tests {
		err := fmt.Errorf("wrapped: %w", &Error{Code: code})
		if got := errs.CodeOf(err); got != want {
			t.Errorf("errs.CodeOf(%d) = %q, want %q", code, got, want)
		}
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{Code: CodeOutOfWindow, Msg: "response out of time limit rid: 1", Path: sendPath}
	want := "wechat /cgi-bin/message/custom/send: errcode 45015, outside the reply window, or the user unsubscribed " +
		"(超出客服消息回复时限或用户已取消关注): response out of time limit rid: 1"
	if got := e.Error(); got != want {
		t.Fatalf("Error() =\n%s\nwant\n%s", got, want)
	}
	local := refuse(CodeTooManyArticles, sendPath, "2 articles")
	if !strings.Contains(local.Error(), "本地拒绝") {
		t.Fatalf("local refusal not marked: %s", local)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://x/cgi-bin/y?access_token=abc123&openid=o1", "https://x/cgi-bin/y?access_token=REDACTED&openid=o1"},
		{"GET /cgi-bin/token?appid=wx1&grant_type=client_credential&secret=SEC", "GET /cgi-bin/token?appid=wx1&grant_type=client_credential&secret=REDACTED"},
		{`Get "http://h/p?ACCESS_TOKEN=T1": EOF`, `Get "http://h/p?ACCESS_TOKEN=REDACTED": EOF`},
		{`{"access_token":"T2","expires_in":7200}`, `{"access_token":"REDACTED","expires_in":7200}`},
		{`{"secret" : "S"}`, `{"secret" : "REDACTED"}`},
		{"no secrets here", "no secrets here"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestErrorRedactsErrmsg(t *testing.T) {
	e := &Error{Code: CodeInvalidCredential, Msg: "invalid credential, access_token=tok-9 hint: x", Path: "/p"}
	if strings.Contains(e.Error(), "tok-9") {
		t.Fatalf("token leaked: %s", e)
	}
}
