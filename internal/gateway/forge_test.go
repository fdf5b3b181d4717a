package gateway_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// This file builds callbacks by hand with wxcrypto, the way WeChat signs and
// encrypts them, so tests can also get them subtly wrong.

func handler(g *gateway.Gateway) http.Handler {
	mux := http.NewServeMux()
	g.Register(mux)
	return mux
}

// callback is one forged push: a query and a body for POST /wx/{appid}.
type callback struct {
	appid string
	query url.Values
	body  []byte
}

// signedQuery is the URL part every callback carries.
func signedQuery(token string, ts time.Time, nonce string) url.Values {
	t := strconv.FormatInt(ts.Unix(), 10)
	q := url.Values{}
	q.Set("signature", wxcrypto.Sign(token, t, nonce))
	q.Set("timestamp", t)
	q.Set("nonce", nonce)
	return q
}

// plainCallback is a plain-mode push of the plaintext XML.
func plainCallback(a simulator.Account, plain []byte, ts time.Time) callback {
	q := signedQuery(a.Token, ts, "1320562132")
	q.Set("openid", "o_forged")
	return callback{appid: a.AppID, query: q, body: plain}
}

// sealedCallback is a safe-mode push whose <Encrypt> is exactly enc,
// signed correctly whatever enc holds.
func sealedCallback(a simulator.Account, enc string, ts time.Time) callback {
	c := plainCallback(a, nil, ts)
	c.query.Set("encrypt_type", "aes")
	c.query.Set("msg_signature", wxcrypto.Sign(a.Token, c.query.Get("timestamp"), c.query.Get("nonce"), enc))
	c.body = wxcrypto.PushEnvelope(a.OriginalID, enc)
	return c
}

// safeCallback encrypts plain for the account (with appid as the id inside
// the ciphertext) and seals it like a safe-mode push.
func safeCallback(tb testing.TB, a simulator.Account, appid string, plain []byte, ts time.Time) callback {
	tb.Helper()
	enc, err := mustCipher(tb, a.AESKey, appid).Encrypt(plain)
	if err != nil {
		tb.Fatalf("encrypt: %v", err)
	}
	return sealedCallback(a, enc, ts)
}

func mustCipher(tb testing.TB, key, appid string) *wxcrypto.Cipher {
	tb.Helper()
	c, err := wxcrypto.NewCipher(key, appid)
	if err != nil {
		tb.Fatalf("cipher: %v", err)
	}
	return c
}

// rawCBC encrypts data (a multiple of 16 bytes, padding left to the
// caller) with the account's key, as WeChat's AES-CBC does, base64.
func rawCBC(tb testing.TB, encodingAESKey string, data []byte) string {
	tb.Helper()
	key, err := wxcrypto.DecodeKey(encodingAESKey)
	if err != nil {
		tb.Fatalf("key: %v", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		tb.Fatalf("aes: %v", err)
	}
	out := make([]byte, len(data))
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, data)
	return base64.StdEncoding.EncodeToString(out)
}

// url returns the callback's full URL on srv.
func (c callback) url(base string) string {
	return base + "/wx/" + c.appid + "?" + c.query.Encode()
}

// post sends the callback and returns the status and body.
func (h *harness) post(c callback) (int, []byte) {
	h.t.Helper()
	return h.do(http.MethodPost, c.url(h.srv.URL), c.body)
}

func (h *harness) do(method, u string, body []byte) (int, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		h.t.Fatalf("request: %v", err)
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("read answer: %v", err)
	}
	return resp.StatusCode, out
}

// openReply checks a safe-mode answer like WeChat does (envelope,
// MsgSignature, appid) and returns the plaintext reply.
func openReply(tb testing.TB, a simulator.Account, body []byte) []byte {
	tb.Helper()
	env, err := wxcrypto.ParseEnvelope(body)
	if err != nil {
		tb.Fatalf("answer is not an encrypted envelope: %v\n%s", err, body)
	}
	if !wxcrypto.Verify(env.MsgSignature, a.Token, env.TimeStamp, env.Nonce, env.Encrypt) {
		tb.Fatalf("answer's MsgSignature does not verify")
	}
	plain, err := mustCipher(tb, a.AESKey, a.AppID).Decrypt(env.Encrypt)
	if err != nil {
		tb.Fatalf("decrypt answer: %v", err)
	}
	return plain
}

// textXML is a text message push.
func textXML(a simulator.Account, from, content string, msgID, createTime int64) []byte {
	return fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>",
		a.OriginalID, from, createTime, content, msgID)
}

// eventXML is an event push.
func eventXML(a simulator.Account, from, event, key string, createTime int64) []byte {
	return fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[%s]]></Event>"+
		"<EventKey><![CDATA[%s]]></EventKey></xml>", a.OriginalID, from, createTime, event, key)
}
