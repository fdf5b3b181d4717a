package simulator

import (
	"errors"
	"testing"

	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// FuzzCustomSend feeds arbitrary bodies to the customer-service decoder: it
// must not panic, and every refusal must be one of WeChat's errcodes.
func FuzzCustomSend(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"touser":"o1","msgtype":"text","text":{"content":"门票"}}`,
		`{"touser":"o1","msgtype":"news","news":{"articles":[{"title":"a"},{"title":"b"}]}}`,
		`{"touser":"o1","msgtype":"msgmenu","msgmenu":{"list":[{"id":1,"content":"x"}]}}`,
		`{"touser":"o1","msgtype":"video","video":null}`, `{"msgtype":"music","music":{"thumb_media_id":"t"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		cm, code := decodeCustom(body)
		if code != 0 {
			if errmsgs[code] == "" {
				t.Fatalf("decode gave errcode %d with no message", code)
			}
			return
		}
		r, code := cm.reply()
		if code != 0 && errmsgs[code] == "" {
			t.Fatalf("reply gave errcode %d with no message", code)
		}
		if code == 0 && r.Type != cm.MsgType {
			t.Fatalf("accepted %q as type %q", cm.MsgType, r.Type)
		}
	})
}

// FuzzCheckReply feeds arbitrary answers to the reply checker in every mode:
// it must not panic, and a failure must be a protocol-kind PushError.
func FuzzCheckReply(f *testing.F) {
	acct := Account{AppID: "wx_fuzz_app", Token: "fuzztoken", AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", OriginalID: "gh_fuzz"}
	c, err := wxcrypto.NewCipher(acct.AESKey, acct.AppID)
	if err != nil {
		f.Fatal(err)
	}
	text := []byte("<xml><ToUserName><![CDATA[o1]]></ToUserName><FromUserName><![CDATA[gh_fuzz]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>")
	sealed, err := c.Seal(acct.Token, "1409304348", "xxxxxx", text)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range [][]byte{text, sealed, []byte(`{"errcode":0}`), []byte("<xml><Encrypt>!!</Encrypt></xml>"), []byte("<xml>")} {
		for mode := range 3 {
			f.Add(s, mode)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, mode int) {
		acct.Mode = []string{ModePlain, ModeCompat, ModeSafe}[(mode%3+3)%3]
		rm, err := checkReply(acct, c, body, "o1")
		var pe *PushError
		switch {
		case err == nil && rm == nil:
			t.Fatal("no reply and no error")
		case err != nil && (!errors.As(err, &pe) || !pe.Protocol()):
			t.Fatalf("error %v is not a protocol PushError", err)
		}
	})
}
