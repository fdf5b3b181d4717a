package menu

import (
	"errors"
	"fmt"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// toWx renders buttons in WeChat's shape; a view button linked to a
// library article opens the article's URL.
func toWx(bs []Button, articles map[int64]*content.Article) []wxclient.MenuButton {
	out := make([]wxclient.MenuButton, 0, len(bs))
	for _, b := range bs {
		w := wxclient.MenuButton{Type: b.Type, Name: b.Name, Key: b.Key, URL: b.URL, MediaID: b.MediaID,
			ArticleID: b.WxArticleID, AppID: b.AppID, PagePath: b.PagePath}
		if b.Type == TypeView && b.ArticleID != 0 && articles[b.ArticleID] != nil {
			w.URL = articles[b.ArticleID].URL
		}
		if len(b.Sub) > 0 {
			w = wxclient.MenuButton{Name: b.Name, SubButton: toWx(b.Sub, articles)}
		}
		out = append(out, w)
	}
	return out
}

// menuCodes describes the menu API's errcodes that wxclient does not know,
// Chinese first.
var menuCodes = map[int][2]string{
	40054: {"子菜单网址域名不合法", "invalid sub button url domain"},
	40055: {"菜单网址域名不合法", "invalid button url domain"},
	40165: {"小程序页面路径不合法", "invalid mini program page path"},
	40166: {"小程序 appid 不合法", "invalid mini program appid"},
	45064: {"菜单引用了未关联的小程序", "the menu names a mini program not linked to the account"},
	65301: {"个性化菜单不存在", "conditional menu does not exist"},
	65302: {"用户不存在", "no such user"},
	65303: {"没有默认菜单，不能创建个性化菜单", "no default menu, cannot add a conditional menu"},
	65304: {"匹配规则为空", "match rule is empty"},
}

// wxFailure explains a refused menu call to the operator with the errcode
// and its meaning in both languages. A refusal of the menu's content is
// errs.Invalid; others keep wxclient's classification.
func wxFailure(step, stepZh string, err error) error {
	var we *wxclient.Error
	if !errors.As(err, &we) {
		return fmt.Errorf("menu: %s: %w", step, err)
	}
	zh, en := wxclient.Describe(we.Code)
	if m, ok := menuCodes[we.Code]; ok {
		zh, en = m[0], m[1]
	}
	code := errs.CodeOf(err)
	if _, menuCode := menuCodes[we.Code]; menuCode || (we.Code >= 40016 && we.Code <= 40027) {
		code = errs.Invalid
	}
	if code == errs.Internal {
		code = errs.Unavailable
	}
	return errs.Errorf(code, "微信拒绝%s：错误码 %d，%s / WeChat refused to %s: errcode %d, %s (%s)",
		stepZh, we.Code, zh, step, we.Code, en, wxclient.Redact(we.Msg))
}
