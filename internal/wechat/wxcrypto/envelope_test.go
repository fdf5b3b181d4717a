package wxcrypto

import (
	"errors"
	"strings"
	"testing"
)

func TestReplyEnvelopeLayout(t *testing.T) {
	got := string(ReplyEnvelope("ENC==", "sha1hex", "1411525903", "461056294"))
	want := "<xml>\n<Encrypt><![CDATA[ENC==]]></Encrypt>\n<MsgSignature><![CDATA[sha1hex]]></MsgSignature>\n" +
		"<TimeStamp>1411525903</TimeStamp>\n<Nonce><![CDATA[461056294]]></Nonce>\n</xml>"
	if got != want {
		t.Errorf("ReplyEnvelope =\n%s\nwant\n%s", got, want)
	}
}

func TestPushEnvelopeLayout(t *testing.T) {
	got := string(PushEnvelope("gh_xxx", "base64=="))
	want := "<xml><ToUserName><![CDATA[gh_xxx]]></ToUserName><Encrypt><![CDATA[base64==]]></Encrypt></xml>"
	if got != want {
		t.Errorf("PushEnvelope = %s, want %s", got, want)
	}
}

// A hostile nonce or timestamp echoed from the query string stays inside its element.
func TestReplyEnvelopeResistsInjection(t *testing.T) {
	nonce := "1]]></Nonce><Encrypt>evil</Encrypt><Nonce><![CDATA["
	body := ReplyEnvelope("ENC==", "sig", "1<2&", nonce)
	env, err := ParseEnvelope(append([]byte(nil), body...))
	if err == nil {
		t.Fatalf("a non-numeric TimeStamp was accepted: %+v", env)
	}
	body = ReplyEnvelope("ENC==", "sig", "1", nonce)
	env, err = ParseEnvelope(body)
	if err != nil || env.Encrypt != "ENC==" || env.Nonce != nonce {
		t.Fatalf("ParseEnvelope = %+v, %v", env, err)
	}
}

func TestSealOpensWithVerifyAndDecrypt(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	body, err := c.Seal("pamtest", "1409304348", "xxxxxx", []byte("<xml>reply</xml>"))
	if err != nil {
		t.Fatal(err)
	}
	env, err := ParseEnvelope(body)
	if err != nil {
		t.Fatal(err)
	}
	if !Verify(env.MsgSignature, "pamtest", env.TimeStamp, env.Nonce, env.Encrypt) {
		t.Error("the sealed envelope's signature does not verify")
	}
	if plain, err := c.Decrypt(env.Encrypt); err != nil || string(plain) != "<xml>reply</xml>" {
		t.Errorf("Decrypt = %q, %v", plain, err)
	}
}

func TestParseEnvelopeAccepts(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Envelope
	}{
		{"safe push", "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>",
			Envelope{ToUserName: "gh_1", Encrypt: "abc="}},
		{"compatible push", "<xml><ToUserName>gh_1</ToUserName><FromUserName>o</FromUserName><MsgType>text</MsgType><Content>hi</Content><Encrypt>abc=</Encrypt></xml>",
			Envelope{ToUserName: "gh_1", Encrypt: "abc="}},
		{"reply", string(ReplyEnvelope("abc=", "s", "12", "n")),
			Envelope{Encrypt: "abc=", MsgSignature: "s", TimeStamp: "12", Nonce: "n"}},
		{"declaration and nested unknown", `<?xml version="1.0"?><xml><A><B>x</B></A><Encrypt>abc=</Encrypt></xml>`,
			Envelope{Encrypt: "abc="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := ParseEnvelope([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			tt.want.XMLName = env.XMLName
			if *env != tt.want || env.XMLName.Local != "xml" {
				t.Errorf("ParseEnvelope = %+v, want %+v", *env, tt.want)
			}
		})
	}
}

func TestParseEnvelopeRefuses(t *testing.T) {
	enc := "<Encrypt>abc=</Encrypt>"
	tests := []struct{ name, body, want string }{
		{"empty", "", "empty"},
		{"not UTF-8", "<xml><Encrypt>\xff</Encrypt></xml>", "UTF-8"},
		{"doctype", `<!DOCTYPE xml [<!ENTITY e "abc=">]><xml><Encrypt>&e;</Encrypt></xml>`, "DOCTYPE"},
		{"too deep", "<xml>" + enc + "<a><b><c><d><e><f/></e></d></c></b></a></xml>", "deeper"},
		{"other root", "<root>" + enc + "</root>", "root element"},
		{"trailing element", "<xml>" + enc + "</xml><xml/>", "after </xml>"},
		{"trailing text", "<xml>" + enc + "</xml>junk", "outside"},
		{"unclosed", "<xml>" + enc, "no complete"},
		{"mismatched", "<xml><Encrypt>abc=</Nonce></xml>", "unexpected"},
		{"no Encrypt", "<xml><ToUserName>gh</ToUserName></xml>", "no Encrypt"},
		{"prefixed Encrypt", "<xml><x:Encrypt>abc=</x:Encrypt></xml>", "no Encrypt"},
		{"bad TimeStamp", "<xml>" + enc + "<TimeStamp>soon</TimeStamp></xml>", "TimeStamp"},
		{"syntax", "<xml><Encrypt>abc=</Encrypt", "syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := ParseEnvelope([]byte(tt.body))
			if err == nil || !errors.Is(err, ErrEnvelope) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseEnvelope = %+v, %v; want an ErrEnvelope containing %q", env, err, tt.want)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	sig := Sign("AAAAA", "1714037059", "486452656")
	tests := []struct {
		name string
		sig  string
		ok   bool
	}{
		{"exact", sig, true},
		{"upper case", strings.ToUpper(sig), true},
		{"one digit off", sig[:39] + "0", sig[39] == '0'},
		{"empty", "", false},
		{"prefix", sig[:20], false},
	}
	for _, tt := range tests {
		if got := Verify(tt.sig, "AAAAA", "1714037059", "486452656"); got != tt.ok {
			t.Errorf("%s: Verify = %v, want %v", tt.name, got, tt.ok)
		}
	}
	if Verify(sig, "AAAAB", "1714037059", "486452656") {
		t.Error("Verify accepted the signature under another token")
	}
}
