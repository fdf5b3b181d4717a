package simtest

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// Responder is a minimal correct developer server written against wxcrypto
// directly, independent of fanbase's gateway: it checks the URL signature
// and, for encrypted pushes, msg_signature and the ciphertext; it parses the
// push and answers a text reply (encrypted when the push was) or "success".
type Responder struct {
	acct   simulator.Account
	answer func(m *wechat.Message) string

	mu      sync.Mutex
	pushes  []Push
	refused []string
}

// Push is one push the responder accepted.
type Push struct {
	Query   url.Values
	Body    []byte // as received
	Plain   []byte // the plaintext XML (decrypted when encrypted)
	Message wechat.Message
}

// NewResponder serves acct's callbacks on an httptest server closed when
// the test ends; set acct.CallbackURL to srv.URL before adding the account.
// answer returns the reply text for a push, "" for "success"; nil echoes
// the push's Content.
func NewResponder(tb testing.TB, acct simulator.Account, answer func(m *wechat.Message) string) (*Responder, *httptest.Server) {
	tb.Helper()
	if answer == nil {
		answer = func(m *wechat.Message) string { return m.Content }
	}
	r := &Responder{acct: acct, answer: answer}
	srv := httptest.NewServer(r)
	tb.Cleanup(srv.Close)
	return r, srv
}

// ServeHTTP handles one push.
func (r *Responder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	push, status, err := r.open(req)
	if err != nil {
		r.refuse(w, status, err)
		return
	}
	r.mu.Lock()
	r.pushes = append(r.pushes, push)
	r.mu.Unlock()
	body, err := r.reply(&push)
	if err != nil {
		r.refuse(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(body)
}

// open verifies, decrypts and parses a push; the status says why it failed.
func (r *Responder) open(req *http.Request) (Push, int, error) {
	q := req.URL.Query()
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if !wxcrypto.Verify(q.Get("signature"), r.acct.Token, ts, nonce) {
		return Push{}, http.StatusForbidden, fmt.Errorf("bad signature")
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return Push{}, http.StatusBadRequest, fmt.Errorf("read body: %w", err)
	}
	push := Push{Query: q, Body: body, Plain: body}
	if q.Get("encrypt_type") == "aes" {
		if push.Plain, err = r.decrypt(q, body); err != nil {
			return Push{}, http.StatusForbidden, err
		}
	} else if r.acct.Mode == simulator.ModeSafe {
		return Push{}, http.StatusBadRequest, fmt.Errorf("safe mode push without encrypt_type=aes")
	}
	if err := xml.Unmarshal(push.Plain, &push.Message); err != nil {
		return Push{}, http.StatusBadRequest, fmt.Errorf("parse push: %w", err)
	}
	return push, 0, nil
}

func (r *Responder) decrypt(q url.Values, body []byte) ([]byte, error) {
	env, err := wxcrypto.ParseEnvelope(body)
	if err != nil {
		return nil, err
	}
	if !wxcrypto.Verify(q.Get("msg_signature"), r.acct.Token, q.Get("timestamp"), q.Get("nonce"), env.Encrypt) {
		return nil, fmt.Errorf("bad msg_signature")
	}
	c, err := wxcrypto.NewCipher(r.acct.AESKey, r.acct.AppID)
	if err != nil {
		return nil, err
	}
	return c.Decrypt(env.Encrypt)
}

// reply renders the answer, sealed with the push's timestamp and nonce when
// the push was encrypted.
func (r *Responder) reply(p *Push) ([]byte, error) {
	text := r.answer(&p.Message)
	if text == "" {
		return []byte("success"), nil
	}
	plain := TextReplyXML(p.Message.FromUserName, p.Message.ToUserName, time.Now().Unix(), text)
	if p.Query.Get("encrypt_type") != "aes" {
		return plain, nil
	}
	c, err := wxcrypto.NewCipher(r.acct.AESKey, r.acct.AppID)
	if err != nil {
		return nil, err
	}
	return c.Seal(r.acct.Token, p.Query.Get("timestamp"), p.Query.Get("nonce"), plain)
}

func (r *Responder) refuse(w http.ResponseWriter, status int, err error) {
	r.mu.Lock()
	r.refused = append(r.refused, err.Error())
	r.mu.Unlock()
	http.Error(w, err.Error(), status)
}

// Pushes returns the accepted pushes, oldest first.
func (r *Responder) Pushes() []Push {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Push(nil), r.pushes...)
}

// Refused returns why pushes were refused, oldest first.
func (r *Responder) Refused() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.refused...)
}

// TextReplyXML renders a passive text reply by hand, independent of
// fanbase's own encoder.
func TextReplyXML(toUser, fromUser string, createTime int64, content string) []byte {
	return fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content></xml>",
		cdata(toUser), cdata(fromUser), createTime, cdata(content))
}

func cdata(s string) string { return strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") }
