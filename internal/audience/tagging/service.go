// Package tagging keeps an account's tags in step with WeChat's: tags are
// created, renamed and deleted at WeChat first and then locally, and
// followers are tagged in WeChat's batches of 50, the local follower_tags
// recording exactly what WeChat accepted. Tags made while an account had no
// AppSecret (or before this package existed) live only locally until the
// next tag sync or their first use pushes them to WeChat.
package tagging

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// API is WeChat's tag API for one account; *wxclient.Account satisfies it.
type API interface {
	CreateTag(ctx context.Context, name string) (int64, error)
	UpdateTag(ctx context.Context, id int64, name string) error
	DeleteTag(ctx context.Context, id int64) error
	ListTags(ctx context.Context) ([]wxclient.WxTag, error)
	TagFollowers(ctx context.Context, tagID int64, openIDs []string) error
	UntagFollowers(ctx context.Context, tagID int64, openIDs []string) error
}

// Resolver gives the tag API of an account, or nil when the account cannot
// call WeChat (no AppSecret): its tags then stay local until it can.
type Resolver func(acct *account.Account) API

// Limits of the service.
const (
	// MaxApply is how many openids one Apply may carry (200 WeChat calls).
	MaxApply = 10000
	// MaxNameBytes is WeChat's limit on a tag name (45158).
	MaxNameBytes = 30
	// MaxTags is how many tags WeChat lets an account have (45056).
	MaxTags = 100
)

// Service manages tags; safe for concurrent use.
type Service struct {
	store  audience.TagStore
	wechat Resolver
	log    *slog.Logger
}

// New builds the service; log may be nil.
func New(store audience.TagStore, wechat Resolver, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{store: store, wechat: wechat, log: log}
}

func (s *Service) api(acct *account.Account) API {
	if s.wechat == nil {
		return nil
	}
	return s.wechat(acct)
}

// List returns the account's tags by name with their follower counts.
func (s *Service) List(ctx context.Context, accountID int64) ([]audience.TagCount, error) {
	return s.store.Tags(ctx, accountID)
}

// Get returns one tag.
func (s *Service) Get(ctx context.Context, accountID, id int64) (audience.Tag, error) {
	return s.store.Tag(ctx, accountID, id)
}

// CleanName trims a typed tag name and checks it against WeChat's rules, so
// a local tag can be pushed later.
func CleanName(name string) (string, error) {
	name, err := audience.CleanTagName(name)
	if err != nil {
		return "", err
	}
	if len(name) > MaxNameBytes {
		return "", errs.Errorf(errs.Invalid, "a tag name has at most %d bytes at WeChat (about 10 Chinese characters), %q has %d "+
			"(标签名最长 %d 个字节，约 10 个汉字，“%s”有 %d 个字节)", MaxNameBytes, name, len(name), MaxNameBytes, name, len(name))
	}
	return name, nil
}

// refusal turns WeChat's refusal of a tag call into an error people can act
// on, with WeChat's errcode and its meaning in both languages; a call that
// got no answer is Unavailable. Application errors pass through wrapped.
func refusal(what string, err error) error {
	var we *wxclient.Error
	switch {
	case errors.As(err, &we):
	case errs.CodeOf(err) != errs.Internal || errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: %w", what, err)
	default: // the call did not get an answer: network, timeout
		return errs.Errorf(errs.Unavailable, "could not reach WeChat to %s, try again later: %v (无法连接微信，请稍后重试)", what, err)
	}
	zh, en := wxclient.Describe(we.Code)
	hint, hintZH := hintFor(we.Code)
	return errs.Errorf(errs.CodeOf(we), "WeChat refused to %s: %s (errcode %d)%s (微信拒绝了操作：%s%s)",
		what, en, we.Code, hint, zh, hintZH)
}

// hintFor says what to do about the refusals people can fix.
func hintFor(code int) (en, zh string) {
	switch code {
	case wxclient.CodeDuplicateTagName:
		return "; sync tags from WeChat to see it", "；可从微信同步标签后查看"
	case wxclient.CodeTooManyTags:
		return "; delete a tag first", "；请先删除不用的标签"
	case wxclient.CodeReservedTag:
		return "; tags 0, 1 and 2 belong to WeChat", "；0、1、2 号标签为微信系统保留"
	case wxclient.CodeFollowerTagLimit:
		return "; a follower holds at most 20 tags", "；每位粉丝最多 20 个标签"
	case wxclient.CodeInvalidTag:
		return "; it was deleted at WeChat, sync tags from WeChat", "；该标签可能已在微信后台删除，请同步标签"
	}
	return "", ""
}

// noAPI is the error for changing a synced tag of an account that cannot
// call WeChat.
func noAPI() error {
	return errs.Errorf(errs.Unavailable, "this account has no AppSecret, so its WeChat tags cannot be changed "+
		"(公众号未配置 AppSecret，无法修改微信标签)")
}
