package wxcrypto

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"testing"
)

// sealRaw encrypts plain exactly as given (no prefix, length or padding
// added), to build ciphertexts Encrypt would never produce.
func sealRaw(tb testing.TB, key, plain []byte) string {
	tb.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

func mustCipher(tb testing.TB, key, appID string) *Cipher {
	tb.Helper()
	c, err := NewCipher(key, appID)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
