package tagging

import (
	"context"
	"fmt"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// Create makes a tag at WeChat, then locally with WeChat's id; an account
// without an AppSecret gets a local tag, pushed when it can.
func (s *Service) Create(ctx context.Context, acct *account.Account, name string) (audience.Tag, error) {
	name, err := CleanName(name)
	if err != nil {
		return audience.Tag{}, err
	}
	if _, err := s.store.TagByName(ctx, acct.ID, name); err == nil {
		return audience.Tag{}, errs.Errorf(errs.Conflict, "a tag called %q already exists (标签“%s”已存在)", name, name)
	}
	api := s.api(acct)
	if api == nil {
		return s.store.CreateTag(ctx, acct.ID, name, 0)
	}
	wx, err := api.CreateTag(ctx, name)
	if err != nil {
		return audience.Tag{}, refusal("create the tag", err)
	}
	t, err := s.store.CreateTag(ctx, acct.ID, name, wx)
	if err != nil {
		// WeChat has the tag now: the next tag sync brings it in.
		s.log.Warn("tag created at WeChat but not stored", "account_id", acct.ID, "wx_tag_id", wx, "error", err.Error())
	}
	return t, err
}

// Rename renames a tag at WeChat, then locally.
func (s *Service) Rename(ctx context.Context, acct *account.Account, id int64, name string) (audience.Tag, error) {
	name, err := CleanName(name)
	if err != nil {
		return audience.Tag{}, err
	}
	t, err := s.store.Tag(ctx, acct.ID, id)
	if err != nil || t.Name == name {
		return t, err
	}
	if other, err := s.store.TagByName(ctx, acct.ID, name); err == nil && other.ID != id {
		return t, errs.Errorf(errs.Conflict, "a tag called %q already exists (标签“%s”已存在)", name, name)
	}
	if t.Synced() {
		api := s.api(acct)
		if api == nil {
			return t, noAPI()
		}
		if err := api.UpdateTag(ctx, t.WxTagID, name); err != nil {
			return t, refusal("rename the tag", err)
		}
	}
	if err := s.store.RenameTag(ctx, acct.ID, id, name); err != nil {
		return t, err
	}
	t.Name = name
	return t, nil
}

// Delete deletes a tag at WeChat (which takes it off every follower), then
// locally. A tag WeChat no longer knows is simply deleted here. It returns
// the tag as it was, for the audit log.
func (s *Service) Delete(ctx context.Context, acct *account.Account, id int64) (audience.Tag, error) {
	t, err := s.store.Tag(ctx, acct.ID, id)
	if err != nil {
		return t, err
	}
	if t.Synced() {
		api := s.api(acct)
		if api == nil {
			return t, noAPI()
		}
		if err := api.DeleteTag(ctx, t.WxTagID); err != nil && !wxclient.IsCode(err, wxclient.CodeInvalidTag) {
			return t, refusal("delete the tag", err)
		}
	}
	return t, s.store.DeleteTag(ctx, acct.ID, id)
}

// SyncResult says what a tag sync did.
type SyncResult struct {
	Pushed          int // local tags created at WeChat
	PushedFollowers int // their followers WeChat accepted
	audience.TagImport
	Tags int // tags WeChat lists
}

// Sync pushes local-only tags (and their followers) to WeChat, then makes
// the local tags equal WeChat's list. Which followers carry synced tags is
// the follower sync's business (it reads every follower's tagid_list).
func (s *Service) Sync(ctx context.Context, acct *account.Account) (SyncResult, error) {
	var res SyncResult
	api := s.api(acct)
	if api == nil {
		return res, errs.Errorf(errs.Unavailable, "this account has no AppSecret, which WeChat's tag API needs "+
			"(公众号未配置 AppSecret，无法同步微信标签)")
	}
	if err := s.pushLocal(ctx, acct, api, &res); err != nil {
		return res, err
	}
	remote, err := api.ListTags(ctx)
	if err != nil {
		return res, refusal("list tags", err)
	}
	res.Tags = len(remote)
	res.TagImport, err = s.store.ImportTags(ctx, acct.ID, Remote(remote))
	return res, err
}

// Remote converts WeChat's tag list for the store.
func Remote(tags []wxclient.WxTag) []audience.RemoteTag {
	out := make([]audience.RemoteTag, len(tags))
	for i, t := range tags {
		out[i] = audience.RemoteTag{ID: t.ID, Name: t.Name, Count: t.Count}
	}
	return out
}

// PushLocal pushes the account's local-only tags to WeChat; the follower
// sync calls it before importing WeChat's tag list, so that nothing local
// is lost when the profiles' tag lists replace the synced tags.
func (s *Service) PushLocal(ctx context.Context, acct *account.Account) error {
	api := s.api(acct)
	if api == nil {
		return nil
	}
	var res SyncResult
	return s.pushLocal(ctx, acct, api, &res)
}

func (s *Service) pushLocal(ctx context.Context, acct *account.Account, api API, res *SyncResult) error {
	tags, err := s.store.Tags(ctx, acct.ID)
	if err != nil {
		return err
	}
	for _, t := range tags {
		if t.Synced() {
			continue
		}
		n, err := s.push(ctx, acct.ID, api, t.Tag)
		if err != nil {
			return fmt.Errorf("push tag %q to WeChat: %w", t.Name, err)
		}
		res.Pushed, res.PushedFollowers = res.Pushed+1, res.PushedFollowers+n
	}
	return nil
}
