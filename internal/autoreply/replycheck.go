package autoreply

import (
	"strings"

	"github.com/fanbase/fanbase/internal/wechat"
)

// checkReplies reports replies that WeChat would refuse or that would show
// the follower nothing. It checks what a rule can get wrong; the wire limits
// are wechat.Reply.Validate's business.
func checkReplies(r *Rule, p *problems) {
	if len(r.Replies) == 0 {
		p.addf("rule has no replies (规则没有回复内容)")
	}
	for i := range r.Replies {
		checkReply(i+1, &r.Replies[i], p)
	}
}

func checkReply(n int, rp *wechat.Reply, p *problems) {
	switch rp.Type {
	case wechat.ReplyText:
		if strings.TrimSpace(rp.Content) == "" {
			p.addf("reply %d: text is empty (第 %d 条回复：文本内容为空)", n, n)
		}
	case wechat.ReplyImage, wechat.ReplyVoice, wechat.ReplyVideo:
		if strings.TrimSpace(rp.MediaID) == "" {
			p.addf("reply %d: %s reply needs a media_id (第 %d 条回复：%s 回复需要 media_id)", n, rp.Type, n, rp.Type)
		}
	case wechat.ReplyMusic:
		if rp.MusicURL == "" && rp.HQMusicURL == "" {
			p.addf("reply %d: music reply needs a music_url (第 %d 条回复：音乐回复需要 music_url)", n, n)
		}
	case wechat.ReplyNews:
		checkArticles(n, rp.Articles, p)
	case wechat.ReplyTransfer:
	default:
		p.addf("reply %d: unknown type %q, want text, image, voice, video, music, news or %s (第 %d 条回复：未知的回复类型 %q)",
			n, rp.Type, wechat.ReplyTransfer, n, rp.Type)
	}
}

func checkArticles(n int, arts []wechat.Article, p *problems) {
	if len(arts) == 0 || len(arts) > maxNewsArticles {
		p.addf("reply %d: news reply needs 1 to %d articles, has %d (第 %d 条回复：图文回复需要 1 到 %d 篇文章，当前 %d 篇)",
			n, maxNewsArticles, len(arts), n, maxNewsArticles, len(arts))
	}
	for i, a := range arts {
		if strings.TrimSpace(a.Title) == "" {
			p.addf("reply %d: article %d has no title (第 %d 条回复：第 %d 篇文章缺少标题)", n, i+1, n, i+1)
		}
	}
}
