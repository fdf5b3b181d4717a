package wechat

import (
	"fmt"
	"strconv"
)

// Limits of a passive reply (protocol.md §4).
const (
	// MaxTextBytes is the longest text reply WeChat delivers, in UTF-8 bytes.
	MaxTextBytes = 2048
	// MaxNewsArticles is the most articles any news reply may carry.
	MaxNewsArticles = 8
)

// MaxArticles is how many news articles a passive reply to m may carry:
// since 2018 WeChat shows only 1 when answering a user's message, and up to
// 8 when answering an event. Unknown message types get the stricter limit.
func MaxArticles(m *Message) int {
	if m != nil && m.IsEvent() {
		return MaxNewsArticles
	}
	return 1
}

// XML renders r as the passive reply to a push: toUser is the push's
// FromUserName (the follower), fromUser its ToUserName (the account). The
// layout is the official sample's, byte for byte. A reply that Validate
// refuses is not rendered, so WeChat never receives one it would reject.
func (r Reply) XML(toUser, fromUser string, createTime int64) ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("wechat: render reply: %w", err)
	}
	if toUser == "" || fromUser == "" {
		return nil, fmt.Errorf("wechat: render reply: ToUserName and FromUserName are required (got %q, %q)", toUser, fromUser)
	}
	w := &xmlWriter{}
	w.b.Grow(200 + len(r.Content))
	w.open("xml")
	w.str("ToUserName", toUser)
	w.str("FromUserName", fromUser)
	w.int("CreateTime", createTime)
	w.str("MsgType", r.Type)
	replyEncoders[r.Type](w, &r)
	w.b.WriteString("</xml>")
	if w.err != nil {
		return nil, fmt.Errorf("wechat: render reply: %w", w.err)
	}
	return w.b.Bytes(), nil
}

// replyEncoders write the body of each passive reply type; Validate accepts
// exactly the types listed here.
var replyEncoders = map[string]func(*xmlWriter, *Reply){
	ReplyText: func(w *xmlWriter, r *Reply) { w.str("Content", r.Content) },
	ReplyImage: func(w *xmlWriter, r *Reply) {
		w.open("Image")
		w.str("MediaId", r.MediaID)
		w.close("Image")
	},
	ReplyVoice: func(w *xmlWriter, r *Reply) {
		w.open("Voice")
		w.str("MediaId", r.MediaID)
		w.close("Voice")
	},
	ReplyVideo: func(w *xmlWriter, r *Reply) {
		w.open("Video")
		w.str("MediaId", r.MediaID)
		w.optStr("Title", r.Title)
		w.optStr("Description", r.Description)
		w.close("Video")
	},
	ReplyMusic: func(w *xmlWriter, r *Reply) {
		w.open("Music")
		w.str("Title", r.Title)
		w.str("Description", r.Description)
		w.str("MusicUrl", r.MusicURL)
		w.str("HQMusicUrl", r.HQMusicURL)
		w.str("ThumbMediaId", r.ThumbMediaID)
		w.close("Music")
	},
	ReplyNews: encodeNews,
	ReplyTransfer: func(w *xmlWriter, r *Reply) {
		if r.KfAccount != "" {
			w.open("TransInfo")
			w.str("KfAccount", r.KfAccount)
			w.close("TransInfo")
		}
	},
}

func encodeNews(w *xmlWriter, r *Reply) {
	w.open("ArticleCount")
	w.b.WriteString(strconv.Itoa(len(r.Articles)))
	w.close("ArticleCount")
	w.open("Articles")
	for _, a := range r.Articles {
		w.open("item")
		w.str("Title", a.Title)
		w.str("Description", a.Description)
		w.str("PicUrl", a.PicURL)
		w.str("Url", a.URL)
		w.close("item")
	}
	w.close("Articles")
}
