package simulator

import (
	"net/http"
	"slices"
)

// batchTagBody is the body of tags/members/batchtagging and batchuntagging.
type batchTagBody struct {
	OpenIDList []string `json:"openid_list"`
	TagID      *int     `json:"tagid"`
}

// handleBatchTag serves POST /cgi-bin/tags/members/batchtagging: all of at
// most 50 followers get the tag, or none does.
func (p *Platform) handleBatchTag(w http.ResponseWriter, r *http.Request, a *account) {
	p.batchTagging(w, r, a, true)
}

// handleBatchUntag serves POST /cgi-bin/tags/members/batchuntagging.
func (p *Platform) handleBatchUntag(w http.ResponseWriter, r *http.Request, a *account) {
	p.batchTagging(w, r, a, false)
}

func (p *Platform) batchTagging(w http.ResponseWriter, r *http.Request, a *account, add bool) {
	var req batchTagBody
	code := decodeAPIBody(r, &req)
	if code == 0 {
		code = a.retag(req, add)
	}
	p.answer(w, r, a, code, okBody)
}

// retag checks the whole batch before changing anything, like WeChat.
func (a *account) retag(req batchTagBody, add bool) int {
	if len(req.OpenIDList) == 0 || len(req.OpenIDList) > tagBatchMax {
		return ErrOpenIDListSize
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if req.TagID == nil || a.tags.index(*req.TagID) < 0 {
		return ErrInvalidTag
	}
	id := *req.TagID
	fans := make([]*follower, 0, len(req.OpenIDList))
	for _, openid := range req.OpenIDList {
		f, code := a.taggableLocked(openid, id, add)
		if code != 0 {
			return code
		}
		fans = append(fans, f)
	}
	for _, f := range fans {
		f.tags = slices.DeleteFunc(f.tags, func(t int) bool { return t == id })
		if add {
			f.tags = append(f.tags, id)
		}
	}
	return 0
}

// taggableLocked finds a follower whose tags may change: 40003 unknown,
// 43004 not following, 45059 already holding 20 other tags. The caller
// holds a.mu.
func (a *account) taggableLocked(openid string, id int, add bool) (*follower, int) {
	f, ok := a.followers[openid]
	switch {
	case !ok:
		return nil, ErrInvalidOpenID
	case !f.Subscribed:
		return nil, ErrTagUnsubscribed
	case add && !slices.Contains(f.tags, id) && len(f.tags) >= tagsPerFollower:
		return nil, ErrFollowerTagLimit
	}
	return f, 0
}

// handleTagIDList serves POST /cgi-bin/tags/getidlist {"openid"}.
func (p *Platform) handleTagIDList(w http.ResponseWriter, r *http.Request, a *account) {
	var req struct {
		OpenID string `json:"openid"`
	}
	code := decodeAPIBody(r, &req)
	ids := []int{}
	if code == 0 {
		a.mu.Lock()
		if f, ok := a.followers[req.OpenID]; ok {
			ids = append(ids, f.tags...)
		} else {
			code = ErrInvalidOpenID
		}
		a.mu.Unlock()
	}
	p.answer(w, r, a, code, map[string]any{"tagid_list": ids})
}

// tagPage is one page of user/tag/get.
type tagPage struct {
	Count      int           `json:"count"`
	Data       *userListData `json:"data,omitempty"`
	NextOpenID string        `json:"next_openid"`
}

// handleTagMembers serves POST /cgi-bin/user/tag/get {"tagid","next_openid"}:
// the tag's subscribed followers in follow order, 10,000 per page.
func (p *Platform) handleTagMembers(w http.ResponseWriter, r *http.Request, a *account) {
	var req struct {
		TagID      *int   `json:"tagid"`
		NextOpenID string `json:"next_openid"`
	}
	code := decodeAPIBody(r, &req)
	var page tagPage
	if code == 0 {
		page, code = a.tagPage(req.TagID, req.NextOpenID, p.pageSize)
	}
	p.answer(w, r, a, code, page)
}

func (a *account) tagPage(id *int, after string, size int) (tagPage, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if id == nil || a.tags.index(*id) < 0 {
		return tagPage{}, ErrInvalidTag
	}
	start := 0
	if after != "" {
		f, ok := a.followers[after]
		if !ok {
			return tagPage{}, ErrInvalidOpenID
		}
		start = f.seq + 1
	}
	var page tagPage
	for _, openid := range a.order[min(start, len(a.order)):] {
		if page.Count == size {
			break
		}
		if f := a.followers[openid]; f.Subscribed && slices.Contains(f.tags, *id) {
			page.Count++
			page.NextOpenID = openid
			if page.Data == nil {
				page.Data = &userListData{}
			}
			page.Data.OpenID = append(page.Data.OpenID, openid)
		}
	}
	return page, 0
}
