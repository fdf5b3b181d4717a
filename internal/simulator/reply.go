package simulator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// Kinds of failed pushes. http_<status> is used for non-200 answers.
const (
	KindTimeout   = "timeout"         // no answer within WeChat's 5 s
	KindConnect   = "connect"         // the developer server could not be reached
	KindEnvelope  = "bad_envelope"    // safe mode: the answer is not an encrypted envelope
	KindSignature = "bad_signature"   // the envelope's MsgSignature does not verify
	KindDecrypt   = "decrypt"         // the ciphertext does not decrypt
	KindAppID     = "wrong_appid"     // the ciphertext carries another appid
	KindBadReply  = "bad_reply"       // not a passive reply WeChat can read (e.g. JSON)
	KindToUser    = "wrong_to_user"   // ToUserName is not the follower's openid
	KindFromUser  = "wrong_from_user" // FromUserName is not the account's original id
)

// UserNotice is what the follower sees in WeChat when a push fails.
const UserNotice = "该公众号暂时无法提供服务，请稍后再试"

// PushError is a push the follower would see fail.
type PushError struct {
	Kind   string
	Status int // HTTP status, 0 when none
	Err    error
}

func (e *PushError) Error() string {
	return fmt.Sprintf("push failed (%s): %v; the follower sees %q", e.Kind, e.Err, UserNotice)
}

func (e *PushError) Unwrap() error { return e.Err }

// Protocol reports whether the developer server answered in time but with
// something WeChat cannot accept, as opposed to not answering.
func (e *PushError) Protocol() bool {
	return e.Kind != KindTimeout && e.Kind != KindConnect && !strings.HasPrefix(e.Kind, "http_")
}

func asPushError(err error) *PushError {
	var pe *PushError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

func protocolError(kind string, err error) *PushError {
	return &PushError{Kind: kind, Status: 200, Err: err}
}

// checkReply reads a non-empty answer like WeChat: in safe mode it must be
// a signed envelope that decrypts with this appid; in compat mode it may be
// either; then it must be a passive reply from the account to the follower.
func checkReply(cfg Account, c *wxcrypto.Cipher, body []byte, openid string) (*wechat.ReplyMessage, error) {
	plain, err := openAnswer(cfg, c, body)
	if err != nil {
		return nil, err
	}
	rm, err := wechat.ParseReply(plain)
	switch {
	case err != nil:
		return nil, protocolError(KindBadReply, err)
	case rm.ToUserName != openid:
		return nil, protocolError(KindToUser, fmt.Errorf("reply ToUserName %q, want the follower %q", rm.ToUserName, openid))
	case rm.FromUserName != cfg.OriginalID:
		return nil, protocolError(KindFromUser, fmt.Errorf("reply FromUserName %q, want the account %q", rm.FromUserName, cfg.OriginalID))
	}
	return rm, nil
}

// openAnswer returns the plaintext reply, decrypting it when the mode
// requires (safe) or allows (compat, when it is an envelope).
func openAnswer(cfg Account, c *wxcrypto.Cipher, body []byte) ([]byte, error) {
	switch cfg.Mode {
	case ModeSafe:
		env, err := wxcrypto.ParseEnvelope(body)
		if err != nil {
			return nil, protocolError(KindEnvelope, err)
		}
		return openEnvelope(cfg, c, env)
	case ModeCompat:
		if env, err := wxcrypto.ParseEnvelope(body); err == nil {
			return openEnvelope(cfg, c, env)
		}
	}
	return body, nil
}

func openEnvelope(cfg Account, c *wxcrypto.Cipher, env *wxcrypto.Envelope) ([]byte, error) {
	if env.MsgSignature == "" || env.TimeStamp == "" || env.Nonce == "" {
		return nil, protocolError(KindEnvelope, errors.New("envelope lacks MsgSignature, TimeStamp or Nonce"))
	}
	if !wxcrypto.Verify(env.MsgSignature, cfg.Token, env.TimeStamp, env.Nonce, env.Encrypt) {
		return nil, protocolError(KindSignature, errors.New("MsgSignature does not match"))
	}
	plain, err := c.Decrypt(env.Encrypt)
	switch {
	case errors.Is(err, wxcrypto.ErrAppID):
		return nil, protocolError(KindAppID, err)
	case err != nil:
		return nil, protocolError(KindDecrypt, err)
	}
	return plain, nil
}
