package wxclient

import (
	"context"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// MaxTagBatch is how many openids one batchtagging or batchuntagging call
// may carry; callers split longer lists.
const MaxTagBatch = 50

const (
	tagCreatePath  = "/cgi-bin/tags/create"
	tagListPath    = "/cgi-bin/tags/get"
	tagUpdatePath  = "/cgi-bin/tags/update"
	tagDeletePath  = "/cgi-bin/tags/delete"
	tagBatchPath   = "/cgi-bin/tags/members/batchtagging"
	tagUnbatchPath = "/cgi-bin/tags/members/batchuntagging"
	tagIDListPath  = "/cgi-bin/tags/getidlist"
)

// WxTag is one of the account's tags as WeChat lists it (protocol.md §5.6).
// Count is WeChat's own count of followers carrying the tag.
type WxTag struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

type tagRef struct {
	ID   *int64 `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// CreateTag creates a tag and returns the id WeChat gave it. Not retried on
// transport errors: a lost answer would make the retry fail with 45157.
func (a *Account) CreateTag(ctx context.Context, name string) (int64, error) {
	if name == "" {
		return 0, errs.Errorf(errs.Invalid, "a tag needs a name (标签名不能为空)")
	}
	var out struct {
		Tag WxTag `json:"tag"`
	}
	in := map[string]tagRef{"tag": {Name: name}}
	if err := a.call(ctx, http.MethodPost, tagCreatePath, nil, in, &out, false); err != nil {
		return 0, err
	}
	return out.Tag.ID, nil
}

// UpdateTag renames a tag. Renaming to the same name twice is harmless, so
// the call may be retried.
func (a *Account) UpdateTag(ctx context.Context, id int64, name string) error {
	if name == "" {
		return errs.Errorf(errs.Invalid, "a tag needs a name (标签名不能为空)")
	}
	in := map[string]tagRef{"tag": {ID: &id, Name: name}}
	return a.call(ctx, http.MethodPost, tagUpdatePath, nil, in, nil, true)
}

// DeleteTag deletes a tag; WeChat removes it from every follower. Not
// retried: a lost answer would make the retry fail with "invalid tag".
func (a *Account) DeleteTag(ctx context.Context, id int64) error {
	in := map[string]tagRef{"tag": {ID: &id}}
	return a.call(ctx, http.MethodPost, tagDeletePath, nil, in, nil, false)
}

// ListTags returns all of the account's tags, reserved ones included.
func (a *Account) ListTags(ctx context.Context) ([]WxTag, error) {
	var out struct {
		Tags []WxTag `json:"tags"`
	}
	if err := a.Call(ctx, http.MethodGet, tagListPath, nil, nil, &out); err != nil {
		return nil, err
	}
	if out.Tags == nil {
		out.Tags = []WxTag{}
	}
	return out.Tags, nil
}

// TagFollowers puts the tag on up to MaxTagBatch followers; WeChat applies
// all or none. Longer lists are refused locally with *Error 40032.
func (a *Account) TagFollowers(ctx context.Context, tagID int64, openIDs []string) error {
	return a.batchTag(ctx, tagBatchPath, tagID, openIDs)
}

// UntagFollowers takes the tag off up to MaxTagBatch followers.
func (a *Account) UntagFollowers(ctx context.Context, tagID int64, openIDs []string) error {
	return a.batchTag(ctx, tagUnbatchPath, tagID, openIDs)
}

// batchTag sends one (un)tagging batch. Applying a tag twice leaves the
// same state, so the POST may be retried.
func (a *Account) batchTag(ctx context.Context, path string, tagID int64, openIDs []string) error {
	if len(openIDs) == 0 || len(openIDs) > MaxTagBatch {
		return refuse(CodeInvalidOpenIDList, path,
			"1 to %d openids per tagging call, got %d (每次可为 1 至 %d 个用户打标签)", MaxTagBatch, len(openIDs), MaxTagBatch)
	}
	in := struct {
		OpenIDList []string `json:"openid_list"`
		TagID      int64    `json:"tagid"`
	}{openIDs, tagID}
	return a.call(ctx, http.MethodPost, path, nil, in, nil, true)
}

// FollowerTagIDs returns the ids of the tags one follower carries.
func (a *Account) FollowerTagIDs(ctx context.Context, openID string) ([]int64, error) {
	if openID == "" {
		return nil, errs.Errorf(errs.Invalid, "listing tags needs an openid (查询用户标签缺少 openid)")
	}
	var out struct {
		TagIDList []int64 `json:"tagid_list"`
	}
	in := map[string]string{"openid": openID}
	if err := a.call(ctx, http.MethodPost, tagIDListPath, nil, in, &out, true); err != nil {
		return nil, err
	}
	if out.TagIDList == nil {
		out.TagIDList = []int64{}
	}
	return out.TagIDList, nil
}
