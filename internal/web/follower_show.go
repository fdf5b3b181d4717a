package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// maxNotesShown bounds the notes the customer file lists.
const maxNotesShown = 200

// followerShowData is the customer file page.
type followerShowData struct {
	Row             followerRow
	Profile         *audience.Profile
	Language        string
	FirstFollow     string
	SubscribedAt    string
	UnsubscribedAt  string
	LastMessage     string
	Tags            tagsView
	Steps           []followStepView
	Timeline        []timelineItem
	OlderURL        string
	NewestURL       string
	ConversationURL string // the open conversation, if any
	ConversationTag string // its status, translated
	Notes           notesView
}

// tagsView is the tags block of the customer file (an htmx swap target).
type tagsView struct {
	AddURL string
	Tags   []tagView
}

type tagView struct {
	ID        int64
	Name      string
	RemoveURL string
}

// followStepView is one follow, unfollow or refollow as the history shows it.
type followStepView struct {
	Step  audience.FollowStep
	Label string
	Class string // badge class
	At    string
	Scene string
}

// handleFollowerShow shows the customer file of one follower: profile,
// tags, follow history, the full message history with what answered each
// message (?before= pages to older messages), notes and feedback.
func (h *Handler) handleFollowerShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	openID := r.PathValue("openid")
	prof, err := audience.LoadProfile(r.Context(), h.Customers, p.Account.ID, openID)
	if err != nil {
		return err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	d := &followerShowData{Profile: prof, Row: followerRowOf(p, &prof.Follower)}
	d.fillProfile(p, prof)
	if err := h.fillFollowerHistory(r.Context(), p, d, before); err != nil {
		return err
	}
	if err := h.fillConversationLink(r.Context(), p, d); err != nil {
		return err
	}
	if d.Notes, err = h.notesOf(r.Context(), p, openID); err != nil {
		return err
	}
	p.Title, p.Nav = d.Row.Name, "followers"
	return h.render(w, r, p, "follower_show", d)
}

func (d *followerShowData) fillProfile(p *Page, prof *audience.Profile) {
	f := &prof.Follower
	d.Language = f.Language
	if d.Language == "" {
		d.Language = "—"
	}
	d.SubscribedAt, d.UnsubscribedAt = p.Time(f.SubscribedAt), p.Time(f.UnsubscribedAt)
	d.LastMessage = p.Time(f.LastMessageAt)
	d.FirstFollow = p.T("customers.first_follow_unknown")
	if t := prof.FirstFollow(); !t.IsZero() {
		d.FirstFollow = p.Time(t)
	}
	d.Tags = tagsOf(p, f.OpenID, prof.Tags)
	for _, e := range prof.History {
		d.Steps = append(d.Steps, followStepOf(p, e))
	}
}

func followStepOf(p *Page, e audience.FollowEvent) followStepView {
	v := followStepView{Step: e.Step, Label: p.T("customers.step." + string(e.Step)), At: p.Time(e.At), Scene: e.QRScene}
	switch e.Step {
	case audience.StepFollow:
		v.Class = "ok"
	case audience.StepRefollow:
		v.Class = "info"
	default:
		v.Class = "err"
	}
	return v
}

// fillFollowerHistory loads a page of the merged message history.
func (h *Handler) fillFollowerHistory(ctx context.Context, p *Page, d *followerShowData, before int64) error {
	openID := d.Row.OpenID
	tl, err := h.Desk.Timeline(ctx, p.Account.ID, openID, before, inbox.DefaultTimelineLimit)
	if err != nil {
		return err
	}
	names, err := h.agentNames(ctx, p)
	if err != nil {
		return err
	}
	d.Timeline = timelineOf(p, tl.Items, names)
	base := p.URL("/followers/%s", url.PathEscape(openID))
	if tl.Before != 0 {
		d.OlderURL = base + "?before=" + strconv.FormatInt(tl.Before, 10) + "#history"
	}
	if before != 0 {
		d.NewestURL = base + "#history"
	}
	return nil
}

// fillConversationLink finds the follower's open conversation, if any.
func (h *Handler) fillConversationLink(ctx context.Context, p *Page, d *followerShowData) error {
	c, err := h.Desk.LiveConversation(ctx, p.Account.ID, d.Row.OpenID)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	d.ConversationURL = p.URL("/inbox/%d", c.ID)
	d.ConversationTag = p.T("inbox.status." + string(c.Status))
	return nil
}

// tagsOf builds the tags block of a follower.
func tagsOf(p *Page, openID string, tags []audience.Tag) tagsView {
	base := p.URL("/followers/%s/tags", url.PathEscape(openID))
	v := tagsView{AddURL: base}
	for _, t := range tags {
		v.Tags = append(v.Tags, tagView{ID: t.ID, Name: t.Name, RemoveURL: base + "/" + strconv.FormatInt(t.ID, 10) + "/delete"})
	}
	return v
}
