package audience

import (
	"context"
	"time"
)

// TagCount is one of an account's tags with how many followers carry it.
// Known counts the followers fanbase knows carry it (from follower syncs
// and tagging here). WxCount is WeChat's own count from the last tag
// import (tags/get), kept current by tagging through fanbase; counting
// followers who follow now would join the whole follower table.
type TagCount struct {
	Tag
	Known      int64
	WxCount    int64
	HasWxCount bool      // false: a local tag, or not imported since the count was kept
	WxCountAt  time.Time // when WeChat last told the count
}

// Synced reports whether WeChat knows the tag (it has a WeChat id).
func (t *Tag) Synced() bool { return t.WxTagID != 0 }

// RemoteTag is a tag as WeChat's tags/get lists it; Count is WeChat's own
// count of its followers.
type RemoteTag struct {
	ID    int64
	Name  string
	Count int
}

// TagImport says what importing WeChat's tag list changed locally.
type TagImport struct {
	Added, Renamed, Adopted, Removed int
}

// TagStore keeps an account's tags and which followers carry them. Names
// are unique per account; a tag with WxTagID 0 lives only here until it is
// pushed to WeChat.
type TagStore interface {
	// Tags lists the account's tags by name, with follower counts.
	Tags(ctx context.Context, accountID int64) ([]TagCount, error)
	// Tag returns one tag; errs.NotFound when the account has no such tag.
	Tag(ctx context.Context, accountID, id int64) (Tag, error)
	// TagByName returns the tag called name; errs.NotFound when none.
	TagByName(ctx context.Context, accountID int64, name string) (Tag, error)
	// CreateTag stores a new tag (wxTagID 0 for a local one);
	// errs.Conflict when the name is taken.
	CreateTag(ctx context.Context, accountID int64, name string, wxTagID int64) (Tag, error)
	// RenameTag renames a tag; errs.Conflict when the name is taken.
	RenameTag(ctx context.Context, accountID, id int64, name string) error
	// SetTagWxID records the WeChat id a local tag was given.
	SetTagWxID(ctx context.Context, accountID, id, wxTagID int64) error
	// DeleteTag deletes a tag and takes it off every follower.
	DeleteTag(ctx context.Context, accountID, id int64) error
	// AddTagFollowers puts the tag on the followers (already tagged ones
	// stay as they are); it returns how many were newly tagged.
	AddTagFollowers(ctx context.Context, accountID, tagID int64, openIDs []string) (int64, error)
	// RemoveTagFollowers takes the tag off the followers; it returns how
	// many carried it.
	RemoveTagFollowers(ctx context.Context, accountID, tagID int64, openIDs []string) (int64, error)
	// TagFollowerIDs returns up to limit openids carrying the tag, after
	// the openid after, in openid order (to push a local tag's followers).
	TagFollowerIDs(ctx context.Context, accountID, tagID int64, after string, limit int) ([]string, error)
	// ImportTags makes the local tags equal WeChat's list: tags WeChat
	// lists are added or renamed (a local-only tag of the same name adopts
	// WeChat's id), synced tags WeChat no longer lists are deleted; local
	// tags WeChat never knew are kept.
	ImportTags(ctx context.Context, accountID int64, tags []RemoteTag) (TagImport, error)
}
