package wxcrypto

import (
	"bytes"
	"testing"
)

// benchMessage is a 1 KB push, about what a long Chinese text message weighs.
var benchMessage = bytes.Repeat([]byte("<xml>门票多少钱</xml>"), 1024/26+1)[:1024]

func BenchmarkEncrypt(b *testing.B) {
	c := mustCipher(b, testKey, testAppID)
	b.SetBytes(int64(len(benchMessage)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Encrypt(benchMessage); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecrypt(b *testing.B) {
	c := mustCipher(b, testKey, testAppID)
	enc, err := c.Encrypt(benchMessage)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchMessage)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Decrypt(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSign is the msg_signature of a 1 KB message's ciphertext, the
// check every encrypted push and reply pays.
func BenchmarkSign(b *testing.B) {
	c := mustCipher(b, testKey, testAppID)
	enc, err := c.Encrypt(benchMessage)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Sign("pamtest", "1409304348", "xxxxxx", enc)
	}
}

func BenchmarkParseEnvelope(b *testing.B) {
	c := mustCipher(b, testKey, testAppID)
	enc, _ := c.Encrypt(benchMessage)
	body := PushEnvelope("gh_1", enc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseEnvelope(body); err != nil {
			b.Fatal(err)
		}
	}
}
