// Package wxcrypto implements WeChat's callback security: the SHA-1 request
// signatures and the AES-256-CBC message encryption of compatible and safe
// modes. Standard library only, so the gateway and the simulator share it.
package wxcrypto

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"strings"
)

// Sign returns WeChat's signature of the given parts: the lowercase hex SHA-1
// of the parts sorted byte-wise and joined with no separator. The URL
// signature signs token, timestamp and nonce; msg_signature adds Encrypt.
func Sign(parts ...string) string {
	sorted := slices.Clone(parts)
	slices.Sort(sorted)
	n := 0
	for _, p := range sorted {
		n += len(p)
	}
	buf := make([]byte, 0, n)
	for _, p := range sorted {
		buf = append(buf, p...)
	}
	sum := sha1.Sum(buf)
	return hex.EncodeToString(sum[:])
}

// Verify reports, in constant time, whether sig is the signature of parts.
func Verify(sig string, parts ...string) bool {
	want := Sign(parts...)
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(sig)), []byte(want)) == 1
}
