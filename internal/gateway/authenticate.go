package gateway

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// request is an authenticated callback: its account and query.
type request struct {
	entry     *accountEntry
	query     url.Values
	timestamp string
	nonce     string
	encrypted bool
}

// authenticate finds the account and checks the URL signature and the
// timestamp window, before any body is read.
func (g *Gateway) authenticate(r *http.Request) (*request, *refusal) {
	appID := r.PathValue("appid")
	entry, err := g.accounts.get(r.Context(), appID)
	if errs.Is(err, errs.NotFound) {
		return nil, refuse(http.StatusNotFound, OutcomeUnknownAccount, "unknown account", nil)
	}
	if err != nil {
		return nil, refuse(http.StatusServiceUnavailable, OutcomeStoreFailed, "account lookup failed", err)
	}
	q := r.URL.Query()
	req := &request{entry: entry, query: q, timestamp: q.Get("timestamp"), nonce: q.Get("nonce"),
		encrypted: q.Get("encrypt_type") == "aes"}
	if !wxcrypto.Verify(q.Get("signature"), entry.acct.Token, req.timestamp, req.nonce) {
		return nil, refuse(http.StatusForbidden, OutcomeBadSignature, "bad signature", nil)
	}
	if f := g.checkTimestamp(req.timestamp); f != nil {
		return nil, f
	}
	return req, nil
}

func (g *Gateway) checkTimestamp(ts string) *refusal {
	if g.opts.TimestampWindow <= 0 {
		return nil
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return refuse(http.StatusForbidden, OutcomeStaleTimestamp, "timestamp is not a number", nil)
	}
	skew := g.opts.Now().Sub(time.Unix(sec, 0))
	if skew > g.opts.TimestampWindow || skew < -g.opts.TimestampWindow {
		return refuse(http.StatusForbidden, OutcomeStaleTimestamp, "stale timestamp",
			fmt.Errorf("timestamp %s is %s away from now, window %s", ts, skew.Round(time.Second), g.opts.TimestampWindow))
	}
	return nil
}

// plaintext returns the push's plaintext XML: the body itself in plain
// mode, the decrypted Encrypt element otherwise (after its msg_signature).
func (g *Gateway) plaintext(req *request, body []byte) ([]byte, *refusal) {
	acct := req.entry.acct
	if !req.encrypted {
		if acct.Mode == account.ModeSafe {
			return nil, refuse(http.StatusBadRequest, OutcomeMalformed, "safe mode requires an encrypted push", nil)
		}
		return body, nil
	}
	if req.entry.cipher == nil {
		return nil, refuse(http.StatusBadRequest, OutcomeDecryptFailed, "account has no EncodingAESKey", nil)
	}
	env, err := wxcrypto.ParseEnvelope(body)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, OutcomeMalformed, "malformed encrypted body", err)
	}
	if !wxcrypto.Verify(req.query.Get("msg_signature"), acct.Token, req.timestamp, req.nonce, env.Encrypt) {
		return nil, refuse(http.StatusForbidden, OutcomeBadSignature, "bad msg_signature", nil)
	}
	plain, err := req.entry.cipher.Decrypt(env.Encrypt)
	if err != nil {
		reason := "cannot decrypt"
		if errors.Is(err, wxcrypto.ErrAppID) {
			reason = "appid in ciphertext does not match"
		}
		return nil, refuse(http.StatusBadRequest, OutcomeDecryptFailed, reason, err)
	}
	return plain, nil
}

// parse decodes the plaintext and checks it is addressed to this account.
func (g *Gateway) parse(req *request, plain []byte) (*wechat.Message, *refusal) {
	m, err := wechat.Parse(plain)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, OutcomeMalformed, "malformed message", err)
	}
	if orig := req.entry.acct.OriginalID; orig != "" && m.ToUserName != orig {
		return nil, refuse(http.StatusBadRequest, OutcomeMalformed, "message is addressed to another account",
			fmt.Errorf("ToUserName %q, account's original id %q", m.ToUserName, orig))
	}
	return m, nil
}
