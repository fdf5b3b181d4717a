package simulator

import (
	"encoding/json"
	"strings"

	"github.com/fanbase/fanbase/internal/wechat"
)

// customMessage is the JSON of /cgi-bin/message/custom/send (protocol.md §5.2).
type customMessage struct {
	ToUser        string        `json:"touser"`
	MsgType       string        `json:"msgtype"`
	Text          *customText   `json:"text"`
	Image         *customMedia  `json:"image"`
	Voice         *customMedia  `json:"voice"`
	Video         *customVideo  `json:"video"`
	Music         *customMusic  `json:"music"`
	News          *customNews   `json:"news"`
	MPNews        *customMedia  `json:"mpnews"`
	MPNewsArticle *customArtRef `json:"mpnewsarticle"`
	MsgMenu       *customMenu   `json:"msgmenu"`
	WxCard        *customCard   `json:"wxcard"`
	MiniProgram   *customMini   `json:"miniprogrampage"`
	CustomService *struct {
		KfAccount string `json:"kf_account"`
	} `json:"customservice"`
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
	Title        string `json:"title"`
	Description  string `json:"description"`
}

type customMusic struct {
	Title        string `json:"title"`
	Description  string `json:"description"`
	MusicURL     string `json:"musicurl"`
	HQMusicURL   string `json:"hqmusicurl"`
	ThumbMediaID string `json:"thumb_media_id"`
}

type customNews struct {
	Articles []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		URL         string `json:"url"`
		PicURL      string `json:"picurl"`
	} `json:"articles"`
}

type customArtRef struct {
	ArticleID string `json:"article_id"`
}

type customMenu struct {
	HeadContent string `json:"head_content"`
	List        []struct {
		ID      json.RawMessage `json:"id"`
		Content string          `json:"content"`
	} `json:"list"`
	TailContent string `json:"tail_content"`
}

type customCard struct {
	CardID string `json:"card_id"`
}

type customMini struct {
	Title        string `json:"title"`
	AppID        string `json:"appid"`
	PagePath     string `json:"pagepath"`
	ThumbMediaID string `json:"thumb_media_id"`
}

// reply checks the content like WeChat and converts it to a Reply; the
// errcode is 0 when the content is acceptable.
func (cm *customMessage) reply() (wechat.Reply, int) {
	conv, ok := customKinds[cm.MsgType]
	if !ok {
		return wechat.Reply{}, ErrInvalidMsgType
	}
	r, code := conv(cm)
	r.Type = cm.MsgType
	return r, code
}

// customKinds converts each msgtype; a missing object is a missing field.
var customKinds = map[string]func(cm *customMessage) (wechat.Reply, int){
	"text":            textReply,
	"image":           func(cm *customMessage) (wechat.Reply, int) { return mediaReply(cm.Image) },
	"voice":           func(cm *customMessage) (wechat.Reply, int) { return mediaReply(cm.Voice) },
	"mpnews":          func(cm *customMessage) (wechat.Reply, int) { return mediaReply(cm.MPNews) },
	"video":           videoReply,
	"music":           musicReply,
	"news":            newsReply,
	"mpnewsarticle":   articleReply,
	"msgmenu":         menuReply,
	"wxcard":          cardReply,
	"miniprogrampage": miniReply,
}

func textReply(cm *customMessage) (wechat.Reply, int) {
	if cm.Text == nil || cm.Text.Content == "" {
		return wechat.Reply{}, ErrEmptyContent
	}
	return wechat.Reply{Content: cm.Text.Content}, 0
}

func mediaReply(m *customMedia) (wechat.Reply, int) {
	if m == nil || m.MediaID == "" {
		return wechat.Reply{}, ErrInvalidMediaID
	}
	return wechat.Reply{MediaID: m.MediaID}, 0
}

func videoReply(cm *customMessage) (wechat.Reply, int) {
	v := cm.Video
	if v == nil || v.MediaID == "" {
		return wechat.Reply{}, ErrInvalidMediaID
	}
	return wechat.Reply{MediaID: v.MediaID, ThumbMediaID: v.ThumbMediaID, Title: v.Title, Description: v.Description}, 0
}

func musicReply(cm *customMessage) (wechat.Reply, int) {
	m := cm.Music
	if m == nil || m.ThumbMediaID == "" {
		return wechat.Reply{}, ErrInvalidMediaID
	}
	return wechat.Reply{Title: m.Title, Description: m.Description, MusicURL: m.MusicURL,
		HQMusicURL: m.HQMusicURL, ThumbMediaID: m.ThumbMediaID}, 0
}

// newsReply allows exactly one article, as WeChat has since 2018 (45008 otherwise).
func newsReply(cm *customMessage) (wechat.Reply, int) {
	if cm.News == nil || len(cm.News.Articles) == 0 {
		return wechat.Reply{}, ErrEmptyNews
	}
	if len(cm.News.Articles) > 1 {
		return wechat.Reply{}, ErrArticleLimit
	}
	a := cm.News.Articles[0]
	return wechat.Reply{Articles: []wechat.Article{{Title: a.Title, Description: a.Description, PicURL: a.PicURL, URL: a.URL}}}, 0
}

func articleReply(cm *customMessage) (wechat.Reply, int) {
	if cm.MPNewsArticle == nil || cm.MPNewsArticle.ArticleID == "" {
		return wechat.Reply{}, ErrInvalidMediaID
	}
	return wechat.Reply{MediaID: cm.MPNewsArticle.ArticleID}, 0
}

// menuReply flattens a msgmenu into text, the way the follower reads it.
func menuReply(cm *customMessage) (wechat.Reply, int) {
	m := cm.MsgMenu
	if m == nil || len(m.List) == 0 {
		return wechat.Reply{}, ErrEmptyList
	}
	lines := []string{m.HeadContent}
	for _, item := range m.List {
		lines = append(lines, item.Content)
	}
	lines = append(lines, m.TailContent)
	return wechat.Reply{Content: strings.TrimSpace(strings.Join(lines, "\n"))}, 0
}

func cardReply(cm *customMessage) (wechat.Reply, int) {
	if cm.WxCard == nil || cm.WxCard.CardID == "" {
		return wechat.Reply{}, ErrEmptyContent
	}
	return wechat.Reply{MediaID: cm.WxCard.CardID}, 0
}

func miniReply(cm *customMessage) (wechat.Reply, int) {
	m := cm.MiniProgram
	if m == nil || m.AppID == "" || m.PagePath == "" {
		return wechat.Reply{}, ErrEmptyContent
	}
	return wechat.Reply{Title: m.Title, ThumbMediaID: m.ThumbMediaID, Content: m.PagePath}, 0
}
