package api

import (
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// tagCountJSON is one of the account's tags with its follower counts.
type tagCountJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	WxTagID   int64  `json:"wx_tag_id,omitempty"` // absent: not at WeChat yet
	Synced    bool   `json:"synced"`
	WxCount   *int64 `json:"wx_count"`              // WeChat's count; null for a local tag
	WxCountAt string `json:"wx_count_at,omitempty"` // when WeChat last told it
	Known     int64  `json:"known"`                 // followers fanbase knows carry it
}

func toTagCountJSON(t audience.TagCount) tagCountJSON {
	out := tagCountJSON{ID: t.ID, Name: t.Name, WxTagID: t.WxTagID, Synced: t.Synced(), Known: t.Known}
	if t.HasWxCount {
		n := t.WxCount
		out.WxCount, out.WxCountAt = &n, stamp(t.WxCountAt)
	}
	return out
}

type tagRequest struct {
	Name string `json:"name"`
}

type tagFollowersRequest struct {
	OpenIDs []string `json:"openids"`
}

// tagFollowersJSON answers a tagging request: how many WeChat accepted and
// who it refused.
type tagFollowersJSON struct {
	Requested int                 `json:"requested"`
	Accepted  int                 `json:"accepted"`
	Rejected  []tagRejectionJSON  `json:"rejected"`
	Error     *errorBodyForTagged `json:"error,omitempty"`
}

type tagRejectionJSON struct {
	OpenID  string `json:"openid"`
	ErrCode int    `json:"errcode"`
	Reason  string `json:"reason"`
}

// errorBodyForTagged says why a partly done request stopped.
type errorBodyForTagged struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

var errNoTags = errs.Errorf(errs.Unavailable, "tags are not available (用户标签功能不可用)")

// handleTagList lists the account's tags by name with their follower counts.
func (a *API) handleTagList(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Tags == nil {
		return errNoTags
	}
	tags, err := a.Tags.List(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	items := make([]tagCountJSON, 0, len(tags))
	for _, t := range tags {
		items = append(items, toTagCountJSON(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// handleTagCreate creates a tag at WeChat, then locally (201).
func (a *API) handleTagCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Tags == nil {
		return errNoTags
	}
	var req tagRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	t, err := a.Tags.Create(r.Context(), c.Account, req.Name)
	if err != nil {
		return err
	}
	a.audit(r, c, "tag.create", tagTarget(t.ID), fmt.Sprintf("name=%q via API", t.Name))
	writeJSON(w, http.StatusCreated, toTagCountJSON(audience.TagCount{Tag: t}))
	return nil
}

// handleTagUpdate renames a tag at WeChat, then locally.
func (a *API) handleTagUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := a.tagID(r)
	if err != nil {
		return err
	}
	var req tagRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	t, err := a.Tags.Rename(r.Context(), c.Account, id, req.Name)
	if err != nil {
		return err
	}
	a.audit(r, c, "tag.rename", tagTarget(id), fmt.Sprintf("name=%q via API", t.Name))
	return a.writeTag(w, r, c, id)
}

// handleTagDelete deletes a tag at WeChat and locally; it answers the tag
// as it was.
func (a *API) handleTagDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := a.tagID(r)
	if err != nil {
		return err
	}
	old, err := a.tagCount(r, c, id)
	if err != nil {
		return err
	}
	if _, err := a.Tags.Delete(r.Context(), c.Account, id); err != nil {
		return err
	}
	a.audit(r, c, "tag.delete", tagTarget(id), fmt.Sprintf("name=%q via API", old.Name))
	writeJSON(w, http.StatusOK, toTagCountJSON(old))
	return nil
}

// handleTagFollowersAdd tags up to 10,000 followers (POST) and
// handleTagFollowersRemove untags them (DELETE).
func (a *API) handleTagFollowersAdd(w http.ResponseWriter, r *http.Request, c *call) error {
	return a.tagFollowers(w, r, c, true)
}

func (a *API) handleTagFollowersRemove(w http.ResponseWriter, r *http.Request, c *call) error {
	return a.tagFollowers(w, r, c, false)
}

// tagFollowers answers 200 with what WeChat accepted, also when it stopped
// midway (quota, network) after accepting some: then "error" says why the
// rest was not done. A request that changed nothing answers the error.
func (a *API) tagFollowers(w http.ResponseWriter, r *http.Request, c *call, add bool) error {
	id, err := a.tagID(r)
	if err != nil {
		return err
	}
	var req tagFollowersRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if len(req.OpenIDs) == 0 {
		return errs.Errorf(errs.Invalid, "openids is empty (openids 不能为空)")
	}
	res, err := a.Tags.Apply(r.Context(), c.Account, id, req.OpenIDs, add)
	if err != nil && res.Accepted == 0 {
		return err
	}
	out := tagFollowersJSON{Requested: res.Requested, Accepted: res.Accepted, Rejected: []tagRejectionJSON{}}
	for _, rj := range res.Rejected {
		out.Rejected = append(out.Rejected, tagRejectionJSON{rj.OpenID, rj.Code, rj.Reason})
	}
	if err != nil {
		out.Error = &errorBodyForTagged{Code: string(errs.CodeOf(err)), Message: err.Error()}
	}
	action := "tag.followers.add"
	if !add {
		action = "tag.followers.remove"
	}
	a.audit(r, c, action, tagTarget(id), fmt.Sprintf("requested=%d accepted=%d via API", res.Requested, res.Accepted))
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) tagID(r *http.Request) (int64, error) {
	if a.Tags == nil {
		return 0, errNoTags
	}
	return pathID(r, "id")
}

// tagCount finds one tag with its counts.
func (a *API) tagCount(r *http.Request, c *call, id int64) (audience.TagCount, error) {
	tags, err := a.Tags.List(r.Context(), c.Account.ID)
	if err != nil {
		return audience.TagCount{}, err
	}
	for _, t := range tags {
		if t.ID == id {
			return t, nil
		}
	}
	return audience.TagCount{}, errs.Errorf(errs.NotFound, "tag %d not found (标签不存在)", id)
}

func (a *API) writeTag(w http.ResponseWriter, r *http.Request, c *call, id int64) error {
	t, err := a.tagCount(r, c, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toTagCountJSON(t))
	return nil
}

// tagTarget names a tag in the audit log, as the web app does.
func tagTarget(id int64) string { return fmt.Sprintf("tag:%d", id) }
