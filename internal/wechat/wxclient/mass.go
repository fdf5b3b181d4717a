package wxclient

import (
	"context"
	"errors"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// Limits of the openid-list mass send (protocol.md §5.3).
const (
	MassListMin     = 2
	MassListMax     = 10000
	ClientMsgIDMax  = 64
	massSendAllPath = "/cgi-bin/message/mass/sendall"
	massSendPath    = "/cgi-bin/message/mass/send"
	massPreviewPath = "/cgi-bin/message/mass/preview"
	massGetPath     = "/cgi-bin/message/mass/get"
	massDeletePath  = "/cgi-bin/message/mass/delete"
)

// MassContent is what a mass message carries: text, an image (media_id),
// or news (mpnews media_id from the draft API).
type MassContent struct {
	MsgType string // text | image | mpnews | voice | mpvideo
	Text    string // for text
	MediaID string // for the others
}

// MassResult is WeChat's answer to an accepted mass send. Duplicate is set
// when WeChat refused the clientmsgid as already used (45065): the send was
// made before, and MsgID is that first send's.
type MassResult struct {
	MsgID     int64 `json:"msg_id"`
	MsgDataID int64 `json:"msg_data_id"`
	Duplicate bool  `json:"-"`
}

type massFilter struct {
	IsToAll bool  `json:"is_to_all"`
	TagID   int64 `json:"tag_id,omitempty"`
}

type massBody struct {
	Filter      *massFilter  `json:"filter,omitempty"`
	ToUser      any          `json:"touser,omitempty"`
	ToWxName    string       `json:"towxname,omitempty"`
	MsgType     string       `json:"msgtype"`
	Text        *customText  `json:"text,omitempty"`
	Image       *customMedia `json:"image,omitempty"`
	MPNews      *customMedia `json:"mpnews,omitempty"`
	Voice       *customMedia `json:"voice,omitempty"`
	MPVideo     *customMedia `json:"mpvideo,omitempty"`
	ClientMsgID string       `json:"clientmsgid,omitempty"`
}

func newMassBody(c MassContent, clientMsgID string) (*massBody, error) {
	if len([]rune(clientMsgID)) > ClientMsgIDMax {
		return nil, refuse(CodeMassClientMsgIDLength, massSendPath, "clientmsgid longer than %d characters", ClientMsgIDMax)
	}
	b := &massBody{MsgType: c.MsgType, ClientMsgID: clientMsgID}
	media := &customMedia{MediaID: c.MediaID}
	switch c.MsgType {
	case "text":
		if c.Text == "" {
			return nil, errs.Errorf(errs.Invalid, "a text broadcast needs text (文本群发内容不能为空)")
		}
		b.Text = &customText{Content: c.Text}
		return b, nil
	case "image":
		b.Image = media
	case "mpnews":
		b.MPNews = media
	case "voice":
		b.Voice = media
	case "mpvideo":
		b.MPVideo = media
	default:
		return nil, errs.Errorf(errs.Invalid, "message type %q cannot be mass sent (该消息类型不能群发)", c.MsgType)
	}
	if c.MediaID == "" {
		return nil, errs.Errorf(errs.Invalid, "a %s broadcast needs a media_id (群发缺少 media_id)", c.MsgType)
	}
	return b, nil
}

// SendAll mass-sends c to every follower (tagID 0) or to a tag's
// followers. Never retried on transport errors: the caller keeps the
// clientmsgid and resends with the same one, which WeChat dedupes.
func (a *Account) SendAll(ctx context.Context, tagID int64, c MassContent, clientMsgID string) (MassResult, error) {
	b, err := newMassBody(c, clientMsgID)
	if err != nil {
		return MassResult{}, err
	}
	b.Filter = &massFilter{IsToAll: tagID == 0, TagID: tagID}
	return a.mass(ctx, massSendAllPath, b)
}

// SendMass mass-sends c to an openid list of 2–10,000 followers (service
// accounts only). Same retry rules as SendAll.
func (a *Account) SendMass(ctx context.Context, openIDs []string, c MassContent, clientMsgID string) (MassResult, error) {
	if len(openIDs) < MassListMin || len(openIDs) > MassListMax {
		return MassResult{}, refuse(CodeInvalidOpenIDList, massSendPath,
			"an openid-list mass send takes %d–%d openids, got %d", MassListMin, MassListMax, len(openIDs))
	}
	b, err := newMassBody(c, clientMsgID)
	if err != nil {
		return MassResult{}, err
	}
	b.ToUser = openIDs
	return a.mass(ctx, massSendPath, b)
}

// mass makes one mass call. 45065 (clientmsgid already used) means the
// message was sent before: it comes back as a Duplicate result with the
// first send's msg_id, not as an error.
func (a *Account) mass(ctx context.Context, path string, b *massBody) (MassResult, error) {
	var out MassResult
	err := a.call(ctx, http.MethodPost, path, nil, b, &out, false)
	var we *Error
	if errors.As(err, &we) && we.Code == CodeMassDuplicate {
		return MassResult{MsgID: out.MsgID, MsgDataID: out.MsgDataID, Duplicate: true}, nil
	}
	return out, err
}

// Preview sends c to one follower (openID) or WeChat ID (wxName), outside
// the quota. Exactly one of them must be set.
func (a *Account) Preview(ctx context.Context, openID, wxName string, c MassContent) (int64, error) {
	if (openID == "") == (wxName == "") {
		return 0, errs.Errorf(errs.Invalid, "a preview goes to one openid or one WeChat ID (预览需指定一个 openid 或微信号)")
	}
	b, err := newMassBody(c, "")
	if err != nil {
		return 0, err
	}
	if openID != "" {
		b.ToUser = openID
	}
	b.ToWxName = wxName
	var out struct {
		MsgID int64 `json:"msg_id"`
	}
	err = a.call(ctx, http.MethodPost, massPreviewPath, nil, b, &out, false)
	return out.MsgID, err
}

// MassStatus returns a mass send's msg_status (SEND_SUCCESS, SENDING,
// SEND_FAIL, DELETE).
func (a *Account) MassStatus(ctx context.Context, msgID int64) (string, error) {
	var out struct {
		Status string `json:"msg_status"`
	}
	err := a.call(ctx, http.MethodPost, massGetPath, nil, map[string]int64{"msg_id": msgID}, &out, true)
	return out.Status, err
}

// DeleteMass deletes a sent mpnews or mpvideo mass message (articleIdx
// 0 = all articles; 1-based otherwise). Idempotent, so retried.
func (a *Account) DeleteMass(ctx context.Context, msgID int64, articleIdx int) error {
	in := struct {
		MsgID      int64 `json:"msg_id"`
		ArticleIdx int   `json:"article_idx,omitempty"`
	}{msgID, articleIdx}
	return a.call(ctx, http.MethodPost, massDeletePath, nil, in, nil, true)
}
