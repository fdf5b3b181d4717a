package wxclient

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

const sendPath = "/cgi-bin/message/custom/send"

func post(a *Account, in any) error {
	return a.Call(context.Background(), http.MethodPost, sendPath, nil, in, nil)
}

// rejectTokens answers code for the listed tokens and ok for any other.
func rejectTokens(code int, bad ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := r.URL.Query().Get("access_token")
		for _, b := range bad {
			if tok == b {
				errcode(code, "access_token is invalid or not latest rid: 1")(w, r)
				return
			}
		}
		errcode(0, "ok")(w, r)
	}
}

func TestCallRefreshesOnceOnTokenError(t *testing.T) {
	for _, code := range []int{CodeInvalidCredential, CodeInvalidToken, CodeTokenExpired} {
		t.Run(codeName(code), func(t *testing.T) {
			f := newFake(t)
			f.route(sendPath, rejectTokens(code, "tok-1"))
			a := f.account(t, Options{})
			if err := post(a, map[string]string{"touser": "o1"}); err != nil {
				t.Fatalf("Call: %v", err)
			}
			if got := f.usedTokens(sendPath); strings.Join(got, ",") != "tok-1,tok-2" {
				t.Fatalf("tokens used = %v, want tok-1 then tok-2", got)
			}
			if n := f.fetches.Load(); n != 2 {
				t.Fatalf("fetches = %d, want 2", n)
			}
		})
	}
}

// codeName names a subtest after a code.
func codeName(code int) string { _, en := Describe(code); return en }

func TestCallTokenErrorTwiceNoLoop(t *testing.T) {
	f := newFake(t)
	f.route(sendPath, errcode(CodeInvalidCredential, "invalid credential"))
	a := f.account(t, Options{})
	err := post(a, map[string]string{"touser": "o1"})
	if !IsCode(err, CodeInvalidCredential) {
		t.Fatalf("err = %v, want errcode 40001", err)
	}
	if n := f.hitCount(sendPath); n != 2 {
		t.Fatalf("sends = %d, want exactly 2", n)
	}
	if n := f.fetches.Load(); n != 2 {
		t.Fatalf("fetches = %d, want 2", n)
	}
}

func TestCallTokenErrorUsesTokenAnotherNodeSaved(t *testing.T) {
	f := newFake(t)
	store := NewMemoryStore()
	a := f.account(t, Options{Store: store})
	mustToken(t, a) // tok-1 cached in memory and stored
	other := Token{Value: "tok-from-node-b", ExpiresAt: time.Now().Add(2 * time.Hour)}
	if err := store.SaveToken(context.Background(), testAppID, other); err != nil {
		t.Fatal(err)
	}
	f.route(sendPath, rejectTokens(CodeInvalidCredential, "tok-1"))
	if err := post(a, map[string]string{"touser": "o1"}); err != nil {
		t.Fatalf("Call: %v", err)
	}
	if got := f.usedTokens(sendPath); strings.Join(got, ",") != "tok-1,tok-from-node-b" {
		t.Fatalf("tokens used = %v", got)
	}
	if n := f.fetches.Load(); n != 1 {
		t.Fatalf("fetches = %d, want 1: the stored token is used, not refreshed", n)
	}
}

func TestCallTypedErrors(t *testing.T) {
	tests := []struct {
		code int
		app  errs.Code
		zh   string
	}{
		{CodeOutOfWindow, errs.Forbidden, "超出客服消息回复时限"},
		{CodeKfQuota, errs.Forbidden, "客服消息条数超过限制"},
		{CodeDailyQuota, errs.Unavailable, "每日限额"},
		{CodeSystemBusy, errs.Unavailable, "系统繁忙"},
		{CodeInvalidOpenID, errs.NotFound, "OpenID"},
	}
	for _, tt := range tests {
		t.Run(codeName(tt.code), func(t *testing.T) {
			f := newFake(t)
			f.route(sendPath, errcode(tt.code, "some errmsg rid: 6789"))
			err := post(f.account(t, Options{}), map[string]string{"touser": "o1"})
			var we *Error
			if !errors.As(fmtWrap(err), &we) || we.Code != tt.code || we.Path != sendPath || we.Local {
				t.Fatalf("err = %#v, want *Error %d at %s", err, tt.code, sendPath)
			}
			if got := errs.CodeOf(err); got != tt.app {
				t.Fatalf("errs.CodeOf = %q, want %q", got, tt.app)
			}
			if !strings.Contains(err.Error(), tt.zh) || !strings.Contains(err.Error(), "rid: 6789") {
				t.Fatalf("message %q lacks %q or errmsg", err, tt.zh)
			}
			if n := f.hitCount(sendPath); n != 1 {
				t.Fatalf("sends = %d, want 1: a POST is never retried", n)
			}
		})
	}
}

func fmtWrap(err error) error { return errors.Join(errors.New("context"), err) }

func TestCallGetRetriesOnceWhenBusy(t *testing.T) {
	tests := []struct {
		name     string
		answers  []int
		wantErr  bool
		wantHits int
	}{
		{"busy then ok", []int{CodeSystemBusy, 0}, false, 2},
		{"busy twice", []int{CodeSystemBusy, CodeSystemBusy, 0}, true, 2},
		{"other error", []int{CodeNoSuchUser, 0}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			n := 0
			f.route("/cgi-bin/x", func(w http.ResponseWriter, r *http.Request) {
				errcode(tt.answers[n], "m")(w, r)
				n++
			})
			err := f.account(t, Options{}).Call(context.Background(), http.MethodGet, "/cgi-bin/x", nil, nil, nil)
			if (err != nil) != tt.wantErr || f.hitCount("/cgi-bin/x") != tt.wantHits {
				t.Fatalf("err = %v, hits = %d; want error %v, hits %d", err, f.hitCount("/cgi-bin/x"), tt.wantErr, tt.wantHits)
			}
		})
	}
}

func hangUp(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func TestCallTransportErrorRedactedAndNotRetriedForPost(t *testing.T) {
	f := newFake(t)
	f.route(sendPath, hangUp)
	a := f.account(t, Options{})
	err := post(a, map[string]string{"touser": "o1"})
	if err == nil {
		t.Fatal("want a transport error")
	}
	msg := err.Error()
	if strings.Contains(msg, "tok-1") || !strings.Contains(msg, "access_token=REDACTED") {
		t.Fatalf("error not redacted: %s", msg)
	}
	if n := f.hitCount(sendPath); n != 1 {
		t.Fatalf("sends = %d, want 1: a lost answer may hide a delivered message", n)
	}
}

func TestCallTransportErrorRetriedForGet(t *testing.T) {
	f := newFake(t)
	f.route("/cgi-bin/x", hangUp)
	err := f.account(t, Options{}).Call(context.Background(), http.MethodGet, "/cgi-bin/x", nil, nil, nil)
	// net/http itself may replay a GET once on a reused connection, so
	// count at least our two tries.
	if err == nil || f.hitCount("/cgi-bin/x") < 2 {
		t.Fatalf("err = %v, hits = %d; want an error after at least 2 tries", err, f.hitCount("/cgi-bin/x"))
	}
}

func TestTokenTransportErrorHidesSecret(t *testing.T) {
	c := New(testOptions(Options{}))
	a := c.Account(Credentials{AppID: testAppID, Secret: testSecret, BaseURL: "http://127.0.0.1:1"})
	_, err := a.Token(context.Background())
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("err = %v, want an error without the secret", err)
	}
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.URL, testSecret) {
		t.Fatalf("wrapped url.Error keeps the secret: %s", ue.URL)
	}
}

func TestCallNonJSONAnswer(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"gateway error", http.StatusBadGateway, "<html>bad gateway access_token=tok-1</html>", "HTTP 502"},
		{"html with 200", http.StatusOK, "<html>maintenance</html>", "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.route(sendPath, func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			err := post(f.account(t, Options{}), map[string]string{"touser": "o1"})
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "tok-1") {
				t.Fatalf("err = %v, want %q and no token", err, tt.want)
			}
		})
	}
}

func TestCallSendsUnescapedUTF8(t *testing.T) {
	f := newFake(t)
	a := f.account(t, Options{})
	in := map[string]string{"content": `你好 <b>&"x"</b>`}
	if err := post(a, in); err != nil {
		t.Fatal(err)
	}
	want := `{"content":"你好 <b>&\"x\"</b>"}`
	if got := string(f.lastBody(sendPath)); got != want {
		t.Fatalf("body = %s, want %s", got, want)
	}
}

func TestCallDecodesAnswerAndKeepsQuery(t *testing.T) {
	f := newFake(t)
	f.route("/cgi-bin/x", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"echo": r.URL.Query().Get("next_openid")})
	})
	var out struct{ Echo string }
	q := url.Values{"next_openid": {"o-42"}}
	if err := f.account(t, Options{}).Call(context.Background(), http.MethodGet, "/cgi-bin/x", q, nil, &out); err != nil {
		t.Fatal(err)
	}
	if out.Echo != "o-42" || len(q) != 1 {
		t.Fatalf("echo = %q, query = %v; want o-42 and the caller's query untouched", out.Echo, q)
	}
}

func TestCallRateLimitWaitCancelled(t *testing.T) {
	f := newFake(t)
	a := f.account(t, Options{RatePerSecond: 0.001, Burst: 1})
	if err := post(a, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := a.Call(ctx, http.MethodPost, sendPath, nil, map[string]string{}, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline while waiting for the limiter", err)
	}
	if n := f.hitCount(sendPath); n != 1 {
		t.Fatalf("sends = %d, want 1", n)
	}
}
