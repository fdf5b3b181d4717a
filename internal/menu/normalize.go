package menu

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// Normalize trims every field, drops the fields a button's type does not
// use (so switching types in the editor leaves nothing stale behind) and
// gives keyed buttons without a key a new unique one.
func Normalize(d *Document) {
	clean := func(bs []Button) {
		for i := range bs {
			cleanButton(&bs[i], len(bs[i].Sub) > 0)
			for j := range bs[i].Sub {
				cleanButton(&bs[i].Sub[j], len(bs[i].Sub[j].Sub) > 0)
			}
		}
	}
	clean(d.Buttons)
	for i := range d.Conditional {
		d.Conditional[i].ClientPlatform = strings.TrimSpace(d.Conditional[i].ClientPlatform)
		clean(d.Conditional[i].Buttons)
	}
	used := map[string]bool{}
	walk(d, func(b *Button, _ place) { used[b.Key] = b.Key != "" })
	walk(d, func(b *Button, _ place) {
		if keyed(b.Type) && b.Key == "" {
			b.Key = newKey(used)
		}
	})
}

// cleanButton trims b and keeps only the fields its type uses; a parent
// (with sub-buttons) keeps only its name.
func cleanButton(b *Button, parent bool) {
	b.Name, b.Type, b.Key = strings.TrimSpace(b.Name), strings.TrimSpace(b.Type), strings.TrimSpace(b.Key)
	b.URL, b.AppID, b.PagePath = strings.TrimSpace(b.URL), strings.TrimSpace(b.AppID), strings.TrimSpace(b.PagePath)
	b.MediaID, b.WxArticleID = strings.TrimSpace(b.MediaID), strings.TrimSpace(b.WxArticleID)
	if parent {
		*b = Button{Name: b.Name, Sub: b.Sub}
		return
	}
	kept := Button{Name: b.Name, Type: b.Type}
	switch {
	case keyed(b.Type):
		kept.Key = b.Key
		if b.Type == TypeClick {
			kept.Reply = cleanReply(b.Reply)
		}
	case b.Type == TypeView:
		kept.URL, kept.ArticleID = b.URL, b.ArticleID
		if b.ArticleID != 0 {
			kept.URL = ""
		}
	case b.Type == TypeMiniprogram:
		kept.URL, kept.AppID, kept.PagePath = b.URL, b.AppID, b.PagePath
	case b.Type == TypeArticleID || b.Type == TypeArticleViewLimit:
		kept.WxArticleID = b.WxArticleID
	case b.Type == TypeMediaID || b.Type == TypeViewLimited:
		kept.MediaID = b.MediaID
	default:
		kept = *b
		kept.Sub = nil
	}
	*b = kept
}

// cleanReply trims a reply; an empty one is none.
func cleanReply(r *Reply) *Reply {
	if r == nil {
		return nil
	}
	out := Reply{Text: strings.TrimSpace(r.Text), ArticleID: r.ArticleID}
	if out.Text == "" && out.ArticleID == 0 {
		return nil
	}
	return &out
}

// newKey makes up a key no button of the document uses yet.
func newKey(used map[string]bool) string {
	for {
		var b [4]byte
		_, _ = rand.Read(b[:])
		k := "MENU_" + strings.ToUpper(hex.EncodeToString(b[:]))
		if !used[k] {
			used[k] = true
			return k
		}
	}
}
