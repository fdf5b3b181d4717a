package wxcrypto

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"
)

// FuzzDecrypt feeds Open arbitrary strings and arbitrary ciphertext bytes:
// it must never panic, must refuse with one of the package's errors, and
// what it accepts must re-encrypt to something that opens the same way.
func FuzzDecrypt(f *testing.F) {
	vs := loadVectors(f)
	for _, v := range vs {
		if v.Encrypt != "" {
			f.Add(v.Encrypt, []byte(nil))
		}
	}
	f.Add("", []byte{})
	f.Add("!!", bytes.Repeat([]byte{0xff}, 32))
	f.Add("AAAA", bytes.Repeat([]byte{32}, 16))
	c := mustCipher(f, testKey, testAppID)
	known := []error{ErrBase64, ErrLength, ErrPadding, ErrTooShort}
	f.Fuzz(func(t *testing.T, enc string, raw []byte) {
		for _, in := range []string{enc, base64.StdEncoding.EncodeToString(raw)} {
			msg, _, err := c.Open(in)
			if err != nil {
				if !isOneOf(err, known) {
					t.Fatalf("Open(%q) error %v is none of the package's errors", in, err)
				}
				continue
			}
			again, err := c.EncryptWithRandom(make([]byte, 16), msg)
			if err != nil {
				t.Fatal(err)
			}
			if msg2, _, err := c.Open(again); err != nil || !bytes.Equal(msg, msg2) {
				t.Fatalf("re-encrypted message does not open: %v", err)
			}
		}
	})
}

func isOneOf(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// FuzzParseEnvelope checks that ParseEnvelope never panics, refuses with
// ErrEnvelope, and that an accepted envelope carries an Encrypt.
func FuzzParseEnvelope(f *testing.F) {
	f.Add(PushEnvelope("gh_1", "abc="))
	f.Add(ReplyEnvelope("abc=", "sig", "1409304348", "xxxxxx"))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>`))
	f.Add([]byte("<xml>" + string(bytes.Repeat([]byte("<a>"), 100)) + "</xml>"))
	f.Add([]byte("<xml><Encrypt>\xff</Encrypt></xml>"))
	f.Add([]byte("<xml><Encrypt>a</Encrypt></xml>trailing"))
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := ParseEnvelope(body)
		if err != nil {
			if env != nil || !errors.Is(err, ErrEnvelope) {
				t.Fatalf("ParseEnvelope = %v, %v", env, err)
			}
			return
		}
		if env.Encrypt == "" {
			t.Fatal("accepted an envelope without Encrypt")
		}
	})
}
