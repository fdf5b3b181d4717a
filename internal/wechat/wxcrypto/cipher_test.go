package wxcrypto

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"testing"
)

const (
	testKey   = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testAppID = "wxb11529c136998cb6"
)

func TestEncryptDecryptRoundTrip(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	for _, n := range []int{0, 1, 12, 13, 31, 32, 33, 1000, 4096} {
		msg := bytes.Repeat([]byte("中"), n)
		enc, err := c.Encrypt(msg)
		if err != nil {
			t.Fatal(err)
		}
		if raw, _ := base64.StdEncoding.DecodeString(enc); len(raw)%blockSize != 0 {
			t.Errorf("ciphertext of %d bytes is not padded to %d", len(raw), blockSize)
		}
		got, err := c.Decrypt(enc)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("Decrypt(Encrypt(%d bytes)) = %d bytes, %v", len(msg), len(got), err)
		}
	}
}

func TestEncryptUsesFreshRandom(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	a, _ := c.Encrypt([]byte("same"))
	b, _ := c.Encrypt([]byte("same"))
	if a == b {
		t.Error("two encryptions of one message are identical")
	}
	if _, err := c.EncryptWithRandom([]byte("short"), []byte("x")); err == nil {
		t.Error("EncryptWithRandom accepted a 5-byte prefix")
	}
}

func TestNewCipherRefusesBadKeys(t *testing.T) {
	for _, key := range []string{"", testKey[:42], testKey + "H", testKey[:42] + "*", strings.Repeat("=", 43)} {
		if _, err := NewCipher(key, testAppID); !errors.Is(err, ErrKey) {
			t.Errorf("NewCipher(%q) = %v, want ErrKey", key, err)
		}
	}
}

// TestOpenRefusesBadInput: each broken ciphertext is refused with its own
// error, and none panics.
func TestOpenRefusesBadInput(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	key := c.key
	good, _ := c.EncryptWithRandom([]byte("aaaabbbbccccdddd"), []byte("hello"))
	raw, _ := base64.StdEncoding.DecodeString(good)
	tests := []struct {
		name string
		enc  string
		want error
	}{
		{"empty", "", ErrLength},
		{"not base64", "!!!not base64!!!", ErrBase64},
		{"truncated base64", good[:len(good)-3], ErrBase64},
		{"not a multiple of 16", base64.StdEncoding.EncodeToString(raw[:len(raw)-1]), ErrLength},
		{"15 bytes", base64.StdEncoding.EncodeToString(raw[:15]), ErrLength},
		{"pad longer than data", sealRaw(t, key, bytes.Repeat([]byte{32}, 16)), ErrPadding},
		{"shorter than its header", sealRaw(t, key, append(bytes.Repeat([]byte{'r'}, 15), 1)), ErrTooShort},
		{"length field larger than data", sealRaw(t, key, plainWithLength(1000, "abc", testAppID)), ErrTooShort},
		{"length field of 4 GiB", sealRaw(t, key, plainWithLength(0xFFFFFFFF, "abc", testAppID)), ErrTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, id, err := c.Open(tt.enc)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open = %q, %q, %v; want %v", msg, id, err, tt.want)
			}
			if _, err := c.Decrypt(tt.enc); !errors.Is(err, tt.want) {
				t.Errorf("Decrypt error %v, want %v", err, tt.want)
			}
		})
	}
}

// plainWithLength builds random || len || msg || appid, padded, with a
// length field that may lie.
func plainWithLength(n uint32, msg, appID string) []byte {
	p := bytes.Repeat([]byte{'r'}, 16)
	p = binary.BigEndian.AppendUint32(p, n)
	p = append(p, msg...)
	p = append(p, appID...)
	pad := blockSize - len(p)%blockSize
	return append(p, bytes.Repeat([]byte{byte(pad)}, pad)...)
}

func TestDecryptChecksAppID(t *testing.T) {
	other := mustCipher(t, testKey, "wx0000000000000001")
	enc, err := other.Encrypt([]byte("<xml/>"))
	if err != nil {
		t.Fatal(err)
	}
	c := mustCipher(t, testKey, testAppID)
	if _, err := c.Decrypt(enc); !errors.Is(err, ErrAppID) || !strings.Contains(err.Error(), "wx0000000000000001") {
		t.Errorf("Decrypt = %v, want ErrAppID naming the appid found", err)
	}
	msg, id, err := c.Open(enc)
	if err != nil || id != "wx0000000000000001" || string(msg) != "<xml/>" {
		t.Errorf("Open = %q, %q, %v", msg, id, err)
	}
}

// A ciphertext cut by whole blocks still decrypts, to garbage: the appid
// check is what refuses it.
func TestDecryptRefusesTruncatedCiphertext(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	enc, _ := c.Encrypt([]byte(strings.Repeat("x", 100)))
	raw, _ := base64.StdEncoding.DecodeString(enc)
	for cut := 16; cut < len(raw); cut += 16 {
		short := base64.StdEncoding.EncodeToString(raw[:len(raw)-cut])
		if msg, err := c.Decrypt(short); err == nil {
			t.Errorf("Decrypt of a ciphertext cut by %d bytes = %q, want an error", cut, msg)
		}
	}
}

// Like the official sample, a pad byte outside 1..32 means "no padding".
func TestOpenIsLenientAboutPadByte(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	p := plainWithLength(3, "abc", "")
	p = p[:len(p)-int(p[len(p)-1])]              // unpadded: 23 bytes
	p = append(p, bytes.Repeat([]byte{0}, 9)...) // 32 bytes ending in 0
	msg, id, err := c.Open(sealRaw(t, c.key, p))
	if err != nil || string(msg) != "abc" || id != string(make([]byte, 9)) {
		t.Errorf("Open = %q, %q, %v", msg, id, err)
	}
}

func TestZeroCipherDoesNotPanic(t *testing.T) {
	var c Cipher
	if _, err := c.Encrypt([]byte("x")); err == nil {
		t.Error("zero Cipher encrypted")
	}
	if _, _, err := c.Open("AAAAAAAAAAAAAAAAAAAAAA=="); err == nil {
		t.Error("zero Cipher decrypted")
	}
}

// The decrypted message cannot grow into the appid that follows it.
func TestOpenMessageCapacity(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	enc, _ := c.Encrypt([]byte("abc"))
	msg, _, _ := c.Open(enc)
	if cap(msg) != len(msg) {
		t.Errorf("cap(msg) = %d, len %d", cap(msg), len(msg))
	}
}

// One Cipher serves every request of an account at once.
func TestCipherConcurrentUse(t *testing.T) {
	c := mustCipher(t, testKey, testAppID)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			msg := []byte(strings.Repeat("x", i*10))
			for range 50 {
				enc, err := c.Encrypt(msg)
				if err != nil {
					errs <- err
					return
				}
				if got, err := c.Decrypt(enc); err != nil || !bytes.Equal(got, msg) {
					errs <- errors.Join(err, errors.New("wrong plaintext"))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
