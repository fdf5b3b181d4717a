package simulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// PushResult is how one push went, judged the way WeChat judges it.
type PushResult struct {
	Status   int                  // HTTP status of the last attempt; 0 when none answered
	Reply    *wechat.ReplyMessage // the passive reply; nil for "success" or an empty body
	Err      error                // a *PushError when the follower would see 该公众号暂时无法提供服务
	Latency  time.Duration        // from the first send to the final answer, retries included
	Attempts int                  // HTTP requests made, the first one included
}

// pushRequest is one rendered push; a retry resends it byte for byte.
type pushRequest struct {
	url    string
	body   []byte
	openid string
}

// Push delivers m from a virtual follower (m.FromUserName) to the account's
// callback URL the way WeChat does, then checks the answer. Push fills an
// empty ToUserName (the account's OriginalID), CreateTime and, for ordinary
// messages, MsgId in m itself, so pushing the same m again is a retry of the
// same message. Before sending it updates the follower's state (subscribed,
// customer-service windows). The error is non-nil only when nothing could
// be pushed (unknown account, bad message, ctx done); how the developer
// server did is in PushResult.
func (p *Platform) Push(ctx context.Context, appid string, m *wechat.Message) (*PushResult, error) {
	a, err := p.lookup(appid)
	if err != nil {
		return nil, err
	}
	cfg, c := a.config()
	if err := checkPushable(cfg, m); err != nil {
		return nil, err
	}
	now := p.opts.Now()
	p.fill(m, cfg, now)
	req, err := renderPush(cfg, c, m, now)
	if err != nil {
		return nil, err
	}
	a.observe(m, now)
	res, body, err := p.send(ctx, req)
	if err != nil {
		return nil, err
	}
	if res.Err == nil && !isNoReply(body) {
		res.Reply, res.Err = checkReply(cfg, c, body, m.FromUserName)
	}
	a.record(res)
	p.logPush(cfg.AppID, m, res)
	return res, nil
}

func checkPushable(cfg Account, m *wechat.Message) error {
	switch {
	case cfg.CallbackURL == "":
		return fmt.Errorf("simulator: account %s has no callback URL (未配置服务器地址)", cfg.AppID)
	case m == nil || m.FromUserName == "" || m.MsgType == "":
		return fmt.Errorf("simulator: push to %s needs FromUserName and MsgType (推送缺少发送者或消息类型)", cfg.AppID)
	}
	return nil
}

// fill completes the header fields WeChat sets itself.
func (p *Platform) fill(m *wechat.Message, cfg Account, now time.Time) {
	if m.ToUserName == "" {
		m.ToUserName = cfg.OriginalID
	}
	if m.CreateTime == 0 {
		m.CreateTime = now.Unix()
	}
	if !m.IsEvent() && m.MsgID == 0 {
		m.MsgID = p.NextMsgID()
	}
}

// renderPush encodes m for the account's mode: plain XML; compat = the
// plaintext fields plus <Encrypt>; safe = the encrypted envelope only. The
// query is signed like WeChat's.
func renderPush(cfg Account, c *wxcrypto.Cipher, m *wechat.Message, now time.Time) (pushRequest, error) {
	plain, err := wechat.EncodePush(m)
	if err != nil {
		return pushRequest{}, fmt.Errorf("simulator: encode push: %w", err)
	}
	ts, nonce := strconv.FormatInt(now.Unix(), 10), newNonce()
	q := url.Values{}
	q.Set("signature", wxcrypto.Sign(cfg.Token, ts, nonce))
	q.Set("timestamp", ts)
	q.Set("nonce", nonce)
	q.Set("openid", m.FromUserName)
	body := plain
	if cfg.Mode != ModePlain {
		if body, err = encryptPush(cfg, c, plain, ts, nonce, q); err != nil {
			return pushRequest{}, err
		}
	}
	u, err := withQuery(cfg.CallbackURL, q)
	return pushRequest{url: u, body: body, openid: m.FromUserName}, err
}

// encryptPush encrypts the plaintext push, adds encrypt_type and
// msg_signature to q and returns the body for compat or safe mode.
func encryptPush(cfg Account, c *wxcrypto.Cipher, plain []byte, ts, nonce string, q url.Values) ([]byte, error) {
	enc, err := c.Encrypt(plain)
	if err != nil {
		return nil, fmt.Errorf("simulator: encrypt push: %w", err)
	}
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", wxcrypto.Sign(cfg.Token, ts, nonce, enc))
	if cfg.Mode == ModeSafe {
		return wxcrypto.PushEnvelope(cfg.OriginalID, enc), nil
	}
	end := bytes.LastIndex(plain, []byte("</xml>"))
	if end < 0 {
		return nil, fmt.Errorf("simulator: encoded push has no </xml>")
	}
	body := make([]byte, 0, len(plain)+len(enc)+40)
	body = append(body, plain[:end]...)
	body = append(body, "<Encrypt><![CDATA["+enc+"]]></Encrypt>"...)
	return append(body, plain[end:]...), nil
}

func withQuery(callback string, q url.Values) (string, error) {
	u, err := url.Parse(callback)
	if err != nil {
		return "", fmt.Errorf("simulator: callback URL %q: %w", callback, err)
	}
	if u.RawQuery != "" {
		u.RawQuery += "&"
	}
	u.RawQuery += q.Encode()
	return u.String(), nil
}

// newNonce returns a random decimal nonce like WeChat's.
func newNonce() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return strconv.FormatUint(uint64(binary.BigEndian.Uint32(b[:])), 10)
}

// isNoReply reports whether the answer means "no reply": WeChat accepts
// "success" or an empty body and does nothing more.
func isNoReply(body []byte) bool {
	t := bytes.TrimSpace(body)
	return len(t) == 0 || string(t) == "success"
}

func (a *account) observe(m *wechat.Message, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.observeLocked(m, now)
}

// record counts the outcome of one push.
func (a *account) record(res *PushResult) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := &a.push
	s.Sent++
	s.Attempts += res.Attempts
	switch pe := asPushError(res.Err); {
	case pe != nil:
		s.Failed++
		s.Errors[pe.Kind]++
		if pe.Protocol() {
			s.ProtocolErrors++
		}
	case res.Reply != nil:
		s.Replied++
	default:
		s.NoReply++
	}
}

func (p *Platform) logPush(appid string, m *wechat.Message, res *PushResult) {
	args := []any{"appid", appid, "msg_type", m.MsgType, "event", m.Event, "status", res.Status,
		"attempts", res.Attempts, "latency_ms", res.Latency.Milliseconds()}
	if res.Err != nil {
		args = append(args, "error", res.Err.Error())
	}
	p.log.Debug("simulated push", args...)
}
