package simulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// massRequest is the body of mass/sendall, mass/send and mass/preview.
type massRequest struct {
	Filter   *massFilter     `json:"filter"`
	ToUser   json.RawMessage `json:"touser"` // an array for send, a string for preview
	ToWxName string          `json:"towxname"`
	MsgType  string          `json:"msgtype"`
	Text     *massText       `json:"text"`
	MPNews   *mediaRef       `json:"mpnews"`
	Image    *mediaRef       `json:"image"`
	Images   *mediaRef       `json:"images"`
	Voice    *mediaRef       `json:"voice"`
	MPVideo  *mediaRef       `json:"mpvideo"`
	WxCard   *struct {
		CardID string `json:"card_id"`
	} `json:"wxcard"`
	ClientMsgID string `json:"clientmsgid"`
}

type massText struct {
	Content string `json:"content"`
}

type massFilter struct {
	IsToAll bool `json:"is_to_all"`
	TagID   int  `json:"tag_id"`
}

// mediaRef is a media_id, or the media_ids of a multi-image mass send.
type mediaRef struct {
	MediaID  string   `json:"media_id"`
	MediaIDs []string `json:"media_ids"`
}

func (r *mediaRef) empty() bool { return r == nil || r.MediaID == "" && len(r.MediaIDs) == 0 }

// decodeMass parses a mass body: 44002 when empty, 47001 when not a JSON
// object, then the content checks of contentCode.
func decodeMass(body io.Reader) (*massRequest, []byte, int) {
	var req massRequest
	raw, code := readJSONObject(body, &req)
	if code != 0 {
		return nil, nil, code
	}
	return &req, raw, req.contentCode()
}

// contentCode checks the message: 40008 for an unknown msgtype, 44004 for
// empty text, 40007 for a missing media_id, 40073 for a missing card_id.
func (r *massRequest) contentCode() int {
	switch r.MsgType {
	case textMsgType:
		if r.Text == nil || strings.TrimSpace(r.Text.Content) == "" {
			return ErrEmptyContent
		}
	case imageMsgType:
		if r.Image.empty() && r.Images.empty() {
			return ErrInvalidMediaID
		}
	case mpnewsMsgType, voiceMsgType, mpvideoMsgType:
		if r.media().empty() {
			return ErrInvalidMediaID
		}
	case wxcardMsgType:
		if r.WxCard == nil || r.WxCard.CardID == "" {
			return ErrInvalidCardID
		}
	default:
		return ErrInvalidMsgType
	}
	return 0
}

func (r *massRequest) media() *mediaRef {
	switch r.MsgType {
	case mpnewsMsgType:
		return r.MPNews
	case voiceMsgType:
		return r.Voice
	}
	return r.MPVideo
}

// audience is who a mass send goes to, resolved when it is accepted.
type audience struct {
	target   string
	total    int      // TotalCount: the tag's members, all followers or the list
	eligible []string // FilterCount: those who still follow
}

// handleSendAll serves POST /cgi-bin/message/mass/sendall (to all or a tag).
func (p *Platform) handleSendAll(w http.ResponseWriter, r *http.Request, a *account) {
	req, raw, code := decodeMass(r.Body)
	if code == 0 && req.Filter == nil {
		code = ErrDataFormat
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	p.massSend(w, r, a, req, raw, true, func() (audience, int) {
		if req.Filter.IsToAll {
			return a.allAudience(), 0
		}
		return a.tagAudience(req.Filter.TagID)
	})
}

// handleMassSend serves POST /cgi-bin/message/mass/send (2–10,000 openids;
// service accounts only).
func (p *Platform) handleMassSend(w http.ResponseWriter, r *http.Request, a *account) {
	req, raw, code := decodeMass(r.Body)
	var openids []string
	if code == 0 && json.Unmarshal(req.ToUser, &openids) != nil {
		code = ErrDataFormat
	}
	if code == 0 {
		code = massSendCode(a, openids)
	}
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	set := make(map[string]bool, len(openids))
	for _, o := range openids {
		set[o] = true
	}
	// An openid-list send does not spend the account's mass quota
	// (protocol.md §5.3: service accounts may call it repeatedly; each
	// follower still gets at most 4 a month, which is not simulated).
	p.massSend(w, r, a, req, raw, false, func() (audience, int) {
		return a.listAudience("openids", set), 0
	})
}

func massSendCode(a *account, openids []string) int {
	cfg, _ := a.config()
	switch {
	case cfg.Type != TypeService:
		return ErrAPIUnauthorized
	case len(openids) < openIDListMin || len(openids) > openIDListMax:
		return ErrOpenIDListSize
	}
	return 0
}

// massSend accepts a send after the clientmsgid and quota checks (the
// quota only when counted): it records the job, delivers it to every
// eligible follower at once and schedules MASSSENDJOBFINISH.
func (p *Platform) massSend(w http.ResponseWriter, r *http.Request, a *account, req *massRequest, raw []byte,
	counted bool, resolve func() (audience, int)) {
	if p.refuseMPNews(w, r, a, req) {
		return
	}
	p.sendDelay()
	cfg, _ := a.config()
	b := p.book()
	m := b.mass(cfg.AppID)
	now := p.opts.Now()
	m.mu.Lock()
	job, code := m.admitLocked(cfg.Type, req.ClientMsgID, now, counted)
	var aud audience
	if code == 0 {
		aud, code = resolve()
	}
	if code == 0 {
		job = m.recordLocked(b, req, raw, aud, now, counted)
	}
	m.mu.Unlock()
	if code != 0 {
		p.failMass(w, r, a, code, job)
		return
	}
	p.scheduleMassFinish(a, job.MsgID)
	writeJSON(w, http.StatusOK, massAnswer(job))
}

// admitLocked checks clientmsgid and the quota. The caller holds m.mu.
func (m *massAccount) admitLocked(accountType, clientMsgID string, now time.Time, counted bool) (*MassJob, int) {
	if job, code := m.checkClientLocked(clientMsgID, now); code != 0 {
		return job, code
	}
	if q := m.quotaLocked(accountType, now); counted && q.Used >= q.Limit {
		return nil, ErrNoMassQuota
	}
	return nil, 0
}

// recordLocked stores the job, counts it against the quota and delivers it.
// The caller holds m.mu.
func (m *massAccount) recordLocked(b *broadcastBook, req *massRequest, raw []byte, aud audience, now time.Time, counted bool) *MassJob {
	job := &MassJob{
		Broadcast: Broadcast{Kind: KindMass, MsgID: b.newID(), ClientMsgID: req.ClientMsgID, MsgType: req.MsgType,
			Target: aud.target, Body: bytes.Clone(raw), At: now},
		Status: MassSending, TotalCount: aud.total, FilterCount: len(aud.eligible), SentCount: len(aud.eligible),
	}
	if req.MsgType == mpnewsMsgType {
		job.MsgDataID = b.newID()
	}
	if counted {
		m.used++
	}
	m.jobs[job.MsgID] = job
	m.order = append(m.order, job.MsgID)
	if req.ClientMsgID != "" {
		m.byClient[req.ClientMsgID] = job
	}
	m.receiveLocked(&job.Broadcast, aud.eligible)
	return job
}

// failMass answers an errcode; 45065 carries the first send's msg_id like
// WeChat's answer.
func (p *Platform) failMass(w http.ResponseWriter, r *http.Request, a *account, code int, job *MassJob) {
	if code != ErrClientMsgIDExist || job == nil {
		p.fail(w, r, a, code, "")
		return
	}
	a.mu.Lock()
	a.apiErrors[code]++
	a.mu.Unlock()
	e := errorBody(code, "")
	writeJSON(w, http.StatusOK, map[string]any{"errcode": e.Code, "errmsg": e.Msg, "msg_id": job.MsgID})
}

// massAnswer is the success answer; msg_data_id only for mpnews.
func massAnswer(job *MassJob) map[string]any {
	out := map[string]any{"errcode": 0, "errmsg": massSubmitted, "msg_id": job.MsgID}
	if job.MsgDataID != 0 {
		out["msg_data_id"] = job.MsgDataID
	}
	return out
}

// allAudience is every follower who still follows, in follow order.
func (a *account) allAudience() audience {
	a.mu.Lock()
	defer a.mu.Unlock()
	aud := audience{target: "all"}
	for _, o := range a.order {
		if a.followers[o].Subscribed {
			aud.eligible = append(aud.eligible, o)
		}
	}
	aud.total = len(aud.eligible)
	return aud
}

// tagAudience is the followers holding the tag who follow, in follow
// order; 45159 when the account has no such tag.
func (a *account) tagAudience(id int) (audience, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.tags.index(id) < 0 {
		return audience{}, ErrInvalidTag
	}
	aud := audience{target: "tag:" + strconv.Itoa(id)}
	for _, o := range a.order {
		f := a.followers[o]
		if !slices.Contains(f.tags, id) {
			continue
		}
		aud.total++
		if f.Subscribed {
			aud.eligible = append(aud.eligible, o)
		}
	}
	return aud, 0
}

// listAudience is the members of a set (tag or openid list) who follow,
// in follow order.
func (a *account) listAudience(target string, set map[string]bool) audience {
	a.mu.Lock()
	defer a.mu.Unlock()
	aud := audience{target: target, total: len(set)}
	for _, o := range a.order {
		if set[o] && a.followers[o].Subscribed {
			aud.eligible = append(aud.eligible, o)
		}
	}
	return aud
}
