package simulator

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
)

// Limits of the tag APIs (protocol.md §5.6).
const (
	tagMax           = 100    // tags per account (45056)
	tagNameMaxBytes  = 30     // tag name in UTF-8 bytes (45158)
	tagsPerFollower  = 20     // tags one follower may hold (45059)
	tagBatchMax      = 50     // openids per batchtagging / batchuntagging (40032)
	tagDeleteMaxFans = 100000 // a tag with more followers cannot be deleted (45057)
	firstTagID       = 100    // WeChat hands out ids from about here; 0/1/2 are reserved
	reservedTagMax   = 2      // ids 0 (untagged), 1 (blacklist), 2 (starred)
)

// Errcodes of the tag APIs.
const (
	ErrTagUnsubscribed  = 43004
	ErrTooManyTags      = 45056
	ErrTagTooManyFans   = 45057
	ErrReservedTag      = 45058
	ErrFollowerTagLimit = 45059
	ErrTagName          = 45157
	ErrTagNameTooLong   = 45158
	ErrInvalidTag       = 45159
)

// The errmsgs live beside the APIs that answer them; init adds them to the
// table errorBody reads.
func init() {
	maps.Copy(errmsgs, map[int]string{
		ErrTagUnsubscribed:  "require subscribe",
		ErrTooManyTags:      "too many tags",
		ErrTagTooManyFans:   "tag has too many fans, untag them first",
		ErrReservedTag:      "can't modify sys tag",
		ErrFollowerTagLimit: "user's tag count exceeds limit",
		ErrTagName:          "invalid tag name",
		ErrTagNameTooLong:   "tag name too long",
		ErrInvalidTag:       "invalid tag id",
	})
}

// Tag is one of the account's tags as tags/get shows it; Count is the
// number of subscribed followers carrying it.
type Tag struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// tagBook holds an account's tags in creation order; guarded by account.mu.
type tagBook struct {
	list   []Tag // Count unused here; computed from the followers
	nextID int
}

func (b *tagBook) index(id int) int {
	return slices.IndexFunc(b.list, func(t Tag) bool { return t.ID == id })
}

// decodeAPIBody reads a JSON object body: 44002 when empty, 47001 when it
// is not a JSON object of the expected shape.
func decodeAPIBody(r *http.Request, v any) int {
	_, code := readJSONObject(r.Body, v)
	return code
}

// readJSONObject reads a body into v and returns it as sent: 44002 when
// empty, 47001 when it is not a JSON object of the expected shape.
func readJSONObject(body io.Reader, v any) ([]byte, int) {
	raw, err := io.ReadAll(body)
	t := bytes.TrimSpace(raw)
	switch {
	case err != nil:
		return nil, ErrDataFormat
	case len(t) == 0:
		return nil, ErrEmptyBody
	case t[0] != '{' || json.Unmarshal(t, v) != nil:
		return nil, ErrDataFormat
	}
	return raw, 0
}

// answer writes v, or WeChat's error when code is not 0.
func (p *Platform) answer(w http.ResponseWriter, r *http.Request, a *account, code int, v any) {
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// tagBody is the body of tags/create, tags/update and tags/delete.
type tagBody struct {
	Tag struct {
		ID   *int   `json:"id"`
		Name string `json:"name"`
	} `json:"tag"`
}

// handleTagCreate serves POST /cgi-bin/tags/create {"tag":{"name"}}.
func (p *Platform) handleTagCreate(w http.ResponseWriter, r *http.Request, a *account) {
	var req tagBody
	code := decodeAPIBody(r, &req)
	var t Tag
	if code == 0 {
		t, code = a.createTag(req.Tag.Name)
	}
	p.answer(w, r, a, code, map[string]any{"tag": map[string]any{"id": t.ID, "name": t.Name}})
}

func (a *account) createTag(name string) (Tag, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if code := a.checkTagName(name, -1); code != 0 {
		return Tag{}, code
	}
	if len(a.tags.list) >= tagMax {
		return Tag{}, ErrTooManyTags
	}
	if a.tags.nextID < firstTagID {
		a.tags.nextID = firstTagID
	}
	t := Tag{ID: a.tags.nextID, Name: name}
	a.tags.nextID++
	a.tags.list = append(a.tags.list, t)
	return t, 0
}

// checkTagName applies WeChat's name rules; self is the id being renamed,
// which may keep its own name. The caller holds a.mu.
func (a *account) checkTagName(name string, self int) int {
	switch {
	case name == "":
		return ErrTagName
	case len(name) > tagNameMaxBytes:
		return ErrTagNameTooLong
	}
	for _, t := range a.tags.list {
		if t.Name == name && t.ID != self {
			return ErrTagName
		}
	}
	return 0
}

// handleTagList serves GET /cgi-bin/tags/get.
func (p *Platform) handleTagList(w http.ResponseWriter, r *http.Request, a *account) {
	writeJSON(w, http.StatusOK, map[string]any{"tags": a.tagList()})
}

// tagList returns the tags with their counts of subscribed followers.
func (a *account) tagList() []Tag {
	a.mu.Lock()
	defer a.mu.Unlock()
	counts := map[int]int{}
	for _, f := range a.followers {
		if f.Subscribed {
			for _, id := range f.tags {
				counts[id]++
			}
		}
	}
	out := make([]Tag, 0, len(a.tags.list))
	for _, t := range a.tags.list {
		t.Count = counts[t.ID]
		out = append(out, t)
	}
	return out
}

// handleTagUpdate serves POST /cgi-bin/tags/update {"tag":{"id","name"}}.
func (p *Platform) handleTagUpdate(w http.ResponseWriter, r *http.Request, a *account) {
	var req tagBody
	code := decodeAPIBody(r, &req)
	if code == 0 {
		code = a.renameTag(req.Tag.ID, req.Tag.Name)
	}
	p.answer(w, r, a, code, okBody)
}

func (a *account) renameTag(id *int, name string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	i, code := a.userTagLocked(id)
	if code == 0 {
		code = a.checkTagName(name, *id)
	}
	if code != 0 {
		return code
	}
	a.tags.list[i].Name = name
	return 0
}

// userTagLocked finds a tag the developer may change: 45058 for the
// reserved ids, 45159 for a missing or unknown id. The caller holds a.mu.
func (a *account) userTagLocked(id *int) (int, int) {
	switch {
	case id == nil:
		return -1, ErrInvalidTag
	case *id >= 0 && *id <= reservedTagMax:
		return -1, ErrReservedTag
	}
	i := a.tags.index(*id)
	if i < 0 {
		return -1, ErrInvalidTag
	}
	return i, 0
}

// handleTagDelete serves POST /cgi-bin/tags/delete {"tag":{"id"}}; the tag
// leaves every follower.
func (p *Platform) handleTagDelete(w http.ResponseWriter, r *http.Request, a *account) {
	var req tagBody
	code := decodeAPIBody(r, &req)
	if code == 0 {
		code = a.deleteTag(req.Tag.ID)
	}
	p.answer(w, r, a, code, okBody)
}

func (a *account) deleteTag(id *int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	i, code := a.userTagLocked(id)
	if code != 0 {
		return code
	}
	fans := 0
	for _, f := range a.followers {
		if slices.Contains(f.tags, *id) {
			fans++
		}
	}
	if fans > tagDeleteMaxFans {
		return ErrTagTooManyFans
	}
	for _, f := range a.followers {
		f.tags = slices.DeleteFunc(f.tags, func(t int) bool { return t == *id })
	}
	a.tags.list = slices.Delete(a.tags.list, i, i+1)
	return 0
}

// Tags returns the account's tags with their follower counts, for tests and
// the demo.
func (p *Platform) Tags(appid string) []Tag {
	a, err := p.lookup(appid)
	if err != nil {
		return nil
	}
	return a.tagList()
}

// FollowerTags returns the tag ids one follower holds.
func (p *Platform) FollowerTags(appid, openid string) []int {
	a, err := p.lookup(appid)
	if err != nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if f, ok := a.followers[openid]; ok {
		return slices.Clone(f.tags)
	}
	return nil
}
