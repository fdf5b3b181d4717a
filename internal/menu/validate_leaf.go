package menu

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// keyed reports whether WeChat sends the button's key back in an event.
func keyed(typ string) bool {
	switch typ {
	case TypeClick, TypeScanPush, TypeScanWait, TypePicSysPhoto, TypePicPhotoOrAlbum, TypePicWeixin, TypeLocationSelect:
		return true
	}
	return false
}

// leaf checks a button that does something: its name, type and the fields
// its type needs.
func (c *checker) leaf(b Button, at place, nameMax int) {
	c.name(b.Name, at, nameMax)
	switch {
	case b.Type == "":
		c.add(at, "请选择菜单类型", "pick a button type")
	case !slices.Contains(Types, b.Type):
		c.add(at, fmt.Sprintf("未知的菜单类型 %q", b.Type), fmt.Sprintf("unknown button type %q", b.Type))
	case keyed(b.Type):
		c.key(b.Key, at)
	case b.Type == TypeView:
		if b.ArticleID == 0 {
			c.url(b.URL, at, "跳转网页", "link")
		}
	case b.Type == TypeMiniprogram:
		c.miniprogram(b, at)
	case b.Type == TypeArticleID || b.Type == TypeArticleViewLimit:
		c.required(b.WxArticleID, at, "需要已发布文章的 article_id", "needs the article_id of a published article")
	case b.Type == TypeMediaID || b.Type == TypeViewLimited:
		c.required(b.MediaID, at, "需要永久素材的 media_id", "needs the media_id of a permanent material")
	}
	if b.Reply != nil {
		c.reply(*b.Reply, at)
	}
}

func (c *checker) key(key string, at place) {
	switch {
	case key == "":
		c.add(at, "key 不能为空", "key is empty")
	case len(key) > MaxKey:
		c.add(at, fmt.Sprintf("key 超过 %d 字节", MaxKey), fmt.Sprintf("key longer than %d bytes", MaxKey))
	case strings.ContainsFunc(key, isControl):
		c.add(at, "key 不能包含换行或控制字符", "key contains line breaks or control characters")
	}
}

// url wants an absolute http(s) address of at most MaxURL bytes.
func (c *checker) url(raw string, at place, zh, en string) {
	if raw == "" {
		c.add(at, zh+"地址不能为空", en+" is empty")
		return
	}
	if len(raw) > MaxURL {
		c.add(at, fmt.Sprintf("%s地址超过 %d 字节", zh, MaxURL), fmt.Sprintf("%s longer than %d bytes", en, MaxURL))
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(raw, " \t\r\n") {
		c.add(at, zh+"须为以 http:// 或 https:// 开头的完整网址", en+" must be a full http:// or https:// address")
	}
}

func (c *checker) miniprogram(b Button, at place) {
	c.required(b.AppID, at, "需要小程序 appid", "needs the mini program's appid")
	c.required(b.PagePath, at, "需要小程序页面路径", "needs the mini program page path")
	c.url(b.URL, at, "备用网页（旧版微信打开）", "fallback page (for old clients)")
}

func (c *checker) required(v string, at place, zh, en string) {
	if strings.TrimSpace(v) == "" {
		c.add(at, zh, en)
	}
}

func (c *checker) reply(r Reply, at place) {
	switch {
	case r.Text != "" && r.ArticleID != 0:
		c.add(at, "点击回复只能是文字或一篇图文，不能同时设置", "a click reply is a text or one article, not both")
	case len(r.Text) > MaxReplyBytes:
		c.add(at, fmt.Sprintf("回复文字超过 %d 字节", MaxReplyBytes), fmt.Sprintf("reply text longer than %d bytes", MaxReplyBytes))
	}
}

// keys refuses one click key answering differently in two places: a click
// becomes one rule per key.
func (c *checker) keys(d *Document) {
	type first struct {
		at    place
		reply Reply
	}
	seen := map[string]first{}
	walk(d, func(b *Button, at place) {
		if b.Type != TypeClick || b.Key == "" {
			return
		}
		r := Reply{}
		if b.Reply != nil {
			r = *b.Reply
		}
		f, dup := seen[b.Key]
		if !dup {
			seen[b.Key] = first{at, r}
			return
		}
		if f.reply != r {
			wz, we := f.at.names()
			c.add(at, fmt.Sprintf("key %q 已被 %s 使用且回复不同", b.Key, wz), fmt.Sprintf("key %q is used by %s with another reply", b.Key, we))
		}
	})
}

// walk calls fn for every leaf button of d (those without sub-buttons).
func walk(d *Document, fn func(b *Button, at place)) {
	each := func(bs []Button, menu int) {
		for i := range bs {
			if len(bs[i].Sub) == 0 {
				fn(&bs[i], place{menu: menu, button: i + 1})
			}
			for j := range bs[i].Sub {
				fn(&bs[i].Sub[j], place{menu: menu, button: i + 1, sub: j + 1})
			}
		}
	}
	each(d.Buttons, 0)
	for i := range d.Conditional {
		each(d.Conditional[i].Buttons, i+1)
	}
}
