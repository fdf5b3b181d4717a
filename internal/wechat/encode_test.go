package wechat

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestEncodePushGolden(t *testing.T) {
	for _, tc := range pushCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EncodePush(tc.m)
			if err != nil {
				t.Fatalf("EncodePush: %v", err)
			}
			checkGolden(t, "push/"+tc.name+".xml", got)
		})
	}
}

// Each golden push parses back to the message it was made from, and
// encoding/xml reads the same document the same way.
func TestParseGoldenRoundTrip(t *testing.T) {
	for _, tc := range pushCases() {
		t.Run(tc.name, func(t *testing.T) {
			body := goldenPush(t, tc.name)
			got, err := Parse(body)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want := *tc.m
			want.Raw = body
			if !reflect.DeepEqual(got, &want) {
				t.Errorf("Parse(golden) =\n%+v\nwant\n%+v", got, &want)
			}
			var std Message
			if err := xml.Unmarshal(body, &std); err != nil {
				t.Fatalf("encoding/xml cannot read the golden file: %v", err)
			}
			std.Raw, std.XMLName = body, xml.Name{}
			if !reflect.DeepEqual(&std, &want) {
				t.Errorf("encoding/xml reads\n%+v\nwant\n%+v", &std, &want)
			}
		})
	}
}

func goldenPush(t *testing.T, name string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "push", name+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// v2Plaintext is the decrypted push of crypto vector V2 (chanxuehong/wechat),
// a real text message: our encoding must match WeChat's byte for byte.
const v2Plaintext = "<xml><ToUserName><![CDATA[gh_b1eb3f8bd6c6]]></ToUserName>\n<FromUserName><![CDATA[okPEat9FRX96xG8JQvTxHLpzDV64]]></FromUserName>\n<CreateTime>1458889120</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test text message]]></Content>\n<MsgId>6265881059295447969</MsgId>\n</xml>"

func TestEncodePushMatchesWeChat(t *testing.T) {
	m, err := Parse([]byte(v2Plaintext))
	if err != nil {
		t.Fatal(err)
	}
	got, err := EncodePush(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != v2Plaintext {
		t.Errorf("EncodePush(Parse(V2)) =\n%s\nwant\n%s", got, v2Plaintext)
	}
}

func TestEncodePushCDATAIsSafe(t *testing.T) {
	for _, s := range []string{"]]>", "]]]>", "]]>]]>", "a]]", "]", "x\r", "\r\n", "<![CDATA[", "]]&gt;", "]\r]>"} {
		m := &Message{ToUserName: "gh", FromUserName: "o", MsgType: MsgText, Content: s, MsgID: 1}
		body, err := EncodePush(m)
		if err != nil {
			t.Fatalf("EncodePush(%q): %v", s, err)
		}
		got, err := Parse(body)
		if err != nil {
			t.Fatalf("Parse(EncodePush(%q)): %v\n%s", s, err, body)
		}
		if got.Content != s {
			t.Errorf("Content %q came back as %q", s, got.Content)
		}
	}
}

func TestEncodePushRefuses(t *testing.T) {
	ok := Message{ToUserName: "gh", FromUserName: "o", MsgType: MsgText, Content: "hi", MsgID: 1}
	tests := []struct {
		name string
		m    *Message
		want string
	}{
		{"nil", nil, "nil message"},
		{"no ToUserName", with(ok, func(m *Message) { m.ToUserName = "" }), "required"},
		{"no MsgType", with(ok, func(m *Message) { m.MsgType = "" }), "required"},
		{"control character", with(ok, func(m *Message) { m.Content = "a\x00b" }), "<Content>"},
		{"invalid UTF-8", with(ok, func(m *Message) { m.Content = "a\xffb" }), "UTF-8"},
		{"U+FFFE", with(ok, func(m *Message) { m.Content = "\uFFFE" }), "U+FFFE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := EncodePush(tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("EncodePush = %q, %v; want an error containing %q", body, err, tt.want)
			}
		})
	}
}

// U+FFFD is a valid character, not a decoding error, and goes through.
func TestEncodePushKeepsReplacementCharacter(t *testing.T) {
	m := &Message{ToUserName: "gh", FromUserName: "o", MsgType: MsgText, Content: "\uFFFD", MsgID: 1}
	body, err := EncodePush(m)
	if err != nil || !bytes.Contains(body, []byte("\uFFFD")) {
		t.Fatalf("EncodePush = %q, %v", body, err)
	}
}
