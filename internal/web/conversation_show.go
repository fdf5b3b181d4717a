package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// conversationData is the conversation page.
type conversationData struct {
	Conv        *inbox.Conversation
	Name        string
	OpenID      string
	FollowerURL string
	StatusLabel string
	Assignee    string
	Mine        bool
	Window      windowView
	Timeline    []timelineItem
	OlderURL    string
	NewestURL   string
	Queue       *queueView
	Agents      []agentOption
	URLs        conversationURLs
	CanClaim    bool
	CanReopen   bool
	Live        bool
	Library     []content.Article // the newest library articles, for a news reply
}

type conversationURLs struct {
	Claim, Transfer, Close, Reopen, Reply, Refresh, CannedPick string
}

type agentOption struct {
	ID    int64
	Label string
}

// handleConversationShow shows one conversation: timeline, reply window,
// composer and actions, with the queue beside it. ?part=live answers the
// part that live events refresh; ?part=queue the queue beside it.
func (h *Handler) handleConversationShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, err := h.conversationOf(r, p)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("part") == "queue" {
		v, err := h.buildQueue(r.Context(), p, tabOf(q.Get("tab")), q.Get("after"), c.ID, true)
		if err != nil {
			return err
		}
		return h.partial(w, r, p, "conversation_show", "inbox_queue_panel", v)
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	d, err := h.conversationView(r.Context(), p, c, before)
	if err != nil {
		return err
	}
	if q.Get("part") == "live" {
		return h.partial(w, r, p, "conversation_show", "conv_live", d)
	}
	if d.Queue, err = h.buildQueue(r.Context(), p, sideTab(q.Get("tab"), d.Mine), "", c.ID, true); err != nil {
		return err
	}
	if err := h.Desk.Heartbeat(r.Context(), p.User.ID, p.Account.ID); err != nil {
		return err
	}
	p.Title, p.Nav = d.Name, "inbox"
	return h.render(w, r, p, "conversation_show", d)
}

// sideTab is the queue tab beside a conversation: the one asked for, else
// the agent's own conversations when this is one of them.
func sideTab(asked string, mine bool) string {
	if asked == "" && mine {
		return tabMine
	}
	return tabOf(asked)
}

// conversationOf loads the {id} conversation of the page's account.
func (h *Handler) conversationOf(r *http.Request, p *Page) (*inbox.Conversation, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errs.Errorf(errs.NotFound, "%s", p.T("inbox.error.no_conversation"))
	}
	return h.Desk.Conversation(r.Context(), p.Account.ID, id)
}

func (h *Handler) conversationView(ctx context.Context, p *Page, c *inbox.Conversation, before int64) (*conversationData, error) {
	d := &conversationData{Conv: c, OpenID: c.OpenID, Name: c.OpenID, Live: c.Live(),
		FollowerURL: p.URL("/followers/%s", url.PathEscape(c.OpenID)),
		StatusLabel: p.T("inbox.status." + string(c.Status)), Mine: c.AssigneeID == p.User.ID,
		CanClaim: c.Live() && c.AssigneeID != p.User.ID, CanReopen: !c.Live(), URLs: conversationURLsOf(p, c.ID)}
	if f, err := h.Followers.Follower(ctx, p.Account.ID, c.OpenID); err == nil {
		d.Name = followerName(f.Nickname, f.Remark, c.OpenID)
	}
	agents, err := h.Desk.Agents(ctx, p.Account.ID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, a := range agents {
		names[a.UserID] = a.Name
		d.Agents = append(d.Agents, agentOption{ID: a.UserID, Label: agentLabel(p, a)})
	}
	if c.AssigneeID != 0 {
		d.Assignee = nameOr(names, c.AssigneeID)
	}
	if err := h.fillWindow(ctx, p, d); err != nil {
		return nil, err
	}
	if d.Library, err = h.libraryArticles(ctx, p.Account.ID); err != nil {
		return nil, err
	}
	tl, err := h.Desk.Timeline(ctx, p.Account.ID, c.OpenID, before, inbox.DefaultTimelineLimit)
	if err != nil {
		return nil, err
	}
	d.Timeline = timelineOf(p, tl.Items, names)
	if tl.Before != 0 {
		d.OlderURL = p.URL("/inbox/%d?before=%d", c.ID, tl.Before)
	}
	if before != 0 {
		d.NewestURL = p.URL("/inbox/%d", c.ID)
	}
	return d, nil
}

func conversationURLsOf(p *Page, id int64) conversationURLs {
	return conversationURLs{
		Claim: p.URL("/conversations/%d/claim", id), Transfer: p.URL("/conversations/%d/transfer", id),
		Close: p.URL("/conversations/%d/close", id), Reopen: p.URL("/conversations/%d/reopen", id),
		Reply: p.URL("/conversations/%d/reply", id), Refresh: p.URL("/inbox/%d?part=live", id),
		CannedPick: p.URL("/canned/pick"),
	}
}

func agentLabel(p *Page, a inbox.Agent) string {
	state := p.T("inbox.presence.offline")
	if a.Online {
		state = p.T("inbox.presence.online")
	}
	return p.T("inbox.agent_option", a.Name, state, a.Load)
}

// windowView is the reply window as the page shows it.
type windowView struct {
	Open   bool
	Text   string
	Reason string
}

func (h *Handler) fillWindow(ctx context.Context, p *Page, d *conversationData) error {
	win, err := h.Desk.Window(ctx, p.Account, d.OpenID, p.Now)
	if err != nil {
		return err
	}
	d.Window = windowView{Open: win.Open}
	if win.Open {
		d.Window.Text = p.T("inbox.window.open", win.Remaining, p.Dur(win.ExpiresAt.Sub(p.Now)))
		return nil
	}
	d.Window.Reason = p.T(win.Reason)
	d.Window.Text = d.Window.Reason
	return nil
}
