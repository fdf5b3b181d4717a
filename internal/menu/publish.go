package menu

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// refs are the library articles and WeChat tag ids a document names.
type refs struct {
	articles map[int64]*content.Article
	wxTags   map[int64]int64 // local tag id → WeChat tag id
}

// references loads what d names, refusing (with the button's place) an
// article or tag that does not exist, and for publishing a tag WeChat
// does not know yet.
func (s *Service) references(ctx context.Context, accountID int64, d *Document, publish bool) (refs, error) {
	r := refs{articles: map[int64]*content.Article{}, wxTags: map[int64]int64{}}
	c := &checker{}
	var failed error // a lookup that failed for another reason than a missing article
	walk(d, func(b *Button, at place) {
		for _, id := range []int64{b.ArticleID, replyArticle(b.Reply)} {
			if id == 0 || r.articles[id] != nil || failed != nil {
				continue
			}
			err := s.article(ctx, accountID, id, &r)
			switch {
			case errs.Is(err, errs.NotFound):
				c.add(at, fmt.Sprintf("图文 %d 不存在", id), fmt.Sprintf("article %d does not exist", id))
			case err != nil:
				failed = err
			}
		}
	})
	if failed != nil {
		return r, fmt.Errorf("menu: articles: %w", failed)
	}
	for i, cm := range d.Conditional {
		if cm.TagID <= 0 {
			continue
		}
		wx, err := s.o.Store.MenuTagWxID(ctx, accountID, cm.TagID)
		switch {
		case errs.Is(err, errs.NotFound):
			c.add(place{menu: i + 1}, fmt.Sprintf("标签 %d 不存在", cm.TagID), fmt.Sprintf("tag %d does not exist", cm.TagID))
		case err != nil:
			return r, fmt.Errorf("menu: tag %d: %w", cm.TagID, err)
		case wx == 0 && publish:
			c.add(place{menu: i + 1}, "标签尚未同步到微信，请先在“用户标签”页同步", "the tag is not on WeChat yet; sync it on the tags page first")
		}
		r.wxTags[cm.TagID] = wx
	}
	return r, c.err()
}

func replyArticle(r *Reply) int64 {
	if r == nil {
		return 0
	}
	return r.ArticleID
}

func (s *Service) article(ctx context.Context, accountID, id int64, r *refs) error {
	if s.o.Articles == nil {
		return errs.Errorf(errs.Unavailable, "the article library is not available (图文素材库不可用)")
	}
	a, err := s.o.Articles.Get(ctx, accountID, id)
	if err != nil {
		return err
	}
	r.articles[id] = a
	return nil
}

// Publish sends the draft to WeChat: menu/create for the default menu,
// then the conditional menus (those published before are removed first),
// and makes its click replies rules of a new rule set version. It returns
// what is published now. A refusal by WeChat is explained with its errcode.
func (s *Service) Publish(ctx context.Context, a *account.Account, userID int64) (Published, error) {
	v, err := s.o.Store.LatestMenuVersion(ctx, a.ID)
	if errs.Is(err, errs.NotFound) {
		return Published{}, errs.Errorf(errs.Invalid, "还没有保存菜单，无法发布 / there is no saved menu to publish")
	}
	if err != nil {
		return Published{}, fmt.Errorf("menu: publish: %w", err)
	}
	Normalize(&v.Doc)
	if err := Validate(&v.Doc); err != nil {
		return Published{}, err
	}
	r, err := s.references(ctx, a.ID, &v.Doc, true)
	if err != nil {
		return Published{}, err
	}
	rules := clickRules(&v.Doc, r.articles)
	if err := s.checkCanary(ctx, a.ID, rules); err != nil {
		return Published{}, err
	}
	wx := s.o.WeChat(a)
	if err := wx.CreateMenu(ctx, toWx(v.Doc.Buttons, r.articles)); err != nil {
		return Published{}, wxFailure("publish the menu", "发布菜单", err)
	}
	old, err := s.o.Store.PublishedMenu(ctx, a.ID)
	if err != nil {
		return Published{}, err
	}
	p := Published{AccountID: a.ID, Version: v.Version, By: userID, At: s.o.Now(), RuleVersion: old.RuleVersion}
	if p.MenuIDs, err = s.replaceConditional(ctx, wx, s.conditionalIDs(ctx, wx, old.MenuIDs), v.Doc.Conditional, r); err != nil {
		old.MenuIDs = p.MenuIDs // remember what exists on WeChat now
		_ = s.o.Store.SetPublishedMenu(ctx, old)
		return Published{}, err
	}
	if p.RuleVersion, err = s.syncRules(ctx, a.ID, rules, userID, v.Version); err != nil {
		_ = s.o.Store.SetPublishedMenu(ctx, p)
		return p, err
	}
	if err := s.o.Store.SetPublishedMenu(ctx, p); err != nil {
		return p, fmt.Errorf("menu: record publish: %w", err)
	}
	s.o.Logger.Info("menu published", "account_id", a.ID, "version", v.Version, "conditional", len(p.MenuIDs), "rule_version", p.RuleVersion)
	return p, nil
}

// conditionalIDs are the conditional menus to remove before adding the
// new ones: those we published, and any WeChat holds that we did not (made
// in the console, or by an earlier install), so none is left matching.
func (s *Service) conditionalIDs(ctx context.Context, wx WeChat, ours []string) []string {
	ids := slices.Clone(ours)
	cfg, err := wx.GetMenu(ctx)
	if err != nil {
		return ids // 46003 after menu/create cannot happen; on errors, ours is what we know
	}
	for _, c := range cfg.Conditional {
		if id := string(c.MenuID); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// replaceConditional removes the conditional menus published before and
// adds the document's; it returns the menuids that exist afterwards (also
// on failure, so they can be removed next time).
func (s *Service) replaceConditional(ctx context.Context, wx WeChat, old []string, cms []Conditional, r refs) ([]string, error) {
	for i, id := range old {
		if err := wx.DelConditionalMenu(ctx, id); err != nil && !wxclient.IsCode(err, 65301) {
			return old[i:], wxFailure("remove an old conditional menu", "删除旧的个性化菜单", err)
		}
	}
	var left []string
	for i, cm := range cms {
		rule := wxclient.MatchRule{TagID: strconv.FormatInt(r.wxTags[cm.TagID], 10), ClientPlatformType: cm.ClientPlatform}
		id, err := wx.AddConditionalMenu(ctx, toWx(cm.Buttons, r.articles), rule)
		if err != nil {
			return left, wxFailure(fmt.Sprintf("add conditional menu %d", i+1), fmt.Sprintf("添加个性化菜单 %d", i+1), err)
		}
		left = append(left, id)
	}
	return left, nil
}

// checkCanary refuses a publish that would change the rules while a rule
// canary runs: saving a rule set ends the canary, and an operator's trial
// must not stop as a side effect of a menu.
func (s *Service) checkCanary(ctx context.Context, accountID int64, rules []autoreply.Rule) error {
	live, err := s.o.Rules.Live(ctx, accountID)
	if err != nil {
		return fmt.Errorf("menu: read rules: %w", err)
	}
	if live.Canary == nil {
		return nil
	}
	active, err := s.o.Rules.RuleSet(ctx, accountID, 0)
	if err != nil {
		return fmt.Errorf("menu: read rules: %w", err)
	}
	if _, changed := mergeRules(active.Rules, rules); !changed {
		return nil
	}
	return errs.Errorf(errs.Conflict, "自动回复规则正在灰度试验中，请先全量发布或停止灰度，再发布菜单 / a rule canary is running; promote or stop it before publishing the menu")
}

// syncRules makes rules the account's menu rules, storing a new rule set
// version only when they changed; it returns the version that carries them.
func (s *Service) syncRules(ctx context.Context, accountID int64, rules []autoreply.Rule, userID, version int64) (int64, error) {
	active, err := s.o.Rules.RuleSet(ctx, accountID, 0)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return 0, fmt.Errorf("menu: read rules: %w", err)
	}
	var current []autoreply.Rule
	var cur int64
	if active != nil {
		current, cur = active.Rules, active.Version
	}
	merged, changed := mergeRules(current, rules)
	if !changed {
		return cur, nil
	}
	rs := &autoreply.RuleSet{AccountID: accountID, Rules: merged, Author: fmt.Sprintf("user:%d", userID),
		Note: fmt.Sprintf("菜单版本 %d 的点击回复 / click replies of menu version %d", version, version)}
	if version == 0 {
		rs.Note = "菜单已取消发布，移除点击回复 / menu unpublished, click replies removed"
	}
	if _, err := s.o.Rules.Save(ctx, rs); err != nil {
		return 0, fmt.Errorf("menu: save click replies as rules: %w", err)
	}
	return rs.Version, nil
}

// Unpublish removes every menu from WeChat and the menu's click rules.
func (s *Service) Unpublish(ctx context.Context, a *account.Account, userID int64) error {
	if err := s.checkCanary(ctx, a.ID, nil); err != nil {
		return err
	}
	if err := s.o.WeChat(a).DeleteMenu(ctx); err != nil {
		return wxFailure("delete the menu", "删除菜单", err)
	}
	p := Published{AccountID: a.ID, By: userID, At: s.o.Now()}
	var err error
	if p.RuleVersion, err = s.syncRules(ctx, a.ID, nil, userID, 0); err != nil {
		_ = s.o.Store.SetPublishedMenu(ctx, p)
		return err
	}
	if err := s.o.Store.SetPublishedMenu(ctx, p); err != nil {
		return fmt.Errorf("menu: record unpublish: %w", err)
	}
	s.o.Logger.Info("menu unpublished", "account_id", a.ID)
	return nil
}
