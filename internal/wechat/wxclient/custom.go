package wxclient

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

const customSendPath = "/cgi-bin/message/custom/send"

// customMessage is the body of a customer-service (客服) message (protocol.md §5.2).
type customMessage struct {
	ToUser        string         `json:"touser"`
	MsgType       string         `json:"msgtype"`
	Text          *customText    `json:"text,omitempty"`
	Image         *customMedia   `json:"image,omitempty"`
	Voice         *customMedia   `json:"voice,omitempty"`
	Video         *customVideo   `json:"video,omitempty"`
	Music         *customMusic   `json:"music,omitempty"`
	News          *customNews    `json:"news,omitempty"`
	CustomService *customService `json:"customservice,omitempty"`
}

type customText struct {
	Content string `json:"content"`
}

type customMedia struct {
	MediaID string `json:"media_id"`
}

type customVideo struct {
	MediaID      string `json:"media_id"`
	ThumbMediaID string `json:"thumb_media_id"`
	Title        string `json:"title,omitempty"`
	Description  string `json:"description,omitempty"`
}

type customMusic struct {
	Title        string `json:"title,omitempty"`
	Description  string `json:"description,omitempty"`
	MusicURL     string `json:"musicurl"`
	HQMusicURL   string `json:"hqmusicurl"`
	ThumbMediaID string `json:"thumb_media_id"`
}

type customNews struct {
	Articles []customArticle `json:"articles"`
}

type customArticle struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	PicURL      string `json:"picurl"`
}

type customService struct {
	KfAccount string `json:"kf_account"`
}

// SendCustom sends r to openID as a customer-service message. It is not
// retried on transport errors (see Call); 45015 (outside the window) and
// 45047 (over the count) come back as *Error.
func (a *Account) SendCustom(ctx context.Context, openID string, r wechat.Reply) error {
	body, err := CustomMessageJSON(openID, r)
	if err != nil {
		return err
	}
	return a.SendCustomJSON(ctx, body)
}

// SendCustomJSON sends a body built by CustomMessageJSON byte for byte, so
// that a stored outgoing message can be sent exactly as recorded.
func (a *Account) SendCustomJSON(ctx context.Context, body []byte) error {
	return a.Call(ctx, http.MethodPost, customSendPath, nil, json.RawMessage(body), nil)
}

// CustomMessageJSON renders the request body SendCustom sends, so callers
// can store exactly what was sent. Replies WeChat would refuse are refused
// here: more than one news article gives a local *Error 45008.
func CustomMessageJSON(openID string, r wechat.Reply) ([]byte, error) {
	if openID == "" {
		return nil, errs.Errorf(errs.Invalid, "customer-service message without recipient openid (客服消息缺少接收者 openid)")
	}
	m := customMessage{ToUser: openID, MsgType: r.Type}
	if err := fillCustom(&m, r); err != nil {
		return nil, err
	}
	if r.KfAccount != "" {
		m.CustomService = &customService{KfAccount: r.KfAccount}
	}
	return encodeJSON(m)
}

func fillCustom(m *customMessage, r wechat.Reply) error {
	switch r.Type {
	case wechat.ReplyText:
		m.Text = &customText{Content: r.Content}
		return need(r.Content, "content", "文本内容")
	case wechat.ReplyImage:
		m.Image = &customMedia{MediaID: r.MediaID}
	case wechat.ReplyVoice:
		m.Voice = &customMedia{MediaID: r.MediaID}
	case wechat.ReplyVideo:
		m.Video = &customVideo{MediaID: r.MediaID, ThumbMediaID: r.ThumbMediaID, Title: r.Title, Description: r.Description}
	case wechat.ReplyMusic:
		m.Music = &customMusic{Title: r.Title, Description: r.Description, MusicURL: r.MusicURL,
			HQMusicURL: r.HQMusicURL, ThumbMediaID: r.ThumbMediaID}
		return need(r.ThumbMediaID, "thumb_media_id", "缩略图媒体 ID")
	case wechat.ReplyNews:
		return fillNews(m, r.Articles)
	default:
		return errs.Errorf(errs.Invalid, "reply type %q cannot be sent as a customer-service message (该回复类型不能作为客服消息发送)", r.Type)
	}
	return need(r.MediaID, "media_id", "媒体 ID")
}

func fillNews(m *customMessage, articles []wechat.Article) error {
	if len(articles) == 0 {
		return errs.Errorf(errs.Invalid, "news message without articles (图文消息没有文章)")
	}
	if len(articles) > 1 {
		return refuse(CodeTooManyArticles, customSendPath,
			"a customer-service news message carries 1 article, got %d (客服图文消息只能有 1 条)", len(articles))
	}
	n := &customNews{}
	for _, ar := range articles {
		n.Articles = append(n.Articles, customArticle{Title: ar.Title, Description: ar.Description, URL: ar.URL, PicURL: ar.PicURL})
	}
	m.News = n
	return nil
}

func need(v, field, zh string) error {
	if v == "" {
		return errs.Errorf(errs.Invalid, "customer-service message needs %s (客服消息缺少%s)", field, zh)
	}
	return nil
}
