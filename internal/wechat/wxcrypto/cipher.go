package wxcrypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// blockSize is the PKCS#7 block size WeChat pads to: 32, not AES's 16.
const blockSize = 32

// Errors a caller can tell apart; all mean "refuse the message".
var (
	ErrKey      = errors.New("wxcrypto: EncodingAESKey must be 43 base64 characters (EncodingAESKey 必须是 43 个 base64 字符)")
	ErrBase64   = errors.New("wxcrypto: ciphertext is not valid base64")
	ErrLength   = errors.New("wxcrypto: ciphertext length is not a positive multiple of the AES block")
	ErrPadding  = errors.New("wxcrypto: bad padding")
	ErrTooShort = errors.New("wxcrypto: plaintext too short for its length field")
	ErrAppID    = errors.New("wxcrypto: appid in ciphertext does not match")

	errNoKey = errors.New("wxcrypto: Cipher not built with NewCipher")
)

// Cipher encrypts and decrypts messages for one account (one key, one appid).
type Cipher struct {
	key   []byte
	block cipher.Block // AES-256 of key; safe for concurrent use
	appID string
}

// NewCipher builds a Cipher from the 43-character EncodingAESKey and the
// appid that ciphertexts must carry.
func NewCipher(encodingAESKey, appID string) (*Cipher, error) {
	key, err := DecodeKey(encodingAESKey)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("wxcrypto: %w", err)
	}
	return &Cipher{key: key, block: block, appID: appID}, nil
}

// DecodeKey turns an EncodingAESKey into the 32-byte AES key. The official
// sample key has non-zero padding bits, so the lenient decoder is required.
func DecodeKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, ErrKey
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, ErrKey
	}
	return key, nil
}

// Encrypt returns the base64 ciphertext of msg with a fresh random prefix.
func (c *Cipher) Encrypt(msg []byte) (string, error) {
	var random [16]byte
	if _, err := rand.Read(random[:]); err != nil {
		return "", fmt.Errorf("wxcrypto: random prefix: %w", err)
	}
	return c.EncryptWithRandom(random[:], msg)
}

// EncryptWithRandom encrypts with the given 16-byte prefix; tests use it to
// reproduce official vectors byte for byte.
func (c *Cipher) EncryptWithRandom(random, msg []byte) (string, error) {
	if len(random) != 16 {
		return "", fmt.Errorf("wxcrypto: random prefix must be 16 bytes, got %d", len(random))
	}
	plain := make([]byte, 0, 20+len(msg)+len(c.appID)+blockSize)
	plain = append(plain, random...)
	plain = binary.BigEndian.AppendUint32(plain, uint32(len(msg)))
	plain = append(plain, msg...)
	plain = append(plain, c.appID...)
	pad := blockSize - len(plain)%blockSize
	plain = append(plain, bytes.Repeat([]byte{byte(pad)}, pad)...)

	if c.block == nil {
		return "", errNoKey
	}
	cipher.NewCBCEncrypter(c.block, c.key[:16]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain), nil
}

// Decrypt returns the message inside a base64 ciphertext after checking that
// the trailing appid is this account's.
func (c *Cipher) Decrypt(encrypted string) ([]byte, error) {
	msg, appID, err := c.Open(encrypted)
	if err != nil {
		return nil, err
	}
	if appID != c.appID {
		return nil, fmt.Errorf("%w: got %.64q", ErrAppID, appID)
	}
	return msg, nil
}

// Open decrypts without checking the appid and returns the message and the
// trailing id (the appid, or a WeCom CorpID). Each refusal wraps one of the
// errors above; nothing in the ciphertext can make it panic.
func (c *Cipher) Open(encrypted string) (msg []byte, appID string, err error) {
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrBase64, err)
	}
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, "", fmt.Errorf("%w: %d bytes", ErrLength, len(data))
	}
	if c.block == nil {
		return nil, "", errNoKey
	}
	cipher.NewCBCDecrypter(c.block, c.key[:16]).CryptBlocks(data, data)
	if data, err = unpad(data); err != nil {
		return nil, "", err
	}
	if len(data) < 20 {
		return nil, "", fmt.Errorf("%w: %d bytes after unpadding, need 20", ErrTooShort, len(data))
	}
	n := uint64(binary.BigEndian.Uint32(data[16:20]))
	if n > uint64(len(data)-20) {
		return nil, "", fmt.Errorf("%w: length field says %d bytes, %d follow", ErrTooShort, n, len(data)-20)
	}
	end := 20 + int(n)
	return data[20:end:end], string(data[end:]), nil
}

// unpad strips PKCS#7 padding of block size 32. Like the official sample, a
// pad byte outside 1..32 is treated as no padding.
func unpad(data []byte) ([]byte, error) {
	pad := int(data[len(data)-1])
	if pad < 1 || pad > blockSize {
		return data, nil
	}
	if pad > len(data) {
		return nil, fmt.Errorf("%w: pad %d in %d bytes", ErrPadding, pad, len(data))
	}
	return data[:len(data)-pad], nil
}
