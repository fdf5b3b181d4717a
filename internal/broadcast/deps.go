package broadcast

import (
	"context"
	"log/slog"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// WeChat is the part of the API client (one account's) that broadcasts use;
// *wxclient.Account implements it.
type WeChat interface {
	SendAll(ctx context.Context, tagID int64, c wxclient.MassContent, clientMsgID string) (wxclient.MassResult, error)
	SendMass(ctx context.Context, openIDs []string, c wxclient.MassContent, clientMsgID string) (wxclient.MassResult, error)
	Preview(ctx context.Context, openID, wxName string, c wxclient.MassContent) (int64, error)
	SendTemplate(ctx context.Context, m wxclient.TemplateMessage) (int64, error)
	CreateTag(ctx context.Context, name string) (int64, error)
	ListTags(ctx context.Context) ([]wxclient.WxTag, error)
	DeleteTag(ctx context.Context, id int64) error
	TagFollowers(ctx context.Context, tagID int64, openIDs []string) error
}

// Segments resolves a saved segment's members (segment.Service implements it).
type Segments interface {
	OpenIDs(ctx context.Context, accountID, segmentID int64, afterOpenID string, limit int) ([]string, error)
}

// Tags is what a tag audience needs: the local tag, and pushing it to
// WeChat when it has no WeChat id yet (the audience tag store).
type Tags interface {
	Tag(ctx context.Context, accountID, id int64) (audience.Tag, error)
	SetTagWxID(ctx context.Context, accountID, id, wxTagID int64) error
	TagFollowerIDs(ctx context.Context, accountID, tagID int64, after string, limit int) ([]string, error)
}

// Drafts turns library articles into the media_id of a WeChat draft, the
// only form in which WeChat mass-sends news (app wires internal/content/wxdraft).
type Drafts interface {
	// Check refuses, without calling WeChat, articles a draft would not take.
	Check(ctx context.Context, accountID int64, articleIDs []int64) error
	// MediaID uploads the covers and saves the draft; each call makes a new draft.
	MediaID(ctx context.Context, acct *account.Account, articleIDs []int64) (string, error)
}

// Publisher tells open pages that a broadcast changed (the live hub).
type Publisher interface {
	PublishKind(accountID int64, kind, data string)
}

// Deps are what the service needs. Store and API are required; without
// Segments, segment audiences are refused; without Hours, no peak hours
// are suggested.
type Deps struct {
	Store    Store
	API      func(a *account.Account) WeChat
	Segments Segments
	Tags     Tags
	Hours    func(ctx context.Context, accountIDs []int64, from, to analytics.Date) ([24]int64, error)
	Drafts   Drafts // news from the article library; without it, news needs a typed media_id
	Live     Publisher
	Logger   *slog.Logger
	Now      func() time.Time
	// MaxBatch is how many openids one mass/send call carries; 0 means
	// WeChat's limit of 10,000 (tests use fewer to stay small).
	MaxBatch int
}
