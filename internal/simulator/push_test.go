package simulator_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

const appid = "wx_sim_push_01"

// newPlatform builds a platform whose account calls back handler.
func newPlatform(t *testing.T, mode string, opts simulator.Options, handler func(acct simulator.Account) http.Handler) (*simulator.Platform, simulator.Account) {
	t.Helper()
	acct := simtest.Account(appid, mode, "")
	srv := httptest.NewServer(handler(acct))
	t.Cleanup(srv.Close)
	acct.CallbackURL = srv.URL + "/wx/" + appid
	p := simulator.New(opts)
	simtest.MustAdd(t, p, acct)
	return p, acct
}

// withResponder starts a simtest.Responder that answers "收到：<content>".
func withResponder(t *testing.T, mode string) (*simulator.Platform, simulator.Account, *simtest.Responder) {
	t.Helper()
	var r *simtest.Responder
	p, acct := newPlatform(t, mode, simulator.Options{}, func(acct simulator.Account) http.Handler {
		r, _ = simtest.NewResponder(t, acct, func(m *wechat.Message) string {
			if m.MsgType != wechat.MsgText {
				return ""
			}
			return "收到：" + m.Content
		})
		return r
	})
	return p, acct, r
}

func TestPushModes(t *testing.T) {
	for _, mode := range []string{simulator.ModePlain, simulator.ModeCompat, simulator.ModeSafe} {
		t.Run(mode, func(t *testing.T) {
			p, acct, r := withResponder(t, mode)
			m := simulator.TextMessage(fan, "门票多少钱", 0)
			res, err := p.Push(context.Background(), appid, m)
			if err != nil {
				t.Fatal(err)
			}
			if res.Err != nil || res.Status != 200 || res.Attempts != 1 {
				t.Fatalf("push result %+v", res)
			}
			if res.Reply == nil || res.Reply.Reply.Content != "收到：门票多少钱" || res.Reply.ToUserName != fan {
				t.Fatalf("reply %+v", res.Reply)
			}
			pushes := r.Pushes()
			if len(pushes) != 1 || len(r.Refused()) != 0 {
				t.Fatalf("responder accepted %d, refused %v", len(pushes), r.Refused())
			}
			checkPushWire(t, mode, acct, m, pushes[0])
		})
	}
}

// checkPushWire checks what the developer server received, per mode.
func checkPushWire(t *testing.T, mode string, acct simulator.Account, m *wechat.Message, got simtest.Push) {
	t.Helper()
	if got.Message.MsgID != m.MsgID || m.MsgID == 0 || got.Message.ToUserName != acct.OriginalID ||
		got.Message.Content != "门票多少钱" || got.Message.CreateTime != m.CreateTime {
		t.Errorf("decoded push %+v does not match sent %+v", got.Message, m)
	}
	if got.Query.Get("openid") != fan {
		t.Errorf("openid query = %q", got.Query.Get("openid"))
	}
	encrypted := got.Query.Get("encrypt_type") == "aes" && got.Query.Get("msg_signature") != ""
	if encrypted != (mode != simulator.ModePlain) {
		t.Errorf("mode %s: encrypt_type=%q msg_signature=%q", mode, got.Query.Get("encrypt_type"), got.Query.Get("msg_signature"))
	}
	var fields wechat.Message
	_ = xml.Unmarshal(got.Body, &fields)
	switch mode {
	case simulator.ModePlain:
		if fields.Encrypt != "" || !bytes.Equal(got.Body, got.Plain) {
			t.Error("plain push carries ciphertext")
		}
	case simulator.ModeCompat:
		if fields.Encrypt == "" || fields.Content != "门票多少钱" || fields.MsgID != m.MsgID {
			t.Errorf("compat body must carry the plaintext fields and <Encrypt>: %s", got.Body)
		}
	case simulator.ModeSafe:
		if fields.Content != "" || fields.Encrypt == "" || fields.ToUserName != acct.OriginalID {
			t.Errorf("safe body must carry only ToUserName and Encrypt: %s", got.Body)
		}
	}
}

func TestPushNoReply(t *testing.T) {
	p, _, _ := withResponder(t, simulator.ModeSafe)
	res, err := p.Push(context.Background(), appid, simulator.Subscribe(fan, "1000"))
	if err != nil || res.Err != nil || res.Reply != nil {
		t.Fatalf("subscribe answered success: %+v, %v", res, err)
	}
	f, ok := p.Follower(appid, fan)
	if !ok || !f.Subscribed || f.Scene != simulator.SceneQRCode || f.QRScene != 1000 {
		t.Errorf("follower after QR subscribe: %+v", f)
	}
	st := p.State().Accounts[0].Push
	if st.Sent != 1 || st.NoReply != 1 || st.Failed != 0 {
		t.Errorf("push stats %+v", st)
	}
}

// faulty answers every push with what bad(acct, push) returns.
func faulty(bad func(acct simulator.Account, m *wechat.Message, q map[string]string) []byte) func(simulator.Account) http.Handler {
	return func(acct simulator.Account) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := map[string]string{"timestamp": r.URL.Query().Get("timestamp"), "nonce": r.URL.Query().Get("nonce")}
			var env wxcrypto.Envelope
			var m wechat.Message
			_ = xml.NewDecoder(r.Body).Decode(&env)
			c, _ := wxcrypto.NewCipher(acct.AESKey, acct.AppID)
			plain, _ := c.Decrypt(env.Encrypt)
			_ = xml.Unmarshal(plain, &m)
			_, _ = w.Write(bad(acct, &m, q))
		})
	}
}

func sealWith(acct simulator.Account, appid string, q map[string]string, plain []byte) []byte {
	c, _ := wxcrypto.NewCipher(acct.AESKey, appid)
	out, _ := c.Seal(acct.Token, q["timestamp"], q["nonce"], plain)
	return out
}

func TestPushProtocolErrors(t *testing.T) {
	good := func(acct simulator.Account, m *wechat.Message) []byte {
		return simtest.TextReplyXML(m.FromUserName, m.ToUserName, m.CreateTime, "hi")
	}
	tests := []struct {
		name string
		kind string
		bad  func(acct simulator.Account, m *wechat.Message, q map[string]string) []byte
	}{
		{"plaintext in safe mode", simulator.KindEnvelope, func(a simulator.Account, m *wechat.Message, q map[string]string) []byte {
			return good(a, m)
		}},
		{"JSON", simulator.KindEnvelope, func(simulator.Account, *wechat.Message, map[string]string) []byte {
			return []byte(`{"reply":"hi"}`)
		}},
		{"bad signature", simulator.KindSignature, func(a simulator.Account, m *wechat.Message, q map[string]string) []byte {
			return bytes.Replace(sealWith(a, a.AppID, q, good(a, m)), []byte("<MsgSignature><![CDATA["), []byte("<MsgSignature><![CDATA[0"), 1)
		}},
		{"another appid", simulator.KindAppID, func(a simulator.Account, m *wechat.Message, q map[string]string) []byte {
			return sealWith(a, "wx_someone_else", q, good(a, m))
		}},
		{"wrong ToUserName", simulator.KindToUser, func(a simulator.Account, m *wechat.Message, q map[string]string) []byte {
			return sealWith(a, a.AppID, q, simtest.TextReplyXML("o_someone_else", m.ToUserName, 1, "hi"))
		}},
		{"wrong FromUserName", simulator.KindFromUser, func(a simulator.Account, m *wechat.Message, q map[string]string) []byte {
			return sealWith(a, a.AppID, q, simtest.TextReplyXML(m.FromUserName, "gh_other", 1, "hi"))
		}},
		{"JSON inside the envelope", simulator.KindBadReply, func(a simulator.Account, m *wechat.Message, q map[string]string) []byte {
			return sealWith(a, a.AppID, q, []byte(`{"content":"hi"}`))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := newPlatform(t, simulator.ModeSafe, simulator.Options{}, faulty(tt.bad))
			res, err := p.Push(context.Background(), appid, simulator.TextMessage(fan, "hi", 0))
			if err != nil {
				t.Fatal(err)
			}
			var pe *simulator.PushError
			if !errors.As(res.Err, &pe) || pe.Kind != tt.kind || !pe.Protocol() {
				t.Fatalf("result error %v, want a %s protocol error", res.Err, tt.kind)
			}
			if !strings.Contains(res.Err.Error(), simulator.UserNotice) || res.Attempts != 1 {
				t.Errorf("error %q after %d attempts", res.Err, res.Attempts)
			}
			st := p.State().Accounts[0].Push
			if st.ProtocolErrors != 1 || st.Errors[tt.kind] != 1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestPushPlainModeRefusesJSON(t *testing.T) {
	p, _ := newPlatform(t, simulator.ModePlain, simulator.Options{}, faulty(func(simulator.Account, *wechat.Message, map[string]string) []byte {
		return []byte(`{"msgtype":"text","content":"hi"}`)
	}))
	res, err := p.Push(context.Background(), appid, simulator.TextMessage(fan, "hi", 0))
	if err != nil || simulatorKind(res.Err) != simulator.KindBadReply {
		t.Fatalf("JSON answer in plain mode: %+v, %v", res, err)
	}
}

func simulatorKind(err error) string {
	var pe *simulator.PushError
	if errors.As(err, &pe) {
		return pe.Kind
	}
	return ""
}

// recorder is a callback that fails the first failures requests with
// status and remembers every request.
type recorder struct {
	mu       sync.Mutex
	bodies   [][]byte
	queries  []string
	failures int
	status   int
}

func (rc *recorder) handler(simulator.Account) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(r.Body)
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, buf.Bytes())
		rc.queries = append(rc.queries, r.URL.RawQuery)
		fail := len(rc.bodies) <= rc.failures
		rc.mu.Unlock()
		if fail {
			w.WriteHeader(rc.status)
			return
		}
		_, _ = w.Write([]byte("success"))
	})
}

func TestPushRetriesIdentically(t *testing.T) {
	tests := []struct {
		name         string
		failures     int
		status       int
		retries      int
		wantAttempts int
		wantKind     string
	}{
		{"500 then success", 2, 500, 0, 3, ""},
		{"500 four times: initial + 3 retries", 10, 500, 0, 4, "http_500"},
		{"503 with retries off", 10, 503, -1, 1, "http_503"},
		{"403 is not retried", 10, 403, 0, 1, "http_403"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &recorder{failures: tt.failures, status: tt.status}
			p, _ := newPlatform(t, simulator.ModeSafe, simulator.Options{Retries: tt.retries}, rc.handler)
			res, err := p.Push(context.Background(), appid, simulator.TextMessage(fan, "hi", 0))
			if err != nil {
				t.Fatal(err)
			}
			if res.Attempts != tt.wantAttempts || len(rc.bodies) != tt.wantAttempts || simulatorKind(res.Err) != tt.wantKind {
				t.Fatalf("attempts %d (server saw %d), error %v; want %d attempts, kind %q",
					res.Attempts, len(rc.bodies), res.Err, tt.wantAttempts, tt.wantKind)
			}
			for i := range rc.bodies {
				if !bytes.Equal(rc.bodies[i], rc.bodies[0]) || rc.queries[i] != rc.queries[0] {
					t.Errorf("attempt %d differs from the first", i+1)
				}
			}
		})
	}
}

func TestPushTimeoutAndConnect(t *testing.T) {
	block := make(chan struct{})
	slow := func(simulator.Account) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // lets the server notice the client hanging up
			select {
			case <-block:
			case <-r.Context().Done():
			}
		})
	}
	p, _ := newPlatform(t, simulator.ModePlain, simulator.Options{PushTimeout: 20 * time.Millisecond, Retries: 1}, slow)
	t.Cleanup(func() { close(block) }) // runs before the server's Close
	res, err := p.Push(context.Background(), appid, simulator.TextMessage(fan, "hi", 0))
	if err != nil || simulatorKind(res.Err) != simulator.KindTimeout || res.Attempts != 2 {
		t.Errorf("slow server: %+v, %v; want a timeout after 2 attempts", res, err)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // nothing listens there any more: connection refused
	acct := simtest.Account("wx_nowhere", simulator.ModePlain, closed.URL+"/wx")
	simtest.MustAdd(t, p, acct)
	res, err = p.Push(context.Background(), acct.AppID, simulator.TextMessage(fan, "hi", 0))
	if err != nil || simulatorKind(res.Err) != simulator.KindConnect || res.Attempts != 2 {
		t.Errorf("unreachable server: %+v, %v; want connect errors after 2 attempts", res, err)
	}
}

func TestPushRefusesBadInput(t *testing.T) {
	p, _, _ := withResponder(t, simulator.ModePlain)
	if _, err := p.Push(context.Background(), "wx_nobody", simulator.TextMessage(fan, "hi", 0)); err == nil {
		t.Error("push to an unknown account succeeded")
	}
	if _, err := p.Push(context.Background(), appid, &wechat.Message{MsgType: "text"}); err == nil {
		t.Error("push without a sender succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Push(ctx, appid, simulator.TextMessage(fan, "hi", 0)); !errors.Is(err, context.Canceled) {
		t.Errorf("push with a canceled context: %v", err)
	}
}

func TestPushOpensWindowForCustomSend(t *testing.T) {
	p, _, _ := withResponder(t, simulator.ModeCompat)
	if _, err := p.Push(context.Background(), appid, simulator.Click(fan, "MENU_TICKETS")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p.Handler())
	defer srv.Close()
	c := &api{t: t, p: p, base: srv.URL, acct: simtest.Account(appid, simulator.ModeCompat, "")}
	tok := c.fetchToken()
	if got := c.sendN(tok, 4); got[2] != 0 || got[3] != simulator.ErrOverCount {
		t.Errorf("after a pushed click: errcodes %v, want 3 accepted then 45047", got)
	}
}

func BenchmarkPush(b *testing.B) {
	for _, mode := range []string{simulator.ModePlain, simulator.ModeSafe} {
		b.Run(mode, func(b *testing.B) {
			acct := simtest.Account(appid, mode, "")
			r, srv := simtest.NewResponder(b, acct, nil)
			_ = r
			acct.CallbackURL = srv.URL
			p := simulator.New(simulator.Options{})
			simtest.MustAdd(b, p, acct)
			for b.Loop() {
				if res, err := p.Push(context.Background(), appid, simulator.TextMessage(fan, "营业时间", 0)); err != nil || res.Err != nil {
					b.Fatal(err, res.Err)
				}
			}
		})
	}
}
