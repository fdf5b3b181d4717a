package audience

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
)

// Tag is a label an account puts on followers (synced with WeChat's tags
// when WxTagID is set).
type Tag struct {
	ID      int64
	Name    string
	WxTagID int64 // 0: a local tag, not (yet) known to WeChat
}

// MaxTagRunes is WeChat's limit on a tag's name (30 bytes there; we count
// characters and leave the byte check to the sync).
const MaxTagRunes = 30

// FollowStep names a subscribe or unsubscribe in a follower's history.
type FollowStep string

// The steps of a follower's relationship with an account.
const (
	StepFollow   FollowStep = "follow"   // the first subscribe on record
	StepUnfollow FollowStep = "unfollow" // an unsubscribe
	StepRefollow FollowStep = "refollow" // a subscribe after anything earlier on record
)

// FollowEvent is one subscribe or unsubscribe push of a follower.
type FollowEvent struct {
	MessageID int64
	At        time.Time
	Subscribe bool       // false: an unsubscribe
	QRScene   string     // the scene of a QR-code subscribe ("qrscene_" removed)
	Step      FollowStep // set by LabelFollows
}

// Profile is what the customer file shows about one follower.
type Profile struct {
	Follower Follower
	Tags     []Tag
	History  []FollowEvent // oldest first, labelled
}

// FirstFollow is when the follower first subscribed, as far as the records
// go; zero when the first record is not a subscribe (they followed before
// fanbase listened, or the push was purged).
func (p *Profile) FirstFollow() time.Time {
	if len(p.History) > 0 {
		if p.History[0].Subscribe {
			return p.History[0].At
		}
		return time.Time{}
	}
	return p.Follower.SubscribedAt
}

// Refollows counts how many times the follower came back.
func (p *Profile) Refollows() int {
	n := 0
	for _, e := range p.History {
		if e.Step == StepRefollow {
			n++
		}
	}
	return n
}

// LabelFollows names each step of a history in time order: the first
// subscribe is a follow, any later one a refollow (even when the unsubscribe
// between them was never received), and every unsubscribe an unfollow.
func LabelFollows(events []FollowEvent) {
	for i := range events {
		switch {
		case !events[i].Subscribe:
			events[i].Step = StepUnfollow
		case i == 0:
			events[i].Step = StepFollow
		default:
			events[i].Step = StepRefollow
		}
	}
}

// MaxFollowHistory bounds the follow history a profile loads.
const MaxFollowHistory = 500

// ProfileStore reads what the customer file needs beyond the follower row,
// and lists followers.
type ProfileStore interface {
	// FollowerTags lists the follower's tags by name.
	FollowerTags(ctx context.Context, accountID int64, openID string) ([]Tag, error)
	// TagFollower puts the tag called name on the follower, creating the
	// tag on first use; tagging twice is not an error.
	TagFollower(ctx context.Context, accountID int64, openID, name string) (Tag, error)
	// UntagFollower takes a tag off the follower; errs.NotFound when it was not on.
	UntagFollower(ctx context.Context, accountID int64, openID string, tagID int64) error
	// FollowHistory lists up to limit subscribe and unsubscribe pushes of
	// the follower, oldest first, Step unset.
	FollowHistory(ctx context.Context, accountID int64, openID string, limit int) ([]FollowEvent, error)
	// ListFollowers lists one page of an account's followers.
	ListFollowers(ctx context.Context, q FollowerQuery) (FollowerPage, error)
	// FollowerTotals counts the account's followers for the list's header.
	FollowerTotals(ctx context.Context, accountID int64) (Totals, error)
}

// Totals sizes an account's audience.
type Totals struct {
	Known      int64 // every follower fanbase has seen
	Subscribed int64 // those following now
}

// ProfileReader is the storage LoadProfile reads.
type ProfileReader interface {
	Store
	ProfileStore
}

// FileStore is everything the customer file reads and writes.
type FileStore interface {
	Store
	ProfileStore
	NoteStore
}

// LoadProfile gathers the customer file of a follower: the row, its tags
// and its labelled follow history. An unknown follower is errs.NotFound.
func LoadProfile(ctx context.Context, s ProfileReader, accountID int64, openID string) (*Profile, error) {
	f, err := s.Follower(ctx, accountID, openID)
	if err != nil {
		return nil, fmt.Errorf("audience: profile of %s: %w", openID, err)
	}
	tags, err := s.FollowerTags(ctx, accountID, openID)
	if err != nil {
		return nil, fmt.Errorf("audience: tags of %s: %w", openID, err)
	}
	hist, err := s.FollowHistory(ctx, accountID, openID, MaxFollowHistory)
	if err != nil {
		return nil, fmt.Errorf("audience: follow history of %s: %w", openID, err)
	}
	LabelFollows(hist)
	return &Profile{Follower: *f, Tags: tags, History: hist}, nil
}

// CleanTagName trims a tag name typed by a user and checks its length.
func CleanTagName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errs.Errorf(errs.Invalid, "the tag name is empty (标签名不能为空)")
	}
	if utf8.RuneCountInString(name) > MaxTagRunes {
		return "", errs.Errorf(errs.Invalid, "a tag name has at most %d characters (标签名不能超过 %d 个字)",
			MaxTagRunes, MaxTagRunes)
	}
	return name, nil
}

// FollowerStatus filters a follower list by whether they follow now.
type FollowerStatus string

// The follower list's filters.
const (
	StatusAll          FollowerStatus = ""
	StatusSubscribed   FollowerStatus = "subscribed"
	StatusUnsubscribed FollowerStatus = "unsubscribed"
)

// ParseFollowerStatus reads the filter from a query string; anything
// unknown lists everyone.
func ParseFollowerStatus(s string) FollowerStatus {
	switch FollowerStatus(s) {
	case StatusSubscribed, StatusUnsubscribed:
		return FollowerStatus(s)
	}
	return StatusAll
}

// Page sizes of the follower list.
const (
	DefaultFollowerPage = 50
	MaxFollowerPage     = 500
)

// FollowerQuery asks for one page of an account's followers, newest first
// (by when fanbase first saw them).
type FollowerQuery struct {
	AccountID int64
	// Search matches the start of the nickname, the remark or (from
	// MinOpenIDSearch characters) the openid; case-sensitive.
	Search string
	Status FollowerStatus
	After  FollowerCursor // zero: the first page
	Limit  int            // 0: DefaultFollowerPage
}

// MinOpenIDSearch is the shortest search that is also tried as an openid
// prefix: the openids of one account share their first characters, so a
// shorter prefix would match everyone.
const MinOpenIDSearch = 8

// FollowerPage is one page of a follower list.
type FollowerPage struct {
	Followers []Follower
	Next      FollowerCursor // zero: this is the last page
}

// FollowerCursor is the position after the last follower of a page.
type FollowerCursor struct {
	FirstSeenAt time.Time
	OpenID      string
}

// IsZero reports whether the cursor points at the start.
func (c FollowerCursor) IsZero() bool { return c.OpenID == "" }

// String encodes the cursor for a URL ("" for the start).
func (c FollowerCursor) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.FirstSeenAt.UnixMilli(), 10) + "_" + c.OpenID
}

// ParseFollowerCursor decodes String's output; "" is the start.
func ParseFollowerCursor(s string) (FollowerCursor, error) {
	if s == "" {
		return FollowerCursor{}, nil
	}
	ms, openID, ok := strings.Cut(s, "_")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || openID == "" || n < 0 {
		return FollowerCursor{}, errs.Errorf(errs.Invalid, "bad page cursor %q (分页参数无效)", s)
	}
	return FollowerCursor{FirstSeenAt: time.UnixMilli(n).UTC(), OpenID: openID}, nil
}
