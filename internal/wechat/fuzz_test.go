package wechat

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// nastyPushes are hostile or odd bodies every parser of outside XML must survive.
var nastyPushes = []string{
	"",
	"<xml>",
	"<xml></xml>",
	"<xml/>",
	strings.Repeat("<xml>", 10000),
	"<xml>" + strings.Repeat("<a>", 50) + strings.Repeat("</a>", 50) + "</xml>",
	`<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">]><xml><Content>&lol1;</Content></xml>`,
	`<!DOCTYPE xml SYSTEM "http://example.com/x.dtd"><xml/>`,
	"<xml><ToUserName>\xff\xfe</ToUserName></xml>",
	doc("<MsgType>text</MsgType><MsgId>99999999999999999999999999</MsgId>"),
	doc("<MsgType>location</MsgType><Location_X>1e309</Location_X><Scale>-99999999999</Scale>"),
	doc("<MsgType>event</MsgType><Event>pic_weixin</Event><SendPicsInfo><PicList><item><PicMd5Sum>a</PicMd5Sum></item></PicList></SendPicsInfo>"),
	doc("<MsgType>event</MsgType><ScanCodeInfo><ScanCodeInfo><ScanType>q</ScanType></ScanCodeInfo></ScanCodeInfo>"),
	doc("<MsgType>text</MsgType><Content><![CDATA[a]]]]><![CDATA[>b]]>&#13;&#0;</Content>"),
	doc("<MsgType>text</MsgType>") + "<!-- -->trailing",
	"<xml><ToUserName>a</ToUserName></xml><xml>",
	"\ufeff" + doc("<MsgType>text</MsgType>"),
}

// FuzzParse checks that Parse never panics, that every refusal is an
// ErrMalformed, and that what it accepts encodes to a document that parses
// to the same encoding again.
func FuzzParse(f *testing.F) {
	for _, b := range goldenFiles(f, "push") {
		f.Add(b)
	}
	f.Add([]byte(chanxSubscribe))
	f.Add([]byte(v2Plaintext))
	for _, s := range nastyPushes {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := Parse(body)
		if err != nil {
			if m != nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("Parse = %v, %v: want nil and an ErrMalformed", m, err)
			}
			return
		}
		if m.ToUserName == "" || m.FromUserName == "" || m.MsgType == "" || !bytes.Equal(m.Raw, body) {
			t.Fatalf("accepted a push without its header or with another Raw: %+v", m)
		}
		_ = DedupeKey(m)
		_ = m.Text()
		checkPushRoundTrip(t, m)
	})
}

func checkPushRoundTrip(t *testing.T, m *Message) {
	t.Helper()
	enc1, err := EncodePush(m)
	if err != nil {
		t.Fatalf("EncodePush of a parsed message: %v", err)
	}
	m2, err := Parse(enc1)
	if err != nil {
		t.Fatalf("Parse(EncodePush(m)): %v\n%s", err, enc1)
	}
	enc2, err := EncodePush(m2)
	if err != nil || !bytes.Equal(enc1, enc2) {
		t.Fatalf("encoding is not stable (%v):\n%s\n%s", err, enc1, enc2)
	}
	if m.MsgType != m2.MsgType || m.Text() != m2.Text() || DedupeKey(m) != DedupeKey(m2) && m.MsgID != 0 {
		t.Fatalf("round trip changed the message: %+v\n%+v", m, m2)
	}
}

// FuzzParseReply checks ParseReply never panics, and that a reply it
// accepts and Validate passes renders back to the same ReplyMessage.
func FuzzParseReply(f *testing.F) {
	for _, b := range goldenFiles(f, "reply") {
		f.Add(b)
	}
	f.Add([]byte(v1bPlaintext))
	for _, s := range nastyPushes {
		f.Add([]byte(s))
	}
	f.Add([]byte("success"))
	f.Fuzz(func(t *testing.T, body []byte) {
		rm, err := ParseReply(body)
		if err != nil {
			if rm != nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("ParseReply = %v, %v: want nil and an ErrMalformed", rm, err)
			}
			return
		}
		if rm.Reply.Validate() != nil {
			return
		}
		out, err := rm.Reply.XML(rm.ToUserName, rm.FromUserName, rm.CreateTime)
		if err != nil {
			t.Fatalf("XML of a valid parsed reply: %v", err)
		}
		back, err := ParseReply(out)
		if err != nil || !reflect.DeepEqual(back, rm) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, back, rm)
		}
	})
}
