package api

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/audience"
)

// followerFileJSON is the customer file: the follower, their tags, how
// they followed and left, notes, the reply window and recent history.
type followerFileJSON struct {
	followerJSON
	FirstFollowAt string        `json:"first_follow_at,omitempty"`
	Refollows     int           `json:"refollows"`
	Tags          []tagJSON     `json:"tags"`
	FollowHistory []followJSON  `json:"follow_history"`
	Notes         []noteJSON    `json:"notes"`
	Window        *windowJSON   `json:"window,omitempty"`
	Timeline      *timelineJSON `json:"timeline,omitempty"`
}

type tagJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type followJSON struct {
	At      string `json:"at"`
	Step    string `json:"step"` // follow, unfollow or refollow
	QRScene string `json:"qr_scene,omitempty"`
}

type noteJSON struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"` // note or feedback
	Body       string `json:"body"`
	AuthorID   int64  `json:"author_id,omitempty"`
	AuthorName string `json:"author_name,omitempty"`
	CreatedAt  string `json:"created_at"`
}

// notesShown bounds the notes a customer file lists.
const notesShown = 50

// handleFollowerGet shows the customer file of one follower; ?cursor=
// pages the timeline back in time.
func (a *API) handleFollowerGet(w http.ResponseWriter, r *http.Request, c *call) error {
	openID := r.PathValue("openid")
	prof, err := audience.LoadProfile(r.Context(), a.Followers, c.Account.ID, openID)
	if err != nil {
		return err
	}
	out := toFollowerFileJSON(prof)
	if err := a.addNotes(r, c, openID, &out); err != nil {
		return err
	}
	if err := a.addDesk(r, c, openID, &out); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func toFollowerFileJSON(p *audience.Profile) followerFileJSON {
	out := followerFileJSON{followerJSON: toFollowerJSON(&p.Follower), FirstFollowAt: stamp(p.FirstFollow()),
		Refollows: p.Refollows(), Tags: []tagJSON{}, FollowHistory: []followJSON{}, Notes: []noteJSON{}}
	for _, t := range p.Tags {
		out.Tags = append(out.Tags, tagJSON{t.ID, t.Name})
	}
	for _, e := range p.History {
		out.FollowHistory = append(out.FollowHistory, followJSON{stamp(e.At), string(e.Step), e.QRScene})
	}
	return out
}

func (a *API) addNotes(r *http.Request, c *call, openID string, out *followerFileJSON) error {
	if a.Notes == nil {
		return nil
	}
	notes, err := a.Notes.FollowerNotes(r.Context(), c.Account.ID, openID, notesShown)
	if err != nil {
		return err
	}
	for _, n := range notes {
		out.Notes = append(out.Notes, noteJSON{n.ID, string(n.Kind), n.Body, n.AuthorID, n.AuthorName, stamp(n.CreatedAt)})
	}
	return nil
}

// addDesk adds the reply window and a page of history when the desk runs.
func (a *API) addDesk(r *http.Request, c *call, openID string, out *followerFileJSON) error {
	if a.Desk == nil {
		return nil
	}
	p, err := parsePage(r, 1)
	if err != nil {
		return err
	}
	before := int64(0)
	if p.Cursor != nil {
		before = p.Cursor[0]
	}
	win, err := a.Desk.Window(r.Context(), c.Account, openID, a.Now())
	if err != nil {
		return err
	}
	limit := timelineLimit
	if r.URL.Query().Get("limit") != "" {
		limit = p.Limit
	}
	tl, err := a.Desk.Timeline(r.Context(), c.Account.ID, openID, before, limit)
	if err != nil {
		return err
	}
	wj, tj := toWindowJSON(win), toTimelineJSON(tl)
	out.Window, out.Timeline = &wj, &tj
	return nil
}
