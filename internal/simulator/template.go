package simulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/fanbase/fanbase/internal/wechat"
)

// templateRequest is the body of message/template/send (protocol.md §5.4).
type templateRequest struct {
	ToUser      string          `json:"touser"`
	TemplateID  string          `json:"template_id"`
	URL         string          `json:"url"`
	MiniProgram json.RawMessage `json:"miniprogram"`
	ClientMsgID string          `json:"client_msg_id"`
	Data        json.RawMessage `json:"data"`
}

// handleTemplateSend serves POST /cgi-bin/message/template/send: service
// accounts only (48001), a template_id (40037), a recipient who follows
// (40003 unknown, 43004 unfollowed). It answers msgid and later pushes
// TEMPLATESENDJOBFINISH from the recipient.
func (p *Platform) handleTemplateSend(w http.ResponseWriter, r *http.Request, a *account) {
	req, raw, code := decodeTemplate(r.Body)
	if code == 0 {
		code = templateCode(a, req)
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	p.sendDelay()
	b := p.book()
	cfg, _ := a.config()
	m := b.mass(cfg.AppID)
	tm := &Broadcast{Kind: KindTemplate, MsgID: b.newID(), ClientMsgID: req.ClientMsgID, MsgType: KindTemplate,
		Target: "openid", Body: bytes.Clone(raw), At: p.opts.Now()}
	m.mu.Lock()
	m.templates++
	m.receiveLocked(tm, []string{req.ToUser})
	m.mu.Unlock()
	p.afterJobDelay(func() {
		p.pushJobEvent(a, &wechat.Message{FromUserName: req.ToUser, MsgType: wechat.MsgEvent,
			Event: wechat.EventTemplateSendJob, JobMsgID: tm.MsgID, Status: templateSuccess})
	})
	writeJSON(w, http.StatusOK, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": tm.MsgID})
}

// decodeTemplate parses the body: 44002 when empty, 47001 when not JSON.
func decodeTemplate(body io.Reader) (*templateRequest, []byte, int) {
	var req templateRequest
	raw, code := readJSONObject(body, &req)
	if code != 0 {
		return nil, nil, code
	}
	return &req, raw, 0
}

// templateCode checks the account type, the template and the recipient.
func templateCode(a *account, req *templateRequest) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.followers[req.ToUser]
	switch {
	case a.cfg.Type != TypeService:
		return ErrAPIUnauthorized
	case req.TemplateID == "":
		return ErrInvalidTemplate
	case !ok:
		return ErrInvalidOpenID
	case !f.Subscribed:
		return ErrRequireSubscribe
	}
	return 0
}
