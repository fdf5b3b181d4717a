package simulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// Delivery is one customer-service message the platform accepted for a
// follower. Reply holds what fits fanbase's Reply type; Body is the JSON
// exactly as sent.
type Delivery struct {
	OpenID    string          `json:"openid"`
	MsgType   string          `json:"msgtype"`
	Reply     wechat.Reply    `json:"reply"`
	KfAccount string          `json:"kf_account,omitempty"`
	Body      json.RawMessage `json:"body"`
	At        time.Time       `json:"at"`
}

// handleCustomSend serves POST /cgi-bin/message/custom/send.
func (p *Platform) handleCustomSend(w http.ResponseWriter, r *http.Request, a *account) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		p.fail(w, r, a, ErrDataFormat, "body unreadable or too large")
		return
	}
	cm, code := decodeCustom(body)
	if code == 0 {
		code = p.deliver(a, cm, body)
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, okBody)
}

// decodeCustom parses a customer-service message body: 44002 when empty,
// 47001 when it is not a JSON object.
func decodeCustom(body []byte) (*customMessage, int) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrEmptyBody
	}
	var cm customMessage
	if err := json.Unmarshal(body, &cm); err != nil || bytes.TrimSpace(body)[0] != '{' {
		return nil, ErrDataFormat
	}
	return &cm, 0
}

// deliver checks the recipient, the content and the follower's window, then
// records the message; it returns WeChat's errcode, 0 when accepted.
func (p *Platform) deliver(a *account, cm *customMessage, body []byte) int {
	now := p.opts.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.followers[cm.ToUser]
	if !ok {
		return ErrInvalidOpenID
	}
	reply, code := cm.reply()
	if code != 0 {
		return code
	}
	if code := f.spend(now); code != 0 {
		return code
	}
	d := Delivery{OpenID: cm.ToUser, MsgType: cm.MsgType, Reply: reply, Body: bytes.Clone(body), At: now}
	if cm.CustomService != nil {
		d.KfAccount = cm.CustomService.KfAccount
	}
	a.byOpenID[cm.ToUser] = append(a.byOpenID[cm.ToUser], len(a.received))
	a.received = append(a.received, d)
	return 0
}

// Received returns the customer-service messages one follower got, oldest first.
func (p *Platform) Received(appid, openid string) []Delivery {
	a, err := p.lookup(appid)
	if err != nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Delivery, 0, len(a.byOpenID[openid]))
	for _, i := range a.byOpenID[openid] {
		out = append(out, a.received[i])
	}
	return out
}

// AllReceived returns every customer-service message of the account, oldest first.
func (p *Platform) AllReceived(appid string) []Delivery {
	a, err := p.lookup(appid)
	if err != nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Delivery(nil), a.received...)
}
