package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

// handleMassPreview serves POST /cgi-bin/message/mass/preview: one message
// to one follower (touser) or WeChat ID (towxname), outside the quota and
// without a finish event.
func (p *Platform) handleMassPreview(w http.ResponseWriter, r *http.Request, a *account) {
	req, raw, code := decodeMass(r.Body)
	var key, target string
	if code == 0 {
		key, target, code = previewTarget(a, req)
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	b := p.book()
	cfg, _ := a.config()
	m := b.mass(cfg.AppID)
	pv := &Broadcast{Kind: KindPreview, MsgID: b.newID(), MsgType: req.MsgType, Target: target,
		Body: bytes.Clone(raw), At: p.opts.Now()}
	m.mu.Lock()
	m.receiveLocked(pv, []string{key})
	m.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"errcode": 0, "errmsg": "preview success", "msg_id": pv.MsgID})
}

// previewTarget resolves the recipient: by WeChat ID (the simulator knows
// none, so any name is taken), or a follower who follows (40003 unknown,
// 43004 unfollowed, 47001 neither given).
func previewTarget(a *account, req *massRequest) (key, target string, code int) {
	if req.ToWxName != "" {
		return "towxname:" + req.ToWxName, "towxname:" + req.ToWxName, 0
	}
	var openid string
	if json.Unmarshal(req.ToUser, &openid) != nil || openid == "" {
		return "", "", ErrDataFormat
	}
	a.mu.Lock()
	f, ok := a.followers[openid]
	a.mu.Unlock()
	switch {
	case !ok:
		return "", "", ErrInvalidOpenID
	case !f.Subscribed:
		return "", "", ErrRequireSubscribe
	}
	return openid, "openid", 0
}

// msgIDRequest is the body of mass/get and mass/delete.
type msgIDRequest struct {
	MsgID      int64 `json:"msg_id"`
	ArticleIdx int   `json:"article_idx"`
}

func decodeMsgID(body io.Reader) (msgIDRequest, int) {
	raw, err := io.ReadAll(body)
	switch {
	case err != nil:
		return msgIDRequest{}, ErrDataFormat
	case len(bytes.TrimSpace(raw)) == 0:
		return msgIDRequest{}, ErrEmptyBody
	}
	var req msgIDRequest
	if json.Unmarshal(raw, &req) != nil {
		return msgIDRequest{}, ErrDataFormat
	}
	return req, 0
}

// handleMassGet serves POST /cgi-bin/message/mass/get: a job's msg_status
// (40059 for an unknown msg_id).
func (p *Platform) handleMassGet(w http.ResponseWriter, r *http.Request, a *account) {
	req, code := decodeMsgID(r.Body)
	status := ""
	if code == 0 {
		status, code = p.massStatus(a, req.MsgID, "")
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"msg_id": req.MsgID, "msg_status": status})
}

// handleMassDelete serves POST /cgi-bin/message/mass/delete: only mpnews
// and mpvideo sends can be deleted (40008 otherwise); the job's status
// becomes DELETE, what followers received stays recorded.
func (p *Platform) handleMassDelete(w http.ResponseWriter, r *http.Request, a *account) {
	req, code := decodeMsgID(r.Body)
	if code == 0 {
		_, code = p.massStatus(a, req.MsgID, MassDeleted)
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, okBody)
}

// massStatus returns a job's status, first setting it to set when not empty.
func (p *Platform) massStatus(a *account, msgID int64, set string) (string, int) {
	cfg, _ := a.config()
	m := p.book().mass(cfg.AppID)
	m.mu.Lock()
	defer m.mu.Unlock()
	job, ok := m.jobs[msgID]
	switch {
	case !ok:
		return "", ErrInvalidMsgID
	case set == MassDeleted && job.MsgType != mpnewsMsgType && job.MsgType != mpvideoMsgType:
		return "", ErrInvalidMsgType
	case set != "":
		job.Status = set
	}
	return job.Status, 0
}

// scheduleMassFinish marks the job done after the job delay and pushes
// MASSSENDJOBFINISH with its counts.
func (p *Platform) scheduleMassFinish(a *account, msgID int64) {
	p.afterJobDelay(func() {
		cfg, _ := a.config()
		m := p.book().mass(cfg.AppID)
		m.mu.Lock()
		job := m.jobs[msgID]
		if job.Status == MassSending {
			job.Status = MassSuccess
		}
		ev := &wechat.Message{FromUserName: massHelper, MsgType: wechat.MsgEvent, Event: wechat.EventMassSendJobFinish,
			JobMsgID: msgID, Status: sendSuccess, TotalCount: job.TotalCount, FilterCount: job.FilterCount,
			SentCount: job.SentCount, ErrorCount: job.ErrorCount}
		m.mu.Unlock()
		p.pushJobEvent(a, ev)
	})
}

// afterJobDelay runs f on its own goroutine after the job delay; WaitJobs
// waits for it.
func (p *Platform) afterJobDelay(f func()) {
	b := p.book()
	b.pending.Add(1)
	time.AfterFunc(time.Duration(b.delay.Load()), func() {
		defer b.pending.Done()
		f()
	})
}

// pushJobEvent pushes a job-finish event signed and encrypted like any
// push, but without touching follower state: it is WeChat reporting, not a
// follower acting. Accounts without a callback URL get nothing.
func (p *Platform) pushJobEvent(a *account, m *wechat.Message) {
	cfg, c := a.config()
	if cfg.CallbackURL == "" {
		return
	}
	now := p.opts.Now()
	p.fill(m, cfg, now)
	req, err := renderPush(cfg, c, m, now)
	if err != nil {
		p.log.Warn("simulated job event not rendered", "appid", cfg.AppID, "event", m.Event, "error", err.Error())
		return
	}
	res, _, err := p.send(context.Background(), req)
	if err != nil {
		return
	}
	a.record(res)
	p.logPush(cfg.AppID, m, res)
}
