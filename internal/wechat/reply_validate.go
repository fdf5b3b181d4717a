package wechat

import "strings"

// Validate checks r against what WeChat accepts in a passive reply, so that
// a rule or an agent learns of a mistake when saving, not when a follower
// gets "该公众号暂时无法提供服务". Messages are in English and Chinese because
// operators read them. Every error matches ErrInvalidReply.
func (r Reply) Validate() error {
	if _, ok := replyEncoders[r.Type]; !ok {
		return replyError("reply type %q is unknown, want text, image, voice, video, music, news or %s (未知的回复类型 %q)",
			r.Type, ReplyTransfer, r.Type)
	}
	if err := r.validateType(); err != nil {
		return err
	}
	return r.validateChars()
}

func (r Reply) validateType() error {
	switch r.Type {
	case ReplyText:
		return validateText(r.Content)
	case ReplyImage, ReplyVoice, ReplyVideo:
		if strings.TrimSpace(r.MediaID) == "" {
			return replyError("%s reply needs a media_id (%s 回复需要 media_id)", r.Type, r.Type)
		}
	case ReplyMusic:
		if r.MusicURL == "" && r.HQMusicURL == "" {
			return replyError("music reply needs a music_url (音乐回复需要 music_url)")
		}
	case ReplyNews:
		return validateArticles(r.Articles)
	}
	return nil
}

func validateText(s string) error {
	if strings.TrimSpace(s) == "" {
		return replyError("text reply is empty (文本回复内容为空)")
	}
	if len(s) > MaxTextBytes {
		return replyError("text reply is %d bytes, WeChat allows at most %d (文本回复有 %d 字节，微信最多允许 %d 字节)",
			len(s), MaxTextBytes, len(s), MaxTextBytes)
	}
	return nil
}

func validateArticles(arts []Article) error {
	if len(arts) == 0 || len(arts) > MaxNewsArticles {
		return replyError("news reply needs 1 to %d articles, has %d (图文回复需要 1 到 %d 篇文章，当前 %d 篇)",
			MaxNewsArticles, len(arts), MaxNewsArticles, len(arts))
	}
	for i, a := range arts {
		if strings.TrimSpace(a.Title) == "" {
			return replyError("article %d has no title (第 %d 篇文章缺少标题)", i+1, i+1)
		}
	}
	return nil
}

type namedText struct{ name, v string }

// validateChars refuses text that XML cannot carry, naming the field.
func (r Reply) validateChars() error {
	for _, f := range [...]namedText{
		{"content", r.Content}, {"media_id", r.MediaID}, {"title", r.Title}, {"description", r.Description},
		{"music_url", r.MusicURL}, {"hq_music_url", r.HQMusicURL}, {"thumb_media_id", r.ThumbMediaID},
		{"kf_account", r.KfAccount},
	} {
		if err := checkXMLText(f.v); err != nil {
			return replyError("%s: %v", f.name, err)
		}
	}
	for i, a := range r.Articles {
		for _, f := range [...]namedText{{"title", a.Title}, {"description", a.Description}, {"pic_url", a.PicURL}, {"url", a.URL}} {
			if err := checkXMLText(f.v); err != nil {
				return replyError("article %d %s: %v", i+1, f.name, err)
			}
		}
	}
	return nil
}
