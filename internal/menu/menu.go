// Package menu keeps each account's custom menu (自定义菜单): a draft with
// versions that the editor and the API change, WeChat's limits checked
// before anything is sent, publishing through the menu API (the default
// menu and one conditional menu per tag), and the click replies that
// become rules of the automatic replies when a menu is published, so a
// click is answered, versioned and recorded like every other rule.
package menu

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
)

// Button types WeChat accepts (protocol.md §5.5). TypeClick buttons may carry
// a Reply; TypeView buttons may link a library article instead of a URL.
const (
	TypeClick            = "click"
	TypeView             = "view"
	TypeScanPush         = "scancode_push"
	TypeScanWait         = "scancode_waitmsg"
	TypePicSysPhoto      = "pic_sysphoto"
	TypePicPhotoOrAlbum  = "pic_photo_or_album"
	TypePicWeixin        = "pic_weixin"
	TypeLocationSelect   = "location_select"
	TypeMiniprogram      = "miniprogram"
	TypeArticleID        = "article_id"
	TypeArticleViewLimit = "article_view_limited"
	TypeMediaID          = "media_id"
	TypeViewLimited      = "view_limited"
)

// Types lists every button type in the order the editor offers them.
var Types = []string{TypeClick, TypeView, TypeMiniprogram, TypeScanPush, TypeScanWait, TypePicSysPhoto,
	TypePicPhotoOrAlbum, TypePicWeixin, TypeLocationSelect, TypeArticleID, TypeArticleViewLimit, TypeMediaID, TypeViewLimited}

// Button is one button of a menu. A top-level button with Sub opens a
// sub-menu and has no action of its own.
type Button struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
	// Key is what WeChat sends back in the click event (click, scancode_*,
	// pic_*, location_select); left empty, saving makes one up.
	Key string `json:"key,omitempty"`
	// URL is the page a view button opens (and a mini program's fallback).
	URL string `json:"url,omitempty"`
	// ArticleID links a view button to a library article: its URL is used.
	ArticleID int64 `json:"article_id,omitempty"`
	// WxArticleID is a published WeChat article (article_id types).
	WxArticleID string `json:"wx_article_id,omitempty"`
	MediaID     string `json:"media_id,omitempty"`
	AppID       string `json:"appid,omitempty"`
	PagePath    string `json:"pagepath,omitempty"`
	// Reply answers a click; nil leaves the click to the other rules.
	Reply *Reply   `json:"reply,omitempty"`
	Sub   []Button `json:"sub_button,omitempty"`
}

// Reply is what a click button answers: a text, or a library article sent
// as a news reply.
type Reply struct {
	Text      string `json:"text,omitempty"`
	ArticleID int64  `json:"article_id,omitempty"`
}

// Conditional is a menu shown instead of the default one to followers who
// carry a tag (WeChat's 个性化菜单). TagID is the local tag; it must be
// known to WeChat (wx_tag_id) when the menu is published.
type Conditional struct {
	TagID int64 `json:"tag_id"`
	// ClientPlatform optionally narrows the match: "1" iOS, "2" Android, "3" others.
	ClientPlatform string   `json:"client_platform_type,omitempty"`
	Buttons        []Button `json:"button"`
}

// Document is a whole menu configuration: the default menu and the
// conditional ones, as drafts are saved and the API exchanges them.
type Document struct {
	Buttons     []Button      `json:"button"`
	Conditional []Conditional `json:"conditional,omitempty"`
}

// Version is one saved draft. Versions are immutable; every save adds one.
type Version struct {
	AccountID int64
	Version   int64
	Doc       Document
	Note      string
	CreatedBy int64
	CreatedAt time.Time
}

// Published says which version WeChat shows and the menuids it gave the
// conditional menus, so a new publish can remove them first.
type Published struct {
	AccountID   int64
	Version     int64 // 0: nothing published (or unpublished)
	MenuIDs     []string
	RuleVersion int64 // the rule set version that carries the click replies
	By          int64
	At          time.Time
}

// Clicks counts one menu event key (a click key, or a view URL) over a period.
type Clicks struct {
	Event string // CLICK or VIEW
	Key   string
	N     int64
}

// Tag is a local tag a conditional menu may match; WxTagID 0 means WeChat
// does not know it yet, so a menu for it cannot be published.
type Tag struct {
	ID      int64
	Name    string
	WxTagID int64
}

// Store keeps drafts, what is published, and the click rollups.
type Store interface {
	// SaveMenuVersion stores v as the account's next version and sets its
	// Version and CreatedAt.
	SaveMenuVersion(ctx context.Context, v *Version) error
	// MenuVersion returns one version; errs.NotFound when missing.
	MenuVersion(ctx context.Context, accountID, version int64) (*Version, error)
	// LatestMenuVersion returns the newest version; errs.NotFound when none.
	LatestMenuVersion(ctx context.Context, accountID int64) (*Version, error)
	// MenuVersions lists the newest versions first, at most limit.
	MenuVersions(ctx context.Context, accountID int64, limit int) ([]Version, error)
	// PublishedMenu returns what is published; a zero Published when never.
	PublishedMenu(ctx context.Context, accountID int64) (Published, error)
	// SetPublishedMenu records what was just published (or unpublished).
	SetPublishedMenu(ctx context.Context, p Published) error
	// MenuTagWxID returns the WeChat id of a local tag; errs.NotFound for an
	// unknown tag, 0 for a tag WeChat does not know yet.
	MenuTagWxID(ctx context.Context, accountID, tagID int64) (int64, error)
	// MenuTags lists the account's tags by name, for picking a conditional menu's tag.
	MenuTags(ctx context.Context, accountID int64) ([]Tag, error)
	// MenuClicks sums CLICK and VIEW events per key over local dates [from, to].
	MenuClicks(ctx context.Context, accountID int64, from, to analytics.Date) ([]Clicks, error)
}
