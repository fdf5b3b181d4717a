package wxcrypto

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrEnvelope is matched by every error ParseEnvelope returns.
var ErrEnvelope = errors.New("wxcrypto: malformed envelope")

// Envelope is the encrypted form of a push or a reply.
type Envelope struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName,omitempty"`
	Encrypt      string   `xml:"Encrypt"`
	MsgSignature string   `xml:"MsgSignature,omitempty"`
	TimeStamp    string   `xml:"TimeStamp,omitempty"`
	Nonce        string   `xml:"Nonce,omitempty"`
}

// Seal encrypts a plaintext reply and wraps it in the signed reply envelope.
func (c *Cipher) Seal(token, timestamp, nonce string, plaintext []byte) ([]byte, error) {
	enc, err := c.Encrypt(plaintext)
	if err != nil {
		return nil, err
	}
	return ReplyEnvelope(enc, Sign(token, timestamp, nonce, enc), timestamp, nonce), nil
}

// ReplyEnvelope renders the encrypted reply envelope as WeChat expects it.
// The nonce and timestamp come from the request, so they are written so that
// no value can break out of its element.
func ReplyEnvelope(encrypt, msgSignature, timestamp, nonce string) []byte {
	var b bytes.Buffer
	b.Grow(len(encrypt) + 200)
	b.WriteString("<xml>\n<Encrypt>")
	writeCDATA(&b, encrypt)
	b.WriteString("</Encrypt>\n<MsgSignature>")
	writeCDATA(&b, msgSignature)
	b.WriteString("</MsgSignature>\n<TimeStamp>")
	_ = xml.EscapeText(&b, []byte(timestamp))
	b.WriteString("</TimeStamp>\n<Nonce>")
	writeCDATA(&b, nonce)
	b.WriteString("</Nonce>\n</xml>")
	return b.Bytes()
}

// PushEnvelope renders an encrypted push body (safe mode), as WeChat sends it.
func PushEnvelope(toUserName, encrypt string) []byte {
	var b bytes.Buffer
	b.Grow(len(encrypt) + len(toUserName) + 80)
	b.WriteString("<xml><ToUserName>")
	writeCDATA(&b, toUserName)
	b.WriteString("</ToUserName><Encrypt>")
	writeCDATA(&b, encrypt)
	b.WriteString("</Encrypt></xml>")
	return b.Bytes()
}

// writeCDATA writes v as CDATA, splitting it where it contains "]]>".
func writeCDATA(b *bytes.Buffer, v string) {
	b.WriteString("<![CDATA[")
	b.WriteString(strings.ReplaceAll(v, "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]>")
}

// ParseEnvelope reads an encrypted envelope (a push, a compatible-mode push
// or a reply). Like wechat.Parse it refuses DTDs, deep nesting, a root other
// than <xml> and trailing data; every error matches ErrEnvelope.
func ParseEnvelope(body []byte) (*Envelope, error) {
	env, err := readEnvelope(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEnvelope, err)
	}
	if env.Encrypt == "" {
		return nil, fmt.Errorf("%w: no Encrypt element", ErrEnvelope)
	}
	if env.TimeStamp != "" {
		if _, err := strconv.ParseInt(env.TimeStamp, 10, 64); err != nil {
			return nil, fmt.Errorf("%w: TimeStamp %.40q is not a number", ErrEnvelope, env.TimeStamp)
		}
	}
	return env, nil
}
